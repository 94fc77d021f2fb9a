package com.example.userprofiles.error;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.stream.Stream;

import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.schema.DataFetchingEnvironment;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.graphql.data.method.annotation.GraphQlExceptionHandler;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.web.bind.annotation.ControllerAdvice;

/**
 * Turns what features throw ({@link ApiException}) and what the database refuses into
 * coded GraphQL errors; the database's message, which holds the SQL, stays in the log.
 * Anything else falls through to Spring for GraphQL, which logs it.
 */
@ControllerAdvice
class ApiExceptionHandler {

	private static final Logger logger = LoggerFactory.getLogger(ApiExceptionHandler.class);

	@GraphQlExceptionHandler
	GraphQLError handle(ApiException ex, GraphqlErrorBuilder<?> error) {
		return ex.toError(error);
	}

	/**
	 * A value PostgreSQL cannot store (class 22) is bad input. A timed-out statement
	 * aborts the query's snapshot, so those after it fail too (25P02): all answer
	 * {@code TIMEOUT}. No database to be had, even to begin or end a transaction, answers
	 * {@code SERVICE_UNAVAILABLE} with one log line each; anything else falls through.
	 */
	@GraphQlExceptionHandler({ DataAccessException.class, TransactionException.class })
	@Nullable GraphQLError handle(Exception ex, GraphqlErrorBuilder<?> error, DataFetchingEnvironment env) {
		if (ex instanceof DataAccessException && sqlState(ex, "22")) {
			logger.debug("Input refused by the database", ex);
			return new ApiException(ErrorCode.BAD_USER_INPUT,
					"The input holds a value that cannot be stored, such as a NUL character")
				.toError(error);
		}
		if (ex instanceof DataAccessException && timedOut(ex)) {
			if (sqlState(ex, "25P02")) {
				logger.debug("Statement at {} refused after one that timed out", env.getExecutionStepInfo().getPath());
			}
			else {
				logger.warn("Statement timeout at {}: {}", env.getExecutionStepInfo().getPath(), ex.getMessage());
			}
			return new ApiException(ErrorCode.TIMEOUT, "The request took too long and was stopped before it completed. "
					+ "Ask for less (a smaller page or a narrower filter) or try again later.")
				.toError(error);
		}
		if (!unavailable(ex)) {
			return null;
		}
		logger.warn("Database unavailable: {}", ex.getMessage());
		return ApiException.serviceUnavailable().toError(error);
	}

	/**
	 * A statement cancelled (57014: the server sends no other cancel), or refused after.
	 */
	static boolean timedOut(Throwable ex) {
		return anyCause(ex, cause -> cause instanceof QueryTimeoutException || sqlState(cause, "57014"));
	}

	/**
	 * No connection to be had, one cut (class 08), the server stopping or starting (57P),
	 * a statement a standby cancelled for a recovery conflict or a transaction that could
	 * not be serialized (40001: run again, it may pass), or a commit or rollback that
	 * failed on its connection.
	 */
	static boolean unavailable(Throwable ex) {
		return anyCause(ex, cause -> cause instanceof CannotCreateTransactionException
				|| cause instanceof DataAccessResourceFailureException
				|| cause instanceof TransientDataAccessResourceException
				|| cause instanceof SQLTransientConnectionException
				|| cause instanceof SQLNonTransientConnectionException || sqlState(cause, "08")
				|| sqlState(cause, "57P") || sqlState(cause, "40001")
				|| (cause instanceof TransactionSystemException failed
						&& (failed.getCause() instanceof SQLException || (failed.getApplicationException() != null
								&& unavailable(failed.getApplicationException())))));
	}

	private static boolean sqlState(Throwable ex, String prefix) {
		return anyCause(ex, cause -> cause instanceof SQLException sql && sql.getSQLState() != null
				&& sql.getSQLState().startsWith(prefix));
	}

	private static boolean anyCause(Throwable ex, Predicate<Throwable> test) {
		return Stream.iterate(ex, Objects::nonNull, Throwable::getCause).anyMatch(test);
	}

}
