package com.example.userprofiles.user;

import java.time.OffsetDateTime;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/**
 * An account: the {@code site_user} aggregate. Its profile is a separate aggregate that
 * refers to it, so loading a user never loads a profile.
 *
 * @param id the identity, 0 until inserted
 * @param passwordHash a slow, salted hash (Argon2 or bcrypt), never the password
 * @param role what the user may do to other accounts; no API field sets it
 * @param tokenVersion the version tokens must carry; a password change bumps it
 */
@Table("site_user")
public record User(@Id long id, String username, String email, String passwordHash, Role role, int tokenVersion,
		OffsetDateTime createdAt, OffsetDateTime updatedAt) {

	public static User create(String username, String email, String passwordHash) {
		OffsetDateTime now = Timestamps.now();
		return new User(0, username, email, passwordHash, Role.USER, 0, now, now);
	}

	/** Leaves the hash and the email out, so logging a user cannot leak them. */
	@Override
	public String toString() {
		return "User[id=" + this.id + ", username=" + this.username + ", role=" + this.role + "]";
	}

	/** What a user may do to accounts other than their own. */
	public enum Role {

		/** Acts on their own account and profile only. */
		USER,

		/** May also update and delete any user and profile, and sees every email. */
		ADMIN

	}

}
