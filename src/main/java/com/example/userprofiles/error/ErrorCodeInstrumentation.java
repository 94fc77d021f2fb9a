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
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationExecutionParameters;
import graphql.introspection.IntrospectionDisabledError;
import org.jspecify.annotations.Nullable;

import org.springframework.graphql.execution.ErrorType;
import org.springframework.stereotype.Component;

/**
 * Gives every error an {@code extensions.code}: syntax and validation errors
 * {@code BAD_USER_INPUT}, anything unexpected {@code INTERNAL_SERVER_ERROR} with a
 * generic message, so no exception text or SQL reaches a client. An operation that failed
 * because the database is away gets {@code "data": null}, so that
 * {@code application/graphql-response+json} answers 200, not a 400 blaming the client.
 */
@Component
class ErrorCodeInstrumentation extends SimplePerformantInstrumentation {

	@Override
	public CompletableFuture<ExecutionResult> instrumentExecutionResult(ExecutionResult result,
			InstrumentationExecutionParameters parameters, @Nullable InstrumentationState state) {
		if (result.getErrors().isEmpty()) {
			return CompletableFuture.completedFuture(result);
		}
		// a failed non-null field is reported, then the null it left: drop the latter
		List<GraphQLError> errors = result.getErrors()
			.stream()
			.filter(error -> result.getErrors().size() == 1
					|| error.getErrorType() != graphql.ErrorType.NullValueInNonNullableField)
			.map(ErrorCodeInstrumentation::withCode)
			.toList();
		boolean unavailable = !result.isDataPresent() && errors.stream()
			.anyMatch(error -> ErrorCode.SERVICE_UNAVAILABLE.name().equals(error.getExtensions().get("code")));
		return CompletableFuture.completedFuture(result.transform(builder -> {
			builder.errors(errors);
			if (unavailable) {
				builder.data(null);
			}
		}));
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
		return GraphqlErrorBuilder.newError()
			.message((code == ErrorCode.INTERNAL_SERVER_ERROR) ? "Internal server error" : error.getMessage())
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
