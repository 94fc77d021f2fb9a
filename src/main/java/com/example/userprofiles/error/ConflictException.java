package com.example.userprofiles.error;

import org.jspecify.annotations.Nullable;

/** The change clashes with data that already exists. */
public class ConflictException extends ApiException {

	public ConflictException(String message, @Nullable String field) {
		super(ErrorCode.CONFLICT, message, field);
	}

}
