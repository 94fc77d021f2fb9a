package com.example.userprofiles.user;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.example.userprofiles.graphql.Page;
import com.example.userprofiles.graphql.ReadAheads;
import com.example.userprofiles.graphql.StringFilter;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcOperations;

/** The SQL behind {@link UserQueries}: one statement each, read-ahead links included. */
class UserQueriesImpl implements UserQueries {

	private final NamedParameterJdbcOperations jdbc;

	UserQueriesImpl(NamedParameterJdbcOperations jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public List<User> findPage(@Nullable UserFilter filter, UserOrder order, Page page, @Nullable List<?> after,
			@Nullable List<?> before, ReadAheads.Selected ahead) {
		MapSqlParameterSource params = new MapSqlParameterSource();
		List<String> where = conditions(filter, params);
		order.keyset().appendBounds(where, params, after, before);
		String sql = UserRepository.SELECT + whereClause(where) + order.keyset().orderAndLimit(page);
		return query(sql, params, ahead, order.keyset().order(page));
	}

	@Override
	public Optional<User> findById(long id, ReadAheads.Selected ahead) {
		return query(UserRepository.SELECT + " WHERE id = :id", new MapSqlParameterSource("id", id), ahead, "").stream()
			.findFirst();
	}

	@Override
	public Optional<User> findByUsername(String username, ReadAheads.Selected ahead) {
		return query(UserRepository.SELECT + " WHERE lower(username) = lower(:username)",
				new MapSqlParameterSource("username", username), ahead, "")
			.stream()
			.findFirst();
	}

	/**
	 * Runs {@code sql}, with the links {@code ahead} reads joined around it, so only its
	 * own rows are joined (inside it, PostgreSQL could join every row a filter matches
	 * before the limit), in {@code order}.
	 */
	private List<User> query(String sql, MapSqlParameterSource params, ReadAheads.Selected ahead, String order) {
		if (!ahead.links().isEmpty()) {
			sql = "SELECT site_user.*" + ahead.columns() + " FROM (" + sql + ") AS site_user"
					+ ahead.joins("site_user.id") + order;
		}
		return this.jdbc.query(sql, params, ahead.rows(UserRowMapper::read, UserRowMapper.COLUMN_COUNT));
	}

	@Override
	public int count(@Nullable UserFilter filter) {
		MapSqlParameterSource params = new MapSqlParameterSource();
		Integer count = this.jdbc.queryForObject(
				"SELECT count(*) FROM site_user" + whereClause(conditions(filter, params)), params, Integer.class);
		return (count != null) ? count : 0;
	}

	private static List<String> conditions(@Nullable UserFilter filter, MapSqlParameterSource params) {
		List<String> where = new ArrayList<>();
		if (filter != null && filter.username() != null) {
			// a username is ASCII (UserRules)
			filter.username().appendTo(where, params, "username", StringFilter.Folding.ASCII, "username", true);
		}
		return where;
	}

	private static String whereClause(List<String> conditions) {
		return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
	}

}
