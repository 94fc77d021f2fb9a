-- W4 filter: the first 20 users whose username starts with "user0001" (ids 100..119 in
-- the seed), with profiles.
body = [[{"query":"{ users(first: 20, filter: { username: { startsWith: \"user0001\" } }) { edges { node { id username profile { description } } } } }"}]]
expect = [["username":"user000119"]]
require "common"
