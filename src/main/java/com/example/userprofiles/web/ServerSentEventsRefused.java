package com.example.userprofiles.web;

import java.util.Map;

import org.springframework.graphql.server.WebGraphQlHandler;
import org.springframework.graphql.server.webmvc.GraphQlSseHandler;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * In place of the Server-Sent Events endpoint Spring Boot adds at {@code /graphql} for a
 * {@code POST} that accepts only {@code text/event-stream}: it is refused, with 406 and a
 * {@code BAD_USER_INPUT} error, before anything runs. This API serves operations as JSON
 * and subscriptions over WebSocket. Spring's endpoint executed whatever it was sent and
 * then, for anything but a subscription, answered only "SSE handler supports only
 * subscriptions", an error without {@code extensions.code} that hid validation errors: a
 * {@code signUp} sent so created the account while its client was told it failed.
 */
final class ServerSentEventsRefused extends GraphQlSseHandler {

	private static final Map<String, Object> REFUSAL = Refusal
		.body("Send operations as JSON (Accept: application/graphql-response+json or application/json); "
				+ "subscriptions are served over WebSocket at /graphql (graphql-transport-ws)", "BAD_USER_INPUT");

	ServerSentEventsRefused(WebGraphQlHandler handler) {
		super(handler);
	}

	@Override
	public ServerResponse handleRequest(ServerRequest request) {
		return ServerResponse.status(HttpStatus.NOT_ACCEPTABLE).contentType(MediaType.APPLICATION_JSON).body(REFUSAL);
	}

}
