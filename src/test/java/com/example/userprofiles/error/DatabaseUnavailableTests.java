package com.example.userprofiles.error;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What counts as "the database is away" ({@code SERVICE_UNAVAILABLE}) and what does not.
 * {@code DatabaseOutageTests} meets each of these for real; here they are named.
 */
class DatabaseUnavailableTests {

	@Test
	void noConnectionToBeginATransactionIsUnavailability() {
		assertThat(DatabaseUnavailable.isCause(new CannotCreateTransactionException("Could not open JDBC Connection",
				new SQLTransientConnectionException("Connection is not available, request timed out after 2000ms"))))
			.isTrue();
		assertThat(
				DatabaseUnavailable.isCause(new CannotGetJdbcConnectionException("Failed to obtain JDBC Connection")))
			.isTrue();
	}

	@Test
	void theServerEndingTheConnectionIsUnavailability() {
		SQLException terminated = new SQLException("FATAL: terminating connection due to administrator command",
				"57P01");
		PSQLException ioError = new PSQLException("An I/O error occurred while sending to the backend",
				PSQLState.CONNECTION_FAILURE);
		assertThat(DatabaseUnavailable.isCause(new DataAccessResourceFailureException("JDBC commit", terminated)))
			.isTrue();
		assertThat(DatabaseUnavailable.isCause(new UncategorizedSQLException("update", "UPDATE ...", ioError)))
			.isTrue();
	}

	@Test
	void aRollbackThatFailedOnADiscardedConnectionIsUnavailability() {
		TransactionSystemException rollbackFailed = new TransactionSystemException("JDBC rollback failed",
				new SQLException("Connection is closed"));
		assertThat(DatabaseUnavailable.isCause(rollbackFailed)).isTrue();
	}

	@Test
	void refusedDataAndBrokenConstraintsAreNot() {
		assertThat(DatabaseUnavailable.isCause(new UncategorizedSQLException("insert", "INSERT ...",
				new SQLException("invalid byte sequence", "22021"))))
			.isFalse();
		assertThat(DatabaseUnavailable.isCause(new DataIntegrityViolationException("duplicate key",
				new PSQLException("duplicate key value", PSQLState.UNIQUE_VIOLATION))))
			.isFalse();
		assertThat(DatabaseUnavailable.isCause(new IllegalStateException("a bug"))).isFalse();
	}

}
