package com.example.userprofiles.user;

import java.util.Map;

import com.example.userprofiles.graphql.StringFilter;
import org.jspecify.annotations.Nullable;

/** The GraphQL {@code UserFilter}. */
public record UserFilter(@Nullable StringFilter username) {

	/** The filter in a {@code filter} argument as graphql-java coerced it, or null. */
	static @Nullable UserFilter of(@Nullable Map<String, ?> argument) {
		return (argument != null) ? new UserFilter(StringFilter.in(argument, "username")) : null;
	}

}
