-- W1 at page 2,000: the same list of 50 users with their profiles, after the cursor of user
-- 99,950, so users 99,951..100,000: with keyset paging it should cost what page 1 does
-- (needs at least 100,000 users: run it with --workloads "w1_list w1_page2000").
-- The cursor is "c1:users-ID-ASC:99950" in URL-safe base64, the format of
-- shared/graphql/Cursor.java; clients must not build cursors, but this is the project's own.
body = [[{"query":"{ users(first: 50, after: \"YzE6dXNlcnMtSUQtQVNDOjk5OTUw\") { edges { node { id username profile { description } } } } }"}]]
expect = [["username":"user100000"]]
require "common"
