package com.example.userprofiles.auth;

import java.util.Optional;

/** A bearer token's account as it is now, not as it was when the token was issued. */
public interface AccountDirectory {

	Optional<Account> account(long userId);

	record Account(long id, boolean admin, int tokenVersion) {
	}

}
