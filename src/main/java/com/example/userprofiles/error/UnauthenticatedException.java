package com.example.userprofiles.error;

/**
 * The request needs a signed-in user and has none: no token, an invalid one, or its user
 * is gone.
 */
public class UnauthenticatedException extends ApiException {

	public UnauthenticatedException(String message) {
		super(message, null);
	}

	@Override
	public ErrorCode code() {
		return ErrorCode.UNAUTHENTICATED;
	}

}
