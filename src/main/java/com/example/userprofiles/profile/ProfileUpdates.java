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

}
