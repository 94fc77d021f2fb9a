-- W5 write, delete: each request deletes a different user, signed in as that user (its
-- own token); ON DELETE CASCADE removes the profile. Needs a reseed before each run.
body = [[{"query":"mutation($id: ID!) { deleteUser(id: $id) { deletedUserId } }","variables":{"id":"{{User:seq}}"}}]]
auth = true
expect = [["deletedUserId":"]]
require "common"
