-- Moves failed entries back to their queues, each in one atomic step: an entry is either
-- still in the failed list or in its queue, never neither and never both.
-- KEYS[1] failed list, KEYS[2] queues set
-- ARGV[1] queue key prefix ("<ns>:queue:"), then triples: stored string, queue name, job JSON
-- Returns the number of entries moved (entries no longer in the failed list are skipped).
local moved = 0
for i = 2, #ARGV, 3 do
  if redis.call('LREM', KEYS[1], 1, ARGV[i]) == 1 then
    redis.call('SADD', KEYS[2], ARGV[i + 1])
    redis.call('RPUSH', ARGV[1] .. ARGV[i + 1], ARGV[i + 2])
    moved = moved + 1
  end
end
return moved
