package com.example.userprofiles.error;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.List;

import graphql.ExceptionWhileDataFetching;
import graphql.ExecutionResult;
import graphql.ExecutionResultImpl;
import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.execution.ResultPath;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.graphql.execution.ErrorType;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

import static com.example.userprofiles.error.ApiExceptionHandler.timedOut;
import static com.example.userprofiles.error.ApiExceptionHandler.unavailable;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which database failures are {@code TIMEOUT} or {@code SERVICE_UNAVAILABLE}, and how
 * uncoded errors still get a code and nothing internal.
 */
class ApiExceptionHandlerTests {

	private static final PSQLException CANCELLED = new PSQLException(
			"ERROR: canceling statement due to statement timeout", PSQLState.QUERY_CANCELED);

	private static final SQLException TERMINATED = new SQLException(
			"FATAL: terminating connection due to administrator command", "57P01");

	@Test
	void aStatementCancelledAtTheTimeoutTimedOut() {
		assertThat(timedOut(new QueryTimeoutException("SELECT ...", CANCELLED))).isTrue();
		assertThat(timedOut(new UncategorizedSQLException("select", "SELECT ...", CANCELLED))).isTrue();
		assertThat(unavailable(new QueryTimeoutException("SELECT ...", CANCELLED))).isFalse();
	}

	@Test
	void aStatementRefusedInATransactionThatATimeoutAbortedTimedOutToo() {
		PSQLException aborted = new PSQLException("ERROR: current transaction is aborted",
				PSQLState.IN_FAILED_SQL_TRANSACTION);
		// what the driver does: the failure that aborted the transaction is the cause
		aborted.initCause(CANCELLED);
		assertThat(timedOut(new UncategorizedSQLException("select", "SELECT ...", aborted))).isTrue();
		PSQLException abortedOtherwise = new PSQLException("ERROR: current transaction is aborted",
				PSQLState.IN_FAILED_SQL_TRANSACTION);
		assertThat(timedOut(new UncategorizedSQLException("select", "SELECT ...", abortedOtherwise))).isFalse();
	}

	@Test
	void noConnectionOrOneTheServerEndedIsUnavailability() {
		assertThat(unavailable(new CannotCreateTransactionException("Could not open JDBC Connection",
				new SQLTransientConnectionException("Connection is not available, request timed out after 2000ms"))))
			.isTrue();
		assertThat(unavailable(new CannotGetJdbcConnectionException("Failed to obtain JDBC Connection"))).isTrue();
		assertThat(unavailable(new DataAccessResourceFailureException("JDBC commit", TERMINATED))).isTrue();
		assertThat(unavailable(new UncategorizedSQLException("update", "UPDATE ...",
				new PSQLException("An I/O error occurred while sending to the backend", PSQLState.CONNECTION_FAILURE))))
			.isTrue();
		// a rollback on a connection the pool discarded
		assertThat(unavailable(
				new TransactionSystemException("JDBC rollback failed", new SQLException("Connection is closed"))))
			.isTrue();
		assertThat(timedOut(new UncategorizedSQLException("select", "SELECT ...", TERMINATED))).isFalse();
	}

	@Test
	void refusedDataBrokenConstraintsAndBugsAreNeither() {
		UncategorizedSQLException refused = new UncategorizedSQLException("insert", "INSERT ...",
				new SQLException("invalid byte sequence", "22021"));
		DataIntegrityViolationException duplicate = new DataIntegrityViolationException("duplicate key",
				new PSQLException("duplicate key value", PSQLState.UNIQUE_VIOLATION));
		IllegalStateException bug = new IllegalStateException("a bug");
		for (Exception ex : new Exception[] { refused, duplicate, bug }) {
			assertThat(unavailable(ex)).as("%s", ex).isFalse();
			assertThat(timedOut(ex)).as("%s", ex).isFalse();
		}
	}

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
