package com.example.userprofiles.user;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;

import org.springframework.jdbc.core.RowMapper;

/** Reads the {@link #COLUMNS} by position from a given column on, beside other rows. */
public final class UserRowMapper implements RowMapper<User> {

	/** The columns {@link #read} reads, in order, the key first. */
	public static final String COLUMNS = "id, username, email, password_hash, role, token_version, created_at, updated_at";

	@Override
	public User mapRow(ResultSet row, int rowNum) throws SQLException {
		return read(row, 1);
	}

	public static User read(ResultSet row, int first) throws SQLException {
		return new User(row.getLong(first), row.getString(first + 1), row.getString(first + 2),
				row.getString(first + 3), User.Role.valueOf(row.getString(first + 4)), row.getInt(first + 5),
				row.getObject(first + 6, OffsetDateTime.class), row.getObject(first + 7, OffsetDateTime.class));
	}

}
