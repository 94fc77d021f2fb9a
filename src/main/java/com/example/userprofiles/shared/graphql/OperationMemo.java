package com.example.userprofiles.shared.graphql;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
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

	private final Map<Document, Map<String, Integer>> values = Collections.synchronizedMap(new WeakHashMap<>());

	/** The value for the operation {@code context} executes, worked out once. */
	public int get(ExecutionContext context, ToIntFunction<ExecutionContext> compute) {
		Map<String, Integer> byOperation = this.values.computeIfAbsent(context.getDocument(),
				(document) -> new ConcurrentHashMap<>());
		String name = Objects.requireNonNullElse(context.getExecutionInput().getOperationName(), "");
		return byOperation.computeIfAbsent(name, (key) -> compute.applyAsInt(context));
	}

}
