package com.example.userprofiles.profile;

import java.util.ArrayList;
import java.util.List;

import com.example.userprofiles.shared.graphql.Keyset;
import com.example.userprofiles.shared.graphql.Page;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcOperations;

/**
 * The SQL behind {@link ProfileSearch}; the user table is joined only to filter by
 * username.
 */
class ProfileSearchImpl implements ProfileSearch {

	private static final Keyset BY_USER_ID = new Keyset(List.of("p.site_user_id"), false);

	private final NamedParameterJdbcOperations jdbc;

	ProfileSearchImpl(NamedParameterJdbcOperations jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public List<Profile> findPage(@Nullable ProfileFilter filter, Page page, @Nullable Long after,
			@Nullable Long before) {
		MapSqlParameterSource params = new MapSqlParameterSource();
		List<String> where = conditions(filter, params);
		BY_USER_ID.appendBounds(where, params, (after != null) ? List.of(after) : null,
				(before != null) ? List.of(before) : null);
		String sql = "SELECT p.site_user_id, p.description, p.created_at, p.updated_at" + from(filter)
				+ whereClause(where) + BY_USER_ID.orderAndLimit(page, params);
		return this.jdbc.query(sql, params, ProfileRowMapper.INSTANCE);
	}

	@Override
	public int count(@Nullable ProfileFilter filter) {
		MapSqlParameterSource params = new MapSqlParameterSource();
		String sql = "SELECT count(*)" + from(filter) + whereClause(conditions(filter, params));
		Integer count = this.jdbc.queryForObject(sql, params, Integer.class);
		return (count != null) ? count : 0;
	}

	private static String from(@Nullable ProfileFilter filter) {
		return (filter != null && filter.username() != null)
				? " FROM profile p JOIN site_user u ON u.id = p.site_user_id" : " FROM profile p";
	}

	private static List<String> conditions(@Nullable ProfileFilter filter, MapSqlParameterSource params) {
		List<String> where = new ArrayList<>();
		if (filter != null) {
			if (filter.username() != null) {
				filter.username().appendTo(where, params, "u.username", "username", true);
			}
			if (filter.description() != null) {
				filter.description().appendTo(where, params, "p.description", "description");
			}
		}
		return where;
	}

	private static String whereClause(List<String> conditions) {
		return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
	}

}
