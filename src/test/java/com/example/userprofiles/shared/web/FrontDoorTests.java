package com.example.userprofiles.shared.web;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;

import com.example.userprofiles.support.Api;
import com.example.userprofiles.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * GraphQL over HTTP as browsers and scripts can reach it: mutations only from a JSON
 * POST, and whatever arrives, a clean 4xx or GraphQL error, never a 500 or a stack trace.
 */
@IntegrationTest
class FrontDoorTests {

	@Autowired
	Api api;

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void aMutationSentWithGetRunsNothing() {
		String name = Api.uniqueName("viaget");
		String body = this.api.http()
			.get()
			.uri(uri -> uri.path("/graphql").queryParam("query", "{query}").build(signUp(name)))
			.exchange()
			.expectStatus()
			.value(status -> assertThat(status).isBetween(400, 499).isNotEqualTo(500))
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertClean(body);
		assertNoUser(name);
	}

	@Test
	void aFormPostIsRefusedAndRunsNothing() {
		String name = Api.uniqueName("viaform");
		assertRefused(request -> request.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.bodyValue("query=" + java.net.URLEncoder.encode(signUp(name), StandardCharsets.UTF_8)));
		assertNoUser(name);
	}

	@Test
	void aTextPlainPostIsRefusedAndRunsNothing() {
		String name = Api.uniqueName("viatext");
		assertRefused(request -> request.contentType(MediaType.TEXT_PLAIN).bodyValue(json(signUp(name))));
		assertNoUser(name);
	}

	@Test
	void aMultipartPostIsRefusedAndRunsNothing() {
		String name = Api.uniqueName("viamultipart");
		assertRefused(request -> request.contentType(MediaType.parseMediaType("multipart/form-data; boundary=x"))
			.bodyValue(
					"--x\r\nContent-Disposition: form-data; name=\"query\"\r\n\r\n" + signUp(name) + "\r\n--x--\r\n"));
		assertNoUser(name);
	}

	@Test
	void aBodyWithoutAQueryIsA4xx() {
		assertRefused(request -> request.contentType(MediaType.APPLICATION_JSON).bodyValue("{\"variables\": {}}"));
	}

	@Test
	void aBodyThatIsNotAnObjectIsA4xx() {
		assertRefused(request -> request.contentType(MediaType.APPLICATION_JSON).bodyValue("[1, 2, 3]"));
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
	void fiveThousandNestedArraysInTheVariablesAreRefusedCleanly() {
		String variables = "[".repeat(5000) + "]".repeat(5000);
		String request = "{\"query\": \"query($x: String) { me { id } }\", \"variables\": {\"x\": " + variables + "}}";
		assertClean(post(MediaType.APPLICATION_JSON, request).expectStatus()
			.value(FrontDoorTests::isNotA5xx)
			.expectBody(String.class)
			.returnResult()
			.getResponseBody());
	}

	@Test
	void invalidUtf8IsRefusedCleanly() {
		byte[] prefix = "{\"query\": \"{ userByUsername(username: \\\"".getBytes(StandardCharsets.UTF_8);
		byte[] suffix = "\\\") { id } }\"}".getBytes(StandardCharsets.UTF_8);
		byte[] body = new byte[prefix.length + 3 + suffix.length];
		System.arraycopy(prefix, 0, body, 0, prefix.length);
		body[prefix.length] = (byte) 0xC3;
		body[prefix.length + 1] = (byte) 0x28;
		body[prefix.length + 2] = (byte) 0xFF;
		System.arraycopy(suffix, 0, body, prefix.length + 3, suffix.length);
		assertClean(this.api.http()
			.post()
			.uri("/graphql")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange()
			.expectStatus()
			.value(FrontDoorTests::isNotA5xx)
			.expectBody(String.class)
			.returnResult()
			.getResponseBody());
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

	private void assertRefused(Consumer<WebTestClient.RequestBodySpec> request) {
		WebTestClient.RequestBodySpec spec = this.api.http().post().uri("/graphql");
		request.accept(spec);
		String body = spec.exchange()
			.expectStatus()
			.value(status -> assertThat(status).isBetween(400, 499))
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertClean(body);
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
