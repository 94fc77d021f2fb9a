package com.example.userprofiles.user;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import com.example.userprofiles.graphql.Connection;
import com.example.userprofiles.graphql.Keyset;
import com.example.userprofiles.graphql.Page;
import com.example.userprofiles.graphql.ReadAhead;
import com.example.userprofiles.graphql.ReadAheads;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcOperations;

/** The SQL behind {@link UserQueries}. */
class UserQueriesImpl implements UserQueries {

	private static final ReadAhead.Parents<User> USERS = new ReadAhead.Parents<>("site_user", "id", UserRowMapper::read,
			UserRowMapper.COLUMNS.split(",").length);

	private final NamedParameterJdbcOperations jdbc;

	UserQueriesImpl(NamedParameterJdbcOperations jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public Connection<User> page(Page page, @Nullable UserFilter filter, @Nullable UserOrder orderBy,
			ReadAheads.Selected ahead) {
		UserOrder order = (orderBy != null) ? orderBy : UserOrder.DEFAULT;
		List<?> after = (page.after() != null) ? order.keysetValues(page.after(), "after") : null;
		List<?> before = (page.before() != null) ? order.keysetValues(page.before(), "before") : null;
		MapSqlParameterSource params = new MapSqlParameterSource();
		List<String> where = conditions(filter, params);
		order.keyset().appendBounds(where, params, after, before);
		String sql = UserRepository.SELECT + Keyset.where(where) + order.keyset().orderAndLimit(page);
		List<User> fetched = ahead.query(this.jdbc, USERS, sql, params, order.keyset().order(page));
		return Connection.of(fetched, page, order::cursorOf, () -> count(filter));
	}

	@Override
	public List<User> findAllById(Collection<Long> ids, ReadAheads.Selected ahead) {
		return ahead.query(this.jdbc, USERS, UserRepository.SELECT + " WHERE id IN (:ids)",
				new MapSqlParameterSource("ids", ids), "");
	}

	@Override
	public Optional<User> findByUsername(String username, ReadAheads.Selected ahead) {
		return ahead
			.query(this.jdbc, USERS, UserRepository.SELECT + " WHERE lower(username) = lower(:username)",
					new MapSqlParameterSource("username", username), "")
			.stream()
			.findFirst();
	}

	private int count(@Nullable UserFilter filter) {
		MapSqlParameterSource params = new MapSqlParameterSource();
		String sql = "SELECT count(*) FROM site_user" + Keyset.where(conditions(filter, params));
		return Objects.requireNonNull(this.jdbc.queryForObject(sql, params, Integer.class));
	}

	private static List<String> conditions(@Nullable UserFilter filter, MapSqlParameterSource params) {
		List<String> where = new ArrayList<>();
		if (filter != null && filter.username() != null) {
			UserFilter.appendTo(where, params, "username", filter.username());
		}
		return where;
	}

}
