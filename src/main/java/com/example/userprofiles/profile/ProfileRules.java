package com.example.userprofiles.profile;

import com.example.userprofiles.error.ApiException;
import com.example.userprofiles.error.ErrorCode;

/** What a profile's description must be. */
final class ProfileRules {

	private static final int MAX_DESCRIPTION_LENGTH = 10_000;

	private ProfileRules() {
	}

	static String description(String description) {
		if (!accepts(description)) {
			throw new ApiException(ErrorCode.BAD_USER_INPUT, description.isBlank() ? "The description must not be blank"
					: "The description has at most 10,000 characters", "description");
		}
		return description;
	}

	static boolean accepts(String description) {
		return !description.isBlank() && description.codePointCount(0, description.length()) <= MAX_DESCRIPTION_LENGTH;
	}

}
