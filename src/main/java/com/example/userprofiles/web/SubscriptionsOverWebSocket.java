package com.example.userprofiles.web;

import graphql.ExecutionResult;
import graphql.execution.AbortExecutionException;
import graphql.execution.instrumentation.InstrumentationContext;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationExecuteOperationParameters;
import graphql.language.OperationDefinition;
import org.jspecify.annotations.Nullable;

import org.springframework.graphql.server.WebGraphQlInterceptor;
import org.springframework.graphql.server.WebSocketGraphQlRequest;

/**
 * Refuses a subscription sent as a plain HTTP {@code POST}, before it runs. A
 * subscription's answer is a stream of events, which only the WebSocket endpoint
 * delivers: over HTTP, graphql-java hands back the stream itself as {@code data}, and the
 * endpoint wrote that object's Reactor properties ({@code {"data":{"upstreamPublisher":
 * ...}}}) with 200, no error and nothing streamed. Now the client gets a
 * {@code BAD_USER_INPUT} request error that says where subscriptions go.
 * <p>
 * The same execution serves WebSocket messages, which may subscribe, so
 * {@link #markingHttpRequests} marks every request that did not come over WebSocket, and
 * this instrumentation, knowing the operation once graphql-java has chosen it, refuses a
 * subscription so marked.
 */
final class SubscriptionsOverWebSocket extends SimplePerformantInstrumentation {

	private static final String OVER_HTTP = SubscriptionsOverWebSocket.class.getName() + ".overHttp";

	/** Marks the requests that did not come over WebSocket. */
	static WebGraphQlInterceptor markingHttpRequests() {
		return (request, chain) -> {
			if (!(request instanceof WebSocketGraphQlRequest)) {
				request.configureExecutionInput((input,
						builder) -> builder.graphQLContext(context -> context.put(OVER_HTTP, Boolean.TRUE)).build());
			}
			return chain.next(request);
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
