-- W5 write, update: a random user with a profile rewrites its description, signed in as
-- that user (its own token).
body = [[{"query":"mutation($id: ID!) { updateProfile(input: { userId: $id, description: \"Updated by the benchmark.\" }) { id description } }","variables":{"id":"{{User:rand_profile}}"}}]]
auth = true
expect = [["description":"Updated by the benchmark."]]
require "common"
