package com.example.userprofiles.graphql;

import graphql.ExecutionResult;
import graphql.analysis.MaxQueryDepthInstrumentation;
import graphql.execution.AbortExecutionException;
import graphql.execution.instrumentation.InstrumentationContext;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.parameters.InstrumentationExecuteOperationParameters;
import graphql.language.Field;
import graphql.language.OperationDefinition;
import org.jspecify.annotations.Nullable;

/**
 * graphql-java's depth limit, except for introspection: GraphiQL's introspection query
 * nests deep, and graphql-java's good-faith introspection checks already bound it.
 */
final class DepthLimit extends MaxQueryDepthInstrumentation {

	DepthLimit(int maxDepth) {
		super(maxDepth);
	}

	@Override
	public @Nullable InstrumentationContext<ExecutionResult> beginExecuteOperation(
			InstrumentationExecuteOperationParameters parameters, @Nullable InstrumentationState state) {
		if (isIntrospection(parameters.getExecutionContext().getOperationDefinition())) {
			return null;
		}
		return super.beginExecuteOperation(parameters, state);
	}

	@Override
	protected AbortExecutionException mkAbortException(int depth, int maxDepth) {
		return new AbortExecutionException(
				"The query nests " + depth + " fields deep; at most " + maxDepth + " are allowed");
	}

	/** Whether the operation selects introspection fields ({@code __schema}) only. */
	private static boolean isIntrospection(OperationDefinition operation) {
		return operation.getSelectionSet()
			.getSelections()
			.stream()
			.allMatch((selection) -> selection instanceof Field field && field.getName().startsWith("__"));
	}

}
