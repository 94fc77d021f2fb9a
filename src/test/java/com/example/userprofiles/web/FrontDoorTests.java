package com.example.userprofiles.web;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;

import com.example.userprofiles.support.Api;
import com.example.userprofiles.support.Api.Account;
import com.example.userprofiles.support.IntegrationTest;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/** Only JSON POSTs run; anything else gets a GraphQL error, never a 500. */
@IntegrationTest
class FrontDoorTests {

	private static final String JSON = "application/json";

	private static final String GRAPHQL_RESPONSE = "application/graphql-response+json";

	@Autowired
	Api api;

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void aMutationSentWithGetIsRefusedWith405AndRunsNothing() throws Exception {
		String name = Api.uniqueName("viaget");
		for (String query : List.of("?query=" + URLEncoder.encode(signUp(name), StandardCharsets.UTF_8), "")) {
			HttpResponse<String> response = send(request("/graphql" + query).GET());
			assertRefusal(HttpStatus.METHOD_NOT_ALLOWED, response);
			assertThat(response.headers().allValues(HttpHeaders.ALLOW)).containsExactly("POST");
		}
		assertNoUser(name);
	}

	@Test
	void everyOtherMethodThanPostIsRefusedWith405AllowingPost() throws Exception {
		for (String method : List.of("PUT", "DELETE", "PATCH", "OPTIONS", "TRACE")) {
			// Tomcat answers TRACE itself, through the error page; a browser (accepting
			// HTML) gets the same
			for (String accept : List.of("*/*", "text/html,*/*;q=0.8")) {
				HttpResponse<String> response = send(request("/graphql").header(HttpHeaders.ACCEPT, accept)
					.header(HttpHeaders.CONTENT_TYPE, JSON)
					.method(method, BodyPublishers.ofString(method.equals("TRACE") ? "" : json("{ __typename }"))));
				assertRefusal(HttpStatus.METHOD_NOT_ALLOWED, response);
				assertThat(response.headers().allValues(HttpHeaders.ALLOW)).as(method).containsExactly("POST");
			}
		}
		// the same answer, without its body
		HttpResponse<String> head = send(request("/graphql").method("HEAD", BodyPublishers.noBody()));
		assertThat(head.statusCode()).isEqualTo(405);
		assertThat(head.headers().allValues(HttpHeaders.ALLOW)).containsExactly("POST");
	}

	@Test
	void aPostThatIsNotJsonIsRefusedWith415AndRunsNothing() throws Exception {
		String name = Api.uniqueName("notjson");
		String form = "query=" + URLEncoder.encode(signUp(name), StandardCharsets.UTF_8);
		String part = "--x\r\nContent-Disposition: form-data; name=\"query\"\r\n\r\n" + signUp(name) + "\r\n--x--\r\n";
		assertRefusal(HttpStatus.UNSUPPORTED_MEDIA_TYPE, post("application/x-www-form-urlencoded", null, form));
		assertRefusal(HttpStatus.UNSUPPORTED_MEDIA_TYPE, post("multipart/form-data; boundary=x", null, part));
		for (String type : List.of("text/plain", "application/graphql", "application/xml", "not a type")) {
			assertRefusal(HttpStatus.UNSUPPORTED_MEDIA_TYPE, post(type, null, json(signUp(name))));
		}
		// nor without a Content-Type at all
		assertRefusal(HttpStatus.UNSUPPORTED_MEDIA_TYPE, post(null, null, json(signUp(name))));
		assertNoUser(name);
	}

	@Test
	void anAcceptHeaderWithoutJsonIsRefusedWith406AndRunsNothing() throws Exception {
		String name = Api.uniqueName("viaxml");
		for (String accept : List.of("application/xml", "text/html, application/xml;q=0.9", "not a type")) {
			assertRefusal(HttpStatus.NOT_ACCEPTABLE, post(JSON, accept, json(signUp(name))));
		}
		assertNoUser(name);
	}

	@Test
	void aRequestForServerSentEventsIsRefusedWith406AndRunsNothing() throws Exception {
		String name = Api.uniqueName("viasse");
		for (String document : List.of("{ __typename }", "{ noSuchField }", signUp(name),
				"subscription { profileChanged(userId: \"1\") { kind } }")) {
			assertRefusal(HttpStatus.NOT_ACCEPTABLE, post(JSON, "text/event-stream", json(document)));
		}
		assertNoUser(name);
	}

	@Test
	void aBodyWithoutAQueryIsRefusedWith400() throws Exception {
		for (String body : List.of("{\"variables\": {}}", "{\"query\": null}", "{}", "")) {
			assertThat(assertRefusal(HttpStatus.BAD_REQUEST, post(JSON, null, body))).contains("'query'");
		}
	}

	@Test
	void variablesOrExtensionsThatAreNotObjectsAreRefusedWith400NamingTheField() throws Exception {
		for (String field : List.of("variables", "extensions")) {
			for (String value : List.of("\"x\"", "[1]", "1")) {
				String body = "{\"query\": \"{ __typename }\", \"" + field + "\": " + value + "}";
				assertThat(assertRefusal(HttpStatus.BAD_REQUEST, post(JSON, null, body)))
					.contains("'" + field + "' must be a JSON object");
			}
		}
	}

