package com.example.userprofiles.graphql;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.example.userprofiles.support.Api;
import com.example.userprofiles.support.ExternalProgram;
import com.example.userprofiles.support.GraphQlHttpClient.GraphQlResult;
import com.example.userprofiles.support.IntegrationTest;
import graphql.introspection.Introspection;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Trusted documents: the manifest that GraphQL Code Generator's client preset writes
 * ({@code e2e/trusted-documents.mjs} on {@code e2e/trusted-documents/operations.ts}) is
 * the one committed here and loaded, its documents run by {@code documentId} and by
 * Apollo's hash without being sent first, and with
 * {@code app.graphql.trusted-documents-only} (under the {@code prod} profile, as in
 * production) nothing else runs, whether sent in full, by hash, or for Apollo to store.
 */
@IntegrationTest
@TestPropertySource(properties = "app.graphql.trusted-documents=" + TrustedDocumentsTests.MANIFEST)
@DirtiesContext
class TrustedDocumentsTests {

	static final String MANIFEST = "src/test/resources/trusted-documents/persisted-documents.json";

	private static final String JSON = "application/json";

	private static final String GRAPHQL_RESPONSE = "application/graphql-response+json";

	private static final Map<String, String> manifest = JsonMapper.shared()
		.readValue(read(Path.of(MANIFEST)), new TypeReference<Map<String, String>>() {
		});

	@Autowired
	Api api;

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void theCommittedManifestIsTheOneTheClientPresetWritesForTheOperations(@TempDir Path out) {
		ExternalProgram.node(Duration.ofMinutes(2), Map.of(), "trusted-documents.mjs", out.toString()).succeeded();

		assertThat(read(out.resolve("persisted-documents.json"))).isEqualTo(read(Path.of(MANIFEST)));
		assertThat(manifest).hasSize(4).allSatisfy((key, document) -> assertThat(key).startsWith("sha256:"));
	}

	@Test
	void listedDocumentsRunByDocumentIdAndByHashWithoutBeingSentFirst() throws Exception {
		String username = Api.uniqueName("listed");
		GraphQlResult signedUp = signUpByDocumentId(username, JSON);
		assertThat(signedUp.ok()).as(signedUp.toString()).isTrue();
		assertThat(signedUp.at("signUp.user.username")).isEqualTo(username);

		GraphQlResult me = send((String) signedUp.at("signUp.token"), byHash(null, hash("Me"), Map.of()), JSON);
		assertThat(me.ok()).as(me.toString()).isTrue();
		assertThat(me.at("me.username")).isEqualTo(username);
	}

	@Test
	void otherDocumentsStillRunAndAnUnknownDocumentIdIsNotFound() throws Exception {
		GraphQlResult other = this.api.client().send(null, "{ __typename }", Map.of());
		assertThat(other.ok()).as(other.toString()).isTrue();

		GraphQlResult unknown = send(null, byDocumentId("sha256:" + "0".repeat(64), Map.of()), JSON);
		assertThat(unknown.code()).as(unknown.toString()).isEqualTo("PERSISTED_QUERY_NOT_FOUND");
	}

	@Test
	void aDocumentIdNotInItsFormOrBesideAQueryIsARequestError() throws Exception {
		String hex = hash("Me").substring("sha256:".length());
		List<Map<String, Object>> bodies = List.of(Map.of("documentId", hex), Map.of("documentId", "sha1:" + hex),
				Map.of("documentId", "sha256:" + hex.substring(1)), Map.of("documentId", 5),
				Map.of("documentId", List.of(hash("Me"))),
				Map.of("documentId", hash("Me"), "query", "query Me { me { username } }"),
				Map.of("documentId", hash("Me"), "extensions",
						Map.of("persistedQuery", Map.of("version", 1, "sha256Hash", hex))),
				Map.of("documentId", hash("Me"), "extensions", "x"));
		for (Map<String, Object> body : bodies) {
			GraphQlResult refused = send(null, body, JSON);
			assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
			assertThat(refused.data()).isNull();
			assertThat(refused.code()).isEqualTo("BAD_USER_INPUT");
			assertThat((String) refused.errors().get(0).get("message")).containsAnyOf("documentId", "extensions");
		}
		// null stands for absent, as for variables and extensions
		Map<String, Object> withNull = new LinkedHashMap<>();
		withNull.put("query", "{ __typename }");
		withNull.put("documentId", null);
		assertThat(send(null, withNull, JSON).ok()).isTrue();
	}

