package com.example.userprofiles.shared.limits;

import com.example.userprofiles.shared.graphql.OperationMemo;
import graphql.ExecutionResult;
import graphql.analysis.QueryTraverser;
import graphql.analysis.QueryVisitorFieldEnvironment;
import graphql.execution.AbortExecutionException;
import graphql.execution.ExecutionContext;
import graphql.execution.instrumentation.InstrumentationContext;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationExecuteOperationParameters;
import graphql.language.Directive;
import graphql.language.Node;
import org.jspecify.annotations.Nullable;

/**
 * Refuses a document whose data fields nest deeper than the limit. Introspection is left
 * out: GraphiQL's own introspection query nests 13 deep, its shape is fixed by the
 * schema, and graphql-java's good-faith introspection checks already bound it.
 */
final class MaxDepth extends SimplePerformantInstrumentation {

	private final int maxDepth;

	// The depth of an operation changes from one request to the next only through
	// @skip/@include and their variables; without them it is worked out once, as the
	// walk cost a point lookup 3% of the server's CPU.
	private final OperationMemo depths = new OperationMemo();

	MaxDepth(int maxDepth) {
		this.maxDepth = maxDepth;
	}

	@Override
	public @Nullable InstrumentationContext<ExecutionResult> beginExecuteOperation(
			InstrumentationExecuteOperationParameters parameters, @Nullable InstrumentationState state) {
		ExecutionContext context = parameters.getExecutionContext();
		int depth = this.depths.get(context, MaxDepth::hasConditions, MaxDepth::walk);
		if (depth > this.maxDepth) {
			throw new AbortExecutionException(
					"The query nests " + depth + " fields deep; at most " + this.maxDepth + " are allowed");
		}
		return super.beginExecuteOperation(parameters, state);
	}

	private static int walk(ExecutionContext context) {
		return QueryTraverser.newQueryTraverser()
			.schema(context.getGraphQLSchema())
			.document(context.getDocument())
			.operationName(context.getExecutionInput().getOperationName())
			.coercedVariables(context.getCoercedVariables())
			.build()
			.reducePreOrder((field, deepest) -> Math.max(deepest, depth(field)), 0);
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

	/** Whether the document holds a {@code @skip} or an {@code @include}. */
	private static boolean hasConditions(Node<?> node) {
		if (isCondition(node)) {
			return true;
		}
		for (Node<?> child : node.getChildren()) {
			if (hasConditions(child)) {
				return true;
			}
		}
		return false;
	}

	/** Whether the node is a {@code @skip} or an {@code @include}. */
	static boolean isCondition(Node<?> node) {
		return node instanceof Directive directive
				&& (directive.getName().equals("skip") || directive.getName().equals("include"));
	}

}
