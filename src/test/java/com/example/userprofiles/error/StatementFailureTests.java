package com.example.userprofiles.error;

import java.sql.SQLException;

import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;

import org.springframework.dao.QueryTimeoutException;
import org.springframework.jdbc.UncategorizedSQLException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What counts as a statement stopped for taking too long ({@code TIMEOUT}) and what does
 * not. {@code StatementTimeoutTests} meets these for real; here they are named.
 */
class StatementFailureTests {

	@Test
	void aStatementCancelledAtTheTimeoutTimedOut() {
		PSQLException cancelled = new PSQLException("ERROR: canceling statement due to statement timeout",
				PSQLState.QUERY_CANCELED);
		assertThat(StatementFailure.timedOut(new QueryTimeoutException("SELECT ...", cancelled))).isTrue();
		assertThat(StatementFailure.timedOut(new UncategorizedSQLException("select", "SELECT ...", cancelled)))
			.isTrue();
		assertThat(StatementFailure.inFailedTransaction(new QueryTimeoutException("SELECT ...", cancelled))).isFalse();
	}

	@Test
	void aStatementRefusedInATransactionThatATimeoutAbortedTimedOutToo() {
		PSQLException aborted = new PSQLException("ERROR: current transaction is aborted",
				PSQLState.IN_FAILED_SQL_TRANSACTION);
		// what the driver does: the failure that aborted the transaction is the cause
		aborted.initCause(
				new PSQLException("ERROR: canceling statement due to statement timeout", PSQLState.QUERY_CANCELED));
		UncategorizedSQLException refused = new UncategorizedSQLException("select", "SELECT ...", aborted);
		assertThat(StatementFailure.timedOut(refused)).isTrue();
		assertThat(StatementFailure.inFailedTransaction(refused)).isTrue();
	}

	@Test
	void otherFailuresAreNot() {
		PSQLException aborted = new PSQLException("ERROR: current transaction is aborted",
				PSQLState.IN_FAILED_SQL_TRANSACTION);
		assertThat(StatementFailure.timedOut(new UncategorizedSQLException("select", "SELECT ...", aborted))).isFalse();
		SQLException shutdown = new SQLException("FATAL: terminating connection due to administrator command", "57P01");
		assertThat(StatementFailure.timedOut(new UncategorizedSQLException("select", "SELECT ...", shutdown)))
			.isFalse();
		assertThat(StatementFailure.timedOut(new IllegalStateException("a bug"))).isFalse();
	}

}
