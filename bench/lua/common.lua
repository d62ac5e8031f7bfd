-- Shared by the scenario scripts (loaded with dofile by static.lua and vote.lua).
--
-- Every response's status is counted per wrk thread (response() hook); done() adds the
-- threads' counts up and prints ONE machine-readable line:
--
--   BENCH_RESULT {"requests":..., "duration_us":..., "latency_us":{...}, "errors":{...},
--                 "statuses":{"200":n,...}, "expected":[200], "unexpected":n, ...}
--
-- which bench/lib/benchctl.py reads. "unexpected" counts responses whose status is not in
-- BENCH_EXPECT (comma-separated list, default 200); wrk's own errors.status counts every
-- status > 399, which is wrong for scenarios where a 401 is the expected answer.

local threads = {}

-- Globals of a thread's Lua state are what thread:get() can read back in done().
statuses = {}
thread_index = 0

function setup(thread)
   threads[#threads + 1] = thread
   thread:set("thread_index", #threads)
end

function count_status(status)
   statuses[status] = (statuses[status] or 0) + 1
end

function response(status, headers, body)
   count_status(status)
end

local function expected_set()
   local set, list = {}, {}
   for code in string.gmatch(os.getenv("BENCH_EXPECT") or "200", "%d+") do
      set[tonumber(code)] = true
      list[#list + 1] = tonumber(code)
   end
   return set, list
end

local function num(x)
   if x == nil then return "null" end
   if x ~= x or x == math.huge or x == -math.huge then return "null" end
   if x == math.floor(x) then return string.format("%d", x) end
   return string.format("%.3f", x)
end

function done(summary, latency, requests)
   local expected, expected_list = expected_set()
   local total, counted, unexpected = {}, 0, 0
   for _, t in ipairs(threads) do
      local s = t:get("statuses") or {}
      for code, n in pairs(s) do
         total[tonumber(code)] = (total[tonumber(code)] or 0) + n
      end
   end
   local parts = {}
   for code, n in pairs(total) do
      counted = counted + n
      if not expected[code] then unexpected = unexpected + n end
      parts[#parts + 1] = string.format('"%d":%d', code, n)
   end
   table.sort(parts)
   local e = summary.errors
   local lat = {}
   for _, p in ipairs({50, 75, 90, 99, 99.9}) do
      lat[#lat + 1] = string.format('"p%s":%s', tostring(p), num(latency:percentile(p)))
   end
   lat[#lat + 1] = '"mean":' .. num(latency.mean)
   lat[#lat + 1] = '"max":' .. num(latency.max)
   local exp = {}
   for _, c in ipairs(expected_list) do exp[#exp + 1] = tostring(c) end
   io.write(string.format(
      'BENCH_RESULT {"requests":%s,"duration_us":%s,"bytes":%s,"threads":%d,' ..
      '"latency_us":{%s},' ..
      '"errors":{"connect":%s,"read":%s,"write":%s,"timeout":%s,"status_gt_399":%s},' ..
      '"statuses":{%s},"counted":%d,"expected":[%s],"unexpected":%d}\n',
      num(summary.requests), num(summary.duration), num(summary.bytes), #threads,
      table.concat(lat, ","),
      num(e.connect), num(e.read), num(e.write), num(e.timeout), num(e.status),
      table.concat(parts, ","), counted, table.concat(exp, ","), unexpected))
end
