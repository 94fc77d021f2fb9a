package com.example.userprofiles.error;

import java.util.Optional;

import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

import org.springframework.dao.DataIntegrityViolationException;

/**
 * The constraint a refused statement broke, so a feature can answer "username taken": the
 * database judges uniqueness, since checking first in Java would race.
 */
public final class Constraints {

	private Constraints() {
	}

	public static Optional<String> violated(DataIntegrityViolationException ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof PSQLException psql) {
				return Optional.ofNullable(psql.getServerErrorMessage()).map(ServerErrorMessage::getConstraint);
			}
		}
		return Optional.empty();
	}

}
