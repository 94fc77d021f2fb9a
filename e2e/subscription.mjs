// Live updates through the graphql-ws library (graphql-transport-ws), across two instances:
//   node subscription.mjs <instance A url> <instance B url>
// Subscribes to profileChanged on B, changes the profile through A (and once through B, with
// the token A issued), and expects CREATED, UPDATED, DELETED in that order; the last comes
// from the ON DELETE CASCADE of deleteUser. A second subscriber, on A, signs in through the
// connection_init payload and so sees the user's own email, as a query with that token would.
import assert from 'node:assert/strict';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { postGraphQL } from './post-graphql.mjs';

const [a, b] = process.argv.slice(2);
if (!a || !b) {
  console.error('usage: node subscription.mjs <instance A base url> <instance B base url>');
  process.exit(2);
}

async function graphql(base, query, variables, token) {
  const response = await postGraphQL(`${base}/graphql`, { query, variables }, { token });
  const body = await response.json();
  assert.equal(body.errors, undefined, `no errors from ${base}: ${JSON.stringify(body.errors)}`);
  return body.data;
}

async function activeSubscriptions(base) {
  const scrape = await (await fetch(`${base}/actuator/prometheus`)).text();
  const line = scrape.split('\n').find((l) => l.startsWith('graphql_subscriptions_active{'));
  return line ? Number(line.split(' ').pop()) : 0;
}

// Generous limits: they only matter when something is wrong, or the machine is very busy.
async function until(what, condition, timeoutMs = 60000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const name = `ws${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
const signedUp = await graphql(a,
  'mutation($i: SignUpInput!) { signUp(input: $i) { token user { id } } }',
  { i: { username: name, email: `${name}@example.com`, password: `password-${name}` } });
const { token } = signedUp.signUp;
const userId = signedUp.signUp.user.id;
console.log(`- signed up user ${userId} on ${a}`);

const before = await activeSubscriptions(b);
const client = createClient({ url: `${b.replace(/^http/, 'ws')}/graphql`, webSocketImpl: WebSocket, lazy: false });
const received = [];
const waiting = [];
const done = new Promise((resolve, reject) => {
  client.subscribe(
    {
      query: `subscription($userId: ID!) {
        profileChanged(userId: $userId) { kind userId profile { id description user { id username email } } }
      }`,
      variables: { userId },
    },
    {
      next: (message) => {
        assert.equal(message.errors, undefined, JSON.stringify(message.errors));
        received.push(message.data.profileChanged);
        console.log(`  received ${JSON.stringify(message.data.profileChanged)}`);
        waiting.splice(0).forEach((wake) => wake());
      },
      error: reject,
      complete: resolve,
    },
  );
});
done.catch((error) => {
  console.error('subscription failed:', error);
  process.exit(1);
});
await until(`the subscription to be live on ${b}`, async () => (await activeSubscriptions(b)) > before);
console.log(`- subscribed on ${b}, anonymously`);

const beforeOnA = await activeSubscriptions(a);
const signedIn = createClient({
  url: `${a.replace(/^http/, 'ws')}/graphql`,
  webSocketImpl: WebSocket,
  connectionParams: { Authorization: `Bearer ${token}` },
});
const ownEvents = [];
const ownDone = new Promise((resolve, reject) => {
  signedIn.subscribe(
    {
      query: 'subscription($userId: ID!) { profileChanged(userId: $userId) { kind profile { user { email } } } }',
      variables: { userId },
    },
    { next: (message) => ownEvents.push(message), error: reject, complete: resolve },
  );
});
ownDone.catch((error) => {
  console.error('signed-in subscription failed:', error);
  process.exit(1);
});
await until(`the signed-in subscription to be live on ${a}`, async () => (await activeSubscriptions(a)) > beforeOnA);
console.log(`- subscribed on ${a}, signed in through connection_init`);

async function nextEvent(count) {
  const deadline = Date.now() + 60000;
  while (received.length < count) {
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for event ${count}; got ${JSON.stringify(received)}`);
    }
    await new Promise((resolve) => {
      waiting.push(resolve);
      setTimeout(resolve, 200);
    });
  }
  return received[count - 1];
}

await graphql(a, 'mutation { createProfile(input: { description: "first" }) { id } }', {}, token);
console.log(`- createProfile on ${a}`);
let event = await nextEvent(1);
assert.deepEqual(
  { kind: event.kind, userId: event.userId, description: event.profile.description },
  { kind: 'CREATED', userId, description: 'first' });
assert.notEqual(event.profile.id, userId, 'a profile\'s global id is its own, not its user\'s');
assert.equal(event.profile.user.id, userId);
assert.equal(event.profile.user.username, name);
assert.equal(event.profile.user.email, null, 'an anonymous subscriber does not see the email');

await graphql(b, 'mutation($i: UpdateProfileInput!) { updateProfile(input: $i) { id } }',
  { i: { userId, description: 'second' } }, token);
console.log(`- updateProfile on ${b}, with the token ${a} issued`);
event = await nextEvent(2);
assert.deepEqual({ kind: event.kind, description: event.profile.description }, { kind: 'UPDATED', description: 'second' });

await graphql(a, 'mutation($id: ID!) { deleteUser(id: $id) { deletedUserId } }', { id: userId }, token);
console.log(`- deleteUser on ${a}; PostgreSQL cascades to the profile`);
event = await nextEvent(3);
assert.deepEqual(event, { kind: 'DELETED', userId, profile: null });

assert.deepEqual(received.map((e) => e.kind), ['CREATED', 'UPDATED', 'DELETED']);
await until('the signed-in subscriber\'s three events', async () => ownEvents.length >= 3);
assert.deepEqual(ownEvents.map((m) => m.errors), [undefined, undefined, undefined]);
assert.deepEqual(ownEvents.map((m) => m.data.profileChanged.kind), ['CREATED', 'UPDATED', 'DELETED']);
assert.equal(ownEvents[0].data.profileChanged.profile.user.email, `${name}@example.com`,
  'a subscriber signed in as the user sees the user\'s email');
console.log('- the signed-in subscriber on A saw the same three events, with the email');
await client.dispose();
await signedIn.dispose();
console.log('subscription flow: CREATED, UPDATED, DELETED in order across instances');
process.exit(0);
