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
		assertThat(closeCodeAfter("{\"type\": \"connection_init\"}", message)).isEqualTo(4400);
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
		List<String> received = messagesUntilComplete("{\"type\": \"connection_init\"}",
				"{\"type\": \"subscribe\", \"id\": \"1\", \"payload\": {\"query\": \"" + query + "\"}}");
		assertThat(received)
			.anySatisfy(message -> assertThat(message).contains("\"type\":\"next\"").contains("\"me\":null"));
	}

	@Test
	void aMessageLongerThanTheRequestBodyLimitClosesTheConnectionWith1009() throws Exception {
		String query = "{ me { id } }" + " ".repeat(300_000);
		assertThat(closeCodeAfter("{\"type\": \"connection_init\"}",
				"{\"type\": \"subscribe\", \"id\": \"1\", \"payload\": {\"query\": \"" + query + "\"}}"))
			.isEqualTo(1009);
	}

	@Test
	void anOperationOverTheConnectionsLimitOf100IsRefusedAndTheOthersGoOn() throws Exception {
		Account owner = this.api.signUp("hundred");
		String subscribe = "{\"type\": \"subscribe\", \"id\": \"%d\", \"payload\": {\"query\": "
				+ "\"subscription { profileChanged(userId: \\\"" + owner.gid() + "\\\") { kind } }\"}}";
		Received received = new Received();
		WebSocket socket = connect(received);
		try {
			send(socket, "{\"type\": \"connection_init\"}");
			received.await("connection_ack");
			for (int id = 1; id <= 101; id++) {
				send(socket, subscribe.formatted(id));
			}

			assertThat(received.await("\"id\":\"101\"")).contains("\"type\":\"next\"")
				.contains("\"code\":\"TOO_MANY_REQUESTS\"")
				.contains("100 operations open");
			// the hundred go on
			this.api.createProfile(owner, "for a hundred subscribers");
			received.await("\"id\":\"1\",\"payload\":{\"data\":{\"profileChanged\":{\"kind\":\"CREATED\"}}}");
			received.await("\"id\":\"100\",\"payload\":{\"data\":{\"profileChanged\":{\"kind\":\"CREATED\"}}}");
			// and completing one makes room for another
			send(socket, "{\"type\": \"complete\", \"id\": \"1\"}");
			send(socket, "{\"type\": \"subscribe\", \"id\": \"102\", \"payload\": {\"query\": \"{ me { id } }\"}}");
			assertThat(received.await("\"id\":\"102\"")).contains("\"type\":\"next\"")
				.contains("\"payload\":{\"data\":{\"me\":null}}");
		}
		finally {
			socket.abort();
		}
	}

	@Test
	void aSecondSubscribeWithAnIdStillInUseClosesTheConnectionWith4409AndLogsNoStackTrace(CapturedOutput output)
			throws Exception {
		Account owner = this.api.signUp("sameid");
		String subscribe = "{\"type\": \"subscribe\", \"id\": \"same\", \"payload\": {\"query\": "
				+ "\"subscription { profileChanged(userId: \\\"" + owner.gid() + "\\\") { kind } }\"}}";
		assertThat(closeCodeAfter("{\"type\": \"connection_init\"}", subscribe, subscribe)).isEqualTo(4409);
		// the client's fault, not the server's: a stack trace per such message would let
		// any client fill the log
		assertThat(output.getAll()).doesNotContain("Subscriber for same already exists")
			.doesNotContain("\tat org.springframework.graphql");
	}

	@Test
	void anIdMayBeUsedAgainOnceItsOperationHasCompleted() throws Exception {
		String query = "{\"type\": \"subscribe\", \"id\": \"again\", \"payload\": {\"query\": \"{ me { id } }\"}}";
		Received received = new Received();
		WebSocket socket = connect(received);
		try {
			send(socket, "{\"type\": \"connection_init\"}");
			received.await("connection_ack");
			send(socket, query);
			received.await("{\"id\":\"again\",\"payload\":{},\"type\":\"complete\"}");
			send(socket, query);
			assertThat(received.awaitCount("\"payload\":{\"data\":{\"me\":null}}", 2)).isEqualTo(2);
		}
		finally {
			socket.abort();
		}
	}

	private static void send(WebSocket socket, String message) throws Exception {
		socket.sendText(message, true).get(10, TimeUnit.SECONDS);
	}

	/** Every text message the server sends, whole. */
	private static final class Received implements WebSocket.Listener {

		private final List<String> messages = new CopyOnWriteArrayList<>();

		private final StringBuilder parts = new StringBuilder();

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

	}

	/** The text messages the server sends after {@code messages}, up to a complete. */
	private List<String> messagesUntilComplete(String... messages) throws Exception {
		List<String> received = new CopyOnWriteArrayList<>();
		CompletableFuture<Void> complete = new CompletableFuture<>();
		StringBuilder parts = new StringBuilder();
		WebSocket.Listener listener = new WebSocket.Listener() {
			@Override
			public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
				parts.append(data);
				if (last) {
					received.add(parts.toString());
					if (parts.indexOf("\"type\":\"complete\"") >= 0) {
						complete.complete(null);
					}
					parts.setLength(0);
				}
				webSocket.request(1);
				return null;
			}

			@Override
			public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
				complete.completeExceptionally(new IllegalStateException("closed with " + statusCode));
				return null;
			}

			@Override
			public void onError(WebSocket webSocket, Throwable error) {
				complete.completeExceptionally(error);
			}
		};
		WebSocket socket = connect(listener);
		try {
			for (String message : messages) {
				socket.sendText(message, true).get(10, TimeUnit.SECONDS);
			}
			complete.get(10, TimeUnit.SECONDS);
			return received;
		}
		finally {
			socket.abort();
		}
	}

	private WebSocket connect(WebSocket.Listener listener) throws Exception {
		return HttpClient.newHttpClient()
			.newWebSocketBuilder()
			.subprotocols("graphql-transport-ws")
			.connectTimeout(Duration.ofSeconds(10))
			.buildAsync(URI.create(this.api.baseUrl().replace("http", "ws") + "/graphql"), listener)
			.get(10, TimeUnit.SECONDS);
	}

	/** The close code the server sends after {@code messages}, sent in order. */
	private int closeCodeAfter(String... messages) throws Exception {
		CompletableFuture<Integer> closed = new CompletableFuture<>();
		WebSocket.Listener listener = new WebSocket.Listener() {
			@Override
			public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
				closed.complete(statusCode);
				return null;
			}

			@Override
			public void onError(WebSocket webSocket, Throwable error) {
				closed.completeExceptionally(error);
			}
		};
		WebSocket socket = connect(listener);
		try {
			for (String message : messages) {
				socket.sendText(message, true).get(10, TimeUnit.SECONDS);
			}
			return closed.get(10, TimeUnit.SECONDS);
		}
		finally {
			socket.abort();
		}
	}

}
