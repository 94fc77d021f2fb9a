package com.example.userprofiles.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import com.example.userprofiles.support.Api;
import com.example.userprofiles.support.Api.Account;
import com.example.userprofiles.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The graphql-transport-ws protocol as a careless or hostile client speaks it: a message
 * of a type or format the protocol does not define closes the connection with 4400 (Bad
 * Request), as the protocol says, not with 1011 (a server error) and a stack trace in the
 * log for each such message.
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
		// the client's fault, not the server's: a stack trace per such message would let
		// any client fill the log
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

		/**
		 * How many messages contain {@code text}, waiting up to 30 s for {@code count}.
		 */
		long awaitCount(String text, int count) throws InterruptedException {
			long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
			long seen = 0;
			while (System.nanoTime() < end && seen < count) {
				seen = this.messages.stream().filter(message -> message.contains(text)).count();
				Thread.sleep(20);
			}
			return seen;
		}

		/** The first message that contains {@code text}, waiting up to 30 s for it. */
		String await(String text) throws InterruptedException {
			long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
			while (System.nanoTime() < end) {
				for (String message : this.messages) {
					if (message.contains(text)) {
						return message;
					}
				}
				Thread.sleep(20);
			}
			throw new AssertionError("no message with " + text + " in " + this.messages);
		}

		@Override
		public void close() {
			this.socket.abort();
		}

	}

}
