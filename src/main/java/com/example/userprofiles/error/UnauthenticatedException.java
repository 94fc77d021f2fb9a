package com.example.userprofiles.error;

/** The request needs a signed-in user and has none, or its user is gone. */
public class UnauthenticatedException extends ApiException {

	public UnauthenticatedException(String message) {
		super(ErrorCode.UNAUTHENTICATED, message, null);
	}

}
