package com.example.userprofiles.graphql;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

import graphql.ExecutionResult;
import graphql.execution.ExecutionContext;
import graphql.execution.instrumentation.InstrumentationContext;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationExecuteOperationParameters;
import graphql.language.OperationDefinition;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;
import reactor.core.publisher.Mono;

import org.springframework.graphql.ResponseError;
import org.springframework.graphql.server.WebGraphQlInterceptor;
import org.springframework.graphql.server.WebGraphQlRequest;
import org.springframework.graphql.server.WebGraphQlResponse;
import org.springframework.stereotype.Component;

/**
 * One log line per GraphQL request: operation type and name, duration, outcome and error
 * codes, also as key-value pairs for structured logging. Variables are never logged: they
 * carry passwords.
 */
@Component
class GraphQlRequestLog extends SimplePerformantInstrumentation implements WebGraphQlInterceptor {

	private static final Logger logger = LoggerFactory.getLogger(GraphQlRequestLog.class);

	private static final String OPERATION = GraphQlRequestLog.class.getName() + ".operation";

	// A GraphQL name; anything else a client sends as operationName is not repeated.
	private static final Pattern NAME = Pattern.compile("[_A-Za-z][_0-9A-Za-z]{0,99}");

	/** Notes which operation of the document runs, once graphql-java has chosen it. */
	@Override
	public @Nullable InstrumentationContext<ExecutionResult> beginExecuteOperation(
			InstrumentationExecuteOperationParameters parameters, @Nullable InstrumentationState state) {
		ExecutionContext execution = parameters.getExecutionContext();
		execution.getGraphQLContext().put(OPERATION, execution.getOperationDefinition());
		return super.beginExecuteOperation(parameters, state);
	}

	@Override
	public Mono<WebGraphQlResponse> intercept(WebGraphQlRequest request, Chain chain) {
		long start = System.nanoTime();
		return chain.next(request)
			.doOnNext(response -> log(request, response.getExecutionInput().getGraphQLContext().get(OPERATION), start,
					response.getErrors()))
			.doOnError(ex -> log(request, null, start, null));
	}

	/** {@code errors} is null when the request failed without a response. */
	private static void log(WebGraphQlRequest request, @Nullable OperationDefinition operation, long start,
			@Nullable List<ResponseError> errors) {
		long millis = (System.nanoTime() - start) / 1_000_000;
		String type = (operation != null) ? operation.getOperation().name().toLowerCase(Locale.ROOT) : "unknown";
		String name = (operation != null) ? Objects.requireNonNullElse(operation.getName(), "") : nameSent(request);
		String outcome = (errors == null) ? "failed" : errors.isEmpty() ? "ok" : "error";
		List<String> codes = (errors != null)
				? errors.stream().map(error -> String.valueOf(error.getExtensions().get("code"))).distinct().toList()
				: List.of();
		LoggingEventBuilder event = logger.atInfo()
			.addKeyValue("graphql.operation.type", type)
			.addKeyValue("graphql.operation.name", name)
			.addKeyValue("graphql.outcome", outcome)
			.addKeyValue("graphql.duration_ms", millis);
		if (!codes.isEmpty()) {
			event = event.addKeyValue("graphql.error_codes", String.join(",", codes));
		}
		event.log("GraphQL {} {} {} in {} ms{}", type, name.isEmpty() ? "(anonymous)" : name, outcome, millis,
				codes.isEmpty() ? "" : " " + codes);
	}

	private static String nameSent(WebGraphQlRequest request) {
		String name = request.getOperationName();
		return (name != null && NAME.matcher(name).matches()) ? name : "";
	}

}
