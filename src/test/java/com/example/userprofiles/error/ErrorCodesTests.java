package com.example.userprofiles.error;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

import com.example.userprofiles.support.Api.Account;
import com.example.userprofiles.support.Api;
import com.example.userprofiles.support.IntegrationTest;
import graphql.ExceptionWhileDataFetching;
import graphql.ExecutionResult;
import graphql.ExecutionResultImpl;
import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.execution.ResultPath;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.graphql.ResponseError;
import org.springframework.graphql.execution.ErrorType;
import org.springframework.graphql.test.tester.GraphQlTester;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

import static com.example.userprofiles.error.ApiExceptionHandler.timedOut;
import static com.example.userprofiles.error.ApiExceptionHandler.unavailable;
import static com.example.userprofiles.support.Api.expect;
import static com.example.userprofiles.support.Api.run;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * How failures become codes: a statement cancelled at the statement timeout answers
 * {@code TIMEOUT} with a plain message, for its field and the later fields of its
 * snapshot, and a mutation so cancelled changes nothing (a lock held by the test makes
 * statements wait; the context has a 2 s timeout); which failures are {@code TIMEOUT} or
 * {@code SERVICE_UNAVAILABLE}; and how uncoded errors still get a code.
 */
@IntegrationTest
@TestPropertySource(properties = "app.db.statement-timeout=2s")
@DirtiesContext
class ErrorCodesTests {

	@Autowired
	Api api;

	@Autowired
	DataSource dataSource;

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void aQueryWhoseStatementRunsPastTheTimeoutAnswersTimeoutWithoutSql() throws SQLException {
		Account ann = this.api.signUp("timeout-one");
		this.api.createProfile(ann, "waits for a lock");
		GraphQlTester.Response response;
		try (HeldLock lock = lock("LOCK TABLE profile IN ACCESS EXCLUSIVE MODE")) {
			// one statement, so no snapshot: the page statement itself waits for the lock
			response = run(this.api.anonymous(),
					"query($u: String!) { profiles(filter: { username: { equals: $u } }) { nodes { id } } }", "u",
					ann.username());
		}
		response.errors().satisfy(errors -> {
			assertThat(errors).singleElement().satisfies(error -> assertTimeout(error, "profiles"));
		});
	}

	@Test
	void theFieldsOfAQueryAfterOneThatTimedOutAnswerTimeoutToo() throws SQLException {
		Account ann = this.api.signUp("timeout-before");
		Account bob = this.api.signUp("timeout-blocked");
		Account cid = this.api.signUp("timeout-after");
		this.api.createProfile(bob, "waits for a lock");
		// one snapshot: the second statement is cancelled, aborting the third
		String document = """
				query($a: ID!, $b: ID!, $c: ID!) {
				  a: user(id: $a) { username }
				  b: user(id: $b) { username profile { description } }
				  c: user(id: $c) { username }
				}""";
		GraphQlTester.Response response;
		try (HeldLock lock = lock("LOCK TABLE profile IN ACCESS EXCLUSIVE MODE")) {
			response = run(this.api.anonymous(), document, "a", ann.gid(), "b", bob.gid(), "c", cid.gid());
		}
		response.errors().satisfy(errors -> {
			assertThat(errors).hasSize(2);
			assertTimeout(errors.get(0), "b");
			assertTimeout(errors.get(1), "c");
		});
		expect(response, "a.username", ann.username());
		response.path("b").valueIsNull();
		response.path("c").valueIsNull();
	}

	@Test
	void aMutationWhoseStatementRunsPastTheTimeoutAnswersTimeoutAndChangesNothing() throws SQLException {
		Account ann = this.api.signUp("timeout-write");
		this.api.createProfile(ann, "before");
		String update = "mutation($id: ID!, $d: String!) { updateProfile(input: { userId: $id, description: $d }) { description } }";
		GraphQlTester.Response response;
		try (HeldLock lock = lock("SELECT 1 FROM profile WHERE site_user_id = ? FOR UPDATE", ann.id())) {
			response = this.api.as(ann).document(update).variable("id", ann.gid()).variable("d", "after").execute();
		}
		response.errors()
			.satisfy(errors -> assertThat(errors).singleElement()
				.satisfies(error -> assertTimeout(error, "updateProfile")));
		response.path("updateProfile").valueIsNull();
		assertThat(this.jdbc.queryForObject("SELECT description FROM profile WHERE site_user_id = ?", String.class,
				ann.id()))
			.isEqualTo("before");
		// Nothing was wrong with the request: once the lock is gone it goes through.
		expect(run(this.api.as(ann), update, "id", ann.gid(), "d", "after"), "updateProfile.description", "after");
	}

	private static void assertTimeout(ResponseError error, String path) {
		assertThat(error.getPath()).as("error path").isEqualTo(path);
		assertThat(error.getExtensions()).as("error extensions").containsEntry("code", "TIMEOUT");
		assertThat(error.getMessage()).contains("took too long");
		for (String leak : List.of("SELECT", "select", "profile", "site_user", "canceling", "57014", "SQL", "ERROR",
				"Exception")) {
			assertThat(error.getMessage()).as("message").doesNotContain(leak);
		}
		assertThat(error.getExtensions().values()).as("error extensions")
			.noneMatch(value -> String.valueOf(value).contains("SQL"));
	}

	/** Runs {@code sql} in a transaction of its own, kept open until closed. */
	private HeldLock lock(String sql, Object... parameters) throws SQLException {
		Connection connection = this.dataSource.getConnection();
		try {
			connection.setAutoCommit(false);
			try (PreparedStatement statement = connection.prepareStatement(sql)) {
				for (int i = 0; i < parameters.length; i++) {
					statement.setObject(i + 1, parameters[i]);
				}
				statement.execute();
			}
			return new HeldLock(connection);
		}
		catch (SQLException | RuntimeException ex) {
			connection.close();
			throw ex;
		}
	}

	/** A transaction holding a lock; closing it rolls back and so releases the lock. */
	private record HeldLock(Connection connection) implements AutoCloseable {

		@Override
		public void close() throws SQLException {
			try {
				this.connection.rollback();
			}
			finally {
				this.connection.close();
			}
		}

	}

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
		// what a standby answers a read that replay could not wait for
		SQLException conflict = new PSQLException("ERROR: canceling statement due to conflict with recovery",
				PSQLState.SERIALIZATION_FAILURE);
		assertThat(unavailable(new PessimisticLockingFailureException("select", conflict))).isTrue();
		assertThat(timedOut(new PessimisticLockingFailureException("select", conflict))).isFalse();
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
			.extensions(Map.of("code", "CONFLICT", "field", "username"))
			.build();

		assertThat(only(this.instrumentation.instrumentExecutionResult(result(coded), null, null).join()))
			.isSameAs(coded);
	}

	@Test
	void theNullLeftByAFailedNonNullFieldIsNotReportedTwice() {
		GraphQLError cause = GraphqlErrorBuilder.newError()
			.message("'first' must be between 0 and 100")
			.extensions(Map.of("code", "BAD_USER_INPUT", "field", "first"))
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
