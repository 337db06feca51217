-- Moves failed entries back to their queues, each in one atomic step: an entry is either
-- still in the failed list or in its queue, never neither and never both.
-- KEYS[1] failed list, KEYS[2] queues set
-- ARGV[1] queue key prefix ("<ns>:queue:"), then triples: stored string, queue name, job JSON
-- Returns one flag per triple: 1 moved, 0 no longer in the failed list (skipped).
-- A script stops at its first error but keeps the writes before it: an RPUSH failing after the
-- LREM would lose the job. So an entry whose queue key (or the queues set) someone made another
-- type stays in failed, flagged 0, and the rest still move.
local function holds(key, kind)
  local t = redis.call('TYPE', key).ok
  return t == kind or t == 'none'
end
local flags = {}
local setOk = holds(KEYS[2], 'set')
for i = 2, #ARGV, 3 do
  if setOk and holds(ARGV[1] .. ARGV[i + 1], 'list') and redis.call('LREM', KEYS[1], 1, ARGV[i]) == 1 then
    redis.call('SADD', KEYS[2], ARGV[i + 1])
    redis.call('RPUSH', ARGV[1] .. ARGV[i + 1], ARGV[i + 2])
    flags[#flags + 1] = 1
  else
    flags[#flags + 1] = 0
  end
end
return flags
