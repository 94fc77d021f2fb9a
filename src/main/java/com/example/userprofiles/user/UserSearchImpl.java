package com.example.userprofiles.user;

import java.util.ArrayList;
import java.util.List;

import com.example.userprofiles.shared.graphql.Page;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcOperations;

/** The SQL behind {@link UserSearch}: one statement per page, one per count. */
class UserSearchImpl implements UserSearch {

	private final NamedParameterJdbcOperations jdbc;

	UserSearchImpl(NamedParameterJdbcOperations jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public List<User> findPage(@Nullable UserFilter filter, UserOrder order, Page page, @Nullable List<?> after,
			@Nullable List<?> before) {
		MapSqlParameterSource params = new MapSqlParameterSource();
		List<String> where = conditions(filter, params);
		order.keyset().appendBounds(where, params, after, before);
		String sql = "SELECT id, username, email, password_hash, role, token_version, created_at, updated_at FROM site_user"
				+ whereClause(where) + order.keyset().orderAndLimit(page, params);
		return this.jdbc.query(sql, params, UserRowMapper.INSTANCE);
	}

	@Override
	public int count(@Nullable UserFilter filter) {
		MapSqlParameterSource params = new MapSqlParameterSource();
		String sql = "SELECT count(*) FROM site_user" + whereClause(conditions(filter, params));
		Integer count = this.jdbc.queryForObject(sql, params, Integer.class);
		return (count != null) ? count : 0;
	}

	private static List<String> conditions(@Nullable UserFilter filter, MapSqlParameterSource params) {
		List<String> where = new ArrayList<>();
		if (filter != null && filter.username() != null) {
			filter.username().appendTo(where, params, "username", "username", true);
		}
		return where;
	}

	private static String whereClause(List<String> conditions) {
		return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
	}

}
