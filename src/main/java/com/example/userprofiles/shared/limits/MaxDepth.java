package com.example.userprofiles.shared.limits;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;

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
import graphql.language.Document;
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
	// @skip/@include and their variables; without them it is worked out once per
	// document (the document cache hands out the same Document for the same text), as
	// the walk cost a point lookup 3% of the server's CPU. Weak keys: a document that
	// leaves the document cache leaves this map too.
	private final Map<Document, Depths> depths = Collections.synchronizedMap(new WeakHashMap<>());

	MaxDepth(int maxDepth) {
		this.maxDepth = maxDepth;
	}

	@Override
	public @Nullable InstrumentationContext<ExecutionResult> beginExecuteOperation(
			InstrumentationExecuteOperationParameters parameters, @Nullable InstrumentationState state) {
		ExecutionContext context = parameters.getExecutionContext();
		int depth = depth(context);
		if (depth > this.maxDepth) {
			throw new AbortExecutionException(
					"The query nests " + depth + " fields deep; at most " + this.maxDepth + " are allowed");
		}
		return super.beginExecuteOperation(parameters, state);
	}

	private int depth(ExecutionContext context) {
		Depths depths = this.depths.computeIfAbsent(context.getDocument(),
				(document) -> new Depths(hasConditions(document), new ConcurrentHashMap<>()));
		if (depths.conditional()) {
			return walk(context);
		}
		String operation = Objects.requireNonNullElse(context.getExecutionInput().getOperationName(), "");
		return depths.byOperation().computeIfAbsent(operation, (key) -> walk(context));
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

	/**
	 * One document's depths by operation name, unless it is {@code conditional}: then its
	 * depth depends on the variables.
	 */
	private record Depths(boolean conditional, Map<String, Integer> byOperation) {
	}

	/** Whether the document holds a {@code @skip} or an {@code @include}. */
	private static boolean hasConditions(Node<?> node) {
		if (node instanceof Directive directive
				&& (directive.getName().equals("skip") || directive.getName().equals("include"))) {
			return true;
		}
		for (Node<?> child : node.getChildren()) {
			if (hasConditions(child)) {
				return true;
			}
		}
		return false;
	}

}
