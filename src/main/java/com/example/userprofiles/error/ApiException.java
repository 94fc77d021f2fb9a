package com.example.userprofiles.error;

import java.util.LinkedHashMap;
import java.util.Map;

import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import org.jspecify.annotations.Nullable;

/**
 * A failure the client caused: its {@link ErrorCode}, a message for the client, and the
 * input field at fault, if one is.
 */
public class ApiException extends RuntimeException {

	private final ErrorCode code;

	private final @Nullable String field;

	public ApiException(ErrorCode code, String message) {
		this(code, message, null);
	}

	public ApiException(ErrorCode code, String message, @Nullable String field) {
		// no stack trace: nothing went wrong in the server
		super(message, null, false, false);
		this.code = code;
		this.field = field;
	}

	/** The database cannot be reached just now: the one failure with a fixed message. */
	public static ApiException serviceUnavailable() {
		return new ApiException(ErrorCode.SERVICE_UNAVAILABLE,
				"The service is unavailable just now: its database cannot be reached. Try again in a few seconds.");
	}

	/** This failure as a GraphQL error with {@code extensions.code} and {@code field}. */
	public GraphQLError toError(GraphqlErrorBuilder<?> error) {
		Map<String, Object> extensions = new LinkedHashMap<>();
		extensions.put("code", this.code.name());
		if (this.field != null) {
			extensions.put("field", this.field);
		}
		return error.errorType(this.code.type()).message(getMessage()).extensions(extensions).build();
	}

}
