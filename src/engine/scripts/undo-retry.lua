-- Undoes retries: takes each job back out of its queue (the copy pushed last) and returns
-- its failed entry to the failed list, atomically per job. A job a worker already took
-- cannot come back and is skipped.
-- KEYS[1] failed list; ARGV[1] queue key prefix, then triples: stored failed entry, queue, job JSON
-- Returns one flag per triple: 1 restored, 0 skipped.
local flags = {}
for i = 2, #ARGV, 3 do
  if redis.call('LREM', ARGV[1] .. ARGV[i + 1], -1, ARGV[i + 2]) == 1 then
    redis.call('RPUSH', KEYS[1], ARGV[i])
    flags[#flags + 1] = 1
  else
    flags[#flags + 1] = 0
  end
end
return flags
