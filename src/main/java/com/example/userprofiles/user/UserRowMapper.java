package com.example.userprofiles.user;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.RowMapper;

/**
 * Reads a {@code site_user} row into a {@link User} by column name, without reflection.
 * Spring's {@code DataClassRowMapper} looked each camelCase component up by its
 * lower-cased name first, and PostgreSQL's driver answers a missing column with an
 * exception: four thrown and caught per row, a third of the server's CPU on a 50-user
 * page (bench/RESULTS.md, "Where the time goes").
 */
public final class UserRowMapper implements RowMapper<User> {

	static final UserRowMapper INSTANCE = new UserRowMapper("");

	private static final List<String> COLUMNS = List.of("id", "username", "email", "password_hash", "role",
			"token_version", "created_at", "updated_at");

	private final String prefix;

	private final String id;

	private final String username;

	private final String email;

	private final String passwordHash;

	private final String role;

	private final String tokenVersion;

	private final String createdAt;

	private final String updatedAt;

	private UserRowMapper(String prefix) {
		this.prefix = prefix;
		this.id = prefix + "id";
		this.username = prefix + "username";
		this.email = prefix + "email";
		this.passwordHash = prefix + "password_hash";
		this.role = prefix + "role";
		this.tokenVersion = prefix + "token_version";
		this.createdAt = prefix + "created_at";
		this.updatedAt = prefix + "updated_at";
	}

	/**
	 * Reads the user whose columns carry {@code prefix} in a row, as another feature's
	 * query joins them ({@code site_user.id AS user_id, ...} for the prefix
	 * {@code user_}).
	 */
	public static UserRowMapper prefixed(String prefix) {
		return new UserRowMapper(prefix);
	}

	/**
	 * The select list that gives {@code site_user}'s columns the names this mapper reads
	 * ({@code id AS user_id, ...}), for a subquery of another feature's statement.
	 */
	public String selectList() {
		return COLUMNS.stream().map(column -> column + " AS " + this.prefix + column).collect(Collectors.joining(", "));
	}

	@Override
	public User mapRow(ResultSet rs, int rowNum) throws SQLException {
		return new User(rs.getLong(this.id), rs.getString(this.username), rs.getString(this.email),
				rs.getString(this.passwordHash), User.Role.valueOf(rs.getString(this.role)),
				rs.getInt(this.tokenVersion), rs.getObject(this.createdAt, OffsetDateTime.class),
				rs.getObject(this.updatedAt, OffsetDateTime.class));
	}

}
