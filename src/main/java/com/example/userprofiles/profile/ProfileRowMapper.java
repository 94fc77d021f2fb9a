package com.example.userprofiles.profile;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;

import org.springframework.jdbc.core.RowMapper;

/** Reads the {@link #COLUMNS} by position from a given column on, beside other rows. */
final class ProfileRowMapper implements RowMapper<Profile> {

	/** The columns {@link #read} reads, in order, the key first. */
	static final String COLUMNS = "site_user_id, description, created_at, updated_at";

	@Override
	public Profile mapRow(ResultSet row, int rowNum) throws SQLException {
		return read(row, 1);
	}

	static Profile read(ResultSet row, int first) throws SQLException {
		return new Profile(row.getLong(first), row.getString(first + 1), row.getObject(first + 2, OffsetDateTime.class),
				row.getObject(first + 3, OffsetDateTime.class));
	}

}
