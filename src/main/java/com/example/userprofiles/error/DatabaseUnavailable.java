package com.example.userprofiles.error;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/**
 * Tells a failure of the database's availability (no connection to be had, a connection
 * cut, the server shutting down) from a failure of the request.
 */
final class DatabaseUnavailable {

	private DatabaseUnavailable() {
	}

	static boolean isCause(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof CannotCreateTransactionException || cause instanceof DataAccessResourceFailureException
					|| cause instanceof TransientDataAccessResourceException
					|| cause instanceof SQLTransientConnectionException
					|| cause instanceof SQLNonTransientConnectionException) {
				return true;
			}
			// A commit or rollback that failed on its connection (JdbcTransactionManager
			// translates what it can; the rest, such as a connection the pool discarded
			// when the database went away, comes as this), or a rollback that failed
			// after a statement did: the database is away.
			if (cause instanceof TransactionSystemException failed && (failed.getCause() instanceof SQLException
					|| (failed.getApplicationException() != null && isCause(failed.getApplicationException())))) {
				return true;
			}
			// The SQLSTATE of the failure, from PostgreSQL or its driver
			if (cause instanceof SQLException sql && sql.getSQLState() != null && isUnavailability(sql.getSQLState())) {
				return true;
			}
		}
		return false;
	}

	/**
	 * SQLSTATE class 08 (connection exception) and 57P (the server is shutting down,
	 * crashed, or not yet accepting connections).
	 */
	private static boolean isUnavailability(String sqlState) {
		return sqlState.startsWith("08") || sqlState.startsWith("57P");
	}

}
