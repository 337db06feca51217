-- Removes exact stored strings from one list, one occurrence each.
-- KEYS[1] the list; ARGV the stored strings. Returns how many were removed.
local removed = 0
for i = 1, #ARGV do
  removed = removed + redis.call('LREM', KEYS[1], 1, ARGV[i])
end
return removed
