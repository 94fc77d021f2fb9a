-- What every workload shares; load.sh puts bench/ on LUA_PATH.
-- A workload script sets these globals, then does `require "common"`:
--   body    the JSON request; it may hold one kind of placeholder (any number of times):
--             {{rand}}          a random user id in 1..ID_MAX
--             {{rand_profile}}  a random id in 1..ID_MAX of a user with a profile (id % 10 < 7)
--             {{seq}}           a new id per request, never repeated within a run: the
--                               warm-up (BENCH_PHASE=warmup) counts down from ID_MAX,
--                               the measured run up from 1, threads interleaved
--   auth    true: send the id's own token (`Authorization: Bearer`), line <id> of the
--           file named by TOKENS (made by MintTokens.java)
--   A placeholder written {{User:rand}} (any type name before the colon) sends the id as
--   the API's global id, Base64 of "User:<id>", instead of the bare number.
--   expect  optional text that every good response contains
-- Env: ID_MAX (100000), TOKENS, WRK_THREADS (2, as wrk -t: setup cannot count them
-- before they start), BENCH_PHASE, WRK_CHECK=1: check every response (status 200, no
-- "errors", `expect` present) and print "check: N bad of M responses" to stderr.
-- Checking makes wrk read each body in Lua, which costs wrk CPU on a shared machine, so
-- load.sh checks the warm-up always and the measured run only when asked (smoke mode).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Accept"] = "application/json"

local id_max = tonumber(os.getenv("ID_MAX") or "100000")
local nthreads = tonumber(os.getenv("WRK_THREADS") or "2")
local down = os.getenv("BENCH_PHASE") == "warmup"
local check = os.getenv("WRK_CHECK") == "1"

local threads = {}
function setup(thread)
  thread:set("tid", #threads)
  table.insert(threads, thread)
end

local tokens
-- In init, not at load time: wrk also loads the script in its main Lua state, which
-- would hold a second copy of the file for nothing.
function init(args)
  math.randomseed(os.time() + 7919 * tid)
  bad, exhausted = 0, 0
  if auth then
    local file = assert(os.getenv("TOKENS"), "auth needs TOKENS, the token file")
    tokens = {}
    for line in io.lines(file) do tokens[#tokens + 1] = line end
    assert(#tokens >= id_max, "TOKENS holds " .. #tokens .. " tokens, fewer than ID_MAX " .. id_max)
  end
end

local B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"

-- Standard Base64 with padding, without the bit library that plain Lua 5.1 lacks.
local function base64(text)
  local out = {}
  for i = 1, #text, 3 do
    local a, b, c = text:byte(i, i + 2)
    local n = a * 65536 + (b or 0) * 256 + (c or 0)
    local chars = {}
    for j = 3, 0, -1 do
      local k = math.floor(n / 64 ^ j) % 64
      chars[#chars + 1] = B64:sub(k + 1, k + 1)
    end
    if not b then chars[3], chars[4] = "=", "=" elseif not c then chars[4] = "=" end
    out[#out + 1] = table.concat(chars)
  end
  return table.concat(out)
end

local typename, kind = string.match(body, "{{(%a+):(%a[%a_]*)}}")
if kind then
  body = body:gsub("{{%a+:", "{{")
else
  kind = string.match(body, "{{(%a[%a_]*)}}")
end
-- each id's text, made once: Base64 per request would cost wrk CPU the servers need
local texts = setmetatable({}, { __index = function(memo, id)
  local text = typename and base64(typename .. ":" .. id) or tostring(id)
  memo[id] = text
  return text
end })
if kind == nil then
  assert(not auth, "auth needs an id placeholder in the body")
  wrk.body = body           -- static: wrk sends one prepared request
else
  local placeholder = "{{" .. kind .. "}}"
  local pre, post = string.match(body, "^(.-)" .. placeholder:gsub("%p", "%%%0") .. "(.*)$")
  assert(not string.find(post, "{{", 1, true), "one placeholder per body")
  local headers = {}
  for k, v in pairs(wrk.headers) do headers[k] = v end
  local n = 0
  local next_id
  if kind == "rand" then
    next_id = function() return math.random(1, id_max) end
  elseif kind == "rand_profile" then
    assert(id_max >= 7, "ID_MAX too small for rand_profile")
    next_id = function()
      local id
      repeat id = math.random(1, id_max) until id % 10 < 7
      return id
    end
  elseif kind == "seq" then
    next_id = function()
      local id = tid + 1 + n * nthreads
      n = n + 1
      if down then id = id_max + 1 - id end
      return id
    end
  else
    error("unknown placeholder " .. placeholder)
  end
  function request()
    local id = next_id()
    if id < 1 or id > id_max then
      -- the seq range is used up: warm-up and measured ids would meet. Still send a
      -- request (wrk needs one), for an id no one has, and say so at the end.
      exhausted = exhausted + 1
      id = 0
    end
    if auth then headers["Authorization"] = "Bearer " .. (tokens[id] or "none") end
    return wrk.format(nil, nil, headers, pre .. texts[id] .. post)
  end
end

if check then
  function response(status, headers, resp)
    if status ~= 200 or string.find(resp, '"errors"', 1, true)
        or (expect and not string.find(resp, expect, 1, true)) then
      bad = bad + 1
      if bad == 1 then io.stderr:write("first bad response: ", status, " ", resp:sub(1, 300), "\n") end
    end
  end
end

function done(summary, latency, requests)
  local nbad, nexhausted = 0, 0
  for _, t in ipairs(threads) do
    nbad = nbad + (t:get("bad") or 0)
    nexhausted = nexhausted + (t:get("exhausted") or 0)
  end
  if check then
    io.stderr:write(string.format("check: %d bad of %d responses\n", nbad, summary.requests))
  end
  if nexhausted > 0 then
    io.stderr:write(string.format("exhausted: %d requests found no unused id (seed more users)\n", nexhausted))
  end
end
