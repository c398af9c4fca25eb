-- wrk script: GET a path per request, rotating over "key path" lines in BENCH_TARGETS.
local targets = {}
local counter = 0

function init(args)
  for line in io.lines(os.getenv("BENCH_TARGETS")) do
    local key, path = line:match("(%S+) (%S+)")
    targets[#targets + 1] = {key = key, path = path}
  end
end

function request()
  counter = counter + 1
  local t = targets[(counter % #targets) + 1]
  return wrk.format("GET", t.path, {["Authorization"] = "Bearer " .. t.key})
end

local report = dofile(os.getenv("BENCH_DIR") .. "/report.lua")

function done(summary, latency, requests)
  report(summary, latency)
end