	@Test
	void aManifestThatCannotBeTrustedStopsTheStart(@TempDir Path directory) throws Exception {
		String me = "query Me { me { username } }";
		String meHash = hash("Me").substring("sha256:".length());
		Map<String, String> manifests = new LinkedHashMap<>();
		manifests.put("[]", "must be a JSON object");
		manifests.put("{\"sha256:" + meHash + "\": ", "cannot be read as JSON");
		manifests.put("{\"Me\": \"" + me + "\"}", "has the key \"Me\"");
		manifests.put("{\"sha256:" + meHash + "\": 5}", "not a string");
		manifests.put("{\"sha256:" + meHash + "\": \"" + me + " \"}", "not the SHA-256 of its document");
		int i = 0;
		for (Map.Entry<String, String> manifest : manifests.entrySet()) {
			Path file = Files.writeString(directory.resolve("manifest-" + i++ + ".json"), manifest.getKey());
			assertStartFails(contexts().withPropertyValues("app.graphql.trusted-documents=" + file),
					manifest.getValue());
		}
		assertStartFails(contexts().withPropertyValues("app.graphql.trusted-documents=" + directory.resolve("none")),
				"cannot be read");
		assertStartFails(contexts().withPropertyValues("app.graphql.trusted-documents-only=true"), "no manifest");

		// the hash alone as a key, in any case, is read too
		Path bare = Files.writeString(directory.resolve("bare.json"),
				"{\"" + meHash.toUpperCase() + "\": \"" + me + "\"}");
		contexts()
			.withPropertyValues("app.graphql.trusted-documents=" + bare, "app.graphql.trusted-documents-only=true")
			.run(context -> assertThat(context).hasNotFailed());
	}

	/**
	 * The production profile with trusted documents only: listed documents run, nothing
	 * else does, and introspection and GraphiQL stay off as {@code prod} has them.
	 */
	@Nested
	@ActiveProfiles({ "test", "prod" })
	@TestPropertySource(properties = "app.graphql.trusted-documents-only=true")
	class OnlyTrustedDocumentsInProduction {

		/** Spring Boot turns introspection off JVM-wide; turn it back on. */
		@AfterAll
		static void introspectionBackOnForTheOtherTests() {
			Introspection.enabledJvmWide(true);
		}

		@Test
		void listedDocumentsRunByDocumentIdByHashAndInFull() throws Exception {
			String username = Api.uniqueName("only");
			GraphQlResult signedUp = signUpByDocumentId(username, GRAPHQL_RESPONSE);
			assertThat(signedUp.ok()).as(signedUp.toString()).isTrue();
			String token = (String) signedUp.at("signUp.token");

			GraphQlResult me = send(token, byHash(null, hash("Me"), Map.of()), GRAPHQL_RESPONSE);
			assertThat(me.at("me.username")).as(me.toString()).isEqualTo(username);
			GraphQlResult meInFull = TrustedDocumentsTests.this.api.client()
				.send(token, manifest.get(hash("Me")), Map.of());
			assertThat(meInFull.at("me.username")).as(meInFull.toString()).isEqualTo(username);
			GraphQlResult usernames = send(null,
					byHash(manifest.get(hash("Usernames")), hash("Usernames"), Map.of("first", 1)), JSON);
			assertThat(usernames.ok()).as(usernames.toString()).isTrue();
		}

		@Test
		void anUnlistedDocumentIsRefusedInFullByHashOrToBeStoredAndNothingRuns() throws Exception {
			String username = Api.uniqueName("unlisted");
			String signUp = "mutation { signUp(input: { username: \"" + username + "\", email: \"" + username
					+ "@example.com\", password: \"password-" + username + "\" }) { token } }";
			String unknownHash = sha256(signUp);
			for (String accept : List.of(JSON, GRAPHQL_RESPONSE)) {
				assertNotInList(send(null, Map.of("query", signUp), accept), accept);
				// Apollo's link would store it: the hash with its query
				assertNotInList(send(null, byHash(signUp, unknownHash, Map.of()), accept), accept);
				assertNotInList(send(null, byHash(null, unknownHash, Map.of()), accept), accept);
				assertNotInList(send(null, byDocumentId("sha256:" + unknownHash, Map.of()), accept), accept);
			}
			// a listed document's text, spaced otherwise, is another document
			String listed = manifest.get(hash("SignUp"));
			assertNotInList(send(null, Map.of("query", listed + " ", "variables", signUpInput(username)), JSON), JSON);
			assertThat(this.count(username)).isZero();
		}

		@Test
		void aListedHashSentWithAnotherDocumentRunsNothing() throws Exception {
			String username = Api.uniqueName("swapped");
			String signUp = "mutation($input: SignUpInput!) { signUp(input: $input) { token } }";
			GraphQlResult refused = send(null, byHash(signUp, hash("SignUp"), Map.of("input", signUpInput(username))),
					JSON);
			assertThat(refused.code()).as(refused.toString()).isEqualTo("BAD_USER_INPUT");
			assertThat(this.count(username)).isZero();
		}

