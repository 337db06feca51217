-- Takes one delayed job (exact stored string) out of delayed:<sec> and either pushes it to its
-- queue (run now) or drops it (delete), keeping the back-reference set and schedule tidy.
-- KEYS[1] delayed:<sec>, KEYS[2] schedule zset, KEYS[3] timestamps:<job>, KEYS[4] queues set,
-- KEYS[5] queue list (ignored when deleting)
-- ARGV[1] stored job, ARGV[2] "delayed:<sec>", ARGV[3] "<sec>", ARGV[4] queue name or "" to delete
-- A script stops at its first error but keeps the writes before it, so everything that could
-- fail after the LREM (keys someone made another type) is checked first or done with pcall.
local function holds(key, kind)
  local t = redis.call('TYPE', key).ok
  return t == kind or t == 'none'
end
if ARGV[4] ~= '' and not (holds(KEYS[4], 'set') and holds(KEYS[5], 'list')) then
  return redis.error_reply('the queue key is not a list')
end
if redis.call('LREM', KEYS[1], 1, ARGV[1]) == 0 then
  -- A schedule member whose list is gone only makes the scheduler look again: drop it.
  if redis.call('EXISTS', KEYS[1]) == 0 then redis.pcall('ZREM', KEYS[2], ARGV[3]) end
  return 0
end
if ARGV[4] ~= '' then
  redis.call('SADD', KEYS[4], ARGV[4])
  redis.call('RPUSH', KEYS[5], ARGV[1])
end
if redis.call('LLEN', KEYS[1]) == 0 then
  redis.call('DEL', KEYS[1])
  redis.pcall('ZREM', KEYS[2], ARGV[3])
end
-- Only drop the back-reference when no copy of the job is left at this second.
local left = redis.call('LPOS', KEYS[1], ARGV[1])
if not left and redis.call('TYPE', KEYS[3]).ok == 'set' then
  redis.call('SREM', KEYS[3], ARGV[2])
  if redis.call('SCARD', KEYS[3]) == 0 then redis.call('DEL', KEYS[3]) end
end
return 1
