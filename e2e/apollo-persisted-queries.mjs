// Apollo Client's automatic persisted queries against the running server:
// node apollo-persisted-queries.mjs http://127.0.0.1:8080/graphql
// Every request the link sends is recorded. A first client sends each new document by its
// SHA-256 alone, is answered PERSISTED_QUERY_NOT_FOUND, and retries with the query; a second
// client's hash-only request is then served from the server's cache.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { ApolloClient, HttpLink, InMemoryCache, gql } from '@apollo/client';
import { PersistedQueryLink } from '@apollo/client/link/persisted-queries';

const url = process.argv[2];
if (!url) {
  console.error('usage: node apollo-persisted-queries.mjs <graphql endpoint url>');
  process.exit(2);
}

const sha256 = (text) => createHash('sha256').update(text).digest('hex');

/** A client with its own link and cache; `sent` records each request and its answer. */
function newClient() {
  const sent = [];
  const recording = async (uri, options) => {
    const response = await fetch(uri, options);
    sent.push({
      body: JSON.parse(options.body),
      status: response.status,
      answer: await response.clone().json(),
    });
    return response;
  };
  // Apollo Client's default Accept header: application/graphql-response+json first
  const link = new PersistedQueryLink({ sha256 }).concat(new HttpLink({ uri: url, fetch: recording }));
  return { client: new ApolloClient({ link, cache: new InMemoryCache() }), sent };
}

function step(text) {
  console.log(`- ${text}`);
}

function describe(request) {
  const code = request.answer.errors?.[0]?.extensions?.code;
  return `${request.body.query ? 'hash and query' : 'hash only'} -> ${request.status} ${code ?? 'data'}`;
}

/**
 * The first request went by hash alone and was not found; the retry sent the query, whose
 * SHA-256 the hash is. Returns the query.
 */
function assertNotFoundThenRetried(sent) {
  console.log(`  requests: ${sent.map(describe).join('; ')}`);
  assert.equal(sent.length, 2, 'one request by hash, one retry with the query');
  const [byHash, retry] = sent;
  const document = retry.body.query;
  assert.ok(document, 'the retry carries the query');
  assert.equal(byHash.body.query, undefined, 'the first request carries no query');
  assert.deepEqual(byHash.body.extensions.persistedQuery, { version: 1, sha256Hash: sha256(document) });
  assert.equal(byHash.answer.errors[0].extensions.code, 'PERSISTED_QUERY_NOT_FOUND');
  assert.equal(byHash.answer.errors[0].message, 'PersistedQueryNotFound');
  assert.equal(byHash.answer.data, undefined);
  assert.equal(retry.body.extensions.persistedQuery.sha256Hash, sha256(document));
  assert.equal(retry.status, 200);
  assert.equal(retry.answer.errors, undefined);
  return document;
}

// names new to the server, so that their documents' hashes are unknown to it
const tag = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
const username = `apq-${tag}`;
const SIGN_UP = gql`
  mutation SignUp_${tag}($input: SignUpInput!) {
    signUp(input: $input) { user { id username } }
  }`;
const USER = gql`
  query User_${tag}($username: String!) {
    userByUsername(username: $username) { id username }
  }`;

const first = newClient();

step('signUp by hash: not found, so the link retries with the mutation, which runs once');
const signedUp = await first.client.mutate({
  mutation: SIGN_UP,
  variables: { input: { username, email: `${username}@example.com`, password: `password-${username}` } },
});
assert.equal(signedUp.data.signUp.user.username, username);
assertNotFoundThenRetried(first.sent);

step('a query by hash: not found, then retried with the query, which answers');
first.sent.length = 0;
const read = await first.client.query({ query: USER, variables: { username } });
assert.equal(read.data.userByUsername.id, signedUp.data.signUp.user.id);
const document = assertNotFoundThenRetried(first.sent);

step('a second client sends the same query by hash alone, and the server answers from its cache');
const second = newClient();
const again = await second.client.query({ query: USER, variables: { username } });
assert.equal(again.data.userByUsername.username, username);
console.log(`  requests: ${second.sent.map(describe).join('; ')}`);
assert.equal(second.sent.length, 1, 'one request, no retry');
assert.equal(second.sent[0].body.query, undefined, 'the request carries no query');
assert.equal(second.sent[0].body.extensions.persistedQuery.sha256Hash, sha256(document));
assert.equal(second.sent[0].status, 200);
assert.equal(second.sent[0].answer.errors, undefined);

first.client.stop();
second.client.stop();
console.log('apollo persisted queries: every step as expected');
