package com.example.userprofiles.graphql;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import graphql.ExecutionInput;
import graphql.execution.preparsed.PreparsedDocumentEntry;
import graphql.execution.preparsed.PreparsedDocumentProvider;

/**
 * Keeps parsed and validated documents, since clients send the same few with different
 * variables. Only small documents that passed are kept, least recently used first out, so
 * hostile documents cannot fill it.
 */
final class DocumentCache implements PreparsedDocumentProvider {

	private static final int MAX_ENTRIES = 1000;

	private static final int MAX_DOCUMENT_LENGTH = 16 * 1024;

	private final Map<String, PreparsedDocumentEntry> entries = Collections
		.synchronizedMap(new LinkedHashMap<>(MAX_ENTRIES, 0.75f, true) {

			@Override
			protected boolean removeEldestEntry(Map.Entry<String, PreparsedDocumentEntry> eldest) {
				return size() > MAX_ENTRIES;
			}

		});

	@Override
	public CompletableFuture<PreparsedDocumentEntry> getDocumentAsync(ExecutionInput input,
			Function<ExecutionInput, PreparsedDocumentEntry> parseAndValidate) {
		String query = input.getQuery();
		PreparsedDocumentEntry entry = this.entries.get(query);
		if (entry == null) {
			entry = parseAndValidate.apply(input);
			if (!entry.hasErrors() && query.length() <= MAX_DOCUMENT_LENGTH) {
				this.entries.put(query, entry);
			}
		}
		return CompletableFuture.completedFuture(entry);
	}

}
