package com.example.userprofiles.web;

import graphql.ExecutionResult;
import graphql.execution.AbortExecutionException;
import graphql.execution.ExecutionContext;
import graphql.execution.instrumentation.InstrumentationContext;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationExecuteOperationParameters;
import graphql.language.OperationDefinition;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.graphql.server.WebGraphQlInterceptor;
import org.springframework.graphql.server.WebGraphQlRequest;
import org.springframework.graphql.server.WebGraphQlResponse;
import org.springframework.graphql.server.WebSocketGraphQlRequest;

/**
 * Refuses a subscription over HTTP before it runs (Spring's HTTP handler would write the
 * stream object as {@code data}): the interceptor marks requests not over WebSocket, the
 * instrumentation refuses a subscription so marked once graphql-java has chosen it.
 */
final class SubscriptionsOverWebSocket extends SimplePerformantInstrumentation implements WebGraphQlInterceptor {

	private static final String OVER_HTTP = SubscriptionsOverWebSocket.class.getName() + ".overHttp";

	@Override
	public Mono<WebGraphQlResponse> intercept(WebGraphQlRequest request, Chain chain) {
		if (!(request instanceof WebSocketGraphQlRequest)) {
			request.configureExecutionInput(
					(input, builder) -> builder.graphQLContext(context -> context.put(OVER_HTTP, true)).build());
		}
		return chain.next(request);
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

}
