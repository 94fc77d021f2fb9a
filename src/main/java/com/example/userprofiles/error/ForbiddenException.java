package com.example.userprofiles.error;

/** The signed-in user may not act on what the request names. */
public class ForbiddenException extends ApiException {

	public ForbiddenException(String message, String field) {
		super(ErrorCode.FORBIDDEN, message, field);
	}

}
