package com.example.userprofiles.profile;

import java.time.OffsetDateTime;
import java.util.Optional;

/**
 * Changes to a profile, each one {@code UPDATE} that tells whether it found the row:
 * Spring Data JDBC's {@code save} ignores the row count, so an update that a delete beat
 * answered a changed profile that no longer existed.
 */
interface ProfileUpdates {

	/**
	 * Sets the description of the profile of the user {@code userId}.
	 * @return the stored profile, or empty when that user has no profile
	 */
	Optional<Profile> updateDescription(long userId, String description, OffsetDateTime updatedAt);

	/**
	 * As {@link #updateDescription}, provided the user {@code userId} exists with the
	 * token version {@code tokenVersion}: the check a token's bearer passes, made by the
	 * statement that writes.
	 * @return the stored profile, or empty when that user has no profile or another token
	 * version
	 */
	Optional<Profile> updateDescriptionIfTokenVersion(long userId, int tokenVersion, String description,
			OffsetDateTime updatedAt);

}
