package com.example.userprofiles.error;

import java.util.List;

import graphql.ExceptionWhileDataFetching;
import graphql.ExecutionResult;
import graphql.ExecutionResultImpl;
import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.execution.ResultPath;
import org.junit.jupiter.api.Test;

import org.springframework.graphql.execution.ErrorType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Errors the features did not code themselves still reach the client with a code, and
 * nothing internal.
 */
class ErrorCodeInstrumentationTests {

	private final ErrorCodeInstrumentation instrumentation = new ErrorCodeInstrumentation();

	@Test
	void anUnexpectedFailureBecomesAGenericInternalServerError() {
		GraphQLError leaky = new ExceptionWhileDataFetching(ResultPath.parse("/users"),
				new IllegalStateException("SELECT * FROM site_user failed at com.example.Secret"), null);

		GraphQLError error = only(this.instrumentation.instrumentExecutionResult(result(leaky), null, null).join());

		assertThat(error.getMessage()).isEqualTo("Internal server error");
		assertThat(error.getExtensions()).containsEntry("code", "INTERNAL_SERVER_ERROR");
		assertThat(error.getPath()).containsExactly("users");
	}

	@Test
	void springsInternalErrorBecomesAGenericInternalServerError() {
		GraphQLError spring = GraphqlErrorBuilder.newError()
			.errorType(ErrorType.INTERNAL_ERROR)
			.message("INTERNAL_ERROR for 0b7e9a")
			.build();

		GraphQLError error = only(this.instrumentation.instrumentExecutionResult(result(spring), null, null).join());

		assertThat(error.getMessage()).isEqualTo("Internal server error");
		assertThat(error.getExtensions()).containsEntry("code", "INTERNAL_SERVER_ERROR");
	}

	@Test
	void anErrorWithACodeIsLeftAsItIs() {
		GraphQLError coded = GraphqlErrorBuilder.newError()
			.message("That username is taken")
			.extensions(java.util.Map.of("code", "CONFLICT", "field", "username"))
			.build();

		assertThat(only(this.instrumentation.instrumentExecutionResult(result(coded), null, null).join()))
			.isSameAs(coded);
	}

	@Test
	void theNullLeftByAFailedNonNullFieldIsNotReportedTwice() {
		GraphQLError cause = GraphqlErrorBuilder.newError()
			.message("'first' must be between 0 and 100")
			.extensions(java.util.Map.of("code", "BAD_USER_INPUT", "field", "first"))
			.build();
		GraphQLError consequence = GraphqlErrorBuilder.newError()
			.errorType(graphql.ErrorType.NullValueInNonNullableField)
			.message("The field at path '/users' was declared as a non null type")
			.build();

		ExecutionResult result = this.instrumentation
			.instrumentExecutionResult(
					ExecutionResultImpl.newExecutionResult().errors(List.of(cause, consequence)).build(), null, null)
			.join();

		assertThat(result.getErrors()).containsExactly(cause);
	}

	private static ExecutionResult result(GraphQLError error) {
		return ExecutionResultImpl.newExecutionResult().addError(error).build();
	}

	private static GraphQLError only(ExecutionResult result) {
		assertThat(result.getErrors()).hasSize(1);
		return result.getErrors().get(0);
	}

}
