package com.example.userprofiles.user;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcOperations;

/** The SQL behind {@link UserUpdates}. */
class UserUpdatesImpl implements UserUpdates {

	// the columns the row mapper reads
	private static final String RETURNING = " RETURNING " + UserRowMapper.INSTANCE.selectList();

	private final NamedParameterJdbcOperations jdbc;

	UserUpdatesImpl(NamedParameterJdbcOperations jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public Optional<User> updateNameAndEmail(long id, @Nullable String username, @Nullable String email,
			OffsetDateTime updatedAt) {
		MapSqlParameterSource params = new MapSqlParameterSource("id", id).addValue("updatedAt", updatedAt);
		List<String> set = new ArrayList<>();
		if (username != null) {
			set.add("username = :username");
			params.addValue("username", username);
		}
		if (email != null) {
			set.add("email = :email");
			params.addValue("email", email);
		}
		set.add("updated_at = :updatedAt");
		return one("UPDATE site_user SET " + String.join(", ", set) + " WHERE id = :id" + RETURNING, params);
	}

	@Override
	public Optional<User> updatePasswordHash(long id, int tokenVersion, String passwordHash, OffsetDateTime updatedAt) {
		return one("""
				UPDATE site_user SET password_hash = :passwordHash, token_version = token_version + 1,
				  updated_at = :updatedAt
				WHERE id = :id AND token_version = :tokenVersion""" + RETURNING,
				new MapSqlParameterSource("id", id).addValue("tokenVersion", tokenVersion)
					.addValue("passwordHash", passwordHash)
					.addValue("updatedAt", updatedAt));
	}

	private Optional<User> one(String sql, MapSqlParameterSource params) {
		return this.jdbc.query(sql, params, UserRowMapper.INSTANCE).stream().findFirst();
	}

}
