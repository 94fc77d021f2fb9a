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

	private final NamedParameterJdbcOperations jdbc;

	ProfileUpdatesImpl(NamedParameterJdbcOperations jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public Optional<Profile> updateDescription(long userId, String description, OffsetDateTime updatedAt) {
		return this.jdbc
			.query(UPDATE_DESCRIPTION,
					new MapSqlParameterSource("userId", userId).addValue("description", description)
						.addValue("updatedAt", updatedAt),
					ProfileRowMapper.INSTANCE)
			.stream()
			.findFirst();
	}

}
