-- Unregisters one worker and all its keys (including worker:<name>:<queues>, which
-- node-resque's forceCleanWorker leaves behind); pushes its current job to failed if any.
-- KEYS: 1 workers set, 2 worker:<entry>, 3 worker:<entry>:started, 4 worker:ping:<name>,
--       5 stat:failed:<name>, 6 stat:processed:<name>, 7 stat:failed, 8 failed list
-- ARGV[1] workers-set member, ARGV[2] the worker:<entry> value the caller read ("" = none),
-- ARGV[3] the failure JSON built from it ("" = none)
-- Returns 1 when a job moved to failed, 0 when idle, -1 when unknown, -2 when the worker's job
-- changed since it was read (the caller reads again).
local current = redis.call('GET', KEYS[2])
if redis.call('SISMEMBER', KEYS[1], ARGV[1]) == 0 and not current then return -1 end
if (current or '') ~= ARGV[2] then return -2 end
-- Check before any write: the job must have somewhere to go.
if current and ARGV[3] ~= '' then
  local t = redis.call('TYPE', KEYS[8]).ok
  if t ~= 'list' and t ~= 'none' then return redis.error_reply('the failed list key is not a list') end
end
redis.call('SREM', KEYS[1], ARGV[1])
redis.call('DEL', KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6])
if current and ARGV[3] ~= '' then
  -- A script stops at its first error with the earlier writes kept: push the job first, and
  -- let a counter someone set to a non-number (INCR fails) not cost the job.
  redis.call('RPUSH', KEYS[8], ARGV[3])
  redis.pcall('INCR', KEYS[7])
  return 1
end
return 0
