-- One fixed request, repeated on every connection (read_one, list_all, feed, create,
-- login, unauth). Configured by environment variables set by bench/run.sh:
--   BENCH_METHOD        GET / POST                 (default GET)
--   BENCH_PATH          e.g. /posts/all/           (default /)
--   BENCH_BODY          request body, if any
--   BENCH_CONTENT_TYPE  its Content-Type
--   BENCH_TOKEN         bearer token; empty = no Authorization header
--   BENCH_FORWARDED_FOR X-Forwarded-For to send (the client address a trusted proxy reports)
--   BENCH_EXPECT        expected statuses, e.g. 200 or 401 (see common.lua)
-- No request() function is defined, so wrk builds the request once per thread (cheapest).

local dir = os.getenv("BENCH_LUA_DIR") or (debug.getinfo(1, "S").source:match("^@(.*/)") or "./")
dofile(dir .. "common.lua")

wrk.method = os.getenv("BENCH_METHOD") or "GET"
wrk.path = os.getenv("BENCH_PATH") or "/"
local body = os.getenv("BENCH_BODY")
if body and body ~= "" then wrk.body = body end
local content_type = os.getenv("BENCH_CONTENT_TYPE")
if content_type and content_type ~= "" then wrk.headers["Content-Type"] = content_type end
local token = os.getenv("BENCH_TOKEN")
if token and token ~= "" then wrk.headers["Authorization"] = "Bearer " .. token end
local forwarded_for = os.getenv("BENCH_FORWARDED_FOR")
if forwarded_for and forwarded_for ~= "" then wrk.headers["X-Forwarded-For"] = forwarded_for end
wrk.headers["Accept"] = "application/json"
