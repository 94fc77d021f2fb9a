// Load for ops/failover-drill.sh: writes from several clients and one profileChanged subscriber,
// through the failover, then the figures the drill checks.
//   node ops/failover-load.mjs <server base url> <drill work directory> [clients]
// Reads from the work directory the files the drill writes (ms since the epoch): "killed" when
// the primary is killed, "accepting" when the new primary accepts writes, "stop" to end the load.
// Writes "ready" once writes and events flow, "acked.txt" (each sign-up answered 200 with data:
// one username a line) and "requests.jsonl" (every request). Prints the figures; exit status 1
// when a check fails. Uses graphql-ws and ws from e2e/node_modules (no packages of its own).
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { postGraphQL } from '../e2e/post-graphql.mjs';

const require = createRequire(new URL('../e2e/package.json', import.meta.url));
const { createClient } = require('graphql-ws');
const WebSocket = require('ws');

const [base, work, clientsArg] = process.argv.slice(2);
if (!base || !work) {
  console.error('usage: node ops/failover-load.mjs <server base url> <work directory> [clients]');
  process.exit(2);
}
const clients = Number(clientsArg ?? 4);
// A request still unanswered after this long is abandoned and counted as hung.
const ABANDON_MS = 30000;
const MAX_REQUEST_MS = 15000;
const MAX_RESUME_MS = 10000;
// How long the subscriber may take, after writes resumed, to see a change made after the failover.
const EVENT_WAIT_MS = 30000;

const run = Date.now().toString(36);
const requests = [];
const acked = [];
let stopping = false;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const fileTime = (name) => (existsSync(join(work, name)) ? Number(readFileSync(join(work, name), 'utf8')) : null);
const log = (line) => console.log(`load: ${new Date().toISOString().slice(11, 23)} ${line}`);

/** One POST; the answer, and a record of it in requests. */
async function graphql(op, query, variables, token) {
  const record = { op, start: Date.now(), end: 0, status: 0, codes: [], data: false, failure: null };
  requests.push(record);
  let body = null;
  try {
    const response = await postGraphQL(`${base}/graphql`, { query, variables }, {
      token,
      signal: AbortSignal.timeout(ABANDON_MS),
    });
    record.status = response.status;
    const text = await response.text();
    try {
      body = JSON.parse(text);
    } catch {
      record.failure = `not JSON: ${text.slice(0, 200)}`;
    }
  } catch (error) {
    record.failure = `${error.name}: ${error.cause?.code ?? error.message}`;
  }
  record.end = Date.now();
  if (body) {
    record.codes = (body.errors ?? []).map((error) => error.extensions?.code ?? 'NO_CODE');
    record.data = body.data?.[op] != null;
    if (record.codes.some((code) => code !== 'SERVICE_UNAVAILABLE')) {
      record.body = JSON.stringify(body).slice(0, 500);
    }
  }
  appendFileSync(join(work, 'requests.jsonl'), `${JSON.stringify(record)}\n`);
  return record.data ? body.data[op] : null;
}

const SIGN_UP = 'mutation($i: SignUpInput!) { signUp(input: $i) { token user { id } } }';
const CREATE = 'mutation($i: CreateProfileInput!) { createProfile(input: $i) { id } }';
const UPDATE = 'mutation($i: UpdateProfileInput!) { updateProfile(input: $i) { id description } }';

async function signUp(name) {
  const payload = await graphql('signUp', SIGN_UP,
    { i: { username: name, email: `${name}@example.com`, password: `password ${name}` } });
  if (payload?.token) {
    acked.push(name);
    appendFileSync(join(work, 'acked.txt'), `${name}\n`);
  }
  return payload;
}

/** A client: signs up, creates its profile and updates it, again and again. */
async function writer(client) {
  for (let i = 1; !stopping; i++) {
    const signedUp = await signUp(`fd${run}c${client}n${i}`);
    const created = signedUp && !stopping
      && await graphql('createProfile', CREATE, { i: { description: `client ${client} user ${i}` } }, signedUp.token);
    if (created && !stopping) {
      await graphql('updateProfile', UPDATE,
        { i: { userId: signedUp.user.id, description: `client ${client} user ${i} updated` } }, signedUp.token);
    }
    if (!created) {
      await sleep(100);
    }
  }
}

// The watched user: its profile is updated every 500 ms, each update naming its tick.
const watched = await signUp(`fd${run}watched`);
if (!watched || !await graphql('createProfile', CREATE, { i: { description: 'tick 0' } }, watched.token)) {
  console.error('load: could not create the watched user and profile before the failover');
  process.exit(1);
}
const ticks = new Map();
async function ticker() {
  for (let tick = 1; !stopping; tick++) {
    const start = Date.now();
    const ok = await graphql('updateProfile', UPDATE, { i: { userId: watched.user.id, description: `tick ${tick}` } },
      watched.token);
    ticks.set(tick, { start, end: Date.now(), ok: ok != null });
    await sleep(500);
  }
}

