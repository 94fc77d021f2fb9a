package com.example.userprofiles.profile;

import java.time.OffsetDateTime;
import java.util.Optional;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcOperations;

/** The SQL behind {@link ProfileUpdates}. */
class ProfileUpdatesImpl implements ProfileUpdates {

	// returning the columns the row mapper reads
	private static final String UPDATE_DESCRIPTION = """
			UPDATE profile SET description = :description, updated_at = :updatedAt
			WHERE site_user_id = :userId
			RETURNING\s""" + ProfileRowMapper.INSTANCE.selectList();

	private static final String UPDATE_DESCRIPTION_IF_TOKEN_VERSION = """
			UPDATE profile SET description = :description, updated_at = :updatedAt
			WHERE site_user_id = :userId
			  AND EXISTS (SELECT FROM site_user WHERE id = :userId AND token_version = :tokenVersion)
			RETURNING\s""" + ProfileRowMapper.INSTANCE.selectList();

	private final NamedParameterJdbcOperations jdbc;

	ProfileUpdatesImpl(NamedParameterJdbcOperations jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public Optional<Profile> updateDescription(long userId, String description, OffsetDateTime updatedAt) {
		return update(UPDATE_DESCRIPTION, parameters(userId, description, updatedAt));
	}

	@Override
	public Optional<Profile> updateDescriptionIfTokenVersion(long userId, int tokenVersion, String description,
			OffsetDateTime updatedAt) {
		return update(UPDATE_DESCRIPTION_IF_TOKEN_VERSION,
				parameters(userId, description, updatedAt).addValue("tokenVersion", tokenVersion));
	}

	private static MapSqlParameterSource parameters(long userId, String description, OffsetDateTime updatedAt) {
		return new MapSqlParameterSource("userId", userId).addValue("description", description)
			.addValue("updatedAt", updatedAt);
	}

	private Optional<Profile> update(String sql, MapSqlParameterSource parameters) {
		return this.jdbc.query(sql, parameters, ProfileRowMapper.INSTANCE).stream().findFirst();
	}

}
