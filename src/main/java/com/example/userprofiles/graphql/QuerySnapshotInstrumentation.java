package com.example.userprofiles.graphql;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import com.example.userprofiles.error.ErrorCode;
import com.example.userprofiles.error.ServiceUnavailableException;
import graphql.ExecutionResult;
import graphql.GraphqlErrorBuilder;
import graphql.execution.AbortExecutionException;
import graphql.execution.ExecutionContext;
import graphql.execution.instrumentation.InstrumentationContext;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimpleInstrumentationContext;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationExecuteOperationParameters;
import graphql.execution.instrumentation.parameters.InstrumentationExecutionParameters;
import graphql.language.Field;
import graphql.language.FragmentSpread;
import graphql.language.InlineFragment;
import graphql.language.OperationDefinition;
import graphql.language.Selection;
import graphql.language.SelectionSet;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLType;
import graphql.schema.GraphQLTypeUtil;
import graphql.schema.LightDataFetcher;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.DefaultTransactionDefinition;

/**
 * Runs every query operation that may send more than one statement in one read-only
 * {@code REPEATABLE READ} transaction, so the whole answer, batch loads and
 * {@code totalCount} included, reads one snapshot of the database: a user deleted between
 * two statements of a query is wholly in the answer or wholly absent. A query of one
 * statement is one snapshot by itself and runs without: a transaction around it would
 * cost a round trip, a large share of a point lookup. Which is which is worked out from
 * the document and the schema's wiring, so no field can opt out: only fields read from a
 * record's accessors and links read ahead count as no statement. Mutations are left
 * alone: each runs in its own transaction, in its service.
 * <p>
 * An {@code Instrumentation}, because graphql-java calls {@link #beginExecuteOperation}
 * once it has validated the document and knows the operation is a query; with Spring MVC,
 * the operation then runs on the request thread, data fetchers and batch loaders alike,
 * so a transaction bound to that thread covers all its statements and ends on it.
 */
@Component
// Last among instrumentations: one that refuses the operation in beginExecuteOperation
// (depth, cost, ...) must do so before a transaction begins, as nothing would end it.
@Order(Ordered.LOWEST_PRECEDENCE)
class QuerySnapshotInstrumentation extends SimplePerformantInstrumentation {

	// the fields through which a connection's objects are reached from it
	private static final Set<String> CONNECTION_PATH = Set.of("edges", "node", "nodes");

	private static final Logger logger = LoggerFactory.getLogger(QuerySnapshotInstrumentation.class);

	private final PlatformTransactionManager transactions;

	private final JdbcOperations jdbc;

	private final DefaultTransactionDefinition snapshot = new DefaultTransactionDefinition();

	private final ReadAheads links;

	QuerySnapshotInstrumentation(PlatformTransactionManager transactions, JdbcOperations jdbc, ReadAheads links) {
		this.transactions = transactions;
		this.jdbc = jdbc;
		this.links = links;
		this.snapshot.setName("GraphQL query snapshot");
		this.snapshot.setReadOnly(true);
	}

	@Override
	public @Nullable InstrumentationContext<ExecutionResult> beginExecuteOperation(
			InstrumentationExecuteOperationParameters parameters, @Nullable InstrumentationState state) {
		ExecutionContext context = parameters.getExecutionContext();
		if (context.getOperationDefinition().getOperation() != OperationDefinition.Operation.QUERY
				|| oneStatement(context)) {
			return null;
		}
		TransactionStatus transaction = begin();
		Thread thread = Thread.currentThread();
		return SimpleInstrumentationContext.whenCompleted((result, failure) -> end(transaction, thread));
	}

	/**
	 * Whether the operation sends one statement at most: it has one root field, and below
	 * it only fields read from the objects themselves (a record's accessors) and the
	 * links that the root field's statement reads ahead ({@link ReadAhead}: the root's
	 * own objects, or a connection's {@code edges/node} and {@code nodes}). Any other
	 * field with a resolver of its own may send a statement, so a new field gets the
	 * snapshot without being declared anywhere.
	 */
	private boolean oneStatement(ExecutionContext context) {
		List<Field> roots = fields(context.getOperationDefinition().getSelectionSet(), context);
		if (roots.size() > 1) {
			return false;
		}
		GraphQLObjectType query = context.getGraphQLSchema().getQueryType();
		return roots.isEmpty() || noneSends(roots.get(0).getSelectionSet(),
				query.getFieldDefinition(roots.get(0).getName()).getType(), true, context);
	}

