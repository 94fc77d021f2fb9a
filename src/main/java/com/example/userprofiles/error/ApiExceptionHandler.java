package com.example.userprofiles.error;

import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.schema.DataFetchingEnvironment;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.graphql.data.method.annotation.GraphQlExceptionHandler;
import org.springframework.transaction.TransactionException;
import org.springframework.web.bind.annotation.ControllerAdvice;

/**
 * Turns the failures that features throw into GraphQL errors with {@code extensions.code}
 * and, where one input field is at fault, {@code extensions.field}
 * ({@link ApiException#toError}). Anything else falls through to Spring for GraphQL,
 * which logs it; {@link ErrorCodeInstrumentation} then hides it behind a generic
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
	 * A statement PostgreSQL refused or stopped. The database's message, which holds the
	 * SQL, stays in the log.
	 * <ul>
	 * <li>Some values a client can send, such as a NUL character in a string, are a data
	 * exception (SQLSTATE class 22): bad input, not a server fault.</li>
	 * <li>A statement that ran past the statement timeout was stopped (57014):
	 * {@code TIMEOUT}, so the client knows to ask for less or come back later rather than
	 * read it as a bug or an outage. That aborts the transaction it ran in: within a
	 * query's snapshot ({@code QuerySnapshotInstrumentation}) every later statement of
	 * the request fails at once with 25P02, and the driver gives that failure the timeout
	 * as its cause, so those fields answer {@code TIMEOUT} too.</li>
	 * </ul>
	 */
	@GraphQlExceptionHandler
	@Nullable GraphQLError handle(DataAccessException ex, GraphqlErrorBuilder<?> error, DataFetchingEnvironment env) {
		if (Constraints.isDataException(ex)) {
			logger.debug("Input refused by the database", ex);
			return handle(new InvalidInputException(
					"The input holds a value that cannot be stored, such as a NUL character", null), error);
		}
		if (StatementFailure.timedOut(ex)) {
			if (StatementFailure.inFailedTransaction(ex)) {
				logger.debug("Statement at {} refused after one that timed out", env.getExecutionStepInfo().getPath());
			}
			else {
				logger.warn("Statement timeout at {}: {}", env.getExecutionStepInfo().getPath(), ex.getMessage());
			}
			return handle(new TimedOutException(), error);
		}
		return unavailableOrUnresolved(ex, error);
	}

	/**
	 * A transaction that could not begin (no connection) or end (the connection broke):
	 * when the database is away, that is {@code SERVICE_UNAVAILABLE}.
	 */
	@GraphQlExceptionHandler
	@Nullable GraphQLError handle(TransactionException ex, GraphqlErrorBuilder<?> error) {
		return unavailableOrUnresolved(ex, error);
	}

	/**
	 * The database is away: the client may retry, so it gets a code that says so rather
	 * than {@code INTERNAL_SERVER_ERROR}. During an outage every request fails this way,
	 * so one line each, without a stack trace.
	 */
	private @Nullable GraphQLError unavailableOrUnresolved(Exception ex, GraphqlErrorBuilder<?> error) {
		if (!DatabaseUnavailable.isCause(ex)) {
			return null;
		}
		logger.warn("Database unavailable: {}", ex.getMessage());
		return handle(new ServiceUnavailableException(), error);
	}

}
