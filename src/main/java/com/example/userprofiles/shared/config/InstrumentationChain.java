package com.example.userprofiles.shared.config;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

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
 * A chain of instrumentations whose per-field calls reach only the members that act on
 * fields. graphql-java calls every field hook for every field of every answer (a 50-user
 * page has some 300 fields), and graphql-java's chain walks all its members for each call
 * and wraps what they return in a context of its own, even when none of them does
 * anything: this chain answers a field hook none of its members implements at once, with
 * nothing. Members without any field hook (the limits, the snapshot, the error codes and
 * the request log: all this project's) are chained together where the first of them
 * stood, so the hooks some member does implement (Spring's observation of data fetchers)
 * walk past one member for all of them (bench/RESULTS.md, "Where the time goes").
 */
final class InstrumentationChain extends ChainedInstrumentation {

	private final Set<FieldHook> hooks;

	private InstrumentationChain(List<Instrumentation> instrumentations) {
		super(instrumentations);
		EnumSet<FieldHook> hooks = EnumSet.noneOf(FieldHook.class);
		instrumentations.forEach(instrumentation -> hooks.addAll(hooksOf(instrumentation)));
		this.hooks = hooks;
	}

	/**
	 * {@code instrumentations} in their order, those without field hooks chained together
	 * where the first of them stood.
	 */
	static Instrumentation of(List<Instrumentation> instrumentations) {
		List<Instrumentation> operationOnly = instrumentations.stream()
			.filter(instrumentation -> hooksOf(instrumentation).isEmpty())
			.toList();
		List<Instrumentation> chain = new ArrayList<>();
		for (Instrumentation instrumentation : instrumentations) {
			if (!operationOnly.contains(instrumentation)) {
				chain.add(instrumentation);
			}
			else if (instrumentation == operationOnly.get(0)) {
				chain.add((operationOnly.size() == 1) ? instrumentation : new InstrumentationChain(operationOnly));
			}
		}
		return (chain.size() == 1) ? chain.get(0) : new InstrumentationChain(chain);
	}

	/**
	 * The field hooks {@code instrumentation} implements, rather than inherits as no-ops.
	 */
	static Set<FieldHook> hooksOf(Instrumentation instrumentation) {
		if (instrumentation instanceof InstrumentationChain chain) {
			return chain.hooks;
		}
		EnumSet<FieldHook> hooks = EnumSet.noneOf(FieldHook.class);
		for (Method method : instrumentation.getClass().getMethods()) {
			Class<?> declaredBy = method.getDeclaringClass();
			if (declaredBy != Instrumentation.class && declaredBy != SimplePerformantInstrumentation.class) {
				FieldHook.named(method.getName()).ifPresent(hooks::add);
			}
		}
		// graphql-java calls beginFieldFetching, whose default calls beginFieldFetch
		if (hooks.contains(FieldHook.FIELD_FETCH)) {
			hooks.add(FieldHook.FIELD_FETCHING);
		}
		return hooks;
	}

	@Override
	public @Nullable ExecuteObjectInstrumentationContext beginExecuteObject(
			InstrumentationExecutionStrategyParameters parameters, InstrumentationState state) {
		return this.hooks.contains(FieldHook.EXECUTE_OBJECT) ? super.beginExecuteObject(parameters, state) : null;
	}

	@Override
	public @Nullable InstrumentationContext<Object> beginDeferredField(InstrumentationFieldParameters parameters,
			InstrumentationState state) {
		return this.hooks.contains(FieldHook.DEFERRED_FIELD) ? super.beginDeferredField(parameters, state) : null;
	}

	@Override
	public @Nullable InstrumentationContext<graphql.ExecutionResult> beginSubscribedFieldEvent(
			InstrumentationFieldParameters parameters, InstrumentationState state) {
		return this.hooks.contains(FieldHook.SUBSCRIBED_FIELD_EVENT)
				? super.beginSubscribedFieldEvent(parameters, state) : null;
	}

	@Override
	public @Nullable InstrumentationContext<Object> beginFieldExecution(InstrumentationFieldParameters parameters,
			InstrumentationState state) {
		return this.hooks.contains(FieldHook.FIELD_EXECUTION) ? super.beginFieldExecution(parameters, state) : null;
	}

	@Override
	public @Nullable InstrumentationContext<Object> beginFieldFetch(InstrumentationFieldFetchParameters parameters,
			InstrumentationState state) {
		return this.hooks.contains(FieldHook.FIELD_FETCH) ? super.beginFieldFetch(parameters, state) : null;
	}

	@Override
	public @Nullable FieldFetchingInstrumentationContext beginFieldFetching(
			InstrumentationFieldFetchParameters parameters, InstrumentationState state) {
		return this.hooks.contains(FieldHook.FIELD_FETCHING) ? super.beginFieldFetching(parameters, state) : null;
	}

	@Override
	public @Nullable InstrumentationContext<Object> beginFieldCompletion(
			InstrumentationFieldCompleteParameters parameters, InstrumentationState state) {
		return this.hooks.contains(FieldHook.FIELD_COMPLETION) ? super.beginFieldCompletion(parameters, state) : null;
	}

	@Override
	public @Nullable InstrumentationContext<Object> beginFieldListCompletion(
			InstrumentationFieldCompleteParameters parameters, InstrumentationState state) {
		return this.hooks.contains(FieldHook.FIELD_LIST_COMPLETION) ? super.beginFieldListCompletion(parameters, state)
				: null;
	}

	@Override
	public DataFetcher<?> instrumentDataFetcher(DataFetcher<?> dataFetcher,
			InstrumentationFieldFetchParameters parameters, InstrumentationState state) {
		return this.hooks.contains(FieldHook.DATA_FETCHER) ? super.instrumentDataFetcher(dataFetcher, parameters, state)
				: dataFetcher;
	}

	/** The hooks graphql-java calls for each field (or object) of an answer. */
	enum FieldHook {

		EXECUTE_OBJECT("beginExecuteObject"), DEFERRED_FIELD("beginDeferredField"),
		SUBSCRIBED_FIELD_EVENT("beginSubscribedFieldEvent"), FIELD_EXECUTION("beginFieldExecution"),
		FIELD_FETCH("beginFieldFetch"), FIELD_FETCHING("beginFieldFetching"), FIELD_COMPLETION("beginFieldCompletion"),
		FIELD_LIST_COMPLETION("beginFieldListCompletion"), DATA_FETCHER("instrumentDataFetcher");

		private final String method;

		FieldHook(String method) {
			this.method = method;
		}

		static Optional<FieldHook> named(String method) {
			for (FieldHook hook : values()) {
				if (hook.method.equals(method)) {
					return Optional.of(hook);
				}
			}
			return Optional.empty();
		}

	}

}
