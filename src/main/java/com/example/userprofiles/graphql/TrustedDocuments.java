package com.example.userprofiles.graphql;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The trusted documents of {@code app.graphql.trusted-documents}, by their SHA-256 in
 * lower-case hexadecimal, read once at start. A manifest that cannot be read, is not a
 * JSON object of strings, or has a key that is not its document's SHA-256 stops the
 * start: serving with part of an allow-list would refuse the clients it was made for.
 */
final class TrustedDocuments {

	private static final Logger logger = LoggerFactory.getLogger(TrustedDocuments.class);

	/** The client preset's key, {@code sha256:<hex>}; the hash alone is accepted too. */
	private static final Pattern KEY = Pattern.compile("(?:sha256:)?([0-9a-fA-F]{64})");

	private final Map<String, String> byHash;

	private final Set<String> documents;

	private final boolean only;

	private TrustedDocuments(Map<String, String> byHash, boolean only) {
		this.byHash = Map.copyOf(byHash);
		this.documents = Set.copyOf(byHash.values());
		this.only = only;
	}

	static TrustedDocuments load(TrustedDocumentsProperties properties) {
		Path manifest = properties.trustedDocuments();
		if (manifest == null) {
			if (properties.trustedDocumentsOnly()) {
				throw new IllegalStateException("app.graphql.trusted-documents-only is true, but no manifest is set: "
						+ "set app.graphql.trusted-documents (APP_GRAPHQL_TRUSTED_DOCUMENTS) to the "
						+ "persisted-documents.json of the clients' documents");
			}
			return new TrustedDocuments(Map.of(), false);
		}
		TrustedDocuments trusted = new TrustedDocuments(read(manifest), properties.trustedDocumentsOnly());
		logger.info("Trusted documents: {} from {}; {}", trusted.byHash.size(), manifest,
				trusted.only ? "no other document runs" : "other documents run too");
		return trusted;
	}

	/** Whether documents outside the manifest are refused. */
	boolean only() {
		return this.only;
	}

	/** The document of a hash (hexadecimal, any case), if the manifest has one. */
	@Nullable String document(Object hash) {
		return this.byHash.get(hash.toString().toLowerCase(Locale.ROOT));
	}

	boolean contains(String document) {
		return this.documents.contains(document);
	}

	private static Map<String, String> read(Path manifest) {
		String problem = "app.graphql.trusted-documents: " + manifest + " ";
		JsonNode root;
		try {
			root = JsonMapper.shared().readTree(Files.readString(manifest, StandardCharsets.UTF_8));
		}
		catch (IOException | JacksonException ex) {
			throw new IllegalStateException(problem + "cannot be read as JSON: " + ex.getMessage(), ex);
		}
		if (root == null || !root.isObject()) {
			throw new IllegalStateException(problem + "must be a JSON object of \"sha256:<hash>\" to document, "
					+ "as GraphQL Code Generator's client preset writes it (persistedDocuments)");
		}
		Map<String, String> byHash = new HashMap<>();
		for (Map.Entry<String, JsonNode> entry : root.properties()) {
			var key = KEY.matcher(entry.getKey());
			if (!key.matches()) {
				throw new IllegalStateException(problem + "has the key \"" + entry.getKey()
						+ "\": keys must be \"sha256:\" and 64 hexadecimal digits");
			}
			if (!entry.getValue().isString()) {
				throw new IllegalStateException(problem + "has a value that is not a string at " + entry.getKey());
			}
			String document = entry.getValue().asString();
			String hash = key.group(1).toLowerCase(Locale.ROOT);
			if (!hash.equals(sha256(document))) {
				throw new IllegalStateException(
						problem + "has the key " + entry.getKey() + ", which is not the SHA-256 of its document");
			}
			byHash.put(hash, document);
		}
		return byHash;
	}

	private static String sha256(String text) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
