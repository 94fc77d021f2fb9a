package com.example.userprofiles.user;

import java.util.List;
import java.util.Map;

import com.example.userprofiles.graphql.StringFilter;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;

/** The GraphQL {@code UserFilter}. */
public record UserFilter(@Nullable StringFilter username) {

	/** The filter in a {@code filter} argument as graphql-java coerced it, or null. */
	static @Nullable UserFilter of(@Nullable Map<String, ?> argument) {
		return (argument != null) ? new UserFilter(StringFilter.in(argument, "username")) : null;
	}

	/**
	 * Adds the conditions of {@code filter} on the username {@code column} to
	 * {@code where}. A username is ASCII ({@link UserRules}), so {@code lower()} folds
	 * it, as its indexes do; {@code startsWith} is a range on the
	 * {@code text_pattern_ops} index of {@code lower(username)}: a generic plan cannot
	 * see a {@code LIKE} prefix, so it would not use the index.
	 */
	public static void appendTo(List<String> where, MapSqlParameterSource params, String column, StringFilter filter) {
		String folded = "lower(" + column + ")";
		if (filter.equals() != null) {
			where.add(folded + " = lower(:usernameEquals)");
			params.addValue("usernameEquals", filter.equals());
		}
		if (filter.startsWith() != null) {
			// Texts with the prefix sort byte-wise between it and it followed by the
			// highest code point; starts_with keeps the range exact and, unlike LIKE,
			// draws no trigram index into the plan (QueryPlanTests).
			where.add("starts_with(" + folded + ", lower(:usernamePrefix)) AND " + folded
					+ " ~>=~ lower(:usernamePrefix) AND " + folded + " ~<~ (lower(:usernamePrefix) || chr(1114111))");
			params.addValue("usernamePrefix", filter.startsWith());
		}
		if (filter.contains() != null) {
			where.add(folded + " LIKE lower(:usernameContains) ESCAPE '\\'");
			params.addValue("usernameContains", StringFilter.containing(filter.contains()));
		}
	}

}
