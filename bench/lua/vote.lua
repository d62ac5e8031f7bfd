-- The vote scenario: POST /vote/ alternating {"dir":1} (expect 201) and {"dir":0}
-- (expect 204) on a post of ANOTHER user.
--
-- Design: bench/run.sh runs this script with as many wrk threads as connections (-t N -c N),
-- so every wrk thread drives exactly one connection, and every thread gets its own post
-- (BENCH_VOTE_POSTS, one id per thread, assigned in setup()). A connection sends its next
-- request only after the previous response, so each (voter, post) pair sees a strict
-- add, remove, add, remove... sequence: every answer must be 201 or 204, and a 409 or 404
-- is a real fault (lost update, race, wrong status), counted as unexpected. Before the
-- warm-up and before the measured run the script's caller removes any vote left on these
-- posts, so each thread starts with dir 1.
--
-- The next dir is decided from the last response (201/409 -> voted, 204/404 -> not voted):
-- request() is pure because wrk also calls it once to check the request before the run.
--   BENCH_TOKEN        the voter's bearer token
--   BENCH_VOTE_POSTS   comma-separated post ids, at least one per thread
--   BENCH_PATH         default /vote/
--   BENCH_EXPECT       default 201,204

local dir = os.getenv("BENCH_LUA_DIR") or (debug.getinfo(1, "S").source:match("^@(.*/)") or "./")
dofile(dir .. "common.lua")

local posts = {}
for id in string.gmatch(os.getenv("BENCH_VOTE_POSTS") or "", "%d+") do
   posts[#posts + 1] = id
end
local path = os.getenv("BENCH_PATH") or "/vote/"

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Accept"] = "application/json"
local token = os.getenv("BENCH_TOKEN")
if token and token ~= "" then wrk.headers["Authorization"] = "Bearer " .. token end

local common_setup = setup
function setup(thread)
   common_setup(thread)
   -- one post per thread, or connections would collide on a post
   local t = thread:get("thread_index")
   if t > #posts then
      error(string.format("vote.lua: thread %d has no post of its own (BENCH_VOTE_POSTS has %d)",
         t, #posts))
   end
end

voted = false

function request()
   local post = posts[thread_index]
   return wrk.format(nil, path, nil,
      string.format('{"post_id":%s,"dir":%d}', post, voted and 0 or 1))
end

function response(status, headers, body)
   count_status(status)
   if status == 201 or status == 409 then
      voted = true
   elseif status == 204 or status == 404 then
      voted = false
   end
end