		@Test
		void anUnlistedDocumentIsRefusedOverWebSocketToo() {
			TrustedDocumentsTests.this.api.subscriber(null)
				.document("{ __typename }")
				.execute()
				.errors()
				.satisfy(errors -> assertThat(errors).singleElement()
					.satisfies(error -> assertThat(error.getExtensions()).containsEntry("code",
							"PERSISTED_QUERY_NOT_IN_LIST")));
		}

		@Test
		void introspectionAndGraphiqlStayOffAsTheProdProfileHasThem() throws Exception {
			// listed, introspection is still refused by prod's rule; unlisted, by the
			// list
			GraphQlResult listed = send(null, byDocumentId(hash("TypeNames"), Map.of()), JSON);
			assertThat(listed.data()).as(listed.toString()).isNull();
			assertThat(listed.code()).isEqualTo("BAD_USER_INPUT");
			assertNotInList(
					TrustedDocumentsTests.this.api.client().send(null, "{ __schema { types { name } } }", Map.of()),
					JSON);

			assertThat(TrustedDocumentsTests.this.api.client().get("/graphiql").statusCode()).isEqualTo(404);
			assertThat(TrustedDocumentsTests.this.api.client().get("/graphql/schema").statusCode()).isBetween(400, 499);
		}

		private int count(String username) {
			return TrustedDocumentsTests.this.jdbc.queryForObject("SELECT count(*) FROM site_user WHERE username = ?",
					Integer.class, username);
		}

		/**
		 * The refusal: no data, one error, 200 for JSON and 400 for
		 * graphql-response+json.
		 */
		private static void assertNotInList(GraphQlResult refused, String accept) {
			assertThat(refused.status()).as(refused.toString()).isEqualTo(accept.equals(JSON) ? 200 : 400);
			assertThat(refused.data()).as(refused.toString()).isNull();
			assertThat(refused.code()).isEqualTo("PERSISTED_QUERY_NOT_IN_LIST");
		}

	}

	private GraphQlResult signUpByDocumentId(String username, String accept) throws Exception {
		return send(null, byDocumentId(hash("SignUp"), Map.of("input", signUpInput(username))), accept);
	}

	private GraphQlResult send(@Nullable String token, Map<String, ?> body, String accept) throws Exception {
		return this.api.client().send(token, body, accept);
	}

	private static Map<String, Object> signUpInput(String username) {
		return Map.of("username", username, "email", username + "@example.com", "password", "password-" + username);
	}

	/** The body of GraphQL over HTTP's persisted documents. */
	private static Map<String, Object> byDocumentId(String documentId, Map<String, Object> variables) {
		return Map.of("documentId", documentId, "variables", variables);
	}

	/** The body of Apollo's persisted queries, with the query unless it is null. */
	private static Map<String, Object> byHash(@Nullable String query, String hash, Map<String, Object> variables) {
		Map<String, Object> body = new LinkedHashMap<>();
		if (query != null) {
			body.put("query", query);
		}
		body.put("variables", variables);
		body.put("extensions",
				Map.of("persistedQuery", Map.of("version", 1, "sha256Hash", hash.substring(hash.indexOf(':') + 1))));
		return body;
	}

	/** The manifest's key of the operation named {@code operation}. */
	private static String hash(String operation) {
		return manifest.entrySet()
			.stream()
			.filter(entry -> entry.getValue().matches("(query|mutation) " + operation + "\\b.*"))
			.map(Map.Entry::getKey)
			.findFirst()
			.orElseThrow();
	}

	private static ApplicationContextRunner contexts() {
		return new ApplicationContextRunner().withUserConfiguration(GraphQlConfiguration.class);
	}

	/** Asserts that the start failed with a message naming the setting and the fault. */
	private static void assertStartFails(ApplicationContextRunner contexts, String message) {
		contexts.run(context -> {
			assertThat(context).hasFailed();
			List<Throwable> causes = new ArrayList<>();
			for (Throwable cause = context.getStartupFailure(); cause != null; cause = cause.getCause()) {
				causes.add(cause);
			}
			assertThat(causes).anySatisfy(cause -> assertThat(cause).isInstanceOf(IllegalStateException.class)
				.hasMessageContaining("app.graphql.trusted-documents")
				.hasMessageContaining(message));
		});
	}

	private static String sha256(String text) throws Exception {
		return java.util.HexFormat.of()
			.formatHex(
					java.security.MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
	}

	private static String read(Path file) {
		try {
			return Files.readString(file, StandardCharsets.UTF_8);
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

}
