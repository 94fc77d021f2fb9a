package com.example.userprofiles.user;

import java.util.regex.Pattern;

import com.example.userprofiles.error.ApiException;
import com.example.userprofiles.error.ErrorCode;

/** What a username, an email and a password must look like. */
final class UserRules {

	private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._-]{3,100}");

	// Catches typos; whether it receives mail is for a confirmation email to tell
	private static final Pattern EMAIL = Pattern.compile(
			"[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+");

	private UserRules() {
	}

	/** Whether some account could have {@code username}. */
	static boolean isUsername(String username) {
		return USERNAME.matcher(username).matches();
	}

	static String username(String username) {
		if (!isUsername(username)) {
			throw new ApiException(ErrorCode.BAD_USER_INPUT,
					"A username has 3 to 100 characters: letters, digits, '.', '_' or '-'", "username");
		}
		return username;
	}

	static String email(String email) {
		if (email.length() > 100 || !EMAIL.matcher(email).matches() || email.startsWith(".") || email.contains("..")
				|| email.contains(".@")) {
			throw new ApiException(ErrorCode.BAD_USER_INPUT, "Give a valid email address of at most 100 characters",
					"email");
		}
		return email;
	}

	static String password(String password, String field) {
		int length = password.codePointCount(0, password.length());
		if (length < 8 || length > 128) {
			throw new ApiException(ErrorCode.BAD_USER_INPUT, "A password has 8 to 128 characters", field);
		}
		return password;
	}

}
