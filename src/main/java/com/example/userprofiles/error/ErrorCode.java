package com.example.userprofiles.error;

import org.springframework.graphql.execution.ErrorType;

/**
 * The {@code extensions.code} of every GraphQL error this API returns, with Spring for
 * GraphQL's classification of it. Clients branch on these, so the names are part of the
 * contract.
 */
public enum ErrorCode {

	/**
	 * The input is invalid; {@code extensions.field} names the field at fault, if one is.
	 */
	BAD_USER_INPUT(ErrorType.BAD_REQUEST),

	/** No valid bearer token, or its user no longer exists. */
	UNAUTHENTICATED(ErrorType.UNAUTHORIZED),

	/** Signed in, but not allowed to act on this account or profile. */
	FORBIDDEN(ErrorType.FORBIDDEN),

	/** The thing to change or delete does not exist. */
	NOT_FOUND(ErrorType.NOT_FOUND),

	/**
	 * The change clashes with existing data: a taken username or email, a second profile.
	 */
	CONFLICT(ErrorType.BAD_REQUEST),

	/** Too many attempts or operations; try again later. */
	TOO_MANY_REQUESTS(ErrorType.BAD_REQUEST),

	/**
	 * The database cannot be reached just now; try again in a few seconds. A mutation
	 * that answers this changed nothing, unless the connection broke during its commit,
	 * which no client can tell: check before repeating one that is not idempotent.
	 */
	SERVICE_UNAVAILABLE(ErrorType.INTERNAL_ERROR),

	/**
	 * The database stopped a statement at the statement timeout, and the fields of the
	 * same query after it with it. A mutation that answers this changed nothing. Ask for
	 * less, or retry later.
	 */
	TIMEOUT(ErrorType.INTERNAL_ERROR),

	/**
	 * Anything the client did not cause; the message is generic and the server logs the
	 * cause.
	 */
	INTERNAL_SERVER_ERROR(ErrorType.INTERNAL_ERROR);

	private final ErrorType type;

	ErrorCode(ErrorType type) {
		this.type = type;
	}

	ErrorType type() {
		return this.type;
	}

}
