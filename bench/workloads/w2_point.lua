-- W2 point: one user by a random id, with the profile (null for the 30% without one).
body = [[{"query":"query($id: ID!) { user(id: $id) { id username profile { description } } }","variables":{"id":"{{User:rand}}"}}]]
expect = [["username":"user]]
require "common"
