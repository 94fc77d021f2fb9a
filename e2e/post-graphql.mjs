// One GraphQL request over HTTP as the test clients and the ops scripts send it: a JSON POST
// asking for the GraphQL-over-HTTP response type, with the token when there is one.
//   postGraphQL(url, { query, variables }, { token, signal }) -> fetch's Response
export function postGraphQL(url, { query, variables }, { token, signal } = {}) {
  return fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify({ query, variables }),
    signal,
  });
}
