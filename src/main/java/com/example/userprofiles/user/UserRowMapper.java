package com.example.userprofiles.user;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;

import org.springframework.jdbc.core.RowMapper;

/**
 * Reads a {@code site_user} row into a {@link User} by column name, without reflection.
 * Spring's {@code DataClassRowMapper} looked each camelCase component up by its
 * lower-cased name first, and PostgreSQL's driver answers a missing column with an
 * exception: four thrown and caught per row, a third of the server's CPU on a 50-user
 * page (bench/RESULTS.md, "Where the time goes").
 */
final class UserRowMapper implements RowMapper<User> {

	static final UserRowMapper INSTANCE = new UserRowMapper();

	private UserRowMapper() {
	}

	@Override
	public User mapRow(ResultSet rs, int rowNum) throws SQLException {
		return new User(rs.getLong("id"), rs.getString("username"), rs.getString("email"),
				rs.getString("password_hash"), User.Role.valueOf(rs.getString("role")), rs.getInt("token_version"),
				rs.getObject("created_at", OffsetDateTime.class), rs.getObject("updated_at", OffsetDateTime.class));
	}

}
