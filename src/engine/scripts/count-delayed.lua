-- Sums LLEN of delayed:<sec> for one window of the schedule, inside Redis (read-only work).
-- KEYS[1] schedule zset; ARGV[1] start, ARGV[2] stop, ARGV[3] delayed key prefix ("<ns>:delayed:")
-- Returns {sum, members seen}.
local seconds = redis.call('ZRANGE', KEYS[1], ARGV[1], ARGV[2])
local sum = 0
for _, sec in ipairs(seconds) do
  -- A key of the wrong type (written by someone else) counts as empty instead of failing.
  local n = redis.pcall('LLEN', ARGV[3] .. sec)
  if type(n) == 'number' then sum = sum + n end
end
return { sum, #seconds }
