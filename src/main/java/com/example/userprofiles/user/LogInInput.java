package com.example.userprofiles.user;

/** The GraphQL {@code LogInInput}. */
record LogInInput(String username, String password) {

	/** Leaves the password out, so logging an input cannot leak it. */
	@Override
	public String toString() {
		return "LogInInput[username=" + this.username + "]";
	}

}
