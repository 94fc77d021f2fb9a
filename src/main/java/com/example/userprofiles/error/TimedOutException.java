package com.example.userprofiles.error;

/**
 * A statement of the request ran past the statement timeout and the database stopped it.
 * The message says what the client can do, and nothing of the statement.
 */
class TimedOutException extends ApiException {

	TimedOutException() {
		super("The request took too long and was stopped before it completed. "
				+ "Ask for less (a smaller page or a narrower filter) or try again later.", null);
	}

	@Override
	public ErrorCode code() {
		return ErrorCode.TIMEOUT;
	}

}
