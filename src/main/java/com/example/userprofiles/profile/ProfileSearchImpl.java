package com.example.userprofiles.profile;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;

import com.example.userprofiles.shared.graphql.Keyset;
import com.example.userprofiles.shared.graphql.Page;
import com.example.userprofiles.shared.graphql.StringFilter;
import com.example.userprofiles.user.User;
import com.example.userprofiles.user.UserRowMapper;
import com.example.userprofiles.user.UsernamePrefixMatches;
import com.example.userprofiles.user.UsernameStatistics;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcOperations;

/**
 * The SQL behind {@link ProfileSearch}; the user table is joined to filter by username,
 * and to read each profile's user in the same statement when the operation selects it.
 */
class ProfileSearchImpl implements ProfileSearch {

	private static final Keyset BY_USER_ID = new Keyset(List.of("p.site_user_id"), false);

	private static final String COLUMNS = "SELECT p.site_user_id, p.description, p.created_at, p.updated_at";

	// The user's columns renamed (user_id, user_username, ...): the filter's own join of
	// site_user, and the profile's columns, keep their names. Lateral, so each profile's
	// user is looked up by its primary key, never merged from the start of the table.
	private static final UserRowMapper USERS = UserRowMapper.prefixed("user_");

	private static final String WITH_USER = ", joined_user.* ";

	private static final String JOIN_USER = " JOIN LATERAL (SELECT " + USERS.selectList()
			+ " FROM site_user WHERE site_user.id = p.site_user_id LIMIT 1) AS joined_user ON true";

	private final NamedParameterJdbcOperations jdbc;

	private final UsernameStatistics statistics;

	ProfileSearchImpl(NamedParameterJdbcOperations jdbc, UsernameStatistics statistics) {
		this.jdbc = jdbc;
		this.statistics = statistics;
	}

	@Override
	public List<Profile> findPage(@Nullable ProfileFilter filter, Page page, @Nullable Long after,
			@Nullable Long before, @Nullable BiConsumer<Profile, User> users) {
		MapSqlParameterSource params = new MapSqlParameterSource();
		StringFilter username = (filter != null) ? filter.username() : null;
		String prefix = (username != null) ? username.startsWith() : null;
		String selectFrom;
		List<String> where;
		if (filter != null && username != null && prefix != null && this.statistics.fewStartWith(prefix)) {
			// each match's profile looked up by its key (a lateral join: a plan made
			// without the prefix might otherwise read every profile to join them)
			selectFrom = UsernamePrefixMatches.with("id, username", prefix, params)
					+ "SELECT p.site_user_id, p.description, p.created_at, p.updated_at FROM matches u JOIN LATERAL"
					+ " (SELECT * FROM profile WHERE profile.site_user_id = u.id LIMIT 1) AS p ON true";
			where = conditions(new ProfileFilter(username.withoutStartsWith(), filter.description()), params);
		}
		else {
			selectFrom = COLUMNS + from(filter);
			where = conditions(filter, params);
		}
		BY_USER_ID.appendBounds(where, params, (after != null) ? List.of(after) : null,
				(before != null) ? List.of(before) : null);
		String sql = selectFrom + whereClause(where) + BY_USER_ID.orderAndLimit(page);
		if (users != null) {
			// the users of the page's rows only, not of every row the filter matches
			sql = "SELECT p.*" + WITH_USER + "FROM (" + sql + ") AS p" + JOIN_USER + BY_USER_ID.order(page);
		}
		return this.jdbc.query(sql, params, rows(users));
	}

	@Override
	public Optional<Profile> findOneWithUser(long userId, BiConsumer<Profile, User> users) {
		String sql = COLUMNS + WITH_USER + " FROM profile p" + JOIN_USER + " WHERE p.site_user_id = :userId";
		return this.jdbc.query(sql, new MapSqlParameterSource("userId", userId), rows(users)).stream().findFirst();
	}

	private static RowMapper<Profile> rows(@Nullable BiConsumer<Profile, User> users) {
		if (users == null) {
			return ProfileRowMapper.INSTANCE;
		}
		return (row, number) -> {
			Profile profile = ProfileRowMapper.INSTANCE.mapRow(row, number);
			users.accept(profile, USERS.mapRow(row, number));
			return profile;
		};
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
				filter.username().appendTo(where, params, "u.username", StringFilter.Folding.ASCII, "username", true);
			}
			if (filter.description() != null) {
				filter.description().appendTo(where, params, "p.description", StringFilter.Folding.ANY, "description");
			}
		}
		return where;
	}

	private static String whereClause(List<String> conditions) {
		return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
	}

}
