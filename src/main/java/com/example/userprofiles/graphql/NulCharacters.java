package com.example.userprofiles.graphql;

import java.util.Collection;
import java.util.Map;

import graphql.ExecutionResult;
import graphql.execution.AbortExecutionException;
import graphql.execution.ExecutionContext;
import graphql.execution.instrumentation.InstrumentationContext;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationExecuteOperationParameters;
import graphql.language.Node;
import graphql.language.StringValue;
import org.jspecify.annotations.Nullable;

/**
 * Refuses a document whose strings (literals or variables) hold a NUL character before it
 * runs: PostgreSQL text cannot hold one, and the failure would abort the query's snapshot
 * for every field after it.
 */
final class NulCharacters extends SimplePerformantInstrumentation {

	@Override
	public @Nullable InstrumentationContext<ExecutionResult> beginExecuteOperation(
			InstrumentationExecuteOperationParameters parameters, @Nullable InstrumentationState state) {
		ExecutionContext context = parameters.getExecutionContext();
		if (holdsNul(context.getCoercedVariables().toMap()) || holdsNul(context.getDocument())) {
			throw new AbortExecutionException("Strings may not hold a NUL character (\\u0000)");
		}
		return super.beginExecuteOperation(parameters, state);
	}

	/** Whether a string, a document node, or a variable's value holds a NUL. */
	private static boolean holdsNul(@Nullable Object value) {
		if (value instanceof StringValue literal) {
			return holdsNul(literal.getValue());
		}
		if (value instanceof String string) {
			return string.indexOf('\0') >= 0;
		}
		if (value instanceof Node<?> node) {
			return node.getChildren().stream().anyMatch(NulCharacters::holdsNul);
		}
		if (value instanceof Map<?, ?> map) {
			value = map.values();
		}
		return value instanceof Collection<?> items && items.stream().anyMatch(NulCharacters::holdsNul);
	}

}
