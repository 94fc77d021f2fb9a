package com.example.userprofiles.shared.config;

import java.util.ArrayList;
import java.util.List;

import graphql.execution.instrumentation.ChainedInstrumentation;
import graphql.execution.instrumentation.ExecuteObjectInstrumentationContext;
import graphql.execution.instrumentation.FieldFetchingInstrumentationContext;
import graphql.execution.instrumentation.Instrumentation;
import graphql.execution.instrumentation.InstrumentationContext;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationExecutionStrategyParameters;
import graphql.execution.instrumentation.parameters.InstrumentationFieldCompleteParameters;
import graphql.execution.instrumentation.parameters.InstrumentationFieldFetchParameters;
import graphql.execution.instrumentation.parameters.InstrumentationFieldParameters;
import graphql.schema.DataFetcher;
import org.jspecify.annotations.Nullable;

/**
 * The instrumentations that act only on whole operations (limits, snapshot, errors, the
 * request log: all of this project's), chained so that graphql-java's per-field calls
 * skip them. graphql-java calls every instrumentation's field hooks for every field of
 * every answer, a 50-user page has some 300 fields, and a chain walks all its members for
 * each call, even when each one does nothing (bench/RESULTS.md, "Where the time goes").
 * Instrumentations with a field hook of their own (Spring's observation of data fetchers)
 * stay in the outer chain, in their place.
 */
final class OperationOnlyInstrumentations extends ChainedInstrumentation {

	private static final List<String> FIELD_HOOKS = List.of("beginExecuteObject", "beginDeferredField",
			"beginSubscribedFieldEvent", "beginFieldExecution", "beginFieldFetch", "beginFieldFetching",
			"beginFieldCompletion", "beginFieldListCompletion", "instrumentDataFetcher");

	private OperationOnlyInstrumentations(List<Instrumentation> instrumentations) {
		super(instrumentations);
	}

	/**
	 * {@code instrumentations} in their order, those without field hooks grouped in one
	 * chain where the first of them stood.
	 */
	static Instrumentation chain(List<Instrumentation> instrumentations) {
		List<Instrumentation> operationOnly = instrumentations.stream()
			.filter(OperationOnlyInstrumentations::hasNoFieldHook)
			.toList();
		List<Instrumentation> chain = new ArrayList<>();
		for (Instrumentation instrumentation : instrumentations) {
			if (!operationOnly.contains(instrumentation)) {
				chain.add(instrumentation);
			}
			else if (instrumentation == operationOnly.get(0)) {
				chain.add(new OperationOnlyInstrumentations(operationOnly));
			}
		}
		return (chain.size() == 1) ? chain.get(0) : new ChainedInstrumentation(chain);
	}

	/** Whether every field hook is the do-nothing default. */
	static boolean hasNoFieldHook(Instrumentation instrumentation) {
		for (var method : instrumentation.getClass().getMethods()) {
			if (FIELD_HOOKS.contains(method.getName()) && method.getDeclaringClass() != Instrumentation.class
					&& method.getDeclaringClass() != SimplePerformantInstrumentation.class) {
				return false;
			}
		}
		return true;
	}

	@Override
	public @Nullable ExecuteObjectInstrumentationContext beginExecuteObject(
			InstrumentationExecutionStrategyParameters parameters, InstrumentationState state) {
		return null;
	}

	@Override
	public @Nullable InstrumentationContext<Object> beginDeferredField(InstrumentationFieldParameters parameters,
			InstrumentationState state) {
		return null;
	}

	@Override
	public @Nullable InstrumentationContext<graphql.ExecutionResult> beginSubscribedFieldEvent(
			InstrumentationFieldParameters parameters, InstrumentationState state) {
		return null;
	}

	@Override
	public @Nullable InstrumentationContext<Object> beginFieldExecution(InstrumentationFieldParameters parameters,
			InstrumentationState state) {
		return null;
	}

	@Override
	public @Nullable InstrumentationContext<Object> beginFieldFetch(InstrumentationFieldFetchParameters parameters,
			InstrumentationState state) {
		return null;
	}

	@Override
	public @Nullable FieldFetchingInstrumentationContext beginFieldFetching(
			InstrumentationFieldFetchParameters parameters, InstrumentationState state) {
		return null;
	}

	@Override
	public @Nullable InstrumentationContext<Object> beginFieldCompletion(
			InstrumentationFieldCompleteParameters parameters, InstrumentationState state) {
		return null;
	}

	@Override
	public @Nullable InstrumentationContext<Object> beginFieldListCompletion(
			InstrumentationFieldCompleteParameters parameters, InstrumentationState state) {
		return null;
	}

	@Override
	public DataFetcher<?> instrumentDataFetcher(DataFetcher<?> dataFetcher,
			InstrumentationFieldFetchParameters parameters, InstrumentationState state) {
		return dataFetcher;
	}

}
