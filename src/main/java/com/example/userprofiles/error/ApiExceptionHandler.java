package com.example.userprofiles.error;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.function.Predicate;

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
 * GraphQL errors with an {@code extensions.code}. The database's own message, which holds
 * the SQL, stays in the log. Anything else falls through to Spring for GraphQL, which
 * logs it, and {@link ErrorCodeInstrumentation} hides it behind
 * {@code INTERNAL_SERVER_ERROR}.
 */
@ControllerAdvice
class ApiExceptionHandler {

	private static final Logger logger = LoggerFactory.getLogger(ApiExceptionHandler.class);

	@GraphQlExceptionHandler
	GraphQLError handle(ApiException ex, GraphqlErrorBuilder<?> error) {
		return ex.toError(error);
	}

	/**
	 * Values a client can send that PostgreSQL cannot store, such as a NUL character
	 * (SQLSTATE class 22), are bad input. A statement stopped at the statement timeout
	 * aborts its transaction, so within a query's snapshot the statements after it fail
	 * too (25P02, with the timeout as cause): all answer {@code TIMEOUT}, which tells the
	 * client to ask for less rather than report a bug.
	 */
	@GraphQlExceptionHandler
	@Nullable GraphQLError handle(DataAccessException ex, GraphqlErrorBuilder<?> error, DataFetchingEnvironment env) {
		if (sqlState(ex, "22")) {
			logger.debug("Input refused by the database", ex);
			return new InvalidInputException("The input holds a value that cannot be stored, such as a NUL character",
					null)
				.toError(error);
		}
		if (timedOut(ex)) {
			if (sqlState(ex, "25P02")) {
				logger.debug("Statement at {} refused after one that timed out", env.getExecutionStepInfo().getPath());
			}
			else {
				logger.warn("Statement timeout at {}: {}", env.getExecutionStepInfo().getPath(), ex.getMessage());
			}
			return new ApiException(ErrorCode.TIMEOUT,
					"The request took too long and was stopped before it completed. "
							+ "Ask for less (a smaller page or a narrower filter) or try again later.",
					null)
				.toError(error);
		}
		return unavailableOrUnresolved(ex, error);
	}

	/**
	 * A transaction that could not begin (no connection) or end (the connection broke).
	 */
	@GraphQlExceptionHandler
	@Nullable GraphQLError handle(TransactionException ex, GraphqlErrorBuilder<?> error) {
		return unavailableOrUnresolved(ex, error);
	}

	/** During an outage every request fails so: one line each, no stack trace. */
	private @Nullable GraphQLError unavailableOrUnresolved(Exception ex, GraphqlErrorBuilder<?> error) {
		if (!unavailable(ex)) {
			return null;
		}
		logger.warn("Database unavailable: {}", ex.getMessage());
		return new ServiceUnavailableException().toError(error);
	}

	/**
	 * Whether the database stopped a statement for running too long, or refused one in a
	 * transaction such a statement aborted. The server sends no other cancel, so 57014
	 * without Spring's translation counts as well.
	 */
	static boolean timedOut(Throwable ex) {
		return anyCause(ex, cause -> cause instanceof QueryTimeoutException || sqlState(cause, "57014"));
	}

	/**
	 * Whether the database is away: no connection to be had, a connection cut (SQLSTATE
	 * class 08), the server shutting down or starting (57P), or a commit or rollback that
	 * failed on its connection.
	 */
	static boolean unavailable(Throwable ex) {
		return anyCause(ex, cause -> cause instanceof CannotCreateTransactionException
				|| cause instanceof DataAccessResourceFailureException
				|| cause instanceof TransientDataAccessResourceException
				|| cause instanceof SQLTransientConnectionException
				|| cause instanceof SQLNonTransientConnectionException || sqlState(cause, "08")
				|| sqlState(cause, "57P")
				|| (cause instanceof TransactionSystemException failed
						&& (failed.getCause() instanceof SQLException || (failed.getApplicationException() != null
								&& unavailable(failed.getApplicationException())))));
	}

	/**
	 * Whether {@code ex} or a cause of it is an {@link SQLException} whose state starts
	 * so.
	 */
	private static boolean sqlState(Throwable ex, String prefix) {
		return anyCause(ex, cause -> cause instanceof SQLException sql && sql.getSQLState() != null
				&& sql.getSQLState().startsWith(prefix));
	}

	private static boolean anyCause(Throwable ex, Predicate<Throwable> test) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (test.test(cause)) {
				return true;
			}
		}
		return false;
	}

}