	@Test
	void aBodyThatIsNotAJsonObjectIsRefusedWith400() throws Exception {
		for (String body : List.of("{\"query\":", "{\"query\": \"{ __typename }\"", "{\"query\" \"x\"}", "[1, 2, 3]",
				"null", " \"text\"", "5")) {
			assertRefusal(HttpStatus.BAD_REQUEST, post(JSON, null, body));
		}
	}

	@Test
	void aBodyOverTheLimitIsRefusedWith413() throws Exception {
		String body = json("{ __typename }" + " ".repeat(300_000));
		assertRefusal(HttpStatus.CONTENT_TOO_LARGE, post(JSON, null, body));
		// also when its length is not declared up front
		assertRefusal(HttpStatus.CONTENT_TOO_LARGE,
				send(request("/graphql").header(HttpHeaders.CONTENT_TYPE, JSON)
					.POST(BodyPublishers
						.ofInputStream(() -> new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8))))));
	}

	@Test
	void aUrlWithPathParametersIsRefusedWith400AsAGraphQlErrorAndRunsNothing() throws Exception {
		String name = Api.uniqueName("viamatrix");
		// Spring Security's firewall rejects it, through the error page
		HttpResponse<String> response = send(request("/graphql;jsessionid=x").header(HttpHeaders.CONTENT_TYPE, JSON)
			.POST(BodyPublishers.ofString(json(signUp(name)))));
		assertThat(assertRefusal(HttpStatus.BAD_REQUEST, response)).contains("/graphql");
		assertNoUser(name);
	}

	@Test
	void otherPathsKeepSpringBootsErrors() throws Exception {
		for (String path : List.of("/graphql/schema", "/graphql/", "/no-such-path")) {
			HttpResponse<String> response = send(request(path).header(HttpHeaders.CONTENT_TYPE, JSON)
				.PUT(BodyPublishers.ofString(json("{ __typename }"))));
			assertThat(response.statusCode()).isEqualTo(404);
			JsonNode page = JsonMapper.shared().readTree(response.body());
			assertThat(page.path("status").asInt()).isEqualTo(404);
			assertThat(page.has("errors")).isFalse();
		}
		// and never the server's insides, even when asked
		JsonNode page = JsonMapper.shared()
			.readTree(send(request("/no-such-path?trace=true&message=true").GET()).body());
		assertThat(page.has("trace")).isFalse();
		assertThat(page.has("message")).isFalse();
	}

	@Test
	void fiveThousandNestedBracesInTheDocumentAreAGraphQlError() throws Exception {
		HttpResponse<String> response = post(JSON, null, json("{".repeat(5000) + "}".repeat(5000)));
		assertThat(response.statusCode()).isLessThan(500);
		assertClean(response.body());
		assertThat(response.body()).contains("BAD_USER_INPUT");
	}

	@Test
	void fiveThousandNestedArraysInTheVariablesAreRefusedWith400() throws Exception {
		String variables = "[".repeat(5000) + "]".repeat(5000);
		assertRefusal(HttpStatus.BAD_REQUEST, post(JSON, null,
				"{\"query\": \"query($x: String) { me { id } }\", \"variables\": {\"x\": " + variables + "}}"));
	}

	@Test
	void invalidUtf8IsRefusedWith400() throws Exception {
		byte[] prefix = "{\"query\": \"{ userByUsername(username: \\\"".getBytes(StandardCharsets.UTF_8);
		byte[] suffix = "\\\") { id } }\"}".getBytes(StandardCharsets.UTF_8);
		byte[] body = new byte[prefix.length + 3 + suffix.length];
		System.arraycopy(prefix, 0, body, 0, prefix.length);
		body[prefix.length] = (byte) 0xC3;
		body[prefix.length + 1] = (byte) 0x28;
		body[prefix.length + 2] = (byte) 0xFF;
		System.arraycopy(suffix, 0, body, prefix.length + 3, suffix.length);
		assertRefusal(HttpStatus.BAD_REQUEST, send(
				request("/graphql").header(HttpHeaders.CONTENT_TYPE, JSON).POST(BodyPublishers.ofByteArray(body))));
	}

	@Test
	void aNulByteInTheDocumentIsRefusedCleanly() throws Exception {
		HttpResponse<String> response = post(JSON, null, "{\"query\": \"{ me { id } }\\u0000\"}");
		assertThat(response.statusCode()).isLessThan(500);
		assertClean(response.body());
	}

	@Test
	void aSubscriptionSentOverHttpIsBadUserInputNotAnAnswerOfInternals() throws Exception {
		String request = json("subscription { profileChanged(userId: \"1\") { kind } }");
		HttpResponse<String> response = post(JSON, null, request);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).doesNotContain("upstreamPublisher")
			.doesNotContain("\"data\"")
			.contains("BAD_USER_INPUT");
		// a request error, so 4xx for the GraphQL-over-HTTP media type
		response = post(JSON, GRAPHQL_RESPONSE, request);
		assertThat(response.statusCode()).isEqualTo(400);
		JsonNode answer = JsonMapper.shared().readTree(response.body());
		assertThat(answer.path("errors").path(0).path("extensions").path("code").asString())
			.isEqualTo("BAD_USER_INPUT");
		assertThat(answer.has("data")).isFalse();
	}

	@Test
	void anAcceptHeaderWithACharsetOrQualitiesGetsTheTypeItRanksFirst() throws Exception {
		for (String accept : List.of("application/graphql-response+json; charset=utf-8",
				"application/graphql-response+json;charset=UTF-8, application/json;q=0.9",
				"application/json;q=0.8, application/graphql-response+json;q=0.9")) {
			HttpResponse<String> response = post(JSON, accept, json("{ noSuchField }"));
			assertThat(response.statusCode()).as(accept).isEqualTo(400);
			assertThat(contentType(response).getSubtype()).as(accept).isEqualTo("graphql-response+json");
		}
		HttpResponse<String> response = post(JSON, "application/json; charset=utf-8", json("{ noSuchField }"));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(contentType(response).isCompatibleWith(MediaType.APPLICATION_JSON)).isTrue();
	}

	@Test
	void aResponseIsJsonInUtf8WhateverItsText() throws Exception {
		Account account = this.api.signUp("utf8");
		String description = "zoë \"quoted\" \\ ✓ \uD83D\uDE00";
		this.api.createProfile(account, description);
		String query = "{ user(id: \"" + account.id() + "\") { profile { description } } }";
		HttpResponse<byte[]> response = HttpClient.newHttpClient()
			.send(request("/graphql").header(HttpHeaders.CONTENT_TYPE, JSON)
				.header(HttpHeaders.ACCEPT, GRAPHQL_RESPONSE)
				.POST(BodyPublishers.ofString(json(query)))
				.build(), HttpResponse.BodyHandlers.ofByteArray());
		MediaType type = MediaType
			.parseMediaType(response.headers().firstValue(HttpHeaders.CONTENT_TYPE).orElseThrow());
		assertThat(type.getSubtype()).isEqualTo("graphql-response+json");
		assertThat(type.getCharset()).isIn(null, StandardCharsets.UTF_8);
		JsonNode answer = JsonMapper.shared().readTree(new String(response.body(), StandardCharsets.UTF_8));
		assertThat(answer.path("data").path("user").path("profile").path("description").asString())
			.isEqualTo(description);
	}

	private HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(URI.create(this.api.baseUrl() + path));
	}

	/** A POST to {@code /graphql} with these headers (none where null), as they are. */
	private HttpResponse<String> post(@Nullable String contentType, @Nullable String accept, String body)
			throws Exception {
		HttpRequest.Builder request = request("/graphql").POST(BodyPublishers.ofString(body));
		if (contentType != null) {
			request.header(HttpHeaders.CONTENT_TYPE, contentType);
		}
		if (accept != null) {
			request.header(HttpHeaders.ACCEPT, accept);
		}
		return send(request);
	}

	private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
		return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static MediaType contentType(HttpResponse<?> response) {
		return MediaType.parseMediaType(response.headers().firstValue(HttpHeaders.CONTENT_TYPE).orElseThrow());
	}

	/** A request error: {@code status} and one bare BAD_USER_INPUT; its message. */
	private static String assertRefusal(HttpStatus status, HttpResponse<String> response) {
		String body = response.body();
		assertThat(response.statusCode()).as("status of %s", body).isEqualTo(status.value());
		assertThat(contentType(response).isCompatibleWith(MediaType.APPLICATION_JSON)).as("Content-Type of %s", body)
			.isTrue();
		assertClean(body);
		JsonNode answer = JsonMapper.shared().readTree(body);
		assertThat(answer.properties()).as(body).hasSize(1);
		assertThat(answer.path("errors")).as(body).hasSize(1);
		JsonNode error = answer.path("errors").path(0);
		assertThat(error.path("extensions").path("code").asString()).as(body).isEqualTo("BAD_USER_INPUT");
		assertThat(error.path("message").asString()).as(body).isNotBlank();
		return error.path("message").asString();
	}

	private static void assertClean(String body) {
		assertThat(String.valueOf(body)).doesNotContain("Exception")
			.doesNotContain("\tat ")
			.doesNotContain("at org.")
			.doesNotContain("at com.")
			.doesNotContainIgnoringCase("select ")
			.doesNotContain("trace");
	}

	private void assertNoUser(String name) {
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM site_user WHERE username = ?", Integer.class, name))
			.isZero();
	}

	private static String signUp(String name) {
		return "mutation { signUp(input: { username: \"" + name + "\", email: \"" + name
				+ "@example.com\", password: \"password1\" }) { token } }";
	}

	private static String json(String document) {
		return "{\"query\": \"" + document.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}";
	}

}
