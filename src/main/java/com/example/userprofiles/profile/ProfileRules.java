package com.example.userprofiles.profile;

import com.example.userprofiles.shared.error.InvalidInputException;

/** What a profile's description must be. */
final class ProfileRules {

	static final int MAX_DESCRIPTION_LENGTH = 10_000;

	private ProfileRules() {
	}

	static String description(String description) {
		if (description.isBlank()) {
			throw new InvalidInputException("The description must not be blank", "description");
		}
		if (description.codePointCount(0, description.length()) > MAX_DESCRIPTION_LENGTH) {
			throw new InvalidInputException("The description has at most 10,000 characters", "description");
		}
		return description;
	}

}
