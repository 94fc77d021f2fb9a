package com.example.userprofiles.shared.graphql;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;

import graphql.execution.ExecutionContext;
import graphql.language.Document;

/**
 * A number worked out once per operation of a document, for what depends on the document
 * alone: the document cache hands out the same {@link Document} for the same text, so
 * every later request with that text finds it here. Weak keys: a document that leaves the
 * document cache leaves this memo too.
 */
public final class OperationMemo {

	// Stands for "worked out on every request" (what the memo keeps are counts, never
	// negative)
	private static final int EACH_TIME = -1;

	private final Map<Document, Map<String, Integer>> values = Collections.synchronizedMap(new WeakHashMap<>());

	/** The value for the operation {@code context} executes, worked out once. */
	public int get(ExecutionContext context, ToIntFunction<ExecutionContext> compute) {
		return get(context, (document) -> false, compute);
	}

	/**
	 * As {@link #get(ExecutionContext, ToIntFunction)}, except for a document that
	 * {@code varies} says the variables can change the value of: then it is worked out on
	 * every request ({@code varies} is asked once per operation).
	 */
	public int get(ExecutionContext context, Predicate<Document> varies, ToIntFunction<ExecutionContext> compute) {
		Map<String, Integer> byOperation = this.values.computeIfAbsent(context.getDocument(),
				(document) -> new ConcurrentHashMap<>());
		String name = Objects.requireNonNullElse(context.getExecutionInput().getOperationName(), "");
		int value = byOperation.computeIfAbsent(name,
				(key) -> varies.test(context.getDocument()) ? EACH_TIME : compute.applyAsInt(context));
		return (value == EACH_TIME) ? compute.applyAsInt(context) : value;
	}

}
