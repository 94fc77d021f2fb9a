package com.example.userprofiles.profile;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.RowMapper;

/**
 * Reads a {@code profile} row into a {@link Profile} by column name, without reflection
 * (see {@code UserRowMapper} for what the reflective mapper cost).
 */
final class ProfileRowMapper implements RowMapper<Profile> {

	static final ProfileRowMapper INSTANCE = new ProfileRowMapper("");

	private static final List<String> COLUMNS = List.of("site_user_id", "description", "created_at", "updated_at");

	private final String prefix;

	private final String userId;

	private final String description;

	private final String createdAt;

	private final String updatedAt;

	/** Reads the columns named with {@code prefix} ({@code ProfileJoin} renames them). */
	ProfileRowMapper(String prefix) {
		this.prefix = prefix;
		this.userId = prefix + "site_user_id";
		this.description = prefix + "description";
		this.createdAt = prefix + "created_at";
		this.updatedAt = prefix + "updated_at";
	}

	/**
	 * The select list that gives {@code profile}'s columns the names this mapper reads
	 * ({@code description AS profile_description, ...}).
	 */
	String selectList() {
		return COLUMNS.stream().map(column -> column + " AS " + this.prefix + column).collect(Collectors.joining(", "));
	}

	@Override
	public Profile mapRow(ResultSet rs, int rowNum) throws SQLException {
		return new Profile(rs.getLong(this.userId), rs.getString(this.description),
				rs.getObject(this.createdAt, OffsetDateTime.class), rs.getObject(this.updatedAt, OffsetDateTime.class));
	}

	/**
	 * The profile in the row, or null where its columns are null (a left join found
	 * none).
	 */
	@Nullable Profile mapIfPresent(ResultSet rs) throws SQLException {
		rs.getLong(this.userId);
		return rs.wasNull() ? null : mapRow(rs, 0);
	}

}
