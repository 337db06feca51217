-- Removes exact stored strings from one list, one occurrence each.
-- KEYS[1] the list; ARGV the stored strings. Returns one flag per string: 1 removed, 0 absent.
local flags = {}
for i = 1, #ARGV do
  flags[i] = redis.call('LREM', KEYS[1], 1, ARGV[i])
end
return flags
