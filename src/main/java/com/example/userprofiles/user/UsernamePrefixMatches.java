package com.example.userprofiles.user;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;

/**
 * The users whose username starts with a prefix that few do start with
 * ({@link UsernameStatistics}), as a {@code WITH matches} that reads all of them through
 * the prefix index, for a statement to filter, order and page. The prefix is hidden from
 * the planner in sub-selects, so that the plan does not depend on it and PostgreSQL
 * settles on one plan for the statement after its first executions, instead of planning
 * it again for each (which took longer than running it: bench/RESULTS.md). A plan made
 * without the prefix could walk the primary key for a prefix that matches no one; reading
 * the matches first, materialized, leaves the prefix index as their only way. Every text
 * in the range starts with the prefix (as in {@code StringFilter}).
 */
public final class UsernamePrefixMatches {

	private UsernamePrefixMatches() {
	}

	/**
	 * {@code WITH matches AS MATERIALIZED (...)} selecting {@code columns} of
	 * {@code site_user}, and the prefix bound in {@code params}.
	 */
	public static String with(String columns, String prefix, MapSqlParameterSource params) {
		params.addValue("usernamePrefix", prefix);
		return "WITH matches AS MATERIALIZED (SELECT " + columns
				+ " FROM site_user WHERE lower(username) ~>=~ (SELECT lower(:usernamePrefix))"
				+ " AND lower(username) ~<~ (SELECT lower(:usernamePrefix) || chr(1114111))) ";
	}

}
