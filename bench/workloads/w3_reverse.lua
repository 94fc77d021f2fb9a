-- W3 reverse (Profile -> User): a profile by a random user id, with its user's username
-- (the profile is null for the 30% of ids without one, which is still a good answer).
body = [[{"query":"query($id: ID!) { profile(userId: $id) { description user { username } } }","variables":{"id":"{{User:rand}}"}}]]
expect = [[{"data":{"profile":]]
require "common"
