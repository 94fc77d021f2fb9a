package com.example.userprofiles.web;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;

import com.example.userprofiles.support.Api;
import com.example.userprofiles.support.Api.Account;
import com.example.userprofiles.support.IntegrationTest;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * GraphQL over HTTP as browsers and scripts can reach it: mutations only from a JSON
 * POST, and whatever arrives, a GraphQL error (with a 4xx when it is refused before
 * GraphQL runs), never a 500, Spring Boot's error page or a stack trace.
 */
@IntegrationTest
class FrontDoorTests {

	@Autowired
	Api api;

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void aMutationSentWithGetIsRefusedWith405AndRunsNothing() {
		String name = Api.uniqueName("viaget");
		for (String query : List.of(signUp(name), "")) {
			WebTestClient.ResponseSpec response = this.api.http()
				.get()
				.uri(uri -> query.isEmpty() ? uri.path("/graphql").build()
						: uri.path("/graphql").queryParam("query", "{query}").build(query))
				.exchange();
			assertRefusal(HttpStatus.METHOD_NOT_ALLOWED, response.expectHeader().valueEquals("Allow", "POST"));
		}
		assertNoUser(name);
	}

	@Test
	void everyOtherMethodThanPostIsRefusedWith405AllowingPost() {
		for (HttpMethod method : List.of(HttpMethod.PUT, HttpMethod.DELETE, HttpMethod.PATCH, HttpMethod.OPTIONS)) {
			WebTestClient.ResponseSpec response = this.api.http()
				.method(method)
				.uri("/graphql")
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(json("{ __typename }"))
				.exchange();
			assertRefusal(HttpStatus.METHOD_NOT_ALLOWED, response.expectHeader().valueEquals("Allow", "POST"));
		}
		// the same answer, without its body
		this.api.http()
			.head()
			.uri("/graphql")
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.METHOD_NOT_ALLOWED)
			.expectHeader()
			.valueEquals("Allow", "POST");
	}

	@Test
	void aFormPostIsRefusedWith415AndRunsNothing() {
		String name = Api.uniqueName("viaform");
		assertRefused(HttpStatus.UNSUPPORTED_MEDIA_TYPE,
				request -> request.contentType(MediaType.APPLICATION_FORM_URLENCODED)
					.bodyValue("query=" + URLEncoder.encode(signUp(name), StandardCharsets.UTF_8)));
		assertNoUser(name);
	}

	@Test
	void aTextPlainPostIsRefusedWith415AndRunsNothing() {
		String name = Api.uniqueName("viatext");
		assertRefused(HttpStatus.UNSUPPORTED_MEDIA_TYPE,
				request -> request.contentType(MediaType.TEXT_PLAIN).bodyValue(json(signUp(name))));
		assertNoUser(name);
	}

	@Test
	void aMultipartPostIsRefusedWith415AndRunsNothing() {
		String name = Api.uniqueName("viamultipart");
		assertRefused(HttpStatus.UNSUPPORTED_MEDIA_TYPE, request -> request
			.contentType(MediaType.parseMediaType("multipart/form-data; boundary=x"))
			.bodyValue(
					"--x\r\nContent-Disposition: form-data; name=\"query\"\r\n\r\n" + signUp(name) + "\r\n--x--\r\n"));
		assertNoUser(name);
	}

	@Test
	void aPostWithoutAContentTypeIsRefusedWith415AndRunsNothing() throws Exception {
		String name = Api.uniqueName("viauntyped");
		assertRawRefused(HttpStatus.UNSUPPORTED_MEDIA_TYPE, null, null, json(signUp(name)));
		assertNoUser(name);
	}

	@Test
	void aContentTypeThatIsNotJsonOrDoesNotParseIsRefusedWith415() throws Exception {
		for (String type : List.of("application/graphql", "application/xml", "not a type")) {
			assertRawRefused(HttpStatus.UNSUPPORTED_MEDIA_TYPE, type, null, json("{ __typename }"));
		}
	}

	@Test
	void anAcceptHeaderWithoutJsonIsRefusedWith406AndRunsNothing() throws Exception {
		String name = Api.uniqueName("viaxml");
		for (String accept : List.of("application/xml", "text/html, application/xml;q=0.9", "not a type")) {
			assertRawRefused(HttpStatus.NOT_ACCEPTABLE, "application/json", accept, json(signUp(name)));
		}
		assertNoUser(name);
	}

	@Test
	void aBodyWithoutAQueryIsRefusedWith400() {
		for (String body : List.of("{\"variables\": {}}", "{\"query\": null}", "{}")) {
			assertThat(assertRefused(HttpStatus.BAD_REQUEST,
					request -> request.contentType(MediaType.APPLICATION_JSON).bodyValue(body)))
				.contains("'query'");
		}
	}

	@Test
	void variablesOrExtensionsThatAreNotObjectsAreRefusedWith400NamingTheField() {
		for (String field : List.of("variables", "extensions")) {
			for (String value : List.of("\"x\"", "[1]", "1")) {
				String body = "{\"query\": \"{ __typename }\", \"" + field + "\": " + value + "}";
				assertThat(assertRefused(HttpStatus.BAD_REQUEST,
						request -> request.contentType(MediaType.APPLICATION_JSON).bodyValue(body)))
					.contains("'" + field + "' must be a JSON object");
			}
		}
	}

	@Test
	void truncatedJsonIsRefusedWith400() {
		for (String body : List.of("{\"query\":", "{\"query\": \"{ __typename }\"", "{\"query\" \"x\"}")) {
			assertRefused(HttpStatus.BAD_REQUEST,
					request -> request.contentType(MediaType.APPLICATION_JSON).bodyValue(body));
		}
	}

	@Test
	void aBodyThatIsNotAnObjectIsRefusedWith400() {
		assertRefused(HttpStatus.BAD_REQUEST,
				request -> request.contentType(MediaType.APPLICATION_JSON).bodyValue("[1, 2, 3]"));
	}

	@Test
	void aTraceIsRefusedWith405AllowingPostAsAGraphQlError() throws Exception {
		// Tomcat answers TRACE itself, before Spring MVC, through the error page; a
		// browser (accepting HTML) gets the same
		for (String accept : List.of("*/*", "text/html,*/*;q=0.8")) {
			HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(this.api.baseUrl() + "/graphql"))
				.header(HttpHeaders.ACCEPT, accept)
				.method("TRACE", HttpRequest.BodyPublishers.noBody()));
			assertThat(response.headers().allValues(HttpHeaders.ALLOW)).containsExactly("POST");
			assertRefusal(HttpStatus.METHOD_NOT_ALLOWED, response.statusCode(),
					response.headers().firstValue(HttpHeaders.CONTENT_TYPE).orElse(null), response.body());
		}
	}

	@Test
	void aUrlWithPathParametersIsRefusedWith400AsAGraphQlErrorAndRunsNothing() throws Exception {
		String name = Api.uniqueName("viamatrix");
		// Spring Security's firewall rejects it, before Spring MVC, through the error
		// page
		HttpResponse<String> response = send(
				HttpRequest.newBuilder(URI.create(this.api.baseUrl() + "/graphql;jsessionid=x"))
					.header(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_JSON_VALUE)
					.POST(HttpRequest.BodyPublishers.ofString(json(signUp(name)))));
		assertThat(assertRefusal(HttpStatus.BAD_REQUEST, response.statusCode(),
				response.headers().firstValue(HttpHeaders.CONTENT_TYPE).orElse(null), response.body()))
			.contains("/graphql");
		assertNoUser(name);
	}

	@Test
	void otherPathsKeepSpringBootsErrors() {
		for (String path : List.of("/graphql/schema", "/graphql/", "/no-such-path")) {
			this.api.http()
				.put()
				.uri(path)
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(json("{ __typename }"))
				.exchange()
				.expectStatus()
				.isNotFound()
				.expectBody()
				.jsonPath("$.status")
				.isEqualTo(404)
				.jsonPath("$.errors")
				.doesNotExist();
		}
		// and never the server's insides, even when asked
		this.api.http()
			.get()
			.uri("/no-such-path?trace=true&message=true")
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectBody()
			.jsonPath("$.trace")
			.doesNotExist()
			.jsonPath("$.message")
			.doesNotExist();
	}

	@Test
	void fiveThousandNestedBracesInTheDocumentAreAGraphQlError() {
		String document = "{".repeat(5000) + "}".repeat(5000);
		String body = post(MediaType.APPLICATION_JSON, json(document)).expectStatus()
			.value(FrontDoorTests::isNotA5xx)
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertClean(body);
		assertThat(body).contains("BAD_USER_INPUT");
	}

	@Test
	void fiveThousandNestedArraysInTheVariablesAreRefusedWith400() {
		String variables = "[".repeat(5000) + "]".repeat(5000);
		String request = "{\"query\": \"query($x: String) { me { id } }\", \"variables\": {\"x\": " + variables + "}}";
		assertRefusal(HttpStatus.BAD_REQUEST, post(MediaType.APPLICATION_JSON, request));
	}

	@Test
	void invalidUtf8IsRefusedWith400() {
		byte[] prefix = "{\"query\": \"{ userByUsername(username: \\\"".getBytes(StandardCharsets.UTF_8);
		byte[] suffix = "\\\") { id } }\"}".getBytes(StandardCharsets.UTF_8);
		byte[] body = new byte[prefix.length + 3 + suffix.length];
		System.arraycopy(prefix, 0, body, 0, prefix.length);
		body[prefix.length] = (byte) 0xC3;
		body[prefix.length + 1] = (byte) 0x28;
		body[prefix.length + 2] = (byte) 0xFF;
		System.arraycopy(suffix, 0, body, prefix.length + 3, suffix.length);
		assertRefused(HttpStatus.BAD_REQUEST,
				request -> request.contentType(MediaType.APPLICATION_JSON).bodyValue(body));
	}

	@Test
	void aNulByteInTheDocumentIsRefusedCleanly() {
		assertClean(post(MediaType.APPLICATION_JSON, "{\"query\": \"{ me { id } }\\u0000\"}").expectStatus()
			.value(FrontDoorTests::isNotA5xx)
			.expectBody(String.class)
			.returnResult()
			.getResponseBody());
	}

	@Test
	void aSubscriptionSentOverHttpIsBadUserInputNotAnAnswerOfInternals() {
		String request = json("subscription { profileChanged(userId: \"1\") { kind } }");
		String body = post(MediaType.APPLICATION_JSON, request).expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(body).doesNotContain("upstreamPublisher").doesNotContain("\"data\"").contains("BAD_USER_INPUT");
		// a request error, so 4xx for the GraphQL-over-HTTP media type
		this.api.http()
			.post()
			.uri("/graphql")
			.contentType(MediaType.APPLICATION_JSON)
			.accept(MediaType.parseMediaType("application/graphql-response+json"))
			.bodyValue(request)
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0].extensions.code")
			.isEqualTo("BAD_USER_INPUT")
			.jsonPath("$.data")
			.doesNotExist();
	}

	@Test
	void anAcceptHeaderWithACharsetOrQualitiesGetsTheTypeItRanksFirst() {
		for (String accept : List.of("application/graphql-response+json; charset=utf-8",
				"application/graphql-response+json;charset=UTF-8, application/json;q=0.9",
				"application/json;q=0.8, application/graphql-response+json;q=0.9")) {
			this.api.http()
				.post()
				.uri("/graphql")
				.contentType(MediaType.APPLICATION_JSON)
				.header("Accept", accept)
				.bodyValue(json("{ noSuchField }"))
				.exchange()
				.expectStatus()
				.isBadRequest()
				.expectHeader()
				.value("Content-Type", type -> assertThat(MediaType.parseMediaType(type).getSubtype())
					.isEqualTo("graphql-response+json"));
		}
		this.api.http()
			.post()
			.uri("/graphql")
			.contentType(MediaType.APPLICATION_JSON)
			.header("Accept", "application/json; charset=utf-8")
			.bodyValue(json("{ noSuchField }"))
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_JSON);
	}

	@Test
	void aResponseIsJsonInUtf8WhateverItsText() throws Exception {
		Account account = this.api.signUp("utf8");
		String description = "zoë \"quoted\" \\ ✓ \uD83D\uDE00";
		this.api.createProfile(account, description);
		String query = "{ user(id: \"" + account.id() + "\") { profile { description } } }";
		HttpResponse<byte[]> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(this.api.baseUrl() + "/graphql"))
				.header(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_JSON_VALUE)
				.header(HttpHeaders.ACCEPT, "application/graphql-response+json")
				.POST(HttpRequest.BodyPublishers.ofString(json(query)))
				.build(), HttpResponse.BodyHandlers.ofByteArray());
		MediaType type = MediaType
			.parseMediaType(response.headers().firstValue(HttpHeaders.CONTENT_TYPE).orElseThrow());
		assertThat(type.getSubtype()).isEqualTo("graphql-response+json");
		assertThat(type.getCharset()).isIn(null, StandardCharsets.UTF_8);
		JsonNode answer = JsonMapper.shared().readTree(new String(response.body(), StandardCharsets.UTF_8));
		assertThat(answer.path("data").path("user").path("profile").path("description").asString())
			.isEqualTo(description);
	}

	@Test
	void aRequestForServerSentEventsIsRefusedWithACodeAndRunsNothing() {
		String name = Api.uniqueName("viasse");
		for (String document : List.of("{ __typename }", "{ noSuchField }", signUp(name),
				"subscription { profileChanged(userId: \"1\") { kind } }")) {
			this.api.http()
				.post()
				.uri("/graphql")
				.contentType(MediaType.APPLICATION_JSON)
				.accept(MediaType.TEXT_EVENT_STREAM)
				.bodyValue(json(document))
				.exchange()
				.expectStatus()
				.isEqualTo(HttpStatus.NOT_ACCEPTABLE)
				.expectBody()
				.jsonPath("$.errors[0].extensions.code")
				.isEqualTo("BAD_USER_INPUT");
		}
		assertNoUser(name);
	}

	/** Sends a POST to {@code /graphql} and checks the refusal; returns its message. */
	private String assertRefused(HttpStatus status, Consumer<WebTestClient.RequestBodySpec> request) {
		WebTestClient.RequestBodySpec spec = this.api.http().post().uri("/graphql");
		request.accept(spec);
		return assertRefusal(status, spec.exchange());
	}

	/**
	 * Sends a POST to {@code /graphql} with these headers (none where null), as they are:
	 * for headers a client library would not send.
	 */
	private void assertRawRefused(HttpStatus status, @Nullable String contentType, @Nullable String accept, String body)
			throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.api.baseUrl() + "/graphql"))
			.POST(HttpRequest.BodyPublishers.ofString(body));
		if (contentType != null) {
			request.header(HttpHeaders.CONTENT_TYPE, contentType);
		}
		if (accept != null) {
			request.header(HttpHeaders.ACCEPT, accept);
		}
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(request.build(), HttpResponse.BodyHandlers.ofString());
		assertRefusal(status, response.statusCode(),
				response.headers().firstValue(HttpHeaders.CONTENT_TYPE).orElse(null), response.body());
	}

	private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
		return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static String assertRefusal(HttpStatus status, WebTestClient.ResponseSpec response) {
		EntityExchangeResult<String> result = response.expectBody(String.class).returnResult();
		return assertRefusal(status, result.getStatus().value(),
				result.getResponseHeaders().getFirst(HttpHeaders.CONTENT_TYPE), result.getResponseBody());
	}

	/**
	 * A refusal as GraphQL answers a request error: the status, and a JSON body of one
	 * {@code BAD_USER_INPUT} error with a message, no data and nothing of the server's
	 * insides. Returns the message.
	 */
	private static String assertRefusal(HttpStatus status, int actualStatus, @Nullable String contentType,
			@Nullable String body) {
		assertThat(actualStatus).as("status of %s", body).isEqualTo(status.value());
		assertThat(contentType).as("Content-Type of %s", body).isNotNull();
		assertThat(MediaType.parseMediaType(contentType).isCompatibleWith(MediaType.APPLICATION_JSON))
			.as("Content-Type %s", contentType)
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

	private WebTestClient.ResponseSpec post(MediaType type, String body) {
		return this.api.http().post().uri("/graphql").contentType(type).bodyValue(body).exchange();
	}

	private static void isNotA5xx(int status) {
		assertThat(HttpStatusCode.valueOf(status).is5xxServerError()).as("status %s", status).isFalse();
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
