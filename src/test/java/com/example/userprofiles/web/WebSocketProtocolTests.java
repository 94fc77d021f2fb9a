package com.example.userprofiles.web;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.security.Principal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.example.userprofiles.support.Api.Account;
import com.example.userprofiles.support.Api;
import com.example.userprofiles.support.Eventually;
import com.example.userprofiles.support.IntegrationTest;
import graphql.ExecutionInput;
import graphql.ExecutionResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

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
import org.springframework.util.LinkedMultiValueMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A message the protocol does not define closes with 4400, not 1011; and what opens and
 * closes an operation for {@link OperationsPerConnection}.
 */
@IntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class WebSocketProtocolTests {

	private static final String INIT = "{\"type\": \"connection_init\"}";

	@Autowired
	Api api;

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

	/** The close code the server sends after {@code messages}, sent in order. */
	private int closeCodeAfter(String... messages) throws Exception {
		try (Connection connection = connect()) {
			connection.send(messages);
			return connection.closed.get(10, TimeUnit.SECONDS);
		}
	}

	private Connection connect() throws Exception {
		Connection connection = new Connection();
		connection.socket = HttpClient.newHttpClient()
			.newWebSocketBuilder()
			.subprotocols("graphql-transport-ws")
			.connectTimeout(Duration.ofSeconds(10))
			.buildAsync(URI.create(this.api.baseUrl().replace("http", "ws") + "/graphql"), connection)
			.get(10, TimeUnit.SECONDS);
		return connection;
	}

	/**
	 * A connection to the endpoint, keeping every text message the server sends, whole.
	 */
	private static final class Connection implements WebSocket.Listener, AutoCloseable {

		private final List<String> messages = new CopyOnWriteArrayList<>();

		private final StringBuilder parts = new StringBuilder();

		private final CompletableFuture<Integer> closed = new CompletableFuture<>();

		private WebSocket socket;

		void send(String... messages) throws Exception {
			for (String message : messages) {
				this.socket.sendText(message, true).get(10, TimeUnit.SECONDS);
			}
		}

		@Override
		public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
			this.parts.append(data);
			if (last) {
				this.messages.add(this.parts.toString());
				this.parts.setLength(0);
			}
			webSocket.request(1);
			return null;
		}

		@Override
		public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
			this.closed.complete(statusCode);
			return null;
		}

		@Override
		public void onError(WebSocket webSocket, Throwable error) {
			this.closed.completeExceptionally(error);
		}

		/** How many messages contain {@code text}, waiting for {@code count}. */
		long awaitCount(String text, int count) {
			Eventually.until(count + " messages with " + text, () -> count(text) >= count);
			return count(text);
		}

		/** The first message that contains {@code text}, waiting for it. */
		String await(String text) {
			awaitCount(text, 1);
			return this.messages.stream().filter(message -> message.contains(text)).findFirst().orElseThrow();
		}

		private long count(String text) {
			return this.messages.stream().filter(message -> message.contains(text)).count();
		}

		@Override
		public void close() {
			this.socket.abort();
		}

	}

	private static final URI URL = URI.create("ws://127.0.0.1/graphql");

	private final OperationsPerConnection limit = new OperationsPerConnection(2);

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
		return OperationsPerConnection.open(attributes(connection));
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
				Map.of("query", "subscription { profileChanged(userId: \"1\") { kind } }"),
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
