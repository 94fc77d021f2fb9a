package com.example.userprofiles.error;

/** The database cannot be reached just now: the one failure with a fixed message. */
public class ServiceUnavailableException extends ApiException {

	public ServiceUnavailableException() {
		super(ErrorCode.SERVICE_UNAVAILABLE,
				"The service is unavailable just now: its database cannot be reached. Try again in a few seconds.");
	}

}
