package com.example.userprofiles.graphql;

import java.util.List;
import java.util.Set;

import com.example.userprofiles.error.ApiException;
import graphql.ExecutionResult;
import graphql.GraphqlErrorBuilder;
import graphql.execution.AbortExecutionException;
import graphql.execution.ExecutionContext;
import graphql.execution.instrumentation.InstrumentationContext;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimpleInstrumentationContext;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationExecuteOperationParameters;
import graphql.language.Field;
import graphql.language.OperationDefinition;
import graphql.language.SelectionSet;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLInterfaceType;
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
 * {@code REPEATABLE READ} transaction, so the whole answer reads one snapshot. A query of
 * one statement is a snapshot by itself and runs without: the transaction's round trips
 * would be a large share of a point lookup. Which is which is worked out from the
 * document and the schema's wiring, so no field can opt out by forgetting a declaration.
 * Mutations run in their services' transactions. With Spring MVC the whole operation runs
 * on the request thread, so a transaction bound to it covers every statement.
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
		return SimpleInstrumentationContext.whenCompleted((result, failure) -> {
			if (Thread.currentThread() == thread) {
				end(transaction, true);
			}
			else {
				// only a change of execution model (asynchronous fetchers) gets here
				logger.error("A query completed on another thread than the one that began its snapshot; "
						+ "its transaction cannot be ended here");
			}
		});
	}

	/**
	 * Whether the operation sends one statement at most: one root field, and below it
	 * only record accessors ({@code LightDataFetcher}) and the links its statement reads
	 * ahead (on its objects or a connection's {@code edges/node} and {@code nodes}).
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
		GraphQLType named = GraphQLTypeUtil.unwrapAll(type);
		if (named instanceof GraphQLInterfaceType node) {
			// one statement per type (Query.nodes) unless only one type can be asked for
			List<GraphQLObjectType> types = context.getGraphQLSchema().getImplementations(node);
			return (!GraphQLTypeUtil.isList(GraphQLTypeUtil.unwrapNonNull(type)) || types.size() < 2)
					&& types.stream().allMatch(object -> noneSends(set, object, ahead, context));
		}
		if (set == null || !(named instanceof GraphQLObjectType object)) {
			return true;
		}
		for (Field field : fields(set, context)) {
			GraphQLFieldDefinition definition = object.getFieldDefinition(field.getName());
			if (definition == null) {
				// selected through a fragment on another type
				continue;
			}
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

	/** The fields of {@code set} but introspection's. */
	private static List<Field> fields(SelectionSet set, ExecutionContext context) {
		return ReadAheads.fields(List.of(set), context.getFragmentsByName())
			.stream()
			.filter(field -> !field.getName().startsWith("__"))
			.toList();
	}

	/**
	 * A query the database cannot serve fails as a whole, after one wait, not one per
	 * field.
	 */
	private TransactionStatus begin() {
		TransactionStatus transaction = null;
		try {
			transaction = this.transactions.getTransaction(this.snapshot);
			// sent with the driver's BEGIN; the definition's isolation level costs 3 more
			this.jdbc.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
			return transaction;
		}
		catch (TransactionException | DataAccessException ex) {
			if (transaction != null) {
				end(transaction, false);
			}
			logger.warn("Database unavailable: {}", ex.getMessage());
			throw new AbortExecutionException(
					List.of(ApiException.serviceUnavailable().toError(GraphqlErrorBuilder.newError())));
		}
	}

	/** Commits or rolls back: a broken connection is the pool's to replace. */
	private void end(TransactionStatus transaction, boolean commit) {
		try {
			if (commit) {
				this.transactions.commit(transaction);
			}
			else {
				this.transactions.rollback(transaction);
			}
		}
		catch (TransactionException ex) {
			logger.debug("Could not end a query snapshot", ex);
		}
	}

}
