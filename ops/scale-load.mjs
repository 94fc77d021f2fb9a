// The load and the checks of ops/scale-test.sh, against two instances of the server that share
// one database. Every answer's data is checked, not only its status. Each command prints its
// figures and exits 1 when a check fails:
//   node ops/scale-load.mjs seed --users N        sign up N users (half on each instance) with profiles
//   node ops/scale-load.mjs load --seconds N --out FILE [--mix anonymous|signed-in]
//                                                 mixed reads and writes (or only one kind of read);
//                                                 FILE gets the counts
//   node ops/scale-load.mjs subscriptions         profileChanged on both instances, changes through both
//   node ops/scale-load.mjs outage --seconds N --bound-ms MS
//                                                 PostgreSQL away: SERVICE_UNAVAILABLE within MS, no other code
//   node ops/scale-load.mjs resume --timeout-ms MS  PostgreSQL back: serving again within MS
//   node ops/scale-load.mjs verify                every acknowledged write is there
// with --a URL --b URL (the two instances) and --state FILE (the users, their tokens and the
// descriptions written, kept between commands). graphql-ws and ws come from e2e/node_modules.
import { createRequire } from 'node:module';
import { readFileSync, writeFileSync } from 'node:fs';
import { postGraphQL } from '../e2e/post-graphql.mjs';

const require = createRequire(new URL('../e2e/package.json', import.meta.url));
const { createClient } = require('graphql-ws');
const WebSocket = require('ws');

const command = process.argv[2];
const options = {};
for (let i = 3; i < process.argv.length; i += 2) {
  options[process.argv[i].replace(/^--/, '')] = process.argv[i + 1];
}
const { a, b } = options;
if (!command || !a || !b || !options.state) {
  console.error('usage: node ops/scale-load.mjs <seed|load|subscriptions|outage|resume|verify> --a URL --b URL --state FILE [...]');
  process.exit(2);
}
const other = (base) => (base === a ? b : a);
const pick = (list) => list[Math.floor(Math.random() * list.length)];
const name = (base) => (base === a ? 'A' : 'B');
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const WORDS = ['amber', 'birch', 'cedar', 'dune', 'ember', 'fjord', 'grove', 'heath'];

const failures = [];
function fail(what, base, detail) {
  failures.push(`${what} on ${name(base)}: ${detail}`);
}
function finish(summary) {
  const ok = failures.length === 0;
  console.log(`  ${ok ? 'ok  ' : 'FAIL'}  ${summary}${ok ? '' : `; ${failures.length} failed`}`);
  for (const failure of failures.slice(0, 10)) {
    console.log(`        ${failure}`);
  }
  process.exit(ok ? 0 : 1);
}

function loadState() {
  return JSON.parse(readFileSync(options.state, 'utf8'));
}
function saveState(state) {
  writeFileSync(options.state, JSON.stringify(state));
}

