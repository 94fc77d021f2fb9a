package com.example.userprofiles.auth;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import graphql.ExecutionResult;
import graphql.execution.AbortExecutionException;
import graphql.execution.instrumentation.InstrumentationContext;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationExecuteOperationParameters;
import graphql.language.Field;
import graphql.language.FragmentDefinition;
import graphql.language.FragmentSpread;
import graphql.language.InlineFragment;
import graphql.language.Selection;
import graphql.language.SelectionSet;
import com.example.userprofiles.graphql.LimitsProperties;
import org.jspecify.annotations.Nullable;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Refuses more than one password field per document, so a request is one guess at most.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class CredentialFieldLimit extends SimplePerformantInstrumentation {

	private final Set<String> credentialFields;

	CredentialFieldLimit(LimitsProperties limits) {
		this.credentialFields = Set.copyOf(limits.credentialFields());
	}

	@Override
	public @Nullable InstrumentationContext<ExecutionResult> beginExecuteOperation(
			InstrumentationExecuteOperationParameters parameters, @Nullable InstrumentationState state) {
		var context = parameters.getExecutionContext();
		int count = count(context.getOperationDefinition().getSelectionSet(), context.getFragmentsByName(),
				new HashSet<>());
		if (count > 1) {
			throw new AbortExecutionException("A request may hold at most one of "
					+ String.join(", ", this.credentialFields.stream().sorted().toList())
					+ "; send them one per request");
		}
		return super.beginExecuteOperation(parameters, state);
	}

	private int count(SelectionSet selections, Map<String, FragmentDefinition> fragments, Set<String> visited) {
		int count = 0;
		for (Selection<?> selection : selections.getSelections()) {
			if (selection instanceof Field field && this.credentialFields.contains(field.getName())) {
				count++;
			}
			else if (selection instanceof InlineFragment inline) {
				count += count(inline.getSelectionSet(), fragments, visited);
			}
			else if (selection instanceof FragmentSpread spread && visited.add(spread.getName())
					&& fragments.get(spread.getName()) != null) {
				count += count(fragments.get(spread.getName()).getSelectionSet(), fragments, visited);
			}
		}
		return count;
	}

}
