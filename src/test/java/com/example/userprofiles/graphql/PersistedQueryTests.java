package com.example.userprofiles.graphql;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.example.userprofiles.support.Api;
import com.example.userprofiles.support.Api.Account;
import com.example.userprofiles.support.IntegrationTest;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Apollo's automatic persisted queries over POST, as the protocol's raw requests: a hash
 * alone that the server does not hold answers {@code PERSISTED_QUERY_NOT_FOUND}, the hash
 * with its query runs and stores the document, and then the hash alone runs it.
 */
@IntegrationTest
class PersistedQueryTests {

	private static final String JSON = "application/json";

	/** What Apollo Client's HttpLink sends. */
	private static final String APOLLO_ACCEPT = "application/graphql-response+json,application/json;q=0.9";

	@Autowired
	Api api;

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void anUnknownHashIsNotFoundThenTheHashWithItsQueryRunsAndThenTheHashAloneRuns() throws Exception {
		Account ann = this.api.signUp("apq");
		String query = "query " + operationName() + "($u: String!) { userByUsername(username: $u) { username } }";
		Map<String, Object> variables = Map.of("u", ann.username());

		for (String accept : List.of(JSON, APOLLO_ACCEPT)) {
			HttpResponse<String> missing = post(accept, null, sha256(query), variables);
			// a request error: 200 for JSON, as Apollo's link expects; 400 for
			// graphql-response+json (Spring's answer without data), which Apollo
			// Client reads as a GraphQL response all the same
			assertThat(missing.statusCode()).as(missing.body()).isEqualTo(accept.equals(JSON) ? 200 : 400);
			JsonNode error = assertOneError(missing, "PERSISTED_QUERY_NOT_FOUND");
			assertThat(error.path("message").asString()).isEqualTo("PersistedQueryNotFound");
		}

		assertData(post(JSON, query, sha256(query), variables), ann.username());
		for (String accept : List.of(JSON, APOLLO_ACCEPT)) {
			assertData(post(accept, null, sha256(query), variables), ann.username());
		}
		// other variables, the same stored document
		Account bob = this.api.signUp("apq");
		assertData(post(JSON, null, sha256(query), Map.of("u", bob.username())), bob.username());
	}

	@Test
	void aHashThatIsNotTheQuerysIsBadUserInputAndRunsAndStoresNothing() throws Exception {
		String name = Api.uniqueName("apqwrong");
		String signUp = "mutation { signUp(input: { username: \"" + name + "\", email: \"" + name
				+ "@example.com\", password: \"password-" + name + "\" }) { token } }";
		String otherHash = sha256(signUp + " ");

		HttpResponse<String> response = post(JSON, signUp, otherHash, Map.of());
		JsonNode error = assertOneError(response, "BAD_USER_INPUT");
		assertThat(error.path("message").asString()).contains("sha256Hash");
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM site_user WHERE username = ?", Integer.class, name))
			.isZero();
		assertOneError(post(JSON, null, otherHash, Map.of()), "PERSISTED_QUERY_NOT_FOUND");
	}

	@Test
	void aPersistedQueryExtensionNotInApollosFormIsBadUserInput() throws Exception {
		String query = "query " + operationName() + " { __typename }";
		for (Object extension : List.of("x", List.of(), Map.of("version", 1),
				Map.of("version", 2, "sha256Hash", sha256(query)), Map.of("version", 1, "sha256Hash", 5),
				Map.of("version", 1, "sha256Hash", "not-a-hash"))) {
			for (String sent : new String[] { query, null }) {
				Map<String, Object> body = new LinkedHashMap<>();
				body.put("query", sent);
				body.put("extensions", Map.of("persistedQuery", extension));
				HttpResponse<String> response = post(JSON, body);
				assertThat(assertOneError(response, "BAD_USER_INPUT").path("message").asString()).as(response.body())
					.contains("extensions.persistedQuery");
			}
		}
	}

	@Test
	void aDocumentOverSixteenKilobytesRunsButIsNotStored() throws Exception {
		String query = "query " + operationName() + " { __typename }" + " ".repeat(16 * 1024);
		HttpResponse<String> response = post(JSON, query, sha256(query), Map.of());
		assertThat(JsonMapper.shared().readTree(response.body()).path("data").path("__typename").asString())
			.as(response.body())
			.isEqualTo("Query");
		assertOneError(post(JSON, null, sha256(query), Map.of()), "PERSISTED_QUERY_NOT_FOUND");
	}

	private HttpResponse<String> post(String accept, @Nullable String query, String hash, Map<String, ?> variables)
			throws Exception {
		Map<String, Object> body = new LinkedHashMap<>();
		if (query != null) {
			body.put("query", query);
		}
		body.put("variables", variables);
		body.put("extensions", Map.of("persistedQuery", Map.of("version", 1, "sha256Hash", hash)));
		return post(accept, body);
	}

	private HttpResponse<String> post(String accept, Map<String, Object> body) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create(this.api.baseUrl() + "/graphql"))
			.header("Content-Type", JSON)
			.header("Accept", accept)
			.POST(HttpRequest.BodyPublishers.ofString(JsonMapper.shared().writeValueAsString(body)))
			.build();
		return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
	}

	/** Asserts a response without data and with one error of {@code code}; the error. */
	private static JsonNode assertOneError(HttpResponse<String> response, String code) {
		JsonNode answer = JsonMapper.shared().readTree(response.body());
		assertThat(answer.has("data")).as(response.body()).isFalse();
		assertThat(answer.path("errors")).as(response.body()).hasSize(1);
		JsonNode error = answer.path("errors").path(0);
		assertThat(error.path("extensions").path("code").asString()).as(response.body()).isEqualTo(code);
		return error;
	}

	private static void assertData(HttpResponse<String> response, String username) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		JsonNode answer = JsonMapper.shared().readTree(response.body());
		assertThat(answer.has("errors")).as(response.body()).isFalse();
		assertThat(answer.path("data").path("userByUsername").path("username").asString()).isEqualTo(username);
	}

	/**
	 * An operation name of this test alone, so its document's hash is new to the server.
	 */
	private static String operationName() {
		return Api.uniqueName("Apq").replaceAll("[^A-Za-z0-9]", "_");
	}

	private static String sha256(String text) throws NoSuchAlgorithmException {
		return HexFormat.of()
			.formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
	}

}
