-- Removes every job due at one second: the delayed list, each job's timestamps: back-reference
-- and the schedule member, atomically.
-- KEYS[1] delayed:<sec> list, KEYS[2] schedule zset
-- ARGV[1] timestamps key prefix ("<ns>:timestamps:"), ARGV[2] "delayed:<sec>", ARGV[3] "<sec>"
local jobs = redis.call('LRANGE', KEYS[1], 0, -1)
for _, job in ipairs(jobs) do
  local ref = ARGV[1] .. job
  redis.call('SREM', ref, ARGV[2])
  if redis.call('SCARD', ref) == 0 then redis.call('DEL', ref) end
end
redis.call('DEL', KEYS[1])
redis.call('ZREM', KEYS[2], ARGV[3])
return #jobs
