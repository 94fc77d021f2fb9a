package com.example.userprofiles.error;

import org.jspecify.annotations.Nullable;

/** The input is invalid; the message says why. */
public class InvalidInputException extends ApiException {

	public InvalidInputException(String message, @Nullable String field) {
		super(ErrorCode.BAD_USER_INPUT, message, field);
	}

}
