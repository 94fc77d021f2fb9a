package com.example.userprofiles.user;

/** The GraphQL {@code SignUpInput}. */
record SignUpInput(String username, String email, String password) {

	/** Leaves the password out, so logging an input cannot leak it. */
	@Override
	public String toString() {
		return "SignUpInput[username=" + this.username + "]";
	}

}
