package com.example.userprofiles.error;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

import static com.example.userprofiles.error.ApiExceptionHandler.timedOut;
import static com.example.userprofiles.error.ApiExceptionHandler.unavailable;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which database failures answer {@code TIMEOUT}, which {@code SERVICE_UNAVAILABLE}, and
 * which neither. {@code StatementTimeoutTests} and {@code DatabaseOutageTests} meet these
 * for real; here they are named.
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

}
