package com.example.userprofiles.profile;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;

import org.springframework.jdbc.core.RowMapper;

/**
 * Reads a {@code profile} row into a {@link Profile} by column name, without reflection
 * (see {@code UserRowMapper} for what the reflective mapper cost).
 */
final class ProfileRowMapper implements RowMapper<Profile> {

	static final ProfileRowMapper INSTANCE = new ProfileRowMapper();

	private ProfileRowMapper() {
	}

	@Override
	public Profile mapRow(ResultSet rs, int rowNum) throws SQLException {
		return new Profile(rs.getLong("site_user_id"), rs.getString("description"),
				rs.getObject("created_at", OffsetDateTime.class), rs.getObject("updated_at", OffsetDateTime.class));
	}

}
