package com.example.userprofiles.shared.limits;

import graphql.ExecutionResult;
import graphql.analysis.QueryTraverser;
import graphql.analysis.QueryVisitorFieldEnvironment;
import graphql.execution.AbortExecutionException;
import graphql.execution.ExecutionContext;
import graphql.execution.instrumentation.InstrumentationContext;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationExecuteOperationParameters;
import org.jspecify.annotations.Nullable;

/**
 * Refuses a document whose data fields nest deeper than the limit. Introspection is left
 * out: GraphiQL's own introspection query nests 13 deep, its shape is fixed by the
 * schema, and graphql-java's good-faith introspection checks already bound it.
 */
final class MaxDepth extends SimplePerformantInstrumentation {

	private final int maxDepth;

	MaxDepth(int maxDepth) {
		this.maxDepth = maxDepth;
	}

	@Override
	public @Nullable InstrumentationContext<ExecutionResult> beginExecuteOperation(
			InstrumentationExecuteOperationParameters parameters, @Nullable InstrumentationState state) {
		ExecutionContext context = parameters.getExecutionContext();
		int depth = QueryTraverser.newQueryTraverser()
			.schema(context.getGraphQLSchema())
			.document(context.getDocument())
			.operationName(context.getExecutionInput().getOperationName())
			.coercedVariables(context.getCoercedVariables())
			.build()
			.reducePreOrder((field, deepest) -> Math.max(deepest, depth(field)), 0);
		if (depth > this.maxDepth) {
			throw new AbortExecutionException(
					"The query nests " + depth + " fields deep; at most " + this.maxDepth + " are allowed");
		}
		return super.beginExecuteOperation(parameters, state);
	}

	/** How deep a field lies, or 0 for introspection. */
	private static int depth(QueryVisitorFieldEnvironment field) {
		int depth = 0;
		for (QueryVisitorFieldEnvironment at = field; at != null; at = at.getParentEnvironment()) {
			if (at.getField().getName().startsWith("__")) {
				return 0;
			}
			depth++;
		}
		return depth;
	}

}
