package com.example.userprofiles.error;

import org.springframework.graphql.execution.ErrorType;

/**
 * The {@code extensions.code} of every GraphQL error this API returns, with Spring for
 * GraphQL's classification of it. Clients branch on these names: they are the contract.
 */
public enum ErrorCode {

	/** Invalid input; {@code extensions.field} names the field at fault, if one is. */
	BAD_USER_INPUT(ErrorType.BAD_REQUEST),

	/** No valid bearer token, or its user no longer exists. */
	UNAUTHENTICATED(ErrorType.UNAUTHORIZED),

	/** Signed in, but not allowed to act on this account or profile. */
	FORBIDDEN(ErrorType.FORBIDDEN),

	NOT_FOUND(ErrorType.NOT_FOUND),

	/**
	 * A request named its document by hash alone (Apollo's automatic persisted queries),
	 * and this server holds no document of that hash: send it again with its query.
	 */
	PERSISTED_QUERY_NOT_FOUND(ErrorType.NOT_FOUND),

	/**
	 * This server runs only its trusted documents
	 * ({@code app.graphql.trusted-documents-only}) and the request's document, sent by
	 * hash or in full, is not one of them: nothing ran.
	 */
	PERSISTED_QUERY_NOT_IN_LIST(ErrorType.FORBIDDEN),

	/** A taken username or email, a second profile. */
	CONFLICT(ErrorType.BAD_REQUEST),

	/** Too many attempts or operations; try again later. */
	TOO_MANY_REQUESTS(ErrorType.BAD_REQUEST),

	/**
	 * The database cannot be reached; retry shortly. A mutation answering this changed
	 * nothing, unless the connection broke during its commit.
	 */
	SERVICE_UNAVAILABLE(ErrorType.INTERNAL_ERROR),

	/** A statement hit the statement timeout; nothing changed. Ask for less. */
	TIMEOUT(ErrorType.INTERNAL_ERROR),

	/** Anything the client did not cause; the server logs the cause. */
	INTERNAL_SERVER_ERROR(ErrorType.INTERNAL_ERROR);

	private final ErrorType type;

	ErrorCode(ErrorType type) {
		this.type = type;
	}

	ErrorType type() {
		return this.type;
	}

}
