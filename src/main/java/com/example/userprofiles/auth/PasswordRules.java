package com.example.userprofiles.auth;

import com.example.userprofiles.error.ApiException;
import com.example.userprofiles.error.ErrorCode;

/** What a password must be. */
public final class PasswordRules {

	static final int MIN_LENGTH = 8;

	static final int MAX_LENGTH = 128;

	private PasswordRules() {
	}

	public static String password(String password, String field) {
		int length = password.codePointCount(0, password.length());
		if (length < MIN_LENGTH || length > MAX_LENGTH) {
			throw new ApiException(ErrorCode.BAD_USER_INPUT,
					"A password has " + MIN_LENGTH + " to " + MAX_LENGTH + " characters", field);
		}
		return password;
	}

}
