package com.example.userprofiles.shared.web;

import graphql.ExecutionResult;
import graphql.execution.AbortExecutionException;
import graphql.execution.instrumentation.InstrumentationContext;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationExecuteOperationParameters;
import graphql.language.OperationDefinition;
import io.micrometer.context.ContextSnapshotFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.graphql.server.WebGraphQlHandler;
import org.springframework.graphql.server.WebGraphQlRequest;
import org.springframework.graphql.server.WebGraphQlResponse;
import org.springframework.graphql.server.WebSocketGraphQlInterceptor;

/**
 * Refuses a subscription sent as a plain HTTP {@code POST}, before it runs. A
 * subscription's answer is a stream of events, which only the WebSocket endpoint
 * delivers: over HTTP, graphql-java hands back the stream itself as {@code data}, and the
 * endpoint wrote that object's Reactor properties ({@code {"data":{"upstreamPublisher":
 * ...}}}) with 200, no error and nothing streamed. Now the client gets a
 * {@code BAD_USER_INPUT} request error that says where subscriptions go.
 * <p>
 * The same {@link WebGraphQlHandler} serves WebSocket messages, which may subscribe, so
 * the HTTP endpoint gets the handler {@link #overHttp} makes, which marks its requests,
 * and this instrumentation, knowing the operation once graphql-java has chosen it,
 * refuses a subscription so marked. (Not a subclass of the endpoint: Spring's endpoint
 * logs documents, passwords included, at DEBUG under the name of its class, and only
 * Spring's names are kept at INFO.)
 */
final class SubscriptionsOverWebSocket extends SimplePerformantInstrumentation {

	private static final String OVER_HTTP = SubscriptionsOverWebSocket.class.getName() + ".overHttp";

	/** {@code handler}, marking every request it handles as one sent over HTTP. */
	static WebGraphQlHandler overHttp(WebGraphQlHandler handler) {
		return new WebGraphQlHandler() {

			@Override
			public Mono<WebGraphQlResponse> handleRequest(WebGraphQlRequest request) {
				request.configureExecutionInput((input,
						builder) -> builder.graphQLContext(context -> context.put(OVER_HTTP, Boolean.TRUE)).build());
				return handler.handleRequest(request);
			}

			@Override
			public WebSocketGraphQlInterceptor getWebSocketInterceptor() {
				return handler.getWebSocketInterceptor();
			}

			@Override
			public ContextSnapshotFactory contextSnapshotFactory() {
				return handler.contextSnapshotFactory();
			}

		};
	}

	@Override
	public @Nullable InstrumentationContext<ExecutionResult> beginExecuteOperation(
			InstrumentationExecuteOperationParameters parameters, @Nullable InstrumentationState state) {
		var context = parameters.getExecutionContext();
		if (context.getOperationDefinition().getOperation() == OperationDefinition.Operation.SUBSCRIPTION
				&& context.getGraphQLContext().getBoolean(OVER_HTTP, false)) {
			throw new AbortExecutionException(
					"Subscriptions are served over WebSocket at /graphql (graphql-transport-ws), not over HTTP POST");
		}
		return super.beginExecuteOperation(parameters, state);
	}

}
