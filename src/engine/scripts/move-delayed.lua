-- Takes one delayed job (exact stored string) out of delayed:<sec> and either pushes it to its
-- queue (run now) or drops it (delete), keeping the back-reference set and schedule tidy.
-- KEYS[1] delayed:<sec>, KEYS[2] schedule zset, KEYS[3] timestamps:<job>, KEYS[4] queues set,
-- KEYS[5] queue list (ignored when deleting)
-- ARGV[1] stored job, ARGV[2] "delayed:<sec>", ARGV[3] "<sec>", ARGV[4] queue name or "" to delete
if redis.call('LREM', KEYS[1], 1, ARGV[1]) == 0 then return 0 end
if redis.call('LLEN', KEYS[1]) == 0 then
  redis.call('DEL', KEYS[1])
  redis.call('ZREM', KEYS[2], ARGV[3])
end
-- Only drop the back-reference when no copy of the job is left at this second.
local left = redis.call('LPOS', KEYS[1], ARGV[1])
if not left then
  redis.call('SREM', KEYS[3], ARGV[2])
  if redis.call('SCARD', KEYS[3]) == 0 then redis.call('DEL', KEYS[3]) end
end
if ARGV[4] ~= '' then
  redis.call('SADD', KEYS[4], ARGV[4])
  redis.call('RPUSH', KEYS[5], ARGV[1])
end
return 1
