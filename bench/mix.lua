-- A read/write mix for wrk against POST /graphql (see soak.sh).
-- Reads: pages of profiles with their users, pages of users with their profiles, one user by id.
-- Writes: updateProfile of a seeded user (with its token), and signUp of a new user.
-- Every response that is not HTTP 200, or that carries GraphQL errors, is counted as an error.

local users = {}
local file = assert(io.open(os.getenv("SOAK_USERS") or "users.txt", "r"))
for line in file:lines() do
  local id, token = line:match("^(%S+) (%S+)$")
  if id then users[#users + 1] = { id = id, token = token } end
end
file:close()
assert(#users > 0, "no seeded users")

local threads = {}
local counter = 0
local thread_id = 0

function setup(thread)
  thread_id = thread_id + 1
  thread:set("tid", thread_id)
  threads[#threads + 1] = thread
end

function init(args)
  math.randomseed(os.time() + (tid or 0) * 7919)
  non200, graphql_errors, reads, writes = 0, 0, 0, 0
  sample = nil
end


local function post(body, token)
  local headers = { ["Content-Type"] = "application/json" }
  if token then headers["Authorization"] = "Bearer " .. token end
  return wrk.format("POST", "/graphql", headers, body)
end

function request()
  local r = math.random(100)
  if r <= 35 then
    reads = reads + 1
    return post('{"query":"{ profiles(first: 20) { totalCount nodes { id description user { id username profile { id } } } } }"}')
  elseif r <= 60 then
    reads = reads + 1
    return post('{"query":"{ users(first: 20, orderBy: { field: USERNAME }) { totalCount nodes { id username profile { id description user { id } } } } }"}')
  elseif r <= 80 then
    reads = reads + 1
    local u = users[math.random(#users)]
    return post('{"query":"query($id: ID!) { user(id: $id) { id username profile { description } } }","variables":{"id":"' .. u.id .. '"}}')
  elseif r <= 98 then
    writes = writes + 1
    counter = counter + 1
    local u = users[math.random(#users)]
    return post('{"query":"mutation($i: UpdateProfileInput!) { updateProfile(input: $i) { id updatedAt } }","variables":{"i":{"userId":"' .. u.id .. '","description":"soak ' .. counter .. '"}}}', u.token)
  else
    writes = writes + 1
    counter = counter + 1
    local name = string.format("soak-%d-%d-%d-%d", tid or 0, os.time(), counter, math.random(1000000))
    return post('{"query":"mutation($i: SignUpInput!) { signUp(input: $i) { user { id } } }","variables":{"i":{"username":"' .. name .. '","email":"' .. name .. '@example.com","password":"soak password ' .. counter .. '"}}}')
  end
end

function response(status, headers, body)
  if status ~= 200 then
    non200 = non200 + 1
    if not sample then sample = status .. " " .. body:sub(1, 300) end
  elseif body:find('"errors"', 1, true) then
    graphql_errors = graphql_errors + 1
    if not sample then sample = body:sub(1, 300) end
  end
end

function done(summary, latency, requests)
  local n, g, r, w, s = 0, 0, 0, 0, nil
  for _, thread in ipairs(threads) do
    n = n + thread:get("non200")
    g = g + thread:get("graphql_errors")
    r = r + thread:get("reads")
    w = w + thread:get("writes")
    s = s or thread:get("sample")
  end
  -- One machine-readable line for soak.sh.
  io.write(string.format("SOAK requests=%d non2xx_or_non200=%d graphql_errors=%d socket_errors=%d timeouts=%d reads_sent=%d writes_sent=%d p50_us=%d p99_us=%d max_us=%d\n",
    summary.requests, n, g, summary.errors.connect + summary.errors.read + summary.errors.write,
    summary.errors.timeout, r, w, latency:percentile(50), latency:percentile(99), latency.max))
  if s then io.write("SOAK first unexpected answer: " .. s .. "\n") end
end
