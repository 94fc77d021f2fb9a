package com.example.userprofiles.auth;

import java.util.Optional;

/**
 * A bearer token's account as it is now, so a token is worth what its account is worth,
 * not what it was when issued.
 */
public interface AccountDirectory {

	Optional<Account> account(long userId);

	/** An account as authorisation sees it. */
	record Account(long id, boolean admin, int tokenVersion) {
	}

}
