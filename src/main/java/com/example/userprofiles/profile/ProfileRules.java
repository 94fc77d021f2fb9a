package com.example.userprofiles.profile;

import com.example.userprofiles.error.ApiException;
import com.example.userprofiles.error.ErrorCode;
import org.jspecify.annotations.Nullable;

/** What a profile's description must be. */
final class ProfileRules {

	static final int MAX_DESCRIPTION_LENGTH = 10_000;

	private ProfileRules() {
	}

	static String description(String description) {
		String problem = problem(description);
		if (problem != null) {
			throw new ApiException(ErrorCode.BAD_USER_INPUT, problem, "description");
		}
		return description;
	}

	/** Whether {@link #description} takes {@code description} as it is. */
	static boolean accepts(String description) {
		return problem(description) == null;
	}

	private static @Nullable String problem(String description) {
		if (description.isBlank()) {
			return "The description must not be blank";
		}
		if (description.codePointCount(0, description.length()) > MAX_DESCRIPTION_LENGTH) {
			return "The description has at most 10,000 characters";
		}
		return null;
	}

}
