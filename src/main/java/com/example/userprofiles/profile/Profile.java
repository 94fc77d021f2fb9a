package com.example.userprofiles.profile;

import java.time.OffsetDateTime;

import com.example.userprofiles.user.Timestamps;
import com.example.userprofiles.user.User;

import org.springframework.data.annotation.Id;
import org.springframework.data.jdbc.core.mapping.AggregateReference;
import org.springframework.data.relational.core.mapping.Column;
import org.springframework.data.relational.core.mapping.Table;

/**
 * A user's profile: its own aggregate, keyed by its user's id
 * ({@code profile.site_user_id}). It refers to the user only by that id, so deleting a
 * user is one {@code DELETE} on {@code site_user} and PostgreSQL's
 * {@code ON DELETE CASCADE} removes the profile.
 *
 * @param userId the id of the profile's user, which is also the profile's id
 */
@Table("profile")
public record Profile(@Id @Column("site_user_id") long userId, String description, OffsetDateTime createdAt,
		OffsetDateTime updatedAt) {

	static Profile create(long userId, String description) {
		OffsetDateTime now = Timestamps.now();
		return new Profile(userId, description, now, now);
	}

	/**
	 * The profile's id: its user's id, so client caches can normalise a profile by it.
	 */
	public long id() {
		return this.userId;
	}

	/** The user this profile belongs to, by reference. */
	public AggregateReference<User, Long> user() {
		return AggregateReference.to(this.userId);
	}

}
