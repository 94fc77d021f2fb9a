package com.example.userprofiles.graphql;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.regex.Pattern;

import com.example.userprofiles.error.ApiException;
import com.example.userprofiles.error.ErrorCode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import graphql.ExecutionInput;
import graphql.GraphqlErrorBuilder;
import graphql.execution.preparsed.PreparsedDocumentEntry;
import graphql.execution.preparsed.PreparsedDocumentProvider;
import graphql.execution.preparsed.persisted.ApolloPersistedQuerySupport;
import graphql.execution.preparsed.persisted.PersistedQueryCache;
import graphql.execution.preparsed.persisted.PersistedQueryCacheMiss;
import graphql.execution.preparsed.persisted.PersistedQueryError;
import graphql.execution.preparsed.persisted.PersistedQueryNotFound;

/**
 * The one {@link PreparsedDocumentProvider}: Apollo's automatic persisted queries
 * (graphql-java's support) in front of a cache of parsed and validated documents, since
 * clients send the same few with different variables. A request naming its document by
 * {@code extensions.persistedQuery.sha256Hash} alone (or by {@code documentId}, which the
 * web layer turns into that) runs the trusted document of that hash, or else the document
 * stored under it, or answers {@code PERSISTED_QUERY_NOT_FOUND} so that the client sends
 * it again with its query; a request with both has the hash checked, then its document
 * stored. Both caches keep only small documents that passed, so hostile documents cannot
 * fill them. With trusted documents only, nothing is stored or read from the store: a
 * document outside the manifest, sent by hash or in full, answers
 * {@code PERSISTED_QUERY_NOT_IN_LIST} before it is parsed.
 */
final class DocumentCache extends ApolloPersistedQuerySupport {

	private static final int MAX_ENTRIES = 1000;

	private static final int MAX_KEPT_CHARACTERS = 16 * 1024;

	private static final Pattern SHA_256 = Pattern.compile("[0-9a-fA-F]{64}");

	/** Parsed and validated documents by their text. */
	private final Cache<String, PreparsedDocumentEntry> parsed = Caffeine.newBuilder().maximumSize(MAX_ENTRIES).build();

	private final TrustedDocuments trusted;

	DocumentCache(TrustedDocuments trusted) {
		super(new Persisted(trusted, Caffeine.newBuilder().maximumSize(MAX_ENTRIES).build()));
		this.trusted = trusted;
	}

	@Override
	public CompletableFuture<PreparsedDocumentEntry> getDocumentAsync(ExecutionInput input,
			Function<ExecutionInput, PreparsedDocumentEntry> parseAndValidate) {
		Object persistedQuery = input.getExtensions().get("persistedQuery");
		if (persistedQuery != null && !isApolloExtension(persistedQuery)) {
			return CompletableFuture.completedFuture(failure(ErrorCode.BAD_USER_INPUT,
					"extensions.persistedQuery must be {\"version\": 1, \"sha256Hash\": \"<the SHA-256 of the "
							+ "query in 64 hexadecimal digits>\"}"));
		}
		if (persistedQuery == null && this.trusted.only() && !this.trusted.contains(input.getQuery())) {
			return CompletableFuture.completedFuture(notInList());
		}
		return super.getDocumentAsync(input, (withQuery) -> parse(withQuery, parseAndValidate));
	}

	/** graphql-java's errors for an unknown or a wrong hash, with this API's codes. */
	@Override
	protected PreparsedDocumentEntry mkMissingError(PersistedQueryError error) {
		// Apollo's link retries with the query on this code or on this message
		return (error instanceof PersistedQueryNotFound)
				? failure(ErrorCode.PERSISTED_QUERY_NOT_FOUND, "PersistedQueryNotFound")
				: failure(ErrorCode.BAD_USER_INPUT,
						"extensions.persistedQuery.sha256Hash is not the SHA-256 of the query");
	}

	private PreparsedDocumentEntry parse(ExecutionInput input,
			Function<ExecutionInput, PreparsedDocumentEntry> parseAndValidate) {
		PreparsedDocumentEntry entry = this.parsed.getIfPresent(input.getQuery());
		if (entry == null) {
			entry = parseAndValidate.apply(input);
			if (isKept(input.getQuery(), entry)) {
				this.parsed.put(input.getQuery(), entry);
			}
		}
		return entry;
	}

	private static boolean isKept(String document, PreparsedDocumentEntry entry) {
		return !entry.hasErrors() && document.length() <= MAX_KEPT_CHARACTERS;
	}

	private static boolean isApolloExtension(Object persistedQuery) {
		return persistedQuery instanceof Map<?, ?> extension && Integer.valueOf(1).equals(extension.get("version"))
				&& extension.get("sha256Hash") instanceof String hash && SHA_256.matcher(hash).matches();
	}

	private static PreparsedDocumentEntry notInList() {
		return failure(ErrorCode.PERSISTED_QUERY_NOT_IN_LIST,
				"This server runs only its trusted documents, and this document is not one of them");
	}

	private static PreparsedDocumentEntry failure(ErrorCode code, String message) {
		return new PreparsedDocumentEntry(new ApiException(code, message).toError(GraphqlErrorBuilder.newError()));
	}

	/**
	 * Documents by their hash: the one a request sends, or else the trusted one or the
	 * one stored under its hash, goes through graphql-java's check of the hash (none: not
	 * found) and then the parse cache; a sent document that passes and would be kept
	 * there is stored. With trusted documents only, a hash outside the manifest is
	 * refused whether or not its document is sent, and nothing is stored.
	 */
	private record Persisted(TrustedDocuments trusted, Cache<Object, String> documents) implements PersistedQueryCache {

		@Override
		public CompletableFuture<PreparsedDocumentEntry> getPersistedQueryDocumentAsync(Object hash,
				ExecutionInput input, PersistedQueryCacheMiss checkAndParse) {
			// Spring for GraphQL stands this marker in for a request without a query
			String sent = PERSISTED_QUERY_MARKER.equals(input.getQuery()) ? null : input.getQuery();
			String listed = this.trusted.document(hash);
			if (listed == null && this.trusted.only()) {
				return CompletableFuture.completedFuture(notInList());
			}
			String document = (sent != null) ? sent : (listed != null) ? listed : this.documents.getIfPresent(hash);
			PreparsedDocumentEntry entry = checkAndParse.apply(document);
			if (sent != null && listed == null && isKept(sent, entry)) {
				this.documents.put(hash, sent);
			}
			return CompletableFuture.completedFuture(entry);
		}

	}

}
