-- wrk script: every request gets a query string of its own, so dialturn's page
-- cache never answers and each page is rendered (from the record of its month).
local n = 0
local tag = tostring(math.random(1000000000))
request = function()
  n = n + 1
  local sep = string.find(wrk.path, "?", 1, true) and "&" or "?"
  return wrk.format(nil, wrk.path .. sep .. "uncached=" .. tag .. "-" .. n)
end
