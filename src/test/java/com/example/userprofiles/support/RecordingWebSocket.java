package com.example.userprofiles.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

/**
 * A graphql-transport-ws connection through the JDK's client that keeps every text
 * message the server sends, whole, and how the server closed it; tests that speak the
 * protocol themselves extend it.
 */
public class RecordingWebSocket implements WebSocket.Listener, AutoCloseable {

	private final List<String> messages = new CopyOnWriteArrayList<>();

	private final StringBuilder parts = new StringBuilder();

	private final CompletableFuture<Integer> closed = new CompletableFuture<>();

	private @Nullable WebSocket socket;

	/** Connects to {@code url} with the graphql-transport-ws subprotocol. */
	public void open(URI url) throws Exception {
		this.socket = HttpClient.newHttpClient()
			.newWebSocketBuilder()
			.subprotocols("graphql-transport-ws")
			.connectTimeout(Duration.ofSeconds(10))
			.buildAsync(url, this)
			.get(10, TimeUnit.SECONDS);
	}

	public void sendText(String text) throws Exception {
		Objects.requireNonNull(this.socket).sendText(text, true).get(10, TimeUnit.SECONDS);
	}

	/** The messages received so far, in order. */
	public List<String> messages() {
		return this.messages;
	}

	/** The close code the server sent, waiting up to 10 s for it. */
	public int closeCode() throws Exception {
		return this.closed.get(10, TimeUnit.SECONDS);
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

	@Override
	public void close() {
		if (this.socket != null) {
			this.socket.abort();
		}
	}

}
