// urql (@urql/core) against the server, set up as docs/clients.md shows: its document cache,
// fetchExchange for queries and mutations, subscriptionExchange over graphql-ws.
//   node urql-flow.mjs http://127.0.0.1:8080
// Signs up, creates a profile, reads the user with it, subscribes to profileChanged signed in
// through connection_init, changes the profile over HTTP and sees the event, deletes the account.
// Any unexpected result throws, so the run exits non-zero.
import assert from 'node:assert/strict';
import { Client, cacheExchange, fetchExchange, subscriptionExchange } from '@urql/core';
import { createClient as createWSClient } from 'graphql-ws';
import WebSocket from 'ws';

const base = process.argv[2];
if (!base) {
  console.error('usage: node urql-flow.mjs <server base url>');
  process.exit(2);
}

// From here to the Client: the set-up docs/clients.md shows, with the URLs from the argument
// (UrqlClientTests checks that the two agree).
let token = null; // from signUp or logIn
const ws = createWSClient({
  url: `${base.replace(/^http/, 'ws')}/graphql`,
  webSocketImpl: WebSocket, // Node 20 has no WebSocket of its own; leave this out in a browser
  connectionParams: () => (token ? { Authorization: `Bearer ${token}` } : {}),
});
const client = new Client({
  url: `${base}/graphql`,
  preferGetMethod: false, // the server answers only POST; urql would send queries as GET
  fetchOptions: () => ({ headers: token ? { authorization: `Bearer ${token}` } : {} }),
  exchanges: [cacheExchange, fetchExchange, subscriptionExchange({
    forwardSubscription: (request) => ({
      subscribe: (sink) => ({ unsubscribe: ws.subscribe({ ...request, query: request.query ?? '' }, sink) }),
    }),
  })],
});

const SIGN_UP = `
  mutation SignUp($input: SignUpInput!) {
    signUp(input: $input) { token user { id username email } }
  }`;
const CREATE_PROFILE = `
  mutation CreateProfile($input: CreateProfileInput!) {
    createProfile(input: $input) { id description }
  }`;
const USER_WITH_PROFILE = `
  query UserWithProfile($id: ID!) {
    user(id: $id) { id username email profile { id description user { id } } }
  }`;
const PROFILE_CHANGED = `
  subscription ProfileChanged($userId: ID!) {
    profileChanged(userId: $userId) { kind userId profile { id description user { id email } } }
  }`;
const UPDATE_PROFILE = `
  mutation UpdateProfile($input: UpdateProfileInput!) {
    updateProfile(input: $input) { id description }
  }`;
const DELETE_USER = `
  mutation DeleteUser($id: ID!) {
    deleteUser(id: $id) { deletedUserId deletedProfileId }
  }`;

// urql reports GraphQL and network errors in result.error instead of throwing.
function dataOf(result, what) {
  assert.equal(result.error, undefined, `${what}: ${result.error?.message}`);
  return result.data;
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

// The server counts live subscriptions; an event sent before ours is live would be missed.
async function activeSubscriptions() {
  const scrape = await (await fetch(`${base}/actuator/prometheus`)).text();
  const line = scrape.split('\n').find((l) => l.startsWith('graphql_subscriptions_active{'));
  return line ? Number(line.split(' ').pop()) : 0;
}

const username = `urql${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
const email = `${username}@example.com`;

const signedUp = dataOf(await client.mutation(SIGN_UP,
  { input: { username, email, password: `password-${username}` } }).toPromise(), 'signUp');
assert.equal(signedUp.signUp.user.username, username);
assert.equal(signedUp.signUp.user.email, email, 'the new user sees their own email');
token = signedUp.signUp.token;
const userId = signedUp.signUp.user.id;
console.log(`- signUp: user ${username}, a token`);

const created = dataOf(await client.mutation(CREATE_PROFILE,
  { input: { description: 'Written through urql' } }).toPromise(), 'createProfile');
const profileId = created.createProfile.id;
assert.equal(created.createProfile.description, 'Written through urql');
console.log('- createProfile: with the token from fetchOptions');

const read = dataOf(await client.query(USER_WITH_PROFILE, { id: userId }).toPromise(), 'user');
assert.deepEqual(read.user, {
  __typename: 'User',
  id: userId,
  username,
  email,
  profile: {
    __typename: 'Profile',
    id: profileId,
    description: 'Written through urql',
    user: { __typename: 'User', id: userId },
  },
});
assert.notEqual(profileId, userId, 'a profile has a global id of its own');
console.log('- query user with profile: every field as written, the profile id differs from the user id');

const before = await activeSubscriptions();
const events = [];
const subscription = client.subscription(PROFILE_CHANGED, { userId }).subscribe((result) => {
  events.push(result);
});
await until('the subscription to be live', async () => events.length > 0 || (await activeSubscriptions()) > before);
assert.deepEqual(events, [], 'nothing has changed yet');
console.log('- subscribe to profileChanged through the subscriptionExchange, signed in by connection_init');

const updated = dataOf(await client.mutation(UPDATE_PROFILE,
  { input: { userId, description: 'Changed through urql' } }).toPromise(), 'updateProfile');
assert.equal(updated.updateProfile.description, 'Changed through urql');
await until('the UPDATED event', () => events.length > 0);
const change = dataOf(events[0], 'profileChanged').profileChanged;
assert.deepEqual(
  { kind: change.kind, userId: change.userId, id: change.profile.id, description: change.profile.description },
  { kind: 'UPDATED', userId, id: profileId, description: 'Changed through urql' });
assert.equal(change.profile.user.email, email, 'the connection_init token lets the subscriber see the email');
console.log('- updateProfile over HTTP: the subscription received UPDATED with the new description');

const deleted = dataOf(await client.mutation(DELETE_USER, { id: userId }).toPromise(), 'deleteUser');
assert.deepEqual(deleted.deleteUser,
  { __typename: 'DeleteUserPayload', deletedUserId: userId, deletedProfileId: profileId });
await until('the DELETED event', () => events.length > 1);
const gone = dataOf(events[1], 'profileChanged').profileChanged;
assert.deepEqual({ kind: gone.kind, userId: gone.userId, profile: gone.profile },
  { kind: 'DELETED', userId, profile: null });
assert.equal(events.length, 2, 'one event per change');
console.log('- deleteUser: deletedUserId and deletedProfileId, and the subscription received DELETED');

subscription.unsubscribe();
await ws.dispose();
console.log('urql flow: every step as expected');
process.exit(0);
