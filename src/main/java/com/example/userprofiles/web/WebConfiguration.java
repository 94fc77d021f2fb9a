package com.example.userprofiles.web;

import tools.jackson.databind.json.JsonMapper;

import com.example.userprofiles.graphql.LimitsProperties;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.web.WebProperties;
import org.springframework.boot.graphql.autoconfigure.GraphQlCorsProperties;
import org.springframework.boot.graphql.autoconfigure.GraphQlProperties;
import org.springframework.boot.webmvc.autoconfigure.error.ErrorViewResolver;
import org.springframework.boot.webmvc.error.ErrorAttributes;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.ClassPathResource;
import org.springframework.graphql.server.WebGraphQlHandler;
import org.springframework.graphql.server.webmvc.GraphQlHttpHandler;
import org.springframework.graphql.server.webmvc.GraphiQlHandler;
import org.springframework.web.servlet.function.RequestPredicates;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerResponse;

/** The GraphQL endpoint's refusals over HTTP and WebSocket, and GraphiQL. */
@Configuration(proxyBeanMethods = false)
class WebConfiguration {

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
