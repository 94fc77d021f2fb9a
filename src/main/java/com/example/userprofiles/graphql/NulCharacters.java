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
 * Refuses a document whose strings (literals or variables) hold a NUL character, before
 * it runs. PostgreSQL text cannot hold one, so such a value fails in the database; in a
 * query, that would abort the query's snapshot transaction and fail every field after it.
 */
final class NulCharacters extends SimplePerformantInstrumentation {

	@Override
	public @Nullable InstrumentationContext<ExecutionResult> beginExecuteOperation(
			InstrumentationExecuteOperationParameters parameters, @Nullable InstrumentationState state) {
		ExecutionContext context = parameters.getExecutionContext();
		if (holdsNul(context.getCoercedVariables().toMap().values()) || holdsNul(context.getDocument())) {
			throw new AbortExecutionException("Strings may not hold a NUL character (\\u0000)");
		}
		return super.beginExecuteOperation(parameters, state);
	}

	private static boolean holdsNul(Node<?> node) {
		if (node instanceof StringValue string && string.getValue() != null && string.getValue().indexOf('\0') >= 0) {
			return true;
		}
		for (Node<?> child : node.getChildren()) {
			if (holdsNul(child)) {
				return true;
			}
		}
		return false;
	}

	private static boolean holdsNul(@Nullable Object value) {
		if (value instanceof String string) {
			return string.indexOf('\0') >= 0;
		}
		if (value instanceof Map<?, ?> map) {
			return holdsNul(map.values());
		}
		if (value instanceof Collection<?> values) {
			for (Object item : values) {
				if (holdsNul(item)) {
					return true;
				}
			}
		}
		return false;
	}

}
