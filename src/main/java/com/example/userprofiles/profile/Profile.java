package com.example.userprofiles.profile;

import java.time.OffsetDateTime;

import com.example.userprofiles.user.Timestamps;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Column;
import org.springframework.data.relational.core.mapping.Table;

/**
 * A user's profile: its own aggregate, keyed by its user's id, which
 * {@code ON DELETE CASCADE} removes with the user.
 */
@Table("profile")
public record Profile(@Id @Column("site_user_id") long userId, String description, OffsetDateTime createdAt,
		OffsetDateTime updatedAt) {

	static Profile create(long userId, String description) {
		OffsetDateTime now = Timestamps.now();
		return new Profile(userId, description, now, now);
	}

}
