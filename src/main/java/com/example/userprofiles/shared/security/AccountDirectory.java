package com.example.userprofiles.shared.security;

/**
 * Tells whether an account exists, so a token that outlived its account counts for
 * nothing.
 */
public interface AccountDirectory {

	boolean accountExists(long userId);

}