/** One GraphQL request: its status, body and duration; `error` when no answer came. */
async function gql(base, query, variables = {}, token = null, timeoutMs = 20000) {
  const started = performance.now();
  try {
    const response = await postGraphQL(`${base}/graphql`, { query, variables }, {
      token,
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text();
    let body;
    try {
      body = JSON.parse(text);
    } catch {
      body = { unparsable: text.slice(0, 200) };
    }
    return { status: response.status, body, ms: performance.now() - started };
  } catch (error) {
    return { error: `${error.name}: ${error.message}`, ms: performance.now() - started };
  }
}

/** The data of a successful answer, or null after recording why it was not one. */
function dataOf(what, base, answer) {
  if (answer.error) {
    fail(what, base, `no answer after ${Math.round(answer.ms)} ms (${answer.error})`);
    return null;
  }
  if (answer.status !== 200 || answer.body.errors || !answer.body.data) {
    fail(what, base, `HTTP ${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`);
    return null;
  }
  return answer.body.data;
}

function expect(what, base, condition, detail) {
  if (!condition) {
    fail(what, base, detail);
  }
  return condition;
}

const SIGN_UP = `mutation($i: SignUpInput!) { signUp(input: $i) { token user { id username } } }`;
const CREATE_PROFILE = `mutation($i: CreateProfileInput!) { createProfile(input: $i) { description user { id username } } }`;
const UPDATE_PROFILE = `mutation($i: UpdateProfileInput!) { updateProfile(input: $i) { description user { id } } }`;
const ME = `{ me { id username email profile { description } } }`;

function description(user, version) {
  return `${user.username} v${version} ${WORDS[version % WORDS.length]}`;
}

/** Signs a user up on one instance and creates its profile on the other; null on failure. */
async function newUser(base, username) {
  const password = `password of ${username}`;
  const email = `${username}@example.com`;
  const signedUp = dataOf('signUp', base, await gql(base, SIGN_UP, { i: { username, email, password } }));
  if (!signedUp || !expect('signUp', base, signedUp.signUp.user.username === username, JSON.stringify(signedUp))) {
    return null;
  }
  const user = { id: signedUp.signUp.user.id, username, email, token: signedUp.signUp.token, version: 1, history: [] };
  user.description = description(user, 1);
  user.history.push(user.description);
  const created = dataOf('createProfile', other(base),
    await gql(other(base), CREATE_PROFILE, { i: { description: user.description } }, user.token));
  if (!created || !expect('createProfile', other(base),
    created.createProfile.description === user.description && created.createProfile.user.id === user.id,
    JSON.stringify(created))) {
    return null;
  }
  return user;
}

async function checkMe(what, base, user, extra = '') {
  const query = extra ? `{ me { id username email profile { description } } ${extra} }` : ME;
  const data = dataOf(what, base, await gql(base, query, {}, user.token));
  if (!data) {
    return null;
  }
  const me = data.me;
  expect(what, base, me && me.id === user.id && me.username === user.username && me.email === user.email
    && me.profile?.description === user.description,
  `expected ${user.username} with "${user.description}", got ${JSON.stringify(me)}`);
  return data;
}

async function seed() {
  const count = Number(options.users ?? 24);
  const prefix = `sc${Date.now().toString(36)}`;
  const users = [];
  for (let i = 0; i < count; i += 4) {
    const batch = [];
    for (let j = i; j < Math.min(i + 4, count); j++) {
      batch.push(newUser(j % 2 ? b : a, `${prefix}-s${String(j).padStart(3, '0')}`));
    }
    users.push(...(await Promise.all(batch)));
  }
  const made = users.filter(Boolean);
  saveState({ prefix, seeded: made.map((user) => user.username), users: made });
  finish(`seed: ${made.length} of ${count} users signed up, each with a profile (sign-up on one instance, profile on the other)`);
}

/** Anonymous reads: each checks its data against what was written (possibly a little stale). */
function anonymousReads(state, byId) {
  const seeded = [...state.seeded].sort();
  return [
    async (base) => {
      const user = pick(state.users);
      const data = dataOf('anonymous node', base, await gql(base,
        `query($id: ID!) { node(id: $id) { ... on User { id username email profile { description } } } }`, { id: user.id }));
      if (data) {
        const node = data.node;
        expect('anonymous node', base, node && node.id === user.id && node.username === user.username && node.email === null
          && user.history.includes(node.profile?.description), `${user.username}: ${JSON.stringify(node)}`);
      }
      return data;
    },
    async (base) => {
      const data = dataOf('anonymous users', base, await gql(base,
        `query($p: String!) { users(first: 10, filter: { username: { startsWith: $p } }, orderBy: { field: USERNAME }) {
          totalCount nodes { username email } } }`, { p: `${state.prefix}-s` }));
      if (data) {
        const { totalCount, nodes } = data.users;
        expect('anonymous users', base, totalCount === seeded.length
          && JSON.stringify(nodes.map((n) => n.username)) === JSON.stringify(seeded.slice(0, 10))
          && nodes.every((n) => n.email === null), `${totalCount} users: ${JSON.stringify(nodes).slice(0, 200)}`);
      }
      return data;
    },
    async (base) => {
      const word = pick(WORDS);
      const data = dataOf('anonymous profiles', base, await gql(base,
        `query($w: String!, $p: String!) { profiles(first: 10, filter: { description: { contains: $w }, username: { startsWith: $p } }) {
          totalCount nodes { description user { id username email } } } }`, { w: word.toUpperCase(), p: state.prefix }));
      if (data) {
        const { nodes } = data.profiles;
        expect('anonymous profiles', base, nodes.every((n) => n.description.includes(word) && n.user.email === null
          && (!byId.has(n.user.id) || byId.get(n.user.id).history.includes(n.description)))
          && data.profiles.totalCount >= nodes.length, `"${word}": ${JSON.stringify(nodes).slice(0, 300)}`);
      }
      return data;
    },
  ];
}

async function load() {
  const state = loadState();
  const seconds = Number(options.seconds ?? 20);
  const workers = Number(options.workers ?? 6);
  const mix = options.mix ?? 'mixed';
  const byId = new Map(state.users.map((user) => [user.id, user]));
  const reads = anonymousReads(state, byId);
  const counts = { requests: 0, A: 0, B: 0, anonymousReads: 0, anonymousReadsAfter5s: 0, signedInReads: 0,
    ownWriteChecks: 0, signUps: 0 };
  const durations = [];
  const started = performance.now();
  const deadline = started + seconds * 1000;
  const added = [];
  let signUps = 0;
  const run = Date.now().toString(36);
  // Each request through here is counted and timed.
  const timed = async (base, action) => {
    const answer = await action(base);
    counts.requests++;
    counts[name(base)]++;
    return answer;
  };
  const originalGql = gql;
  const worker = async (w) => {
    const mine = state.users.filter((_, i) => i % workers === w);
    while (performance.now() < deadline) {
      const base = Math.random() < 0.5 ? a : b;
      const roll = mix === 'anonymous' ? 0 : mix === 'signed-in' ? 0.7 : Math.random();
      const at = performance.now();
      if (roll < 0.6 || (mine.length === 0 && mix !== 'signed-in')) {
        const data = await timed(base, pick(reads));
        if (data) {
          counts.anonymousReads++;
          if (at - started >= 5000) {
            counts.anonymousReadsAfter5s++;
          }
        }
      } else if (roll < 0.75) {
        const user = pick(mine);
        const data = await timed(base, (x) => checkMe('signed-in read', x, user,
          Math.random() < 0.5 ? `users(first: 1) { totalCount }` : ''));
        if (data) {
          counts.signedInReads++;
        }
      } else if (roll < 0.97 || signUps >= seconds / 2) {
        // A write on one instance, read back at once by its user on the other.
        const user = pick(mine);
        user.version++;
        const next = description(user, user.version);
        user.history.push(next);
        const data = await timed(base, async (x) => dataOf('updateProfile', x,
          await originalGql(x, UPDATE_PROFILE, { i: { userId: user.id, description: next } }, user.token)));
        if (data && expect('updateProfile', base, data.updateProfile.description === next, JSON.stringify(data))) {
          user.description = next;
          if (await timed(other(base), (x) => checkMe('own write read at once', x, user))) {
            counts.ownWriteChecks++;
          }
        }
      } else {
        signUps++;
        const user = await newUser(base, `${state.prefix}-n${run}x${signUps}`);
        counts.requests += 2;
        if (user) {
          counts.signUps++;
          mine.push(user);
          added.push(user);
          if (await timed(base, (x) => checkMe('new user read', x, user))) {
            counts.signedInReads++;
          }
        }
      }
      durations.push(performance.now() - at);
    }
  };
  await Promise.all(Array.from({ length: workers }, (_, w) => worker(w)));
  const elapsed = (performance.now() - started) / 1000;
  state.users.push(...added);
  saveState(state);
  durations.sort((x, y) => x - y);
  const percentile = (p) => Math.round(durations[Math.min(durations.length - 1, Math.floor(durations.length * p))] ?? 0);
  if (options.out) {
    writeFileSync(options.out, JSON.stringify({ ...counts, failures: failures.length, slowestMs: percentile(1) }));
  }
  finish(`${mix === 'mixed' ? 'load' : `${mix} reads`}: ${counts.requests} requests in ${elapsed.toFixed(1)} s (A ${counts.A}, B ${counts.B}), all checked: `
    + `${counts.anonymousReads} anonymous reads (${counts.anonymousReadsAfter5s} after 5 s), ${counts.signedInReads} signed-in reads, `
    + `${counts.ownWriteChecks} writes each read back at once on the other instance, ${counts.signUps} sign-ups; `
    + `per operation p50 ${percentile(0.5)} ms, p99 ${percentile(0.99)} ms, max ${percentile(1)} ms`);
}

async function activeSubscriptions(base) {
  const scrape = await (await fetch(`${base}/actuator/prometheus`)).text();
  const line = scrape.split('\n').find((l) => l.startsWith('graphql_subscriptions_active{'));
  return line ? Number(line.split(' ').pop()) : 0;
}

async function subscriptions() {
  const state = loadState();
  const username = `${state.prefix}-w${Date.now().toString(36)}`;
  const signedUp = dataOf('signUp', a, await gql(a, SIGN_UP,
    { i: { username, email: `${username}@example.com`, password: `password of ${username}` } }));
  if (!signedUp) {
    finish('subscriptions: no user');
  }
  const { token } = signedUp.signUp;
  const userId = signedUp.signUp.user.id;
  const subscribers = [];
  for (const base of [a, b]) {
    const before = await activeSubscriptions(base);
    const client = createClient({ url: `${base.replace(/^http/, 'ws')}/graphql`, webSocketImpl: WebSocket, lazy: false });
    const subscriber = { base, client, events: [], wake: null };
    client.subscribe({
      query: `subscription($u: ID!) { profileChanged(userId: $u) { kind userId profile { description user { username } } } }`,
      variables: { u: userId },
    }, {
      next: (message) => {
        subscriber.events.push({ at: performance.now(), message });
        subscriber.wake?.();
      },
      error: (error) => fail('subscription', base, `ended with ${JSON.stringify(error).slice(0, 200)}`),
      complete: () => {},
    });
    const deadline = Date.now() + 15000;
    while (await activeSubscriptions(base) <= before && Date.now() < deadline) {
      await sleep(50);
    }
    expect('subscribe', base, await activeSubscriptions(base) > before, 'the subscription never became active');
    subscribers.push(subscriber);
  }
  const steps = [
    { kind: 'CREATED', base: a, description: `${username} v1 created`,
      send: (d) => gql(a, CREATE_PROFILE, { i: { description: d } }, token) },
    { kind: 'UPDATED', base: b, description: `${username} v2 updated`,
      send: (d) => gql(b, UPDATE_PROFILE, { i: { userId, description: d } }, token) },
    { kind: 'UPDATED', base: a, description: `${username} v3 updated`,
      send: (d) => gql(a, UPDATE_PROFILE, { i: { userId, description: d } }, token) },
  ];
  let slowest = 0;
  let delivered = 0;
  for (const [index, step] of steps.entries()) {
    const sent = performance.now();
    if (!dataOf(`${step.kind} through ${name(step.base)}`, step.base, await step.send(step.description))) {
      continue;
    }
    for (const subscriber of subscribers) {
      const deadline = performance.now() + 10000;
      while (subscriber.events.length <= index && performance.now() < deadline) {
        await new Promise((resolve) => {
          subscriber.wake = resolve;
          setTimeout(resolve, 100);
        });
      }
      const event = subscriber.events[index];
      const change = event?.message.data?.profileChanged;
      if (expect(`profileChanged ${step.kind} (made through ${name(step.base)})`, subscriber.base,
        change && !event.message.errors && change.kind === step.kind && change.userId === userId
          && change.profile?.description === step.description && change.profile.user.username === username,
        `expected ${step.kind} "${step.description}", got ${JSON.stringify(event?.message ?? 'nothing in 10 s')}`)) {
        delivered++;
        slowest = Math.max(slowest, event.at - sent);
      }
    }
  }
  for (const subscriber of subscribers) {
    await subscriber.client.dispose();
  }
  state.users.push({ id: userId, username, email: `${username}@example.com`, token, version: 3,
    description: steps[2].description, history: steps.map((step) => step.description) });
  saveState(state);
  finish(`profileChanged: ${delivered} of ${steps.length * 2} events delivered (${steps.length} changes, through A, B, A; `
    + `subscribers on A and B), in order with the profile's data; slowest ${Math.round(slowest)} ms after the mutation's answer`);
}

async function outage() {
  const state = loadState();
  const seconds = Number(options.seconds ?? 10);
  const bound = Number(options['bound-ms'] ?? 8000);
  const user = state.users[0];
  const requests = [
    ['me with a token', ME, user.token],
    ['multi-field query with a token', `{ me { id } users(first: 2) { totalCount nodes { username } } }`, user.token],
    ['anonymous multi-field query', `{ users(first: 2) { totalCount } profiles(first: 2) { totalCount } }`, null],
    ['anonymous node', `query($id: ID!) { node(id: $id) { id } }`, null],
  ];
  const counts = {};
  const codes = {};
  let slowest = 0;
  const deadline = performance.now() + seconds * 1000;
  while (performance.now() < deadline) {
    const round = performance.now();
    await Promise.all([a, b].flatMap((base) => requests.map(async ([what, query, token]) => {
      const answer = await gql(base, query, { id: user.id }, token, bound + 20000);
      counts[what] = (counts[what] ?? 0) + 1;
      slowest = Math.max(slowest, answer.ms);
      if (answer.error) {
        fail(what, base, `no answer after ${Math.round(answer.ms)} ms (${answer.error})`);
        return;
      }
      const errors = answer.body.errors ?? [];
      for (const error of errors) {
        const code = error.extensions?.code ?? 'none';
        codes[code] = (codes[code] ?? 0) + 1;
      }
      expect(what, base, errors.length > 0 && errors.every((e) => e.extensions?.code === 'SERVICE_UNAVAILABLE'),
        `HTTP ${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`);
      expect(what, base, answer.ms <= bound, `answered after ${Math.round(answer.ms)} ms`);
    })));
    await sleep(Math.max(0, 1000 - (performance.now() - round)));
  }
  const total = Object.values(counts).reduce((x, y) => x + y, 0);
  finish(`PostgreSQL away: ${total} requests (${Object.entries(counts).map(([k, v]) => `${v} ${k}`).join(', ')}), `
    + `error codes ${JSON.stringify(codes)}; slowest ${Math.round(slowest)} ms (bound ${bound} ms)`);
}

async function resume() {
  const state = loadState();
  const timeout = Number(options['timeout-ms'] ?? 30000);
  const user = state.users[0];
  const started = performance.now();
  const back = {};
  for (const base of [a, b]) {
    while (performance.now() - started < timeout) {
      const answer = await gql(base, ME, {}, user.token, 5000);
      if (!answer.error && answer.status === 200 && !answer.body.errors) {
        back[name(base)] = Math.round(performance.now() - started);
        break;
      }
      await sleep(200);
    }
    expect('serving again', base, back[name(base)] !== undefined, `not within ${timeout} ms`);
  }
  // And writing: through A, read back on B.
  user.version++;
  const next = description(user, user.version);
  user.history.push(next);
  const data = dataOf('updateProfile after the outage', a,
    await gql(a, UPDATE_PROFILE, { i: { userId: user.id, description: next } }, user.token));
  if (data && expect('updateProfile after the outage', a, data.updateProfile.description === next, JSON.stringify(data))) {
    user.description = next;
    await checkMe('own write after the outage', b, user);
  }
  saveState(state);
  finish(`PostgreSQL back: \`me\` right again on A after ${back.A ?? '-'} ms, on B after ${back.B ?? '-'} ms; `
    + 'a write through A read back on B');
}

async function verify() {
  const state = loadState();
  let right = 0;
  for (let i = 0; i < state.users.length; i += 8) {
    const batch = state.users.slice(i, i + 8);
    const results = await Promise.all(batch.map((user, j) => checkMe('final read', j % 2 ? b : a, user)));
    right += results.filter(Boolean).length;
  }
  const data = dataOf('final count', a, await gql(a,
    `query($p: String!) { me { id } users(filter: { username: { startsWith: $p } }) { totalCount } }`,
    { p: state.prefix }, state.users[0].token));
  expect('final count', a, data?.users.totalCount === state.users.length,
    `${data?.users.totalCount} users with the prefix, ${state.users.length} acknowledged`);
  const writes = state.users.reduce((sum, user) => sum + user.version, 0);
  finish(`acknowledged writes: ${state.users.length} users (${data?.users.totalCount} in the database), `
    + `${writes} profile writes; each user's last acknowledged description is the one \`me\` reads`);
}

const commands = { seed, load, subscriptions, outage, resume, verify };
if (!commands[command]) {
  console.error(`unknown command ${command}`);
  process.exit(2);
}
await commands[command]();
