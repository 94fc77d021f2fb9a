package com.example.userprofiles.web;

import java.net.InetSocketAddress;
import java.net.URI;
import java.security.Principal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

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

		assertThat(this.limit.connectionsOpen()).isZero();
		assertThat(subscribe("a", Flux.never()).isValid()).isTrue();
	}

	@Test
	void anOperationsIdIsOpenOnItsConnectionUntilTheOperationCloses() {
		subscribe("a", Flux.never()); // every request here has the id "1"
		subscribe("a", Flux.never());

		assertThat(this.limit.isOpen("a", "1")).isTrue();
		assertThat(this.limit.isOpen("a", "2")).isFalse();
		assertThat(this.limit.isOpen("b", "1")).isFalse();
		this.listening.get(0).dispose();
		assertThat(this.limit.isOpen("a", "1")).as("the other operation with that id").isTrue();
		this.listening.get(1).dispose();
		assertThat(this.limit.isOpen("a", "1")).isFalse();
	}

	@Test
	void eachConnectionHasItsOwnCountAndNoneIsKeptOnceItsOperationsClose() {
		subscribe("a", Flux.never());
		subscribe("a", Flux.never());

		assertThat(subscribe("b", Flux.never()).isValid()).isTrue();
		assertThat(this.limit.connectionsOpen()).isEqualTo(2);

		this.listening.forEach(Disposable::dispose); // the connections closing
		assertThat(this.limit.connectionsOpen()).isZero();
	}

	@Test
	void aQueryIsOpenOnlyUntilItsAnswer() {
		for (int i = 0; i < 5; i++) {
			WebGraphQlResponse answer = this.limit
				.intercept(request("a"), answering(Mono.fromSupplier(() -> response(Map.of("me", "x")))))
				.block();
			assertThat(answer.isValid()).isTrue();
		}
		assertThat(this.limit.connectionsOpen()).isZero();
	}

	@Test
	void anOperationCancelledBeforeItsAnswerCloses() {
		Disposable pending = this.limit.intercept(request("a"), answering(Mono.never())).subscribe();
		assertThat(this.limit.connectionsOpen()).isOne();

		pending.dispose();

		assertThat(this.limit.connectionsOpen()).isZero();
	}

	@Test
	void anOperationThatFailsCloses() {
		this.limit.intercept(request("a"), answering(Mono.error(new IllegalStateException("failed"))))
			.onErrorResume(ex -> Mono.empty())
			.block();

		assertThat(this.limit.connectionsOpen()).isZero();
	}

	@Test
	void requestsOverHttpAreNotCounted() {
		WebGraphQlRequest overHttp = new WebGraphQlRequest(URI.create("http://127.0.0.1/graphql"), new HttpHeaders(),
				new LinkedMultiValueMap<>(), null, Map.of(), Map.of("query", "{ me { id } }"), "1", Locale.ROOT);
		for (int i = 0; i < 5; i++) {
			assertThat(this.limit.intercept(overHttp, answering(Mono.never())).subscribe()).isNotNull();
		}
		assertThat(this.executed).hasValue(5);
		assertThat(this.limit.connectionsOpen()).isZero();
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

	private Chain answering(Mono<WebGraphQlResponse> answer) {
		return request -> {
			this.executed.incrementAndGet();
			return answer;
		};
	}

	private static WebGraphQlResponse response(Object data) {
		WebGraphQlRequest request = request("any");
		return new WebGraphQlResponse(new DefaultExecutionGraphQlResponse(request.toExecutionInput(),
				ExecutionResult.newExecutionResult().data(data).build()));
	}

	private static WebSocketGraphQlRequest request(String connection) {
		return new WebSocketGraphQlRequest(URL, new HttpHeaders(), new LinkedMultiValueMap<>(), Map.of(),
				Map.of("query", "subscription { profileChanged(userId: \"1\") { kind } }"), "1", Locale.ROOT,
				new Session(connection));
	}

	private record Session(String getId) implements WebSocketSessionInfo {

		@Override
		public Map<String, Object> getAttributes() {
			return Map.of();
		}

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
