package com.example.userprofiles.profile;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.example.userprofiles.graphql.Keyset;
import com.example.userprofiles.graphql.Page;
import com.example.userprofiles.graphql.ReadAheads;
import com.example.userprofiles.graphql.StringFilter;
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
		return query(sql, params, ahead, BY_USER_ID.order(page));
	}

	@Override
	public Optional<Profile> findById(long userId, ReadAheads.Selected ahead) {
		return query(SELECT + " FROM profile p WHERE p.site_user_id = :userId",
				new MapSqlParameterSource("userId", userId), ahead, "")
			.stream()
			.findFirst();
	}

	private List<Profile> query(String sql, MapSqlParameterSource params, ReadAheads.Selected ahead, String order) {
		return this.jdbc.query(ahead.around(sql, "p", "site_user_id", order), params,
				ahead.rows(ProfileRowMapper::read, ProfileRowMapper.COLUMN_COUNT));
	}

	@Override
	public int count(@Nullable ProfileFilter filter) {
		MapSqlParameterSource params = new MapSqlParameterSource();
		Integer count = this.jdbc.queryForObject(
				"SELECT count(*)" + from(filter) + Keyset.where(conditions(filter, params)), params, Integer.class);
		return (count != null) ? count : 0;
	}

	private static String from(@Nullable ProfileFilter filter) {
		return (filter != null && filter.username() != null)
				? " FROM profile p JOIN site_user u ON u.id = p.site_user_id" : " FROM profile p";
	}

	private static List<String> conditions(@Nullable ProfileFilter filter, MapSqlParameterSource params) {
		List<String> where = new ArrayList<>();
		if (filter != null && filter.username() != null) {
			filter.username().appendTo(where, params, "u.username", StringFilter.Folding.ASCII, "username", true);
		}
		if (filter != null && filter.description() != null) {
			filter.description()
				.appendTo(where, params, "p.description", StringFilter.Folding.ANY, "description", false);
		}
		return where;
	}

}
