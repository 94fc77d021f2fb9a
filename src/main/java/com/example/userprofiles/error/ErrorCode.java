package com.example.userprofiles.error;

/**
 * The {@code extensions.code} of every GraphQL error this API returns. Clients branch on
 * these, so the names are part of the contract.
 */
public enum ErrorCode {

	/**
	 * The input is invalid; {@code extensions.field} names the field when one is at
	 * fault.
	 */
	BAD_USER_INPUT,

	/** No valid bearer token, or its user no longer exists. */
	UNAUTHENTICATED,

	/** Signed in, but not allowed to act on this account or profile. */
	FORBIDDEN,

	/** The thing to change or delete does not exist. */
	NOT_FOUND,

	/**
	 * The change clashes with existing data: a taken username or email, a second profile.
	 */
	CONFLICT,

	/**
	 * Too many failed attempts: {@code logIn} for this username is refused for a while.
	 */
	TOO_MANY_REQUESTS,

	/**
	 * The database cannot be reached just now (stopped, restarting, unreachable); try
	 * again in a few seconds. The operation did not complete: a mutation that answers
	 * this changed nothing, unless the connection broke while its commit was under way,
	 * which no client can tell from a failure, so check before repeating one that is not
	 * idempotent.
	 */
	SERVICE_UNAVAILABLE,

	/**
	 * The request took too long: the database stopped a statement at the statement
	 * timeout (5 s by default), and the fields of the same query after it were stopped
	 * with it. A mutation that answers this changed nothing. Ask for less (a smaller
	 * page, a narrower filter, no {@code totalCount}), or retry later if the server was
	 * busy.
	 */
	TIMEOUT,

	/**
	 * Anything the client did not cause; the message stays generic and the server logs
	 * the cause.
	 */
	INTERNAL_SERVER_ERROR

}
