package com.example.userprofiles.error;

import org.jspecify.annotations.Nullable;

/** What the request names does not exist. */
public class NotFoundException extends ApiException {

	public NotFoundException(String message, @Nullable String field) {
		super(ErrorCode.NOT_FOUND, message, field);
	}

}
