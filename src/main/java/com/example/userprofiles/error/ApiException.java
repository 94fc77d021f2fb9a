package com.example.userprofiles.error;

import java.util.LinkedHashMap;
import java.util.Map;

import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import org.jspecify.annotations.Nullable;

/**
 * A failure the client caused and may read about: its code, a message written for the
 * client, and the input field at fault, if one is. Features throw the subclasses named
 * after their code.
 */
public class ApiException extends RuntimeException {

	private final ErrorCode code;

	private final @Nullable String field;

	public ApiException(ErrorCode code, String message, @Nullable String field) {
		// no stack trace: nothing went wrong in the server
		super(message, null, false, false);
		this.code = code;
		this.field = field;
	}

	/**
	 * This failure as the GraphQL error a client reads: its message,
	 * {@code extensions.code} and {@code extensions.field}; {@code error} carries where
	 * it happened, if anywhere.
	 */
	public GraphQLError toError(GraphqlErrorBuilder<?> error) {
		Map<String, Object> extensions = new LinkedHashMap<>();
		extensions.put("code", this.code.name());
		if (this.field != null) {
			extensions.put("field", this.field);
		}
		return error.errorType(this.code.type()).message(getMessage()).extensions(extensions).build();
	}

}
