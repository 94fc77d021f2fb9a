-- W1 list: the first 50 users (id order) with each one's profile description.
body = [[{"query":"{ users(first: 50) { edges { node { id username profile { description } } } } }"}]]
expect = [["username":"user000050"]]
require "common"
