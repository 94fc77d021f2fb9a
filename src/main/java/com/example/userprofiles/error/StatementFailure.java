package com.example.userprofiles.error;

import java.sql.SQLException;

import org.springframework.dao.QueryTimeoutException;

/**
 * Reads why PostgreSQL refused a statement, for the failures that are neither bad input
 * ({@link Constraints}) nor an outage ({@link DatabaseUnavailable}).
 */
final class StatementFailure {

	/** SQLSTATE query_canceled: the statement timeout, or a cancel request. */
	private static final String QUERY_CANCELED = "57014";

	/** SQLSTATE in_failed_sql_transaction: an earlier statement of it failed. */
	private static final String IN_FAILED_TRANSACTION = "25P02";

	private StatementFailure() {
	}

	/**
	 * Whether the database stopped the statement for taking too long, or refused it in a
	 * transaction that such a statement aborted. Spring translates PostgreSQL's 57014
	 * into a {@link QueryTimeoutException}; the SQLSTATE is checked as well, for a path
	 * that does not translate. The server cancels statements in no other way, so a cancel
	 * request is an operator stopping a statement that ran too long.
	 */
	static boolean timedOut(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof QueryTimeoutException || hasState(cause, QUERY_CANCELED)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Whether the statement was refused because an earlier one of its transaction failed:
	 * within a query's snapshot, every statement after a failed one. The driver gives
	 * such a failure the one that aborted the transaction as its cause.
	 */
	static boolean inFailedTransaction(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (hasState(cause, IN_FAILED_TRANSACTION)) {
				return true;
			}
		}
		return false;
	}

	private static boolean hasState(Throwable ex, String sqlState) {
		return ex instanceof SQLException sql && sqlState.equals(sql.getSQLState());
	}

}
