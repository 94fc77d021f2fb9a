package com.example.userprofiles.user;

/** The GraphQL {@code AuthPayload}: a bearer token and its user. */
record AuthPayload(String token, User user) {

	/** Leaves the token out. */
	@Override
	public String toString() {
		return "AuthPayload[user=" + this.user + "]";
	}

}
