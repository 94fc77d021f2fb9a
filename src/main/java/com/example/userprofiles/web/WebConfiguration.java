package com.example.userprofiles.web;

import java.time.Duration;

import tools.jackson.databind.json.JsonMapper;

import com.example.userprofiles.graphql.LimitsProperties;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.web.WebProperties;
import org.springframework.boot.graphql.autoconfigure.GraphQlCorsProperties;
import org.springframework.boot.graphql.autoconfigure.GraphQlProperties;
import org.springframework.boot.webmvc.autoconfigure.error.ErrorViewResolver;
import org.springframework.boot.web.server.context.WebServerGracefulShutdownLifecycle;
import org.springframework.boot.webmvc.error.ErrorAttributes;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.support.DefaultLifecycleProcessor;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.ClassPathResource;
import org.springframework.graphql.server.WebGraphQlHandler;
import org.springframework.graphql.server.webmvc.GraphQlHttpHandler;
import org.springframework.graphql.server.webmvc.GraphiQlHandler;
import org.springframework.web.servlet.function.RequestPredicates;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * The GraphQL endpoint's refusals over HTTP and WebSocket, GraphiQL, and the drain on
 * SIGTERM.
 */
@Configuration(proxyBeanMethods = false)
class WebConfiguration {

	// Enough for a request that came in the drain's last instant: a statement runs at
	// most
	// 5 s (app.db.statement-timeout)
	private static final Duration GRACEFUL_AFTER_DRAIN = Duration.ofSeconds(5);

	private final int maxRequestBytes;

	WebConfiguration(LimitsProperties limits) {
		this.maxRequestBytes = Math.toIntExact(limits.maxRequestSize().toBytes());
	}

	/** Ahead of Spring Boot's routes for the endpoint (order 0), which it answers for. */
	@Bean
	@Order(-1)
	RouterFunction<ServerResponse> graphQlEndpoint(GraphQlProperties properties, GraphQlHttpHandler handler) {
		return RouterFunctions.route(RequestPredicates.path(properties.getHttp().getPath()),
				new GraphQlEndpoint(handler, this.maxRequestBytes)::handle);
	}

	/** In place of Spring Boot's error controller, whose bean name it takes. */
	@Bean
	EndpointErrorPage basicErrorController(ErrorAttributes attributes, WebProperties web,
			ObjectProvider<ErrorViewResolver> resolvers, GraphQlProperties properties) {
		return new EndpointErrorPage(attributes, web.getError(), resolvers.orderedStream().toList(),
				properties.getHttp().getPath());
	}

	/** In place of Spring Boot's, built as Spring Boot builds it. */
	@Bean
	@ConditionalOnProperty("spring.graphql.websocket.path")
	GraphQlTransportWsHandler graphQlWebSocketHandler(WebGraphQlHandler handler, JsonMapper mapper,
			GraphQlProperties properties, GraphQlCorsProperties cors) {
		// a message at most as long as a request body (a character is at least a byte)
		return new GraphQlTransportWsHandler(handler, mapper, properties.getWebsocket().getConnectionInitTimeout(),
				properties.getWebsocket().getKeepAlive(), cors.toCorsConfiguration(), this.maxRequestBytes);
	}

	@Bean
	WebSocketOperations webSocketOperations(LimitsProperties limits) {
		return new WebSocketOperations(limits.maxOperationsPerConnection());
	}

	/** Waits, when the server stops, for every request that has reached it. */
	@Bean
	@ConditionalOnProperty(name = "server.shutdown", havingValue = "graceful", matchIfMissing = true)
	ShutdownDrain shutdownDrain(@Value("${spring.lifecycle.timeout-per-shutdown-phase:30s}") Duration timeout,
			ObjectProvider<GraphQlTransportWsHandler> subscriptions) {
		return new ShutdownDrain(timeout, subscriptions);
	}

	/**
	 * After the drain, Spring Boot's graceful shutdown waits only for requests that came
	 * in its last instant. Past a drain that timed out it would wait as long again: this
	 * bounds it, so the whole stop stays within the shutdown timeout and a few seconds.
	 */
	@Bean
	static BeanPostProcessor gracefulShutdownAfterDrain() {
		return new BeanPostProcessor() {
			@Override
			public Object postProcessAfterInitialization(Object bean, String name) {
				if (bean instanceof DefaultLifecycleProcessor processor) {
					processor.setTimeoutForShutdownPhase(WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE,
							GRACEFUL_AFTER_DRAIN.toMillis());
				}
				return bean;
			}
		};
	}

	/** GraphiQL from this server's files, not Spring's page, which needs a CDN. */
	@Bean
	@ConditionalOnBooleanProperty(name = "app.graphiql.enabled", matchIfMissing = true)
	RouterFunction<ServerResponse> graphiQl(GraphQlProperties properties) {
		String path = properties.getHttp().getPath();
		GraphiQlHandler handler = new GraphiQlHandler(path, properties.getWebsocket().getPath(),
				new ClassPathResource("web/graphiql.html"));
		return RouterFunctions.route().GET("/graphiql", handler::handleRequest).build();
	}

}
