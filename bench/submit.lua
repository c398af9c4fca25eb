-- wrk script: POST a generation per request, rotating over the API keys in bench/out/keys.txt (one per line).
local keys = {}
local counter = 0
local body = os.getenv("BENCH_BODY") or '{"model": "sandbox-image", "prompt": "bench"}'

function init(args)
  for line in io.lines(os.getenv("BENCH_KEYS")) do keys[#keys + 1] = line end
end

function request()
  counter = counter + 1
  local key = keys[(counter % #keys) + 1]
  return wrk.format("POST", "/api/v1/images/generations",
    {["Authorization"] = "Bearer " .. key, ["Content-Type"] = "application/json"}, body)
end

function done(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout + summary.errors.status
  io.write(string.format("BENCH %d %.1f %.3f %.3f %.3f %.3f %d\n", summary.requests,
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000, errors))
end
