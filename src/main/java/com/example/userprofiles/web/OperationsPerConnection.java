package com.example.userprofiles.web;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;

import com.example.userprofiles.error.TooManyRequestsException;
import graphql.ExecutionResult;
import graphql.GraphqlErrorBuilder;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.graphql.server.WebGraphQlInterceptor;
import org.springframework.graphql.server.WebGraphQlRequest;
import org.springframework.graphql.server.WebGraphQlResponse;
import org.springframework.graphql.server.WebSocketGraphQlRequest;
import org.springframework.graphql.support.DefaultExecutionGraphQlResponse;

/**
 * Caps the operations one WebSocket connection has open at once: its subscriptions, and
 * the queries and mutations it sent that are still running. A subscription holds a
 * subscriber on the server for as long as it lasts, and each profile change is offered to
 * every one, so without a cap one connection could subscribe until the server ran out of
 * memory. An operation over the cap is refused with {@code TOO_MANY_REQUESTS} before it
 * runs; the connection and its other operations go on, and a {@code complete} of one of
 * them makes room. Requests over HTTP are one operation each and are not counted.
 */
public final class OperationsPerConnection implements WebGraphQlInterceptor {

	private final int max;

	// by connection (the WebSocket session's id), the ids of its open operations, only
	// while it has one
	private final ConcurrentMap<String, List<String>> open = new ConcurrentHashMap<>();

	OperationsPerConnection(int max) {
		this.max = max;
	}

	@Override
	public Mono<WebGraphQlResponse> intercept(WebGraphQlRequest request, Chain chain) {
		if (!(request instanceof WebSocketGraphQlRequest webSocket)) {
			return chain.next(request);
		}
		String connection = webSocket.getSessionInfo().getId();
		String id = webSocket.getId();
		if (!admit(connection, id)) {
			return Mono.just(refusal(request));
		}
		AtomicBoolean closed = new AtomicBoolean();
		Runnable close = () -> {
			if (closed.compareAndSet(false, true)) {
				this.open.computeIfPresent(connection, (key, ids) -> without(ids, id));
			}
		};
		return chain.next(request).map(response -> {
			if (response.getData() instanceof Publisher<?> events) {
				// a subscription: open until its events end, fail or are cancelled (by a
				// complete message, or the connection closing)
				return response.transform(builder -> builder.data(Flux.from(events).doFinally(signal -> close.run())));
			}
			close.run();
			return response;
		}).doOnError(ex -> close.run()).doOnCancel(close);
	}

	/**
	 * Whether {@code connection} has an operation with this id open: from the moment it
	 * is admitted until its answer, or for a subscription until its events end.
	 */
	public boolean isOpen(String connection, String operationId) {
		List<String> ids = this.open.get(connection);
		return ids != null && ids.contains(operationId);
	}

	/**
	 * Counts one more operation on {@code connection}, unless it has the most already.
	 */
	private boolean admit(String connection, String id) {
		AtomicBoolean admitted = new AtomicBoolean();
		this.open.compute(connection, (key, ids) -> {
			List<String> now = (ids != null) ? ids : List.of();
			if (now.size() >= this.max) {
				return ids;
			}
			admitted.set(true);
			List<String> more = new ArrayList<>(now);
			more.add(id);
			return more;
		});
		return admitted.get();
	}

	private static @Nullable List<String> without(List<String> ids, String id) {
		List<String> fewer = new ArrayList<>(ids);
		fewer.remove(id);
		return fewer.isEmpty() ? null : fewer;
	}

	private WebGraphQlResponse refusal(WebGraphQlRequest request) {
		TooManyRequestsException refused = new TooManyRequestsException("This connection has " + this.max
				+ " operations open, the most it may have; complete one before starting another");
		ExecutionResult result = ExecutionResult.newExecutionResult()
			.addError(refused.toError(GraphqlErrorBuilder.newError()))
			.build();
		return new WebGraphQlResponse(new DefaultExecutionGraphQlResponse(request.toExecutionInput(), result));
	}

	/** The connections with an operation open, for tests. */
	int connectionsOpen() {
		return this.open.size();
	}

}
