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

function done(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout + summary.errors.status
  io.write(string.format("BENCH %d %.1f %.3f %.3f %.3f %.3f %d\n", summary.requests,
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000, errors))
end
