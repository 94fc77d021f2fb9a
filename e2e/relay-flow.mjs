// Relay against the server, with relay-runtime's default store and no custom getDataID, as a
// Relay app would use it (without React: react-relay's hooks call these same functions).
// The documents are in relay/src/RelayFlow.js; compile them first against the served schema:
//   cd relay
//   curl -sSf http://127.0.0.1:8080/graphql/schema -o schema.graphql
//   ../node_modules/.bin/relay-compiler relay.config.json
//   cd .. && node relay-flow.mjs http://127.0.0.1:8080/graphql
// (relay/package.json makes the generated CommonJS modules loadable from this ES module.)
// Any warning Relay prints (such as two types under one id) fails the run.
import assert from 'node:assert/strict';
import {
  Environment,
  Network,
  RecordSource,
  Store,
  commitMutation,
  createOperationDescriptor,
  fetchQuery,
  getSelector,
} from 'relay-runtime';
import UserQuery from './relay/src/__generated__/RelayFlowUserQuery.graphql.js';
import UserFragmentQuery from './relay/src/__generated__/RelayFlowUserFragmentQuery.graphql.js';
import UserFragment from './relay/src/__generated__/RelayFlow_user.graphql.js';
import UsersQuery from './relay/src/__generated__/RelayFlowUsersQuery.graphql.js';
import UsersFragment from './relay/src/__generated__/RelayFlow_users.graphql.js';
import DeleteUserMutation from './relay/src/__generated__/RelayFlowDeleteUserMutation.graphql.js';
import DeleteProfileMutation from './relay/src/__generated__/RelayFlowDeleteProfileMutation.graphql.js';
import { postGraphQL } from './post-graphql.mjs';

const url = process.argv[2];
if (!url) {
  console.error('usage: node relay-flow.mjs <graphql endpoint url>');
  process.exit(2);
}

// Relay warns through console.error (fbjs' warning) only outside production.
assert.notEqual(process.env.NODE_ENV, 'production', 'Relay prints its warnings only outside production');
const warnings = [];
for (const level of ['warn', 'error']) {
  const print = console[level];
  console[level] = (...args) => {
    warnings.push(args.map(String).join(' '));
    print(...args);
  };
}
function noWarnings() {
  assert.deepEqual(warnings, [], 'Relay printed no warning');
}

let token = null;
const sent = [];

async function post(query, variables) {
  const response = await postGraphQL(url, { query, variables }, { token });
  return response.json();
}

// The environment of the Relay docs: a fetch function, the default Store, nothing else.
const environment = new Environment({
  network: Network.create((params, variables) => {
    sent.push(params.text);
    return post(params.text, variables);
  }),
  store: new Store(new RecordSource()),
});
const source = () => environment.getStore().getSource();

/** Fetches and retains (as a mounted component would) an operation; returns what it reads. */
async function query(request, variables) {
  const operation = createOperationDescriptor(request, variables);
  environment.retain(operation);
  await fetchQuery(environment, request, variables).toPromise();
  return environment.lookup(operation.fragment).data;
}

function readFragment(fragment, reference) {
  return environment.lookup(getSelector(fragment, reference)).data;
}

/** Commits a mutation as `account`, resolving to its response. */
async function mutate(mutation, variables, account) {
  token = account.token;
  try {
    return await new Promise((resolve, reject) => {
      commitMutation(environment, {
        mutation,
        variables,
        onCompleted: (response, errors) => (errors ? reject(new Error(JSON.stringify(errors))) : resolve(response)),
        onError: reject,
      });
    });
  } finally {
    token = null;
  }
}

/** A request outside Relay, as another client would make it. */
async function outside(document, variables, as) {
  token = as;
  const result = await post(document, variables);
  token = null;
  assert.equal(result.errors, undefined, JSON.stringify(result.errors));
  return result.data;
}

function step(text) {
  console.log(`- ${text}`);
}

