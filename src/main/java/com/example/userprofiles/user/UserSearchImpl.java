package com.example.userprofiles.user;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.example.userprofiles.shared.graphql.Page;
import com.example.userprofiles.shared.graphql.StringFilter;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcOperations;

/**
 * The SQL behind {@link UserSearch}: one statement per page, per user and per count, the
 * fields a {@link UserPrefetch} joins included.
 */
class UserSearchImpl implements UserSearch {

	private static final String COLUMN_LIST = "site_user.id, username, email, password_hash, role, token_version, "
			+ "site_user.created_at, site_user.updated_at";

	private static final String COLUMNS = "SELECT " + COLUMN_LIST;

	private final NamedParameterJdbcOperations jdbc;

	private final UsernameStatistics statistics;

	UserSearchImpl(NamedParameterJdbcOperations jdbc, UsernameStatistics statistics) {
		this.jdbc = jdbc;
		this.statistics = statistics;
	}

	@Override
	public List<User> findPage(@Nullable UserFilter filter, UserOrder order, Page page, @Nullable List<?> after,
			@Nullable List<?> before, UserPrefetch prefetch) {
		MapSqlParameterSource params = new MapSqlParameterSource();
		StringFilter username = (filter != null) ? filter.username() : null;
		String matches = "";
		String from = " FROM site_user";
		List<String> where;
		if (username != null && username.startsWith() != null && this.statistics.fewStartWith(username.startsWith())) {
			// read whole, then paged (UsernamePrefixMatches)
			matches = UsernamePrefixMatches.with(COLUMN_LIST, username.startsWith(), params);
			from = " FROM matches AS site_user";
			where = conditions(new UserFilter(username.withoutStartsWith()), params);
		}
		else {
			where = conditions(filter, params);
		}
		order.keyset().appendBounds(where, params, after, before);
		String sql = matches + COLUMNS + from + whereClause(where) + order.keyset().orderAndLimit(page);
		if (!prefetch.isEmpty()) {
			// Joined around the page's own query, so that only the page's rows are
			// joined: inside it, PostgreSQL could join every row the filter matches
			// before sorting and limiting.
			sql = "SELECT site_user.*" + prefetch.columns() + " FROM (" + sql + ") AS site_user" + prefetch.joins()
					+ order.keyset().order(page);
		}
		return this.jdbc.query(sql, params, prefetch.rows());
	}

	@Override
	public Optional<User> findOne(long id, UserPrefetch prefetch) {
		return one(select(prefetch) + " WHERE site_user.id = :id", new MapSqlParameterSource("id", id), prefetch);
	}

	@Override
	public Optional<User> findOneByUsername(String username, UserPrefetch prefetch) {
		return one(select(prefetch) + " WHERE lower(username) = lower(:username)",
				new MapSqlParameterSource("username", username), prefetch);
	}

	private Optional<User> one(String sql, MapSqlParameterSource params, UserPrefetch prefetch) {
		return this.jdbc.query(sql, params, prefetch.rows()).stream().findFirst();
	}

	private static String select(UserPrefetch prefetch) {
		return COLUMNS + prefetch.columns() + " FROM site_user" + prefetch.joins();
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
			// a username is ASCII (UserRules)
			filter.username().appendTo(where, params, "username", StringFilter.Folding.ASCII, "username", true);
		}
		return where;
	}

	private static String whereClause(List<String> conditions) {
		return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
	}

}
