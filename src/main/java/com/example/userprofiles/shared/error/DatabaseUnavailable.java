package com.example.userprofiles.shared.error;

import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;

import org.postgresql.util.PSQLException;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.transaction.CannotCreateTransactionException;

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
			if (cause instanceof PSQLException psql && psql.getSQLState() != null
					&& isUnavailability(psql.getSQLState())) {
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
