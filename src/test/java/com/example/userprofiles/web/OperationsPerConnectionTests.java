package com.example.userprofiles.web;

import java.net.InetSocketAddress;
import java.net.URI;
import java.security.Principal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import graphql.ExecutionInput;
import graphql.ExecutionResult;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

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
 * How {@link OperationsPerConnection} counts: what opens an operation, what closes it.
 * The WebSocket endpoint's answer to one over the limit is in
 * {@code WebSocketProtocolTests}.
 */
class OperationsPerConnectionTests {

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
	void completingASubscriptionMakesRoomForAnother() {
		subscribe("a", Flux.never());
		subscribe("a", Flux.never());

		this.listening.get(0).dispose(); // what a complete message does

		assertThat(subscribe("a", Flux.never()).isValid()).isTrue();
		assertThat(subscribe("a", Flux.never()).isValid()).isFalse();
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

	/**
	 * Sends a subscription over {@code connection} whose events are {@code events}, and
	 * listens to them as the WebSocket endpoint does; returns the answer.
	 */
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
