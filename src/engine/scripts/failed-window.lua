-- Reads the next window of the failed list for a bulk action, clipped at the last entry that was
-- there when the action started, in one atomic step: a window never holds a later arrival, even
-- when others removed entries before it (every index shifted) in the meantime.
-- KEYS[1] failed list
-- ARGV[1] cursor, ARGV[2] window size, ARGV[3..] entries noted at the start, newest first
-- Returns {boundary, found, entries...}: boundary is the index of the newest noted entry still in
-- the list and found its 1-based place among the noted ones; both are -1 and 0 when none is left
-- (the caller then bounds the walk by its count).
local boundary, found = -1, 0
for i = 3, #ARGV do
  local pos = redis.call('LPOS', KEYS[1], ARGV[i], 'RANK', -1)
  if pos then
    boundary, found = pos, i - 2
    break
  end
end
local first = tonumber(ARGV[1])
local last = first + tonumber(ARGV[2]) - 1
if boundary >= 0 and boundary < last then last = boundary end
if last < first then return { boundary, found } end
local window = redis.call('LRANGE', KEYS[1], first, last)
table.insert(window, 1, found)
table.insert(window, 1, boundary)
return window
