package com.example.userprofiles.graphql;

import com.example.userprofiles.db.ReadReplica;
import com.example.userprofiles.error.ErrorCode;
import graphql.ExecutionResult;
import graphql.GraphQLContext;
import graphql.execution.instrumentation.InstrumentationContext;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimpleInstrumentationContext;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationExecuteOperationParameters;
import graphql.execution.instrumentation.parameters.InstrumentationExecutionParameters;
import graphql.language.OperationDefinition;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.graphql.server.WebGraphQlInterceptor;
import org.springframework.graphql.server.WebGraphQlRequest;
import org.springframework.graphql.server.WebGraphQlResponse;
import org.springframework.graphql.server.WebSocketGraphQlRequest;
import org.springframework.http.HttpHeaders;

/**
 * Which operations the read replica serves: queries sent over HTTP without an
 * {@code Authorization} header. Anything sent with a token stays on the primary, so a
 * user reads their own writes at once. The interceptor marks such a request; the
 * instrumentation, once graphql-java has chosen a query, routes the thread's connections
 * to the replica before any is taken, until the execution ends. A query that the replica
 * fails for want of a connection ({@code SERVICE_UNAVAILABLE}) runs again, once, on the
 * primary: it only reads, so running it again is safe.
 */
final class ReplicaReads extends SimplePerformantInstrumentation {

	private static final Logger logger = LoggerFactory.getLogger(ReplicaReads.class);

	private static final String ANONYMOUS = ReplicaReads.class.getName() + ".anonymous";

	private static final String ON_REPLICA = ReplicaReads.class.getName() + ".onReplica";

	private final ReadReplica replica;

	ReplicaReads(ReadReplica replica) {
		this.replica = replica;
	}

	Mono<WebGraphQlResponse> intercept(WebGraphQlRequest request, WebGraphQlInterceptor.Chain chain) {
		if (request instanceof WebSocketGraphQlRequest
				|| request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION) != null) {
			return chain.next(request);
		}
		request.configureExecutionInput(
				(input, builder) -> builder.graphQLContext(context -> context.put(ANONYMOUS, true)).build());
		return chain.next(request).flatMap(response -> {
			if (!response.getExecutionInput().getGraphQLContext().getBoolean(ON_REPLICA, false) || response.getErrors()
				.stream()
				.noneMatch(error -> ErrorCode.SERVICE_UNAVAILABLE.name().equals(error.getExtensions().get("code")))) {
				return Mono.just(response);
			}
			this.replica.failed();
			// added after the first configurer, so it has the last word
			request.configureExecutionInput(
					(input, builder) -> builder.graphQLContext(context -> context.put(ANONYMOUS, false)).build());
			return chain.next(request);
		});
	}

	/**
	 * Ends the routing whatever happens later, even an operation refused as it begins.
	 */
	@Override
	public @Nullable InstrumentationContext<ExecutionResult> beginExecution(
			InstrumentationExecutionParameters parameters, @Nullable InstrumentationState state) {
		if (!parameters.getGraphQLContext().getBoolean(ANONYMOUS, false)) {
			return null;
		}
		Thread thread = Thread.currentThread();
		return SimpleInstrumentationContext.whenCompleted((result, failure) -> {
			if (Thread.currentThread() == thread) {
				this.replica.endReads();
			}
			else {
				// only a change of execution model (asynchronous fetchers) gets here
				logger.error("A query completed on another thread than the one routed to the read replica; "
						+ "its routing cannot be ended here");
			}
		});
	}

	@Override
	public @Nullable InstrumentationContext<ExecutionResult> beginExecuteOperation(
			InstrumentationExecuteOperationParameters parameters, @Nullable InstrumentationState state) {
		GraphQLContext context = parameters.getExecutionContext().getGraphQLContext();
		if (context.getBoolean(ANONYMOUS, false) && parameters.getExecutionContext()
			.getOperationDefinition()
			.getOperation() == OperationDefinition.Operation.QUERY && this.replica.beginReads()) {
			context.put(ON_REPLICA, true);
		}
		return null;
	}

	/** Registered only with a read replica: without, requests pass nothing here. */
	@Configuration(proxyBeanMethods = false)
	@Conditional(ReadReplica.Configured.class)
	static class Registration {

		/** Before the query snapshot's instrumentation, which takes a connection. */
		@Bean
		@Order(Ordered.LOWEST_PRECEDENCE - 1)
		ReplicaReads replicaReads(ReadReplica replica) {
			return new ReplicaReads(replica);
		}

		/** Inside the request log's interceptor, which so logs the request once. */
		@Bean
		@Order(Ordered.LOWEST_PRECEDENCE)
		WebGraphQlInterceptor replicaFallback(ReplicaReads reads) {
			return reads::intercept;
		}

	}

}
