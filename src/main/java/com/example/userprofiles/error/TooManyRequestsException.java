package com.example.userprofiles.error;

/** The client must wait before trying this again. */
public class TooManyRequestsException extends ApiException {

	public TooManyRequestsException(String message) {
		super(message, null);
	}

	@Override
	public ErrorCode code() {
		return ErrorCode.TOO_MANY_REQUESTS;
	}

}
