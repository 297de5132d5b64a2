-- wrk script: POST /api/v1/apikeys with a new name on every request, as JSON.
-- Environment: ADMIN_KEY (the admin's key), TENANT (default demo), RUN (a prefix unique per run).
local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("id", #threads)
end

function init(args)
  prefix = (os.getenv("RUN") or tostring(os.time())) .. "-" .. tostring(id) .. "-"
  counter = 0
  wrk.method = "POST"
  wrk.headers["content-type"] = "application/json"
  wrk.headers["x-bytebeam-tenant"] = os.getenv("TENANT") or "demo"
  wrk.headers["x-bytebeam-api-key"] = os.getenv("ADMIN_KEY")
end

function request()
  counter = counter + 1
  local body = '{"name":"' .. prefix .. counter .. '","role":"viewer"}'
  return wrk.format(nil, "/api/v1/apikeys", nil, body)
end
