package com.example.userprofiles.error;

/** The client must wait before trying this again. */
public class TooManyRequestsException extends ApiException {

	public TooManyRequestsException(String message) {
		super(ErrorCode.TOO_MANY_REQUESTS, message, null);
	}

}
