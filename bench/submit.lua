-- wrk script: POST a generation per request, rotating over the API keys in BENCH_KEYS (one per line).
-- BENCH_DELAY_MS: each connection waits that long between requests, which holds the rate down.
-- BENCH_LATENCY_MS "low high": each task asks the sandbox for a random latency in that range.
-- BENCH_LIMIT: each wrk thread stops after that many answers (requests already sent still arrive).
local keys = {}
local counter = 0
local answered = 0
local body = os.getenv("BENCH_BODY") or '{"model": "sandbox-image", "prompt": "bench"}'
local pause = tonumber(os.getenv("BENCH_DELAY_MS") or "0")
local low, high = (os.getenv("BENCH_LATENCY_MS") or ""):match("(%d+) (%d+)")
local limit = tonumber(os.getenv("BENCH_LIMIT") or "0")
local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("thread_number", threads)
end

function init(args)
  for line in io.lines(os.getenv("BENCH_KEYS")) do keys[#keys + 1] = line end
  math.randomseed(os.time() * 16 + (thread_number or 0))
end

function request()
  counter = counter + 1
  local key = keys[(counter % #keys) + 1]
  local payload = body
  if low then
    payload = string.format('{"model": "sandbox-image", "prompt": "flight [sandbox:delay=%dms]"}',
      math.random(tonumber(low), tonumber(high)))
  end
  return wrk.format("POST", "/api/v1/images/generations",
    {["Authorization"] = "Bearer " .. key, ["Content-Type"] = "application/json"}, payload)
end

function delay()
  return pause
end

if limit > 0 then
  function response(status, headers, content)
    answered = answered + 1
    if answered >= limit then
      wrk.thread:stop()
    end
  end
end

local report = dofile(os.getenv("BENCH_DIR") .. "/report.lua")

function done(summary, latency, requests)
  report(summary, latency)
end
