package com.example.userprofiles.error;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import graphql.ErrorClassification;
import graphql.ExecutionResult;
import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.introspection.IntrospectionDisabledError;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationExecutionParameters;
import org.jspecify.annotations.Nullable;

import org.springframework.graphql.execution.ErrorType;
import org.springframework.stereotype.Component;

/**
 * Gives every error of a response an {@code extensions.code}, whatever produced it:
 * syntax and validation errors from graphql-java become {@code BAD_USER_INPUT}, and
 * anything unexpected becomes {@code INTERNAL_SERVER_ERROR} with a generic message, so no
 * exception text, SQL or class name reaches a client.
 */
@Component
class ErrorCodeInstrumentation extends SimplePerformantInstrumentation {

	static final String INTERNAL_MESSAGE = "Internal server error";

	@Override
	public CompletableFuture<ExecutionResult> instrumentExecutionResult(ExecutionResult result,
			InstrumentationExecutionParameters parameters, @Nullable InstrumentationState state) {
		if (result.getErrors().isEmpty()) {
			return CompletableFuture.completedFuture(result);
		}
		List<GraphQLError> errors = result.getErrors()
			.stream()
			.filter(error -> !isConsequence(error, result.getErrors()))
			.map(ErrorCodeInstrumentation::withCode)
			.toList();
		return CompletableFuture.completedFuture(result.transform(builder -> builder.errors(errors)));
	}

	/**
	 * When a non-null field fails, graphql-java reports the failure and then the null it
	 * left; the second error says nothing new to the client, so it goes.
	 */
	private static boolean isConsequence(GraphQLError error, List<GraphQLError> all) {
		return error.getErrorType() == graphql.ErrorType.NullValueInNonNullableField && all.size() > 1;
	}

	private static GraphQLError withCode(GraphQLError error) {
		Map<String, Object> extensions = (error.getExtensions() != null) ? error.getExtensions() : Map.of();
		if (extensions.containsKey("code")) {
			return error;
		}
		ErrorCode code = (error instanceof IntrospectionDisabledError) ? ErrorCode.BAD_USER_INPUT
				: codeOf(error.getErrorType());
		Map<String, Object> coded = new LinkedHashMap<>(extensions);
		coded.put("code", code.name());
		String message = (code == ErrorCode.INTERNAL_SERVER_ERROR) ? INTERNAL_MESSAGE : error.getMessage();
		return GraphqlErrorBuilder.newError()
			.message(message)
			.locations(error.getLocations())
			.path(error.getPath())
			.errorType(error.getErrorType())
			.extensions(coded)
			.build();
	}

	private static ErrorCode codeOf(@Nullable ErrorClassification type) {
		if (type instanceof graphql.ErrorType graphqlType) {
			return switch (graphqlType) {
				case InvalidSyntax, ValidationError, OperationNotSupported, ExecutionAborted ->
					ErrorCode.BAD_USER_INPUT;
				case DataFetchingException, NullValueInNonNullableField -> ErrorCode.INTERNAL_SERVER_ERROR;
			};
		}
		if (type instanceof ErrorType springType) {
			return switch (springType) {
				case BAD_REQUEST -> ErrorCode.BAD_USER_INPUT;
				case UNAUTHORIZED -> ErrorCode.UNAUTHENTICATED;
				case FORBIDDEN -> ErrorCode.FORBIDDEN;
				case NOT_FOUND -> ErrorCode.NOT_FOUND;
				case INTERNAL_ERROR -> ErrorCode.INTERNAL_SERVER_ERROR;
			};
		}
		return ErrorCode.INTERNAL_SERVER_ERROR;
	}

}
