package com.example.userprofiles.web;

import java.time.Duration;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.graphql.server.WebGraphQlHandler;
import org.springframework.graphql.server.webmvc.GraphQlWebSocketHandler;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;

/**
 * Spring for GraphQL's WebSocket handler, which first checks that each message is one the
 * graphql-transport-ws protocol defines, and closes the connection with 4400 (Bad
 * Request) when it is not, as the protocol says. Spring's handler reads a message only as
 * far as it needs: malformed JSON, an unknown {@code type}, a {@code subscribe} without a
 * payload or with a {@code query} or {@code variables} of the wrong type, or a
 * {@code connection_init} payload that is not an object all threw out of it, so the
 * connection closed with 1011 (a server error) and each such message wrote a stack trace
 * at ERROR to the log. A {@code subscribe} whose id an operation of the connection still
 * has open closes it with 4409, as the protocol says, before Spring's handler sees it:
 * Spring's closed the connection with 4409 too, but then failed on its own closed session
 * and logged that at ERROR with a stack trace.
 */
final class GraphQlTransportWsHandler extends GraphQlWebSocketHandler {

	private static final Logger logger = LoggerFactory.getLogger(GraphQlTransportWsHandler.class);

	private static final CloseStatus INVALID_MESSAGE = new CloseStatus(4400, "Invalid message");

	private static final int SUBSCRIBER_EXISTS = 4409;

	private static final Set<String> TYPES = Set.of("connection_init", "connection_ack", "ping", "pong", "subscribe",
			"next", "error", "complete");

	// Types whose payload, when sent, is an object (an error's is a list, and no client
	// sends one)
	private static final Set<String> OBJECT_PAYLOADS = Set.of("connection_init", "connection_ack", "ping", "pong",
			"subscribe", "next");

	private static final String PARTS = GraphQlTransportWsHandler.class.getName() + ".parts";

	private final JsonMapper mapper;

	private final int maxMessageChars;

	private final BiPredicate<String, String> operationOpen;

	/**
	 * @param maxMessageChars the longest message taken, in characters; a longer one
	 * closes the connection with 1009 (too big)
	 * @param operationOpen whether a connection (by its session's id) has an operation
	 * with an id open
	 */
	GraphQlTransportWsHandler(WebGraphQlHandler handler, JsonMapper mapper, Duration initTimeout,
			@Nullable Duration keepAlive, @Nullable CorsConfiguration cors, int maxMessageChars,
			BiPredicate<String, String> operationOpen) {
		// Spring Boot's own handler gets an empty CORS configuration when none is set
		super(handler, new JacksonJsonHttpMessageConverter(mapper), initTimeout, keepAlive,
				(cors != null) ? cors : new CorsConfiguration());
		this.mapper = mapper;
		this.maxMessageChars = maxMessageChars;
		this.operationOpen = operationOpen;
	}

	/**
	 * Messages arrive in parts and are put together here, up to the limit: taken whole, a
	 * message had to fit Tomcat's buffer, 8 KB unless raised, and a larger one (a
	 * document under the endpoint's limits, sent over WebSocket) closed the connection
	 * with 1009. Raising the buffer instead would give every connection a buffer of the
	 * largest message from its start; parts cost memory only while a large message is in
	 * flight.
	 */
	@Override
	public boolean supportsPartialMessages() {
		return true;
	}

	@Override
	protected void handleTextMessage(WebSocketSession session, TextMessage part) throws Exception {
		StringBuilder parts = (StringBuilder) session.getAttributes().get(PARTS);
		if (part.isLast() && parts == null) {
			handleWholeMessage(session, part);
			return;
		}
		if (parts == null) {
			parts = new StringBuilder();
			session.getAttributes().put(PARTS, parts);
		}
		if (parts.length() + part.getPayloadLength() > this.maxMessageChars) {
			session.getAttributes().remove(PARTS);
			logger.debug("Closing a GraphQL WebSocket connection on a message over {} characters",
					this.maxMessageChars);
			session.close(CloseStatus.TOO_BIG_TO_PROCESS);
			return;
		}
		parts.append(part.getPayload());
		if (part.isLast()) {
			session.getAttributes().remove(PARTS);
			handleWholeMessage(session, new TextMessage(parts));
		}
	}

	private void handleWholeMessage(WebSocketSession session, TextMessage message) throws Exception {
		JsonNode parsed = parse(message.getPayload());
		String problem = (parsed != null) ? problem(parsed) : "not JSON";
		if (problem != null || parsed == null) {
			logger.debug("Closing a GraphQL WebSocket connection on a message outside the protocol: {}", problem);
			session.close(INVALID_MESSAGE);
			return;
		}
		String id = subscribedId(parsed);
		if (id != null && this.operationOpen.test(session.getId(), id)) {
			logger.debug("Closing a GraphQL WebSocket connection on a subscribe with an id in use");
			session.close(new CloseStatus(SUBSCRIBER_EXISTS, "Subscriber for " + id + " already exists"));
			return;
		}
		super.handleTextMessage(session, message);
	}

	private @Nullable JsonNode parse(String text) {
		try {
			return this.mapper.readTree(text);
		}
		catch (JacksonException ex) {
			return null;
		}
	}

	/** The id of a {@code subscribe} message (the protocol's only way to start one). */
	private static @Nullable String subscribedId(JsonNode message) {
		JsonNode id = message.get("id");
		return (message.get("type").asString().equals("subscribe") && id != null && id.isString()) ? id.asString()
				: null;
	}

	/**
	 * What makes {@code message} no graphql-transport-ws message, or null if it is one.
	 */
	private static @Nullable String problem(JsonNode message) {
		if (!message.isObject()) {
			return "not a JSON object";
		}
		JsonNode type = message.get("type");
		if (type == null || !type.isString() || !TYPES.contains(type.asString())) {
			return "no known type";
		}
		if (!isNullOr(message.get("id"), JsonNode::isString)) {
			return "an id that is not a string";
		}
		JsonNode payload = message.get("payload");
		if (OBJECT_PAYLOADS.contains(type.asString()) && !isNullOr(payload, JsonNode::isObject)) {
			return "a payload that is not an object";
		}
		if (type.asString().equals("subscribe")) {
			if (payload == null || payload.isNull()) {
				return "a subscribe without a payload";
			}
			JsonNode query = payload.get("query");
			if (query == null || !query.isString()) {
				return "a subscribe without a query string";
			}
			if (!isNullOr(payload.get("operationName"), JsonNode::isString)
					|| !isNullOr(payload.get("variables"), JsonNode::isObject)
					|| !isNullOr(payload.get("extensions"), JsonNode::isObject)) {
				return "a subscribe whose operationName, variables or extensions have the wrong type";
			}
		}
		return null;
	}

	private static boolean isNullOr(@Nullable JsonNode node, Predicate<JsonNode> test) {
		return node == null || node.isNull() || test.test(node);
	}

}
