package com.example.userprofiles.user;

import java.time.OffsetDateTime;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * Changes to an account, each one {@code UPDATE} that writes only the columns it changes
 * and returns the row as stored. Saving the whole aggregate instead wrote back every
 * column as it was read, so a change that committed in between (a new password hash, a
 * token version, a role) was silently undone.
 */
interface UserUpdates {

	/**
	 * Sets the username and/or email (a null one is left as it is) of the user
	 * {@code id}.
	 * @return the stored user, or empty when there is no user {@code id}
	 */
	Optional<User> updateNameAndEmail(long id, @Nullable String username, @Nullable String email,
			OffsetDateTime updatedAt);

	/**
	 * Sets the password hash of the user {@code id} and bumps its token version, so every
	 * token issued before stops working, provided the token version is still
	 * {@code tokenVersion}: the one the caller's token was checked against.
	 * @return the stored user, or empty when there is no user {@code id} or its token
	 * version has moved on (another password change came first)
	 */
	Optional<User> updatePasswordHash(long id, int tokenVersion, String passwordHash, OffsetDateTime updatedAt);

}
