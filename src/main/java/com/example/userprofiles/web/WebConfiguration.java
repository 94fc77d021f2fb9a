package com.example.userprofiles.web;

import tools.jackson.databind.json.JsonMapper;

import com.example.userprofiles.graphql.LimitsProperties;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.graphql.autoconfigure.GraphQlCorsProperties;
import org.springframework.boot.autoconfigure.web.WebProperties;
import org.springframework.boot.graphql.autoconfigure.GraphQlProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.webmvc.autoconfigure.error.ErrorViewResolver;
import org.springframework.boot.webmvc.error.ErrorAttributes;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.graphql.server.WebGraphQlHandler;
import org.springframework.graphql.server.WebGraphQlInterceptor;
import org.springframework.graphql.server.webmvc.GraphQlHttpHandler;
import org.springframework.graphql.server.webmvc.GraphQlSseHandler;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import org.springframework.util.unit.DataSize;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * The HTTP filters in front of every request, and the GraphQL endpoint's JSON and
 * refusals.
 */
@Configuration(proxyBeanMethods = false)
class WebConfiguration {

	/** The GraphQL endpoint's path, as Spring Boot maps it. */
	private static final String ENDPOINT = "${spring.graphql.http.path:/graphql}";

	private static final String MAX_REQUEST_SIZE = "${app.limits.max-request-size:256KB}";

	@Bean
	FilterRegistrationBean<RequestBodyFilter> requestBody(@Value(MAX_REQUEST_SIZE) DataSize maxRequestSize) {
		FilterRegistrationBean<RequestBodyFilter> registration = new FilterRegistrationBean<>(
				new RequestBodyFilter(Math.toIntExact(maxRequestSize.toBytes())));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
		return registration;
	}

	@Bean
	FilterRegistrationBean<AcceptHeaderFilter> acceptHeader(@Value(ENDPOINT) String path) {
		FilterRegistrationBean<AcceptHeaderFilter> registration = new FilterRegistrationBean<>(
				new AcceptHeaderFilter());
		registration.addUrlPatterns(path);
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
		return registration;
	}

	/**
	 * Ahead of Spring Boot's routes for the endpoint (order 0): see
	 * {@link EndpointRoutes}.
	 */
	@Bean
	@Order(-1)
	RouterFunction<ServerResponse> graphQlEndpointRoutes(@Value(ENDPOINT) String path, GraphQlHttpHandler http,
			GraphQlSseHandler sse) {
		return EndpointRoutes.route(path, http, sse);
	}

	/** In place of Spring Boot's error controller: see {@link EndpointErrorPage}. */
	@Bean
	EndpointErrorPage basicErrorController(ErrorAttributes attributes, WebProperties web,
			ObjectProvider<ErrorViewResolver> resolvers, @Value(ENDPOINT) String path) {
		return new EndpointErrorPage(attributes, web.getError(), resolvers.orderedStream().toList(), path);
	}

	@Bean
	EndpointExceptionResolver graphQlEndpointExceptionResolver(@Value(ENDPOINT) String path) {
		return new EndpointExceptionResolver(path);
	}

	/**
	 * Spring Boot's, given Jackson's converter: without one, Spring for GraphQL reads an
	 * {@code application/graphql} body as JSON rather than refusing it with 415.
	 */
	@Bean
	GraphQlHttpHandler graphQlHttpHandler(WebGraphQlHandler handler, JsonMapper mapper) {
		return new GraphQlHttpHandler(handler, new JacksonJsonHttpMessageConverter(mapper));
	}

	/**
	 * In place of Spring Boot's WebSocket handler, built as Spring Boot builds it: see
	 * {@link GraphQlTransportWsHandler}.
	 */
	@Bean
	@ConditionalOnProperty("spring.graphql.websocket.path")
	GraphQlTransportWsHandler graphQlWebSocketHandler(WebGraphQlHandler handler, JsonMapper mapper,
			GraphQlProperties properties, GraphQlCorsProperties cors, @Value(MAX_REQUEST_SIZE) DataSize maxRequestSize,
			OperationsPerConnection operations) {
		// a message at most as long as a request body may be (a character at least a
		// byte)
		return new GraphQlTransportWsHandler(handler, mapper, properties.getWebsocket().getConnectionInitTimeout(),
				properties.getWebsocket().getKeepAlive(), cors.toCorsConfiguration(),
				Math.toIntExact(maxRequestSize.toBytes()), operations::isOpen);
	}

	/** In place of Spring Boot's: see {@link ServerSentEventsRefused}. */
	@Bean
	GraphQlSseHandler graphQlSseHandler(WebGraphQlHandler handler) {
		return new ServerSentEventsRefused(handler);
	}

	@Bean
	SubscriptionsOverWebSocket subscriptionsOverWebSocket() {
		return new SubscriptionsOverWebSocket();
	}

	/** Marks the requests {@link SubscriptionsOverWebSocket} looks at. */
	@Bean
	WebGraphQlInterceptor httpRequestsMarked() {
		return SubscriptionsOverWebSocket.markingHttpRequests();
	}

	@Bean
	OperationsPerConnection operationsPerConnection(LimitsProperties limits) {
		return new OperationsPerConnection(limits.maxOperationsPerConnection());
	}

}
