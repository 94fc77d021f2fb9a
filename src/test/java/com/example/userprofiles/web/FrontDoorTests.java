package com.example.userprofiles.web;

import java.io.ByteArrayInputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.example.userprofiles.support.Api.Account;
import com.example.userprofiles.support.Api;
import com.example.userprofiles.support.Eventually;
import com.example.userprofiles.support.RecordingWebSocket;
import com.example.userprofiles.support.IntegrationTest;
import graphql.ExecutionInput;
import graphql.ExecutionResult;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.graphql.server.WebGraphQlInterceptor.Chain;
import org.springframework.graphql.server.WebGraphQlRequest;
import org.springframework.graphql.server.WebGraphQlResponse;
import org.springframework.graphql.server.WebSocketGraphQlRequest;
import org.springframework.graphql.server.WebSocketSessionInfo;
import org.springframework.graphql.support.DefaultExecutionGraphQlResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.util.LinkedMultiValueMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What careless or hostile clients reach: over HTTP only JSON POSTs run, and anything
 * else gets a GraphQL error, never a 500; over WebSocket a message the protocol does not
 * define closes with 4400, not 1011, and {@link WebSocketOperations} bounds the
 * operations open.
 */
@IntegrationTest
@ExtendWith(OutputCaptureExtension.class)
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
			HttpResponse<String> response = send(http("/graphql" + query).GET());
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
				HttpResponse<String> response = send(http("/graphql").header(HttpHeaders.ACCEPT, accept)
					.header(HttpHeaders.CONTENT_TYPE, JSON)
					.method(method, BodyPublishers.ofString(method.equals("TRACE") ? "" : json("{ __typename }"))));
				assertRefusal(HttpStatus.METHOD_NOT_ALLOWED, response);
				assertThat(response.headers().allValues(HttpHeaders.ALLOW)).as(method).containsExactly("POST");
			}
		}
		// the same answer, without its body
		HttpResponse<String> head = send(http("/graphql").method("HEAD", BodyPublishers.noBody()));
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
				"subscription { profileChanged(userId: \"VXNlcjox\") { kind } }")) {
			assertRefusal(HttpStatus.NOT_ACCEPTABLE, post(JSON, "text/event-stream", json(document)));
		}
		assertNoUser(name);
	}

	@Test
	void aBodyWithoutAQueryIsRefusedWith400() throws Exception {
		for (String body : List.of("{\"variables\": {}}", "{\"query\": null}", "{}", "", "{\"extensions\": null}",
				"{\"variables\": null, \"extensions\": null}")) {
			assertThat(assertRefusal(HttpStatus.BAD_REQUEST, post(JSON, null, body))).contains("'query'");
		}
	}

	@Test
	void nullVariablesAndExtensionsAreReadAsAbsent() throws Exception {
		HttpResponse<String> response = post(JSON, null,
				"{\"query\": \"{ __typename }\", \"variables\": null, \"extensions\": null}");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("{\"data\":{\"__typename\":\"Query\"}}");
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
				send(http("/graphql").header(HttpHeaders.CONTENT_TYPE, JSON)
					.POST(BodyPublishers
						.ofInputStream(() -> new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8))))));
	}

	@Test
	void aUrlWithPathParametersIsRefusedWith400AsAGraphQlErrorAndRunsNothing() throws Exception {
		String name = Api.uniqueName("viamatrix");
		// Spring Security's firewall rejects it, through the error page
		HttpResponse<String> response = send(http("/graphql;jsessionid=x").header(HttpHeaders.CONTENT_TYPE, JSON)
			.POST(BodyPublishers.ofString(json(signUp(name)))));
		assertThat(assertRefusal(HttpStatus.BAD_REQUEST, response)).contains("/graphql");
		assertNoUser(name);
	}

	@Test
	void otherPathsKeepSpringBootsErrors() throws Exception {
		for (String path : List.of("/graphql/schema", "/graphql/", "/no-such-path")) {
			HttpResponse<String> response = send(http(path).header(HttpHeaders.CONTENT_TYPE, JSON)
				.PUT(BodyPublishers.ofString(json("{ __typename }"))));
			assertThat(response.statusCode()).isEqualTo(404);
			JsonNode page = JsonMapper.shared().readTree(response.body());
			assertThat(page.path("status").asInt()).isEqualTo(404);
			assertThat(page.has("errors")).isFalse();
		}
		// and never the server's insides, even when asked
		JsonNode page = JsonMapper.shared().readTree(send(http("/no-such-path?trace=true&message=true").GET()).body());
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
		assertRefusal(HttpStatus.BAD_REQUEST,
				send(http("/graphql").header(HttpHeaders.CONTENT_TYPE, JSON).POST(BodyPublishers.ofByteArray(body))));
	}

	@Test
	void aNulByteInTheDocumentIsRefusedCleanly() throws Exception {
		HttpResponse<String> response = post(JSON, null, "{\"query\": \"{ me { id } }\\u0000\"}");
		assertThat(response.statusCode()).isLessThan(500);
		assertClean(response.body());
	}

	@Test
	void aSubscriptionSentOverHttpIsBadUserInputNotAnAnswerOfInternals() throws Exception {
		String request = json("subscription { profileChanged(userId: \"VXNlcjox\") { kind } }");
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
		String query = "{ user(id: \"" + account.gid() + "\") { profile { description } } }";
		HttpResponse<byte[]> response = HttpClient.newHttpClient()
			.send(http("/graphql").header(HttpHeaders.CONTENT_TYPE, JSON)
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

	private HttpRequest.Builder http(String path) {
		return HttpRequest.newBuilder(URI.create(this.api.baseUrl() + path));
	}

	/** A POST to {@code /graphql} with these headers (none where null), as they are. */
	private HttpResponse<String> post(@Nullable String contentType, @Nullable String accept, String body)
			throws Exception {
		HttpRequest.Builder request = http("/graphql").POST(BodyPublishers.ofString(body));
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

	private static final String INIT = "{\"type\": \"connection_init\"}";

	@ParameterizedTest
	@ValueSource(strings = { "{not json", "[1, 2]", "\"text\"", "{\"type\": \"no-such-type\"}", "{\"id\": \"1\"}",
			"{\"type\": \"subscribe\", \"id\": \"1\"}", "{\"type\": \"subscribe\", \"id\": \"1\", \"payload\": null}",
			"{\"type\": \"subscribe\", \"id\": \"1\", \"payload\": {\"query\": null}}",
			"{\"type\": \"subscribe\", \"id\": \"1\", \"payload\": {\"query\": 5}}",
			"{\"type\": \"subscribe\", \"id\": \"1\", \"payload\": {\"query\": \"{ me { id } }\", \"variables\": [1]}}",
			"{\"type\": \"subscribe\", \"id\": \"1\", \"payload\": {\"query\": \"{ me { id } }\", \"extensions\": 1}}",
			"{\"type\": \"subscribe\", \"id\": \"1\", \"payload\": {\"query\": \"{ me { id } }\", \"operationName\": []}}",
			"{\"type\": \"subscribe\", \"id\": \"1\", \"payload\": \"{ me { id } }\"}" })
	void aMessageOutsideTheProtocolAfterInitClosesTheConnectionWith4400(String message) throws Exception {
		assertThat(closeCodeAfter(INIT, message)).isEqualTo(4400);
	}

	@ParameterizedTest
	@ValueSource(strings = { "{\"type\": \"connection_init\", \"payload\": \"text\"}",
			"{\"type\": \"connection_init\", \"payload\": [1]}" })
	void aConnectionInitWithAPayloadThatIsNotAnObjectClosesTheConnectionWith4400(String message) throws Exception {
		assertThat(closeCodeAfter(message)).isEqualTo(4400);
	}

	@Test
	void aMessageLargerThanTheContainersBufferIsAnsweredAsAnyOther() throws Exception {
		// 40,000 characters, under the document limit (65,536) and over Tomcat's 8 KB
		String query = "{ me { id } }" + " ".repeat(40_000);
		try (Connection connection = connect()) {
			connection.send(INIT, subscribe("1", query));
			assertThat(connection.await("\"type\":\"next\"")).contains("\"me\":null");
		}
	}

	@Test
	void aMessageLongerThanTheRequestBodyLimitClosesTheConnectionWith1009() throws Exception {
		String query = "{ me { id } }" + " ".repeat(300_000);
		assertThat(closeCodeAfter(INIT, subscribe("1", query))).isEqualTo(1009);
	}

	@Test
	void anOperationOverTheConnectionsLimitOf100IsRefusedAndTheOthersGoOn() throws Exception {
		Account owner = this.api.signUp("hundred");
		String changes = "subscription { profileChanged(userId: \\\"" + owner.gid() + "\\\") { kind } }";
		try (Connection connection = connect()) {
			connection.send(INIT);
			connection.await("connection_ack");
			for (int id = 1; id <= 101; id++) {
				connection.send(subscribe(String.valueOf(id), changes));
			}

			assertThat(connection.await("\"id\":\"101\"")).contains("\"type\":\"next\"")
				.contains("\"code\":\"TOO_MANY_REQUESTS\"")
				.contains("100 operations open");
			// the hundred go on
			this.api.createProfile(owner, "for a hundred subscribers");
			connection.await("\"id\":\"1\",\"payload\":{\"data\":{\"profileChanged\":{\"kind\":\"CREATED\"}}}");
			connection.await("\"id\":\"100\",\"payload\":{\"data\":{\"profileChanged\":{\"kind\":\"CREATED\"}}}");
			// and completing one makes room for another
			connection.send("{\"type\": \"complete\", \"id\": \"1\"}", subscribe("102", "{ me { id } }"));
			assertThat(connection.await("\"id\":\"102\"")).contains("\"type\":\"next\"")
				.contains("\"payload\":{\"data\":{\"me\":null}}");
		}
	}

	@Test
	void aSecondSubscribeWithAnIdStillInUseClosesTheConnectionWith4409AndLogsNoStackTrace(CapturedOutput output)
			throws Exception {
		Account owner = this.api.signUp("sameid");
		String subscribe = subscribe("same",
				"subscription { profileChanged(userId: \\\"" + owner.gid() + "\\\") { kind } }");
		assertThat(closeCodeAfter(INIT, subscribe, subscribe)).isEqualTo(4409);
		// the client's fault: a stack trace per message would let it fill the log
		assertThat(output.getAll()).doesNotContain("Subscriber for same already exists")
			.doesNotContain("\tat org.springframework.graphql");
	}

	@Test
	void anIdMayBeUsedAgainOnceItsOperationHasCompleted() throws Exception {
		String query = subscribe("again", "{ me { id } }");
		try (Connection connection = connect()) {
			connection.send(INIT);
			connection.await("connection_ack");
			connection.send(query);
			connection.await("{\"id\":\"again\",\"payload\":{},\"type\":\"complete\"}");
			connection.send(query);
			assertThat(connection.awaitCount("\"payload\":{\"data\":{\"me\":null}}", 2)).isEqualTo(2);
		}
	}

	private static String subscribe(String id, String query) {
		return "{\"type\": \"subscribe\", \"id\": \"" + id + "\", \"payload\": {\"query\": \"" + query + "\"}}";
	}

	private int closeCodeAfter(String... messages) throws Exception {
		try (Connection connection = connect()) {
			connection.send(messages);
			return connection.closeCode();
		}
	}

	private Connection connect() throws Exception {
		Connection connection = new Connection();
		connection.open(URI.create(this.api.baseUrl().replace("http", "ws") + "/graphql"));
		return connection;
	}

	/**
	 * A connection to the endpoint, keeping every text message the server sends, whole.
	 */
	private static final class Connection extends RecordingWebSocket {

		void send(String... messages) throws Exception {
			for (String message : messages) {
				sendText(message);
			}
		}

		/** How many messages contain {@code text}, waiting for {@code count}. */
		long awaitCount(String text, int count) {
			Eventually.until(count + " messages with " + text, () -> count(text) >= count);
			return count(text);
		}

		/** The first message that contains {@code text}, waiting for it. */
		String await(String text) {
			awaitCount(text, 1);
			return messages().stream().filter(message -> message.contains(text)).findFirst().orElseThrow();
		}

		private long count(String text) {
			return messages().stream().filter(message -> message.contains(text)).count();
		}

	}

	private static final URI URL = URI.create("ws://127.0.0.1/graphql");

	private final WebSocketOperations limit = new WebSocketOperations(2);

	private final AtomicInteger executed = new AtomicInteger();

	private final AtomicInteger ids = new AtomicInteger();

	private final Map<String, Map<String, Object>> sessions = new HashMap<>();

	private final List<Disposable> listening = new ArrayList<>();

	@Test
	void aConnectionMayHaveTheLimitOpenAndTheNextIsRefusedWithoutRunning() {
		subscribe("a", Flux.never());
		subscribe("a", Flux.never());

		WebGraphQlResponse refused = subscribe("a", Flux.never());

		assertThat(this.executed).hasValue(2);
		assertThat(refused.isValid()).isFalse();
		assertThat(refused.getErrors()).singleElement().satisfies(error -> {
			assertThat(error.getExtensions()).containsEntry("code", "TOO_MANY_REQUESTS");
			assertThat(error.getMessage()).contains("2 operations open");
		});
	}

	@Test
	void aSubscriptionWhoseEventsEndOrFailClosesByItself() {
		subscribe("a", Flux.empty());
		subscribe("a", Flux.error(new IllegalStateException("the stream failed")));

		assertThat(open("a")).isEmpty();
	}

	@Test
	void anOperationsIdIsOpenOnItsConnectionUntilTheOperationCloses() {
		subscribe("a", Flux.never()); // id 1

		assertThat(open("a")).containsExactly("1");
		assertThat(open("b")).isEmpty();
		this.listening.get(0).dispose();
		assertThat(open("a")).isEmpty();
	}

	@Test
	void eachConnectionHasItsOwnCount() {
		subscribe("a", Flux.never());
		subscribe("a", Flux.never());

		assertThat(subscribe("b", Flux.never()).isValid()).isTrue();
		assertThat(open("a")).hasSize(2);
		assertThat(open("b")).hasSize(1);
	}

	@Test
	void aQueryIsOpenOnlyUntilItsAnswer() {
		for (int i = 0; i < 5; i++) {
			WebGraphQlResponse answer = this.limit
				.intercept(request("a"), answering(Mono.fromSupplier(() -> response(Map.of("me", "x")))))
				.block();
			assertThat(answer.isValid()).isTrue();
		}
		assertThat(open("a")).isEmpty();
	}

	@Test
	void anOperationCancelledBeforeItsAnswerCloses() {
		Disposable pending = this.limit.intercept(request("a"), answering(Mono.never())).subscribe();
		assertThat(open("a")).hasSize(1);

		pending.dispose();

		assertThat(open("a")).isEmpty();
	}

	@Test
	void anOperationThatFailsCloses() {
		this.limit.intercept(request("a"), answering(Mono.error(new IllegalStateException("failed"))))
			.onErrorResume(ex -> Mono.empty())
			.block();

		assertThat(open("a")).isEmpty();
	}

	@Test
	void requestsOverHttpAreNotCounted() {
		WebGraphQlRequest overHttp = new WebGraphQlRequest(URI.create("http://127.0.0.1/graphql"), new HttpHeaders(),
				new LinkedMultiValueMap<>(), null, Map.of(), Map.of("query", "{ me { id } }"), "1", Locale.ROOT);
		for (int i = 0; i < 5; i++) {
			assertThat(this.limit.intercept(overHttp, answering(Mono.never())).subscribe()).isNotNull();
		}
		assertThat(this.executed).hasValue(5);
	}

	/** Subscribes over {@code connection} to {@code events}; returns the answer. */
	private WebGraphQlResponse subscribe(String connection, Flux<ExecutionResult> events) {
		WebGraphQlResponse answer = this.limit.intercept(request(connection), answering(Mono.just(response(events))))
			.block();
		if (answer.getData() instanceof Flux<?> stream) {
			this.listening.add(stream.onErrorResume(ex -> Mono.empty()).subscribe());
		}
		return answer;
	}

	private Set<String> open(String connection) {
		return WebSocketOperations.open(attributes(connection));
	}

	private Map<String, Object> attributes(String connection) {
		return this.sessions.computeIfAbsent(connection, key -> new ConcurrentHashMap<>());
	}

	private Chain answering(Mono<WebGraphQlResponse> answer) {
		return request -> {
			this.executed.incrementAndGet();
			return answer;
		};
	}

	private static WebGraphQlResponse response(Object data) {
		return new WebGraphQlResponse(
				new DefaultExecutionGraphQlResponse(ExecutionInput.newExecutionInput("{ me { id } }").build(),
						ExecutionResult.newExecutionResult().data(data).build()));
	}

	private WebSocketGraphQlRequest request(String connection) {
		return new WebSocketGraphQlRequest(URL, new HttpHeaders(), new LinkedMultiValueMap<>(), Map.of(),
				Map.of("query", "subscription { profileChanged(userId: \"VXNlcjox\") { kind } }"),
				String.valueOf(this.ids.incrementAndGet()), Locale.ROOT,
				new Session(connection, attributes(connection)));
	}

	private record Session(String getId, Map<String, Object> getAttributes) implements WebSocketSessionInfo {

		@Override
		public URI getUri() {
			return URL;
		}

		@Override
		public HttpHeaders getHeaders() {
			return new HttpHeaders();
		}

		@Override
		public Mono<Principal> getPrincipal() {
			return Mono.empty();
		}

		@Override
		public InetSocketAddress getRemoteAddress() {
			return new InetSocketAddress("127.0.0.1", 0);
		}

	}

}
