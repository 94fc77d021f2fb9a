// The whole flow through Apollo Client with its normalised cache, as a web or Node app
// would use it: node apollo-flow.mjs http://127.0.0.1:8080/graphql
// Signs up, creates a profile, reads both ways, pages through users, deletes the account,
// and then evicts the user and the profile from the cache using nothing but the
// deleteUser payload (deletedUserId and deletedProfileId). Ids are global, so the cache
// needs no keyFields.
import assert from 'node:assert/strict';
import { ApolloClient, ApolloLink, HttpLink, InMemoryCache, gql } from '@apollo/client';
import { relayStylePagination } from '@apollo/client/utilities';

const url = process.argv[2];
if (!url) {
  console.error('usage: node apollo-flow.mjs <graphql endpoint url>');
  process.exit(2);
}

let token = null;
const bearer = new ApolloLink((operation, forward) => {
  operation.setContext(({ headers = {} }) => ({
    headers: token ? { ...headers, authorization: `Bearer ${token}` } : headers,
  }));
  return forward(operation);
});

const cache = new InMemoryCache({
  typePolicies: {
    Query: { fields: { users: relayStylePagination(['filter', 'orderBy']) } },
  },
});
const client = new ApolloClient({ link: ApolloLink.from([bearer, new HttpLink({ uri: url })]), cache });

const SIGN_UP = gql`
  mutation SignUp($input: SignUpInput!) {
    signUp(input: $input) { token user { id username email } }
  }`;
const CREATE_PROFILE = gql`
  mutation CreateProfile($input: CreateProfileInput!) {
    createProfile(input: $input) { id description user { id username } }
  }`;
const USER_WITH_PROFILE = gql`
  query UserWithProfile($id: ID!) {
    user(id: $id) { id username email profile { id description } }
  }`;
const PROFILE_WITH_USER = gql`
  query ProfileWithUser($userId: ID!) {
    profile(userId: $userId) { id description user { id username } }
  }`;
const USERS = gql`
  query Users($first: Int, $after: String, $filter: UserFilter) {
    users(first: $first, after: $after, filter: $filter, orderBy: { field: USERNAME }) {
      totalCount
      edges { cursor node { id username profile { id } } }
      pageInfo { hasNextPage endCursor }
    }
  }`;
const DELETE_USER = gql`
  mutation DeleteUser($id: ID!) {
    deleteUser(id: $id) { deletedUserId deletedProfileId }
  }`;

function step(text) {
  console.log(`- ${text}`);
}

const prefix = `apollo${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;

step('signUp three users; the client keeps the first one signed in');
const accounts = [];
for (const name of ['a', 'b', 'c']) {
  const username = `${prefix}-${name}`;
  token = null;
  const { data } = await client.mutate({
    mutation: SIGN_UP,
    variables: { input: { username, email: `${username}@example.com`, password: `password-${username}` } },
  });
  assert.equal(data.signUp.user.username, username);
  assert.equal(data.signUp.user.email, `${username}@example.com`, 'the new user sees their own email');
  accounts.push({ id: data.signUp.user.id, token: data.signUp.token });
}
const me = accounts[0];
token = me.token;

step('createProfile for the signed-in user');
const created = await client.mutate({
  mutation: CREATE_PROFILE,
  variables: { input: { description: 'Written through Apollo Client' } },
});
const profileId = created.data.createProfile.id;
assert.notEqual(profileId, me.id, 'a profile has an id of its own');
assert.equal(created.data.createProfile.user.id, me.id);

step('query from user to profile, then from profile to user');
const byUser = await client.query({ query: USER_WITH_PROFILE, variables: { id: me.id }, fetchPolicy: 'network-only' });
assert.equal(byUser.data.user.profile.description, 'Written through Apollo Client');
const byProfile = await client.query({ query: PROFILE_WITH_USER, variables: { userId: me.id }, fetchPolicy: 'network-only' });
assert.equal(byProfile.data.profile.user.username, `${prefix}-a`);

step('the cache holds one User and one Profile, linked to each other');
const userKey = cache.identify({ __typename: 'User', id: me.id });
const profileKey = cache.identify({ __typename: 'Profile', id: profileId });
let stored = cache.extract();
assert.ok(stored[userKey], `${userKey} is cached`);
assert.ok(stored[profileKey], `${profileKey} is cached`);
assert.deepEqual(stored[profileKey].user, { __ref: userKey });
assert.deepEqual(stored[userKey].profile, { __ref: profileKey });

step('page through the three users two at a time; the cache merges the pages');
const filter = { username: { startsWith: prefix } };
const first = await client.query({ query: USERS, variables: { first: 2, filter } });
assert.equal(first.data.users.totalCount, 3);
assert.deepEqual(first.data.users.edges.map((e) => e.node.id), [accounts[0].id, accounts[1].id]);
assert.equal(first.data.users.pageInfo.hasNextPage, true);
const watched = client.watchQuery({ query: USERS, variables: { first: 2, filter } });
await watched.fetchMore({ variables: { after: first.data.users.pageInfo.endCursor } });
let merged = client.readQuery({ query: USERS, variables: { first: 2, filter } });
assert.deepEqual(merged.users.edges.map((e) => e.node.id), accounts.map((a) => a.id));
assert.equal(merged.users.pageInfo.hasNextPage, false);

step('deleteUser, then evict the user and the profile from the payload alone');
const deleted = await client.mutate({
  mutation: DELETE_USER,
  variables: { id: me.id },
  update(cache, { data }) {
    const { deletedUserId, deletedProfileId } = data.deleteUser;
    assert.ok(cache.evict({ id: cache.identify({ __typename: 'User', id: deletedUserId }) }), 'the user was evicted');
    assert.ok(cache.evict({ id: cache.identify({ __typename: 'Profile', id: deletedProfileId }) }),
      'the profile was evicted');
    cache.gc();
  },
});
assert.equal(deleted.data.deleteUser.deletedUserId, me.id);
assert.equal(deleted.data.deleteUser.deletedProfileId, profileId);
stored = cache.extract();
assert.equal(stored[userKey], undefined, `${userKey} is gone from the cache`);
assert.equal(stored[profileKey], undefined, `${profileKey} is gone from the cache`);
merged = client.readQuery({ query: USERS, variables: { first: 2, filter } });
assert.deepEqual(merged.users.edges.map((e) => e.node.id), [accounts[1].id, accounts[2].id],
  'the cached page drops the dangling reference');

step('the server agrees: the user and the profile are gone');
token = null;
const gone = await client.query({ query: USER_WITH_PROFILE, variables: { id: me.id }, fetchPolicy: 'network-only' });
assert.equal(gone.data.user, null);
const goneProfile = await client.query({ query: PROFILE_WITH_USER, variables: { userId: me.id }, fetchPolicy: 'network-only' });
assert.equal(goneProfile.data.profile, null);

client.stop();
console.log('apollo flow: every step as expected');
