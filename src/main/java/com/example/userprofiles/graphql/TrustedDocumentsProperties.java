package com.example.userprofiles.graphql;

import java.nio.file.Path;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Trusted documents ({@code app.graphql.*}): an allow-list of documents by hash.
 *
 * @param trustedDocuments a JSON manifest of hash to document, as GraphQL Code
 * Generator's client preset writes it ({@code persisted-documents.json}); its documents
 * can be run by hash alone
 * @param trustedDocumentsOnly whether documents outside the manifest are refused
 */
@ConfigurationProperties("app.graphql")
record TrustedDocumentsProperties(@Nullable Path trustedDocuments, boolean trustedDocumentsOnly) {
}
