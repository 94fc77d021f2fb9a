package com.example.userprofiles.error;

import java.util.Optional;

import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataIntegrityViolationException;

/**
 * Reads what PostgreSQL refused: which constraint a failed statement broke, so a feature
 * can answer "username taken" rather than leak the constraint. The database is the judge
 * of uniqueness and existence: checking first in Java would race.
 */
public final class Constraints {

	private Constraints() {
	}

	public static Optional<String> violated(DataIntegrityViolationException ex) {
		return postgresCause(ex).map(PSQLException::getServerErrorMessage).map(ServerErrorMessage::getConstraint);
	}

	/**
	 * Whether PostgreSQL (or its driver) refused a value as data it cannot hold: SQLSTATE
	 * class 22, such as a NUL character in text.
	 */
	public static boolean isDataException(DataAccessException ex) {
		return postgresCause(ex).map(PSQLException::getSQLState).map(state -> state.startsWith("22")).orElse(false);
	}

	private static Optional<PSQLException> postgresCause(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof PSQLException psql) {
				return Optional.of(psql);
			}
		}
		return Optional.empty();
	}

}