	/**
	 * Whether no field of {@code set}, on {@code type}, sends a statement; {@code ahead}
	 * where the root field's statement reads the links of these objects.
	 */
	private boolean noneSends(@Nullable SelectionSet set, GraphQLType type, boolean ahead, ExecutionContext context) {
		if (set == null || !(GraphQLTypeUtil.unwrapAll(type) instanceof GraphQLObjectType object)) {
			return true;
		}
		for (Field field : fields(set, context)) {
			GraphQLFieldDefinition definition = object.getFieldDefinition(field.getName());
			boolean link = ahead && this.links.isLink(object.getName(), field.getName());
			if (!link && !(context.getGraphQLSchema()
				.getCodeRegistry()
				.getDataFetcher(object, definition) instanceof LightDataFetcher<?>)) {
				return false;
			}
			boolean connection = !link && CONNECTION_PATH.contains(field.getName());
			if (!noneSends(field.getSelectionSet(), definition.getType(), ahead && connection, context)) {
				return false;
			}
		}
		return true;
	}

	/**
	 * The fields of {@code set} but introspection's, through fragments, each fragment
	 * looked through once: a document of fragments that each spread the next twice would
	 * otherwise hold 2^n fields.
	 */
	private static List<Field> fields(SelectionSet set, ExecutionContext context) {
		List<Field> fields = new ArrayList<>();
		List<SelectionSet> sets = new ArrayList<>(List.of(set));
		Set<String> visited = new HashSet<>();
		for (int i = 0; i < sets.size(); i++) {
			for (Selection<?> selection : sets.get(i).getSelections()) {
				if (selection instanceof Field field && !field.getName().startsWith("__")) {
					fields.add(field);
				}
				else if (selection instanceof InlineFragment inline) {
					sets.add(inline.getSelectionSet());
				}
				else if (selection instanceof FragmentSpread spread && visited.add(spread.getName())) {
					sets.add(context.getFragmentsByName().get(spread.getName()).getSelectionSet());
				}
			}
		}
		return fields;
	}

	/**
	 * A query the database cannot serve fails as a whole, at once: one wait for a
	 * connection rather than one per field.
	 */
	private TransactionStatus begin() {
		TransactionStatus transaction = null;
		try {
			transaction = this.transactions.getTransaction(this.snapshot);
			// One statement, which the driver sends with its BEGIN. The definition's
			// isolation level would cost three: read the session's level, set it, and
			// set it back after.
			this.jdbc.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
			return transaction;
		}
		catch (TransactionException | DataAccessException ex) {
			if (transaction != null) {
				rollBack(transaction);
			}
			logger.warn("Database unavailable: {}", ex.getMessage());
			throw new AbortExecutionException(
					List.of(new ServiceUnavailableException().toError(GraphqlErrorBuilder.newError())));
		}
	}

	private void end(TransactionStatus transaction, Thread thread) {
		if (Thread.currentThread() != thread) {
			// The transaction is bound to the thread that began it and can only be ended
			// there. Only a change of execution model gets here (controller methods on an
			// executor, asynchronous loaders), which would break the snapshot as well.
			logger.error("A query completed on another thread than the one that began its snapshot; "
					+ "its transaction cannot be ended here");
			return;
		}
		try {
			// Read-only: committing only ends the transaction.
			this.transactions.commit(transaction);
		}
		catch (TransactionException ex) {
			// The answer is already made; a connection that broke meanwhile is the
			// pool's to replace.
			logger.debug("Could not end a query snapshot", ex);
		}
	}

	private void rollBack(TransactionStatus transaction) {
		try {
			this.transactions.rollback(transaction);
		}
		catch (TransactionException ex) {
			logger.debug("Could not roll back a query snapshot that failed to begin", ex);
		}
	}

	/**
	 * A query aborted because the database is away has no {@code data}; giving it
	 * {@code "data": null} keeps the HTTP status 200 whatever media type the client
	 * accepts (a response without data answers 400 for
	 * {@code application/graphql-response+json}, which would blame the client).
	 */
	@Override
	public CompletableFuture<ExecutionResult> instrumentExecutionResult(ExecutionResult result,
			InstrumentationExecutionParameters parameters, @Nullable InstrumentationState state) {
		if (result.isDataPresent() || result.getErrors()
			.stream()
			.noneMatch(error -> error.getExtensions() != null
					&& ErrorCode.SERVICE_UNAVAILABLE.name().equals(error.getExtensions().get("code")))) {
			return CompletableFuture.completedFuture(result);
		}
		return CompletableFuture.completedFuture(result.transform(builder -> builder.data(null)));
	}

}
