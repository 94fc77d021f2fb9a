package com.example.userprofiles.profile;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

import com.example.userprofiles.error.ApiException;
import com.example.userprofiles.error.ErrorCode;
import com.example.userprofiles.graphql.Connection;
import com.example.userprofiles.graphql.Cursor;
import com.example.userprofiles.graphql.Keyset;
import com.example.userprofiles.graphql.Page;
import com.example.userprofiles.graphql.ReadAhead;
import com.example.userprofiles.graphql.ReadAheads;
import com.example.userprofiles.user.UserFilter;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcOperations;

/**
 * The SQL behind {@link ProfileQueries}; {@code site_user} is joined only to filter by
 * username.
 */
class ProfileQueriesImpl implements ProfileQueries {

	private static final String CURSOR_KIND = "profiles";

	private static final Keyset BY_USER_ID = new Keyset(List.of("p.site_user_id"), false);

	private static final String SELECT = "SELECT p.site_user_id, p.description, p.created_at, p.updated_at";

	private static final ReadAhead.Parents<Profile> PROFILES = new ReadAhead.Parents<>("p", "site_user_id",
			ProfileRowMapper::read, ProfileRowMapper.COLUMNS.split(",").length);

	private final NamedParameterJdbcOperations jdbc;

	ProfileQueriesImpl(NamedParameterJdbcOperations jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public Connection<Profile> page(Page page, @Nullable ProfileFilter filter, ReadAheads.Selected ahead) {
		List<?> after = (page.after() != null) ? List.of(keysetValue(page.after(), "after")) : null;
		List<?> before = (page.before() != null) ? List.of(keysetValue(page.before(), "before")) : null;
		MapSqlParameterSource params = new MapSqlParameterSource();
		List<String> where = conditions(filter, params);
		BY_USER_ID.appendBounds(where, params, after, before);
		String sql = SELECT + from(filter) + Keyset.where(where) + BY_USER_ID.orderAndLimit(page);
		List<Profile> fetched = ahead.query(this.jdbc, PROFILES, sql, params, BY_USER_ID.order(page));
		return Connection.of(fetched, page, ProfileQueriesImpl::cursorOf, () -> count(filter));
	}

	@Override
	public List<Profile> findAllById(Collection<Long> userIds, ReadAheads.Selected ahead) {
		return ahead.query(this.jdbc, PROFILES, SELECT + " FROM profile p WHERE p.site_user_id IN (:userIds)",
				new MapSqlParameterSource("userIds", userIds), "");
	}

	private int count(@Nullable ProfileFilter filter) {
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

	private static String cursorOf(Profile profile) {
		return Cursor.encode(CURSOR_KIND, List.of(String.valueOf(profile.userId())));
	}

	private static Long keysetValue(String cursor, String argument) {
		String value = Cursor.decode(cursor, CURSOR_KIND, 1, argument).get(0);
		try {
			return Long.parseLong(value);
		}
		catch (NumberFormatException ex) {
			throw new ApiException(ErrorCode.BAD_USER_INPUT, "'" + argument + "' is not a cursor of this list",
					argument);
		}
	}

}
