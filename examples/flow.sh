#!/usr/bin/env bash
# The whole flow with nothing but curl: sign up, create a profile, read both ways, page
# through users, delete the account (PostgreSQL deletes the profile with it).
#
#   examples/flow.sh                          # against http://localhost:8080
#   examples/flow.sh http://127.0.0.1:9000    # against another server
#
# Every request is a POST of JSON to /graphql; the token from signUp goes in the
# Authorization header. Exits non-zero if any step does not answer as expected.
set -euo pipefail

BASE_URL="${1:-http://localhost:8080}"
NAME="curl$(date +%s)$$"

# POSTs one GraphQL request ($1: the JSON body; $2: a token, optional) and prints the answer.
graphql() {
	local auth=()
	if [[ -n "${2:-}" ]]; then
		auth=(-H "Authorization: Bearer $2")
	fi
	curl -sS --fail-with-body "$BASE_URL/graphql" \
		-H 'Content-Type: application/json' \
		-H 'Accept: application/graphql-response+json' \
		"${auth[@]}" \
		-d "$1"
}

# Prints the answer and stops the script unless it contains $2.
expect() {
	echo "$1"
	echo
	if [[ "$1" != *"$2"* ]] || [[ "$1" == *'"errors"'* ]]; then
		echo "unexpected answer: wanted $2 and no errors" >&2
		exit 1
	fi
}

# The value of the first "key":"value" pair named $2 in the JSON $1.
field() {
	sed -n "s/.*\"$2\":\"\\([^\"]*\\)\".*/\\1/p" <<<"$1" | head -n 1
}

echo "== signUp $NAME-1 and $NAME-2"
ANSWER=$(graphql '{"query":"mutation SignUp($input: SignUpInput!) { signUp(input: $input) { token user { id username } } }",
  "variables":{"input":{"username":"'"$NAME"'-1","email":"'"$NAME"'-1@example.com","password":"correct horse battery"}}}')
expect "$ANSWER" '"token"'
TOKEN=$(field "$ANSWER" token)
USER_ID=$(field "$ANSWER" id)
ANSWER=$(graphql '{"query":"mutation SignUp($input: SignUpInput!) { signUp(input: $input) { user { id } } }",
  "variables":{"input":{"username":"'"$NAME"'-2","email":"'"$NAME"'-2@example.com","password":"correct horse battery"}}}')
expect "$ANSWER" '"id"'

echo "== createProfile, signed in as user $USER_ID"
ANSWER=$(graphql '{"query":"mutation { createProfile(input: { description: \"Made with curl\" }) { id description } }"}' "$TOKEN")
expect "$ANSWER" '"description":"Made with curl"'
PROFILE_ID=$(field "$ANSWER" id)

echo "== from the user to the profile (email shows: it is the user's own)"
ANSWER=$(graphql '{"query":"query User($id: ID!) { user(id: $id) { id username email profile { id description } } }",
  "variables":{"id":"'"$USER_ID"'"}}' "$TOKEN")
expect "$ANSWER" '"profile":{"id":"'"$PROFILE_ID"'","description":"Made with curl"}'

echo "== from the profile to the user"
ANSWER=$(graphql '{"query":"query Profile($userId: ID!) { profile(userId: $userId) { id description user { id username } } }",
  "variables":{"userId":"'"$USER_ID"'"}}')
expect "$ANSWER" '"user":{"id":"'"$USER_ID"'","username":"'"$NAME"'-1"}'

echo "== users, one a page: the first page, then the page after its endCursor"
USERS_QUERY='query Users($after: String, $filter: UserFilter) { users(first: 1, after: $after, filter: $filter) { totalCount nodes { id username } pageInfo { hasNextPage endCursor } } }'
FILTER='{"username":{"startsWith":"'"$NAME"'"}}'
ANSWER=$(graphql '{"query":"'"$USERS_QUERY"'","variables":{"filter":'"$FILTER"'}}')
expect "$ANSWER" '"hasNextPage":true'
CURSOR=$(field "$ANSWER" endCursor)
ANSWER=$(graphql '{"query":"'"$USERS_QUERY"'","variables":{"after":"'"$CURSOR"'","filter":'"$FILTER"'}}')
expect "$ANSWER" '"username":"'"$NAME"'-2"'

echo "== deleteUser: PostgreSQL deletes the profile with the account"
ANSWER=$(graphql '{"query":"mutation Delete($id: ID!) { deleteUser(id: $id) { deletedUserId deletedProfileId } }","variables":{"id":"'"$USER_ID"'"}}' "$TOKEN")
expect "$ANSWER" '"deletedUserId":"'"$USER_ID"'","deletedProfileId":"'"$PROFILE_ID"'"'

echo "== the profile is gone"
ANSWER=$(graphql '{"query":"query Profile($userId: ID!) { profile(userId: $userId) { id } }","variables":{"userId":"'"$USER_ID"'"}}')
expect "$ANSWER" '"profile":null'

echo "The whole flow answered as expected."
