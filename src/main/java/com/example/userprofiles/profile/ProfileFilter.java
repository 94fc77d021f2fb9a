package com.example.userprofiles.profile;

import java.util.Map;

import com.example.userprofiles.graphql.StringFilter;
import org.jspecify.annotations.Nullable;

/** The GraphQL {@code ProfileFilter}. */
record ProfileFilter(@Nullable StringFilter username, @Nullable StringFilter description) {

	/** The filter in a {@code filter} argument as graphql-java coerced it, or null. */
	static @Nullable ProfileFilter of(@Nullable Map<String, ?> argument) {
		return (argument != null)
				? new ProfileFilter(StringFilter.in(argument, "username"), StringFilter.in(argument, "description"))
				: null;
	}

}
