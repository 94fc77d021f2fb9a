package com.example.userprofiles.user;

/** The GraphQL {@code ChangePasswordInput}. */
record ChangePasswordInput(String currentPassword, String newPassword) {

	/** Leaves the passwords out, so logging an input cannot leak them. */
	@Override
	public String toString() {
		return "ChangePasswordInput[]";
	}

}
