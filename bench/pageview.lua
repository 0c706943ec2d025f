-- wrk script for bench/ratelimit.sh: POST /track/pageview with a random client IP per request.
--
-- The server trusts 127.0.0.1 as a proxy (ANALYTICS_TRUSTED_PROXIES=127.0.0.1), so the X-Forwarded-For value is the
-- client. Each request draws a public IPv4 address from about 1.9 billion (first octet 11 to 126), so nearly every
-- request is a client the rate limiter has never seen: its worst case.
--
-- Every response that is not 202 is counted and reported, by status; so are socket errors. A run with any of them is
-- invalid. done() prints one machine-readable line starting with "RESULT" for ratelimit.sh.

local threads = {}
local next_id = 1

function setup(thread)
   thread:set("id", next_id)
   next_id = next_id + 1
   table.insert(threads, thread)
end

function init(args)
   -- Each thread has its own Lua state: seed each differently.
   math.randomseed(os.time() * 7919 + id * 104729)
   ok = 0
   bad = 0
   bad_status = {}
end

local headers = { ["Content-Type"] = "application/json" }
local rand = math.random
local format = string.format

function request()
   headers["X-Forwarded-For"] = format("%d.%d.%d.%d", rand(11, 126), rand(0, 255), rand(0, 255), rand(1, 254))
   local body = format('{"site":"portfolio","url":"http://localhost/bench/%d"}', rand(1, 1000))
   return wrk.format("POST", "/track/pageview", headers, body)
end

function response(status, hdrs, body)
   if status == 202 then
      ok = ok + 1
   else
      bad = bad + 1
      bad_status[status] = (bad_status[status] or 0) + 1
      if bad <= 3 then
         io.stderr:write(format("non-202 response: %d %s\n", status, tostring(body):sub(1, 300)))
      end
   end
end

function done(summary, latency, requests)
   local ok_total, bad_total, by_status = 0, 0, {}
   for _, thread in ipairs(threads) do
      ok_total = ok_total + thread:get("ok")
      bad_total = bad_total + thread:get("bad")
      for status, n in pairs(thread:get("bad_status")) do
         by_status[status] = (by_status[status] or 0) + n
      end
   end
   local statuses = {}
   for status, n in pairs(by_status) do
      table.insert(statuses, format("%s:%d", tostring(status), n))
   end
   local e = summary.errors
   local socket_errors = e.connect + e.read + e.write + e.timeout
   local seconds = summary.duration / 1e6
   io.write(format("RESULT requests=%d ok202=%d non202=%d non202_by_status=%s socket_errors=%d " ..
                   "(connect=%d,read=%d,write=%d,timeout=%d) duration_s=%.3f rps=%.1f " ..
                   "p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f max_ms=%.3f\n",
                   summary.requests, ok_total, bad_total,
                   #statuses > 0 and table.concat(statuses, ",") or "-",
                   socket_errors, e.connect, e.read, e.write, e.timeout, seconds, summary.requests / seconds,
                   latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
                   latency.max / 1000))
   if bad_total > 0 or socket_errors > 0 then
      io.write(format("INVALID: %d non-202 responses, %d socket errors\n", bad_total, socket_errors))
   end
end
