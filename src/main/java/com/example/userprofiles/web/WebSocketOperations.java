package com.example.userprofiles.web;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import com.example.userprofiles.error.ApiException;
import com.example.userprofiles.error.ErrorCode;
import graphql.ExecutionResult;
import graphql.GraphqlErrorBuilder;
import graphql.execution.AbortExecutionException;
import graphql.execution.ExecutionContext;
import graphql.execution.instrumentation.InstrumentationContext;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationExecuteOperationParameters;
import graphql.language.OperationDefinition;
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
 * What only WebSocket carries. Subscriptions: one over HTTP is refused before it runs
 * (Spring's HTTP handler would write the stream object as {@code data}); the interceptor
 * marks requests not over WebSocket, the instrumentation refuses a subscription so marked
 * once graphql-java has chosen it. Open operations (subscriptions, and queries and
 * mutations still running): one WebSocket connection may have a capped number, so it
 * cannot subscribe until memory runs out; one over the cap gets {@code TOO_MANY_REQUESTS}
 * before it runs, and the connection goes on.
 */
final class WebSocketOperations extends SimplePerformantInstrumentation implements WebGraphQlInterceptor {

	private static final String OPEN = WebSocketOperations.class.getName() + ".open";

	private static final String OVER_HTTP = WebSocketOperations.class.getName() + ".overHttp";

	private final int max;

	WebSocketOperations(int max) {
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
			request.configureExecutionInput(
					(input, builder) -> builder.graphQLContext(context -> context.put(OVER_HTTP, true)).build());
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

	@Override
	public @Nullable InstrumentationContext<ExecutionResult> beginExecuteOperation(
			InstrumentationExecuteOperationParameters parameters, @Nullable InstrumentationState state) {
		ExecutionContext context = parameters.getExecutionContext();
		if (context.getOperationDefinition().getOperation() == OperationDefinition.Operation.SUBSCRIPTION
				&& context.getGraphQLContext().getBoolean(OVER_HTTP, false)) {
			throw new AbortExecutionException(
					"Subscriptions are served over WebSocket at /graphql (graphql-transport-ws), not over HTTP POST");
		}
		return super.beginExecuteOperation(parameters, state);
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
