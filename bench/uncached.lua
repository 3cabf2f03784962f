-- wrk script: every request gets a query string of its own, so dialturn's page
-- cache never answers and each page is rendered (from the record of its month).
-- With UNCACHED_GZIP set in the environment the requests ask for gzip
-- (Accept-Encoding), as browsers do, and their parameter is "uncachedgz", so
-- that the server's log tells them apart.
local n = 0
local tag = tostring(math.random(1000000000))
local name = "uncached"
if os.getenv("UNCACHED_GZIP") then
  wrk.headers["Accept-Encoding"] = "gzip"
  name = "uncachedgz"
end
request = function()
  n = n + 1
  local sep = string.find(wrk.path, "?", 1, true) and "&" or "?"
  return wrk.format(nil, wrk.path .. sep .. name .. "=" .. tag .. "-" .. n)
end
