package com.example.userprofiles.error;

import java.util.LinkedHashMap;
import java.util.Map;

import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import org.jspecify.annotations.Nullable;

import org.springframework.graphql.execution.ErrorType;

/**
 * A failure the client caused and may read about: the message is written for the client,
 * and {@link #field()} names the input field at fault, if one is.
 */
public abstract class ApiException extends RuntimeException {

	private final @Nullable String field;

	protected ApiException(String message, @Nullable String field) {
		super(message, null, false, false);
		this.field = field;
	}

	public abstract ErrorCode code();

	public @Nullable String field() {
		return this.field;
	}

	/**
	 * This failure as the GraphQL error a client reads: its message,
	 * {@code extensions.code} and, where one input field is at fault,
	 * {@code extensions.field}. {@code error} carries where it happened, if anywhere.
	 */
	public GraphQLError toError(GraphqlErrorBuilder<?> error) {
		Map<String, Object> extensions = new LinkedHashMap<>();
		extensions.put("code", code().name());
		if (this.field != null) {
			extensions.put("field", this.field);
		}
		return error.errorType(errorType(code())).message(getMessage()).extensions(extensions).build();
	}

	private static ErrorType errorType(ErrorCode code) {
		return switch (code) {
			case BAD_USER_INPUT, CONFLICT, TOO_MANY_REQUESTS -> ErrorType.BAD_REQUEST;
			case UNAUTHENTICATED -> ErrorType.UNAUTHORIZED;
			case FORBIDDEN -> ErrorType.FORBIDDEN;
			case NOT_FOUND -> ErrorType.NOT_FOUND;
			case SERVICE_UNAVAILABLE, TIMEOUT, INTERNAL_SERVER_ERROR -> ErrorType.INTERNAL_ERROR;
		};
	}

}
