package com.example.userprofiles.profile;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import com.example.userprofiles.graphql.Keyset;
import com.example.userprofiles.graphql.Page;
import com.example.userprofiles.graphql.ReadAhead;
import com.example.userprofiles.graphql.ReadAheads;
import com.example.userprofiles.user.UserFilter;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcOperations;

/**
 * The SQL behind {@link ProfileQueries}: one statement each, read-ahead links included;
 * {@code site_user} is joined only to filter by username.
 */
class ProfileQueriesImpl implements ProfileQueries {

	private static final Keyset BY_USER_ID = new Keyset(List.of("p.site_user_id"), false);

	private static final String SELECT = "SELECT p.site_user_id, p.description, p.created_at, p.updated_at";

	private static final ReadAhead.Parents<Profile> PROFILES = new ReadAhead.Parents<>("p", "site_user_id",
			ProfileRowMapper::read, ProfileRowMapper.COLUMN_COUNT);

	private final NamedParameterJdbcOperations jdbc;

	ProfileQueriesImpl(NamedParameterJdbcOperations jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public List<Profile> findPage(@Nullable ProfileFilter filter, Page page, @Nullable Long after,
			@Nullable Long before, ReadAheads.Selected ahead) {
		MapSqlParameterSource params = new MapSqlParameterSource();
		List<String> where = conditions(filter, params);
		BY_USER_ID.appendBounds(where, params, (after != null) ? List.of(after) : null,
				(before != null) ? List.of(before) : null);
		String sql = SELECT + from(filter) + Keyset.where(where) + BY_USER_ID.orderAndLimit(page);
		return ahead.query(this.jdbc, PROFILES, sql, params, BY_USER_ID.order(page));
	}

	@Override
	public Optional<Profile> findById(long userId, ReadAheads.Selected ahead) {
		return ahead
			.query(this.jdbc, PROFILES, SELECT + " FROM profile p WHERE p.site_user_id = :userId",
					new MapSqlParameterSource("userId", userId), "")
			.stream()
			.findFirst();
	}

	@Override
	public int count(@Nullable ProfileFilter filter) {
		MapSqlParameterSource params = new MapSqlParameterSource();
		String sql = "SELECT count(*)" + from(filter) + Keyset.where(conditions(filter, params));
		return Objects.requireNonNull(this.jdbc.queryForObject(sql, params, Integer.class));
	}

	private static String from(@Nullable ProfileFilter filter) {
		return (filter != null && filter.username() != null)
				? " FROM profile p JOIN site_user u ON u.id = p.site_user_id" : " FROM profile p";
	}

	private static List<String> conditions(@Nullable ProfileFilter filter, MapSqlParameterSource params) {
		List<String> where = new ArrayList<>();
		if (filter != null && filter.username() != null) {
			UserFilter.appendTo(where, params, "u.username", filter.username());
		}
		if (filter != null && filter.description() != null) {
			filter.description().appendTo(where, params, "p.description", "description");
		}
		return where;
	}

}
