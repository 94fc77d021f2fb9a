package com.example.userprofiles.web;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import com.example.userprofiles.error.ApiException;
import com.example.userprofiles.error.ErrorCode;
import graphql.ExecutionResult;
import graphql.GraphqlErrorBuilder;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.graphql.server.WebGraphQlInterceptor;
import org.springframework.graphql.server.WebGraphQlRequest;
import org.springframework.graphql.server.WebGraphQlResponse;
import org.springframework.graphql.server.WebSocketGraphQlRequest;
import org.springframework.graphql.support.DefaultExecutionGraphQlResponse;

/**
 * Caps the operations (subscriptions, and queries and mutations still running) one
 * WebSocket connection has open, so it cannot subscribe until memory runs out. One over
 * the cap gets {@code TOO_MANY_REQUESTS} before it runs; the connection goes on.
 */
final class OperationsPerConnection implements WebGraphQlInterceptor {

	private static final String OPEN = OperationsPerConnection.class.getName() + ".open";

	private final int max;

	OperationsPerConnection(int max) {
		this.max = max;
	}

	/** The ids of a connection's open operations, kept in its session's attributes. */
	@SuppressWarnings("unchecked")
	static Set<String> open(Map<String, Object> sessionAttributes) {
		return (Set<String>) sessionAttributes.computeIfAbsent(OPEN, key -> ConcurrentHashMap.newKeySet());
	}

	@Override
	public Mono<WebGraphQlResponse> intercept(WebGraphQlRequest request, Chain chain) {
		if (!(request instanceof WebSocketGraphQlRequest webSocket)) {
			return chain.next(request);
		}
		// a connection's messages arrive one at a time, so only closes race with this
		Set<String> open = open(webSocket.getSessionInfo().getAttributes());
		if (open.size() >= this.max) {
			return Mono.just(refusal(request));
		}
		String id = webSocket.getId();
		open.add(id);
		// once only: the id may be in use again by then
		AtomicBoolean closed = new AtomicBoolean();
		Runnable close = () -> {
			if (closed.compareAndSet(false, true)) {
				open.remove(id);
			}
		};
		return chain.next(request).map(response -> {
			if (response.getData() instanceof Publisher<?> events) {
				// a subscription: open until its events end, fail or are cancelled
				return response.transform(builder -> builder.data(Flux.from(events).doFinally(signal -> close.run())));
			}
			close.run();
			return response;
		}).doOnError(ex -> close.run()).doOnCancel(close);
	}

	private WebGraphQlResponse refusal(WebGraphQlRequest request) {
		ApiException refused = new ApiException(ErrorCode.TOO_MANY_REQUESTS, "This connection has " + this.max
				+ " operations open, the most it may have; complete one before starting another");
		ExecutionResult result = ExecutionResult.newExecutionResult()
			.addError(refused.toError(GraphqlErrorBuilder.newError()))
			.build();
		return new WebGraphQlResponse(new DefaultExecutionGraphQlResponse(request.toExecutionInput(), result));
	}

}