const prefix = `relay${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;

step('signUp three users; the first two write a profile, the last one none');
const accounts = [];
for (const name of ['a', 'b', 'c']) {
  const username = `${prefix}-${name}`;
  const { signUp } = await outside(
    `mutation($input: SignUpInput!) { signUp(input: $input) { token user { id databaseId createdAt } } }`,
    { input: { username, email: `${username}@example.com`, password: `password-${username}` } });
  accounts.push({ username, token: signUp.token, ...signUp.user });
}
const [a, b, c] = accounts;
const { createProfile: created } = await outside(
  `mutation($input: CreateProfileInput!) { createProfile(input: $input) { id createdAt } }`,
  { input: { description: 'Written for Relay' } }, a.token);
await outside(`mutation($input: CreateProfileInput!) { createProfile(input: $input) { id } }`,
  { input: { description: 'To be deleted' } }, b.token);

step('a query reaching a user and its profile keeps two records with their own fields');
const { user } = await query(UserQuery, { id: a.id });
assert.equal(user.id, a.id);
assert.equal(user.profile.id, created.id);
assert.notEqual(created.id, a.id, 'the profile has an id of its own');
assert.equal(user.profile.databaseId, a.databaseId, 'and the same database key as its user');
const userRecord = source().get(a.id);
const profileRecord = source().get(created.id);
assert.equal(userRecord.__typename, 'User');
assert.equal(userRecord.username, a.username);
assert.equal(userRecord.createdAt, a.createdAt);
assert.deepEqual(userRecord.profile, { __ref: created.id });
assert.equal(profileRecord.__typename, 'Profile');
assert.equal(profileRecord.description, 'Written for Relay');
assert.equal(profileRecord.createdAt, created.createdAt);
assert.deepEqual(profileRecord.user, { __ref: a.id });
assert.equal(profileRecord.username, undefined, 'no user field on the profile record');
const records = Object.values(source().toJSON()).filter((r) => r?.databaseId === a.databaseId);
assert.deepEqual(records.map((r) => r.__typename).sort(), ['Profile', 'User'], 'two records, one per type');
noWarnings();
console.log(`store: ${a.id} (User) and ${created.id} (Profile), no warning`);

step('a @refetchable fragment on User refetches through node(id:)');
const { refetch } = UserFragment.metadata;
assert.deepEqual(refetch.fragmentPathInResult, ['node']);
const { user: reference } = await query(UserFragmentQuery, { id: a.id });
let fragment = readFragment(UserFragment, reference);
assert.equal(fragment.profile.description, 'Written for Relay');
// Changed by another client: Relay's store still holds the old description.
await outside(`mutation($input: UpdateProfileInput!) { updateProfile(input: $input) { id } }`,
  { input: { userId: a.id, description: 'Changed elsewhere' } }, a.token);
assert.equal(readFragment(UserFragment, reference).profile.description, 'Written for Relay');
// What useRefetchableFragment's refetch() does: the generated query, the fragment's id as variable.
const variables = { [refetch.identifierInfo.identifierQueryVariableName]: fragment[refetch.identifierInfo.identifierField] };
const refetched = await query(refetch.operation, variables);
assert.match(sent.at(-1), /node\(id: \$id\)/, 'the refetch query asks node(id:)');
assert.equal(readFragment(UserFragment, refetched.node).profile.description, 'Changed elsewhere');
fragment = readFragment(UserFragment, reference);
assert.equal(fragment.profile.description, 'Changed elsewhere', 'the first reader sees it too');
assert.equal(fragment.username, a.username);
noWarnings();
console.log(`refetch: ${refetch.operation.params.name} sent node(id:) and read the new description`);

step('a users fragment with @connection pages forward, two users a page');
const filter = { username: { startsWith: prefix } };
const root = await query(UsersQuery, { filter });
let users = readFragment(UsersFragment, root).users;
assert.equal(users.totalCount, 3);
assert.deepEqual(users.edges.map((e) => e.node.id), [a.id, b.id]);
assert.equal(users.pageInfo.hasNextPage, true);
// What usePaginationFragment's loadNext(2) does: the refetch query, with the connection's
// count and cursor variables set; Relay's ConnectionHandler appends the edges it returns.
const { forward } = UsersFragment.metadata.refetch.connection;
await query(UsersFragment.metadata.refetch.operation,
  { filter, [forward.count]: 2, [forward.cursor]: users.pageInfo.endCursor });
assert.match(sent.at(-1), /users\(first: \$count, after: \$cursor/);
users = readFragment(UsersFragment, root).users;
assert.deepEqual(users.edges.map((e) => e.node.id), [a.id, b.id, c.id], 'the second page appended, in order, once');
assert.equal(new Set(users.edges.map((e) => e.cursor)).size, 3);
assert.equal(users.pageInfo.hasNextPage, false);
assert.equal(users.pageInfo.endCursor, users.edges[2].cursor);
noWarnings();
console.log(`connection: ${users.edges.length} edges after loading the next page, hasNextPage false`);

step('deleteProfile with @deleteRecord removes the profile record and keeps the user');
const { user: withProfile } = await query(UserQuery, { id: b.id });
const profileOfB = withProfile.profile.id;
assert.equal(source().getStatus(profileOfB), 'EXISTENT');
const deletedProfile = await mutate(DeleteProfileMutation, { userId: b.id }, b);
assert.equal(deletedProfile.deleteProfile.deletedProfileId, profileOfB);
assert.equal(source().getStatus(profileOfB), 'NONEXISTENT');
assert.equal(source().get(b.id).username, b.username);
assert.equal(environment.lookup(createOperationDescriptor(UserQuery, { id: b.id }).fragment).data.user.profile, null,
  'a reader of the user now reads no profile');
noWarnings();
console.log('deleteProfile: the profile record is deleted, its user kept');

step('deleteUser with @deleteRecord on both ids removes the user and its profile from the store');
assert.equal(source().getStatus(a.id), 'EXISTENT');
assert.equal(source().getStatus(created.id), 'EXISTENT');
const deleted = await mutate(DeleteUserMutation, { id: a.id }, a);
assert.deepEqual(deleted.deleteUser, { deletedUserId: a.id, deletedProfileId: created.id });
// Deleted, not just forgotten: a record garbage-collected would be UNKNOWN (undefined).
assert.equal(source().get(a.id), null);
assert.equal(source().getStatus(a.id), 'NONEXISTENT');
assert.equal(source().get(created.id), null);
assert.equal(source().getStatus(created.id), 'NONEXISTENT');
assert.equal(environment.lookup(createOperationDescriptor(UserQuery, { id: a.id }).fragment).data.user, null,
  'a reader of the user now reads null');
users = readFragment(UsersFragment, root).users;
assert.deepEqual(users.edges.map((e) => e.node?.id ?? null), [null, b.id, c.id],
  'the edge stays in the connection, its node gone (@deleteEdge would remove it)');
noWarnings();
console.log('deleteUser: the user and the profile records are deleted');

step('deleteUser of a user without a profile: deletedProfileId null, @deleteRecord skips it');
const { user: lonely } = await query(UserQuery, { id: c.id });
assert.equal(lonely.profile, null);
const deletedLonely = await mutate(DeleteUserMutation, { id: c.id }, c);
assert.deepEqual(deletedLonely.deleteUser, { deletedUserId: c.id, deletedProfileId: null });
assert.equal(source().getStatus(c.id), 'NONEXISTENT');
assert.equal(source().getStatus(b.id), 'EXISTENT', 'the other users stay');
assert.equal(source().get(b.id).username, b.username);
noWarnings();
console.log('deleteUser without a profile: the user record is deleted, nothing else');

step('the server agrees: both users are gone');
const gone = await outside(`query($a: ID!, $c: ID!) { a: user(id: $a) { id } c: user(id: $c) { id } }`,
  { a: a.id, c: c.id });
assert.deepEqual(gone, { a: null, c: null });

noWarnings();
console.log('relay flow: every step as expected');
