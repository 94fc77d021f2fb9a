package com.example.userprofiles.web;

import java.util.List;

import jakarta.servlet.ServletException;

import org.springframework.graphql.MediaTypes;
import org.springframework.graphql.server.webmvc.GraphQlHttpHandler;
import org.springframework.graphql.server.webmvc.GraphQlRequestPredicates;
import org.springframework.graphql.server.webmvc.GraphQlSseHandler;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.servlet.function.RequestPredicates;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * The GraphQL endpoint's routes, ahead of Spring Boot's for it (which answer the same
 * requests, so they are never reached): a JSON {@code POST} goes to the GraphQL handler,
 * one that accepts only Server-Sent Events to {@link ServerSentEventsRefused}, and every
 * other request there is refused with the exception Spring MVC raises when no controller
 * method matches (405 with {@code Allow: POST}, 415, 406), for
 * {@link EndpointExceptionResolver} to answer. Spring Boot's fallbacks answered a
 * {@code GET} with an empty 405 and any other {@code POST} with an empty 415, even one
 * whose only fault was its {@code Accept}; {@code PUT}, {@code DELETE} and {@code PATCH}
 * found no route at all and got 404. A route of refusals alone in front of Spring Boot's
 * had to test each request against Spring's GraphQL conditions to let it by, and Spring
 * Boot's route then tested it again. WebSocket upgrades never get here: their mapping
 * comes first.
 */
final class EndpointRoutes {

	private EndpointRoutes() {
	}

	static RouterFunction<ServerResponse> route(String path, GraphQlHttpHandler http, GraphQlSseHandler sse) {
		return RouterFunctions.route()
			.route(GraphQlRequestPredicates.graphQlHttp(path), http::handleRequest)
			.route(GraphQlRequestPredicates.graphQlSse(path), sse::handleRequest)
			.route(RequestPredicates.path(path), EndpointRoutes::refuse)
			.build();
	}

	/**
	 * Why the GraphQL routes passed the request by, in the order they check: the method,
	 * then the content type (which they have parsed by then), else the {@code Accept}.
	 */
	private static ServerResponse refuse(ServerRequest request) throws ServletException {
		if (!HttpMethod.POST.equals(request.method())) {
			throw new HttpRequestMethodNotSupportedException(request.method().name(), List.of("POST"));
		}
		MediaType type = request.headers().contentType().orElse(MediaType.APPLICATION_OCTET_STREAM);
		if (!MediaType.APPLICATION_JSON.includes(type)) {
			throw new HttpMediaTypeNotSupportedException(type, List.of(MediaType.APPLICATION_JSON), HttpMethod.POST);
		}
		throw new HttpMediaTypeNotAcceptableException(
				List.of(MediaTypes.APPLICATION_GRAPHQL_RESPONSE, MediaType.APPLICATION_JSON));
	}

}
