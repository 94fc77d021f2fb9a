package com.example.userprofiles.graphql;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import graphql.ExecutionInput;
import graphql.execution.preparsed.PreparsedDocumentEntry;
import graphql.execution.preparsed.PreparsedDocumentProvider;

/**
 * Keeps parsed and validated documents, so the same query text (clients send the same few
 * documents with different variables) is parsed and validated once, not on every request.
 * Only documents that passed are kept, and only up to a size, so hostile documents cannot
 * fill it; the least recently used entry makes room.
 */
final class DocumentCache implements PreparsedDocumentProvider {

	private static final int MAX_ENTRIES = 1000;

	private static final int MAX_DOCUMENT_LENGTH = 16 * 1024;

	private final Map<String, PreparsedDocumentEntry> entries = new LinkedHashMap<>(MAX_ENTRIES, 0.75f, true) {

		@Override
		protected boolean removeEldestEntry(Map.Entry<String, PreparsedDocumentEntry> eldest) {
			return size() > MAX_ENTRIES;
		}

	};

	@Override
	public CompletableFuture<PreparsedDocumentEntry> getDocumentAsync(ExecutionInput input,
			Function<ExecutionInput, PreparsedDocumentEntry> parseAndValidate) {
		String query = input.getQuery();
		PreparsedDocumentEntry entry;
		synchronized (this.entries) {
			entry = this.entries.get(query);
		}
		if (entry == null) {
			entry = parseAndValidate.apply(input);
			if (!entry.hasErrors() && query.length() <= MAX_DOCUMENT_LENGTH) {
				synchronized (this.entries) {
					this.entries.put(query, entry);
				}
			}
		}
		return CompletableFuture.completedFuture(entry);
	}

}
