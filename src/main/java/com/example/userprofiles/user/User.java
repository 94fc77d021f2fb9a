package com.example.userprofiles.user;

import java.time.OffsetDateTime;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/** An account: the {@code site_user} aggregate, with id 0 until inserted. */
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

	/** An {@code ADMIN} may also change any account and profile, and sees every email. */
	public enum Role {

		USER, ADMIN

	}

}
