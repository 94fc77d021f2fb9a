package com.example.userprofiles.graphql;

import com.example.userprofiles.error.ApiException;
import com.example.userprofiles.error.ErrorCode;
import org.jspecify.annotations.Nullable;

/**
 * The slice of a list a connection field asks for, checked against the Relay rules.
 *
 * @param backward whether the page ends at {@code before} (the client gave {@code last})
 */
public record Page(int size, boolean backward, @Nullable String after, @Nullable String before) {

	public static final int DEFAULT_SIZE = 20;

	public static final int MAX_SIZE = 100;

	public static Page of(@Nullable Integer first, @Nullable String after, @Nullable Integer last,
			@Nullable String before) {
		if (first != null && last != null) {
			throw new ApiException(ErrorCode.BAD_USER_INPUT, "Give either 'first' or 'last', not both", "last");
		}
		check(first, "first");
		check(last, "last");
		if (last != null) {
			return new Page(last, true, after, before);
		}
		return new Page((first != null) ? first : DEFAULT_SIZE, false, after, before);
	}

	private static void check(@Nullable Integer size, String field) {
		if (size != null && (size < 0 || size > MAX_SIZE)) {
			throw new ApiException(ErrorCode.BAD_USER_INPUT, "'" + field + "' must be between 0 and " + MAX_SIZE,
					field);
		}
	}

}
