-- wrk script: POST a generation per request, rotating over the API keys in bench/out/keys.txt (one per line).
local keys = {}
local counter = 0
local body = os.getenv("BENCH_BODY") or '{"model": "sandbox-image", "prompt": "bench"}'
local pause = tonumber(os.getenv("BENCH_DELAY_MS") or "0")

function init(args)
  for line in io.lines(os.getenv("BENCH_KEYS")) do keys[#keys + 1] = line end
end

function request()
  counter = counter + 1
  local key = keys[(counter % #keys) + 1]
  return wrk.format("POST", "/api/v1/images/generations",
    {["Authorization"] = "Bearer " .. key, ["Content-Type"] = "application/json"}, body)
end

-- With BENCH_DELAY_MS each connection waits that long between requests, which holds the rate down.
function delay()
  return pause
end

local report = dofile(os.getenv("BENCH_DIR") .. "/report.lua")

function done(summary, latency, requests)
  report(summary, latency)
end