// The subscriber, with graphql-ws's own reconnection; a subscription that errors or completes
// (which the client does not retry) is subscribed again.
const subscriber = { events: [], closes: [], connects: 0, errors: [], subscribes: 0, done: false };
const ws = createClient({
  url: `${base.replace(/^http/, 'ws')}/graphql`,
  webSocketImpl: WebSocket,
  lazy: false,
  retryAttempts: 1000,
  retryWait: () => sleep(500),
  shouldRetry: () => true,
  on: {
    connected: () => {
      subscriber.connects++;
    },
    closed: (event) => {
      if (subscriber.done) return;
      subscriber.closes.push({ at: Date.now(), code: event?.code, reason: event?.reason });
      log(`subscriber's socket closed: ${event?.code} ${event?.reason ?? ''}`);
    },
  },
});
function subscribe() {
  subscriber.subscribes++;
  ws.subscribe(
    {
      query: 'subscription($u: ID!) { profileChanged(userId: $u) { kind profile { description } } }',
      variables: { u: watched.user.id },
    },
    {
      next: (message) => {
        const description = message.data?.profileChanged?.profile?.description ?? '';
        subscriber.events.push({ at: Date.now(), tick: Number(description.replace('tick ', '')) || 0, errors: message.errors });
      },
      error: (error) => {
        const what = Array.isArray(error) ? JSON.stringify(error) : `${error?.code ?? ''} ${error?.reason ?? error?.message ?? error}`;
        subscriber.errors.push({ at: Date.now(), what });
        log(`subscription ended with an error: ${what}; subscribing again`);
        if (!subscriber.done) setTimeout(subscribe, 500);
      },
      complete: () => {
        if (!subscriber.done) {
          log('subscription completed; subscribing again');
          setTimeout(subscribe, 500);
        }
      },
    },
  );
}
subscribe();

const loops = [ticker(), ...Array.from({ length: clients }, (_, c) => writer(c + 1))];

// Ready once sign-ups are acknowledged and the subscriber receives events.
for (const deadline = Date.now() + 60000; !(acked.length >= 10 && subscriber.events.length >= 2);) {
  if (Date.now() > deadline) {
    console.error(`load: not warm after 60 s (${acked.length} sign-ups, ${subscriber.events.length} events)`);
    process.exit(1);
  }
  await sleep(100);
}
writeFileSync(join(work, 'ready'), `${Date.now()}`);
log(`warm: ${acked.length} sign-ups acknowledged, ${subscriber.events.length} events received`);

while (!existsSync(join(work, 'stop'))) {
  await sleep(100);
}
const killed = fileTime('killed');
const accepting = fileTime('accepting');
// The subscriber must see an update begun once the new primary accepted writes.
const afterFailover = (event) => ticks.get(event.tick)?.start >= accepting;
for (const deadline = Date.now() + EVENT_WAIT_MS; !subscriber.events.some(afterFailover) && Date.now() < deadline;) {
  await sleep(100);
}
stopping = true;
subscriber.done = true;
await Promise.all(loops);
await ws.dispose();

// Figures
const seconds = (ms) => (ms == null ? 'never' : `${(ms / 1000).toFixed(1)} s`);
const at = (time) => (time == null ? 'never' : `${seconds(time - killed)} after the kill`);
let failed = 0;
function check(ok, line) {
  console.log(`${ok ? 'PASS' : 'FAIL'} ${line}`);
  if (!ok) failed++;
}
const longest = requests.reduce((a, b) => ((b.end - b.start) > (a.end - a.start) ? b : a));
const firstWrite = requests.filter((r) => r.start >= killed && r.data).reduce((a, b) => (a && a.end <= b.end ? a : b), null);
const failedRequests = requests.filter((r) => !r.data);
const codes = {};
failedRequests.flatMap((r) => r.codes).forEach((code) => { codes[code] = (codes[code] ?? 0) + 1; });
const wrong = failedRequests.filter((r) => r.failure || r.status >= 500 || r.codes.length === 0
  || r.codes.some((code) => code !== 'SERVICE_UNAVAILABLE'));
const duringOutage = failedRequests.filter((r) => r.end >= killed);
const firstEvent = subscriber.events.find(afterFailover);

console.log(`requests: ${requests.length} (${clients} writing clients and 1 updating the watched profile),`
  + ` ${failedRequests.length} without data, ${duringOutage.length} of them after the kill;`
  + ` sign-ups acknowledged: ${acked.length}`);
console.log(`new primary accepting writes: ${at(accepting)}; first write answered with data after the kill:`
  + ` ${at(firstWrite?.end)} (${firstWrite?.op ?? 'none'})`);
check(longest.end - longest.start <= MAX_REQUEST_MS,
  `longest request ${seconds(longest.end - longest.start)} (${longest.op}, ${longest.codes.join(',') || (longest.failure ?? 'data')}); limit ${seconds(MAX_REQUEST_MS)}`);
check(firstWrite != null && firstWrite.end - accepting <= MAX_RESUME_MS,
  `writes resumed ${firstWrite ? seconds(firstWrite.end - accepting) : 'never'} after the new primary accepted writes; limit ${seconds(MAX_RESUME_MS)}`);
check(wrong.length === 0 && failedRequests.length > 0,
  `error answers: ${JSON.stringify(codes)}; HTTP statuses of failed requests: `
  + `${JSON.stringify(Object.fromEntries([...new Set(failedRequests.map((r) => r.status))].map((s) => [s, failedRequests.filter((r) => r.status === s).length])))};`
  + ` other than SERVICE_UNAVAILABLE with HTTP 200: ${wrong.length}`);
wrong.slice(0, 5).forEach((r) => console.log(`  ${r.op} at ${at(r.start)}: HTTP ${r.status} ${r.failure ?? ''} ${r.body ?? ''}`));
console.log(`subscriber: socket closed ${subscriber.closes.length} time(s)`
  + `${subscriber.closes.length ? ` (codes ${subscriber.closes.map((c) => c.code).join(', ')})` : ''},`
  + ` connected ${subscriber.connects} time(s), subscribed ${subscriber.subscribes} time(s),`
  + ` subscription errors ${subscriber.errors.length}${subscriber.errors.length ? ` (${subscriber.errors[0].what})` : ''},`
  + ` events ${subscriber.events.length}`);
check(firstEvent != null,
  `subscription resumed: an event for an update begun after the new primary accepted writes arrived ${firstEvent ? seconds(firstEvent.at - accepting) : 'never'} after it (tick ${firstEvent?.tick ?? '-'})`);
process.exit(failed ? 1 : 0);
