package com.example.userprofiles.web;

import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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
 * Spring for GraphQL's WebSocket handler behind the graphql-transport-ws refusals it
 * lacks: a message outside the protocol closes with 4400 (Spring's threw, closing with
 * 1011 and a logged stack trace), a {@code subscribe} with an id still open with 4409,
 * without Spring's logged error. Messages are assembled from their parts up to the body
 * limit (1009 above), rather than raising the buffer every connection holds. A stopping
 * server closes every connection ({@link #closeAll}).
 */
final class GraphQlTransportWsHandler extends GraphQlWebSocketHandler {

	private static final Logger logger = LoggerFactory.getLogger(GraphQlTransportWsHandler.class);

	private static final Set<String> TYPES = Set.of("connection_init", "ping", "pong", "subscribe", "complete");

	private static final String PARTS = GraphQlTransportWsHandler.class.getName() + ".parts";

	private final JsonMapper mapper;

	private final int maxMessageChars;

	private final Set<WebSocketSession> sessions = ConcurrentHashMap.newKeySet();

	private volatile @Nullable CloseStatus closing;

	GraphQlTransportWsHandler(WebGraphQlHandler handler, JsonMapper mapper, Duration initTimeout,
			@Nullable Duration keepAlive, @Nullable CorsConfiguration cors, int maxMessageChars) {
		// Spring Boot's own handler gets an empty CORS configuration when none is set
		super(handler, new JacksonJsonHttpMessageConverter(mapper), initTimeout, keepAlive,
				(cors != null) ? cors : new CorsConfiguration());
		this.mapper = mapper;
		this.maxMessageChars = maxMessageChars;
	}

	@Override
	public void afterConnectionEstablished(WebSocketSession session) {
		this.sessions.add(session);
		super.afterConnectionEstablished(session);
		CloseStatus closing = this.closing;
		if (closing != null) {
			// opened while closeAll ran or after it
			close(session, closing);
		}
	}

	@Override
	public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
		this.sessions.remove(session);
		super.afterConnectionClosed(session, status);
	}

	/**
	 * Closes every connection, and from now on each new one as it opens, with
	 * {@code status}.
	 */
	void closeAll(CloseStatus status) {
		this.closing = status;
		this.sessions.forEach((session) -> close(session, status));
	}

	/** Accepts connections again, after {@link #closeAll}: the context was restarted. */
	void reopen() {
		this.closing = null;
	}

	private static void close(WebSocketSession session, CloseStatus status) {
		try {
			session.close(status);
		}
		catch (IOException | RuntimeException ex) {
			logger.debug("A GraphQL WebSocket connection failed to close", ex);
		}
	}

	@Override
	public boolean supportsPartialMessages() {
		return true;
	}

	@Override
	protected void handleTextMessage(WebSocketSession session, TextMessage part) throws Exception {
		if (part.isLast() && !session.getAttributes().containsKey(PARTS)) {
			handleWholeMessage(session, part);
			return;
		}
		StringBuilder parts = (StringBuilder) session.getAttributes()
			.computeIfAbsent(PARTS, key -> new StringBuilder());
		if (parts.length() + part.getPayloadLength() > this.maxMessageChars) {
			session.getAttributes().remove(PARTS);
			session.close(CloseStatus.TOO_BIG_TO_PROCESS);
			return;
		}
		parts.append(part.getPayload());
		if (part.isLast()) {
			session.getAttributes().remove(PARTS);
			handleWholeMessage(session, new TextMessage(parts));
		}
	}

	private void handleWholeMessage(WebSocketSession session, TextMessage text) throws Exception {
		JsonNode message;
		try {
			message = this.mapper.readTree(text.getPayload());
		}
		catch (JacksonException ex) {
			message = null;
		}
		if (message == null || !followsProtocol(message)) {
			logger.debug("Closing a GraphQL WebSocket connection on a message outside the protocol");
			session.close(new CloseStatus(4400, "Invalid message"));
			return;
		}
		JsonNode id = message.path("id");
		if (message.path("type").asString().equals("subscribe") && id.isString()
				&& WebSocketOperations.open(session.getAttributes()).contains(id.asString())) {
			session.close(new CloseStatus(4409, "Subscriber for " + id.asString() + " already exists"));
			return;
		}
		super.handleTextMessage(session, text);
	}

	private static boolean followsProtocol(JsonNode message) {
		JsonNode type = message.path("type");
		JsonNode payload = message.path("payload");
		if (!message.isObject() || !type.isString() || !TYPES.contains(type.asString())
				|| !isNullOr(message.path("id"), JsonNode::isString)
				|| (!type.asString().equals("complete") && !isNullOr(payload, JsonNode::isObject))) {
			return false;
		}
		return !type.asString().equals("subscribe")
				|| (payload.path("query").isString() && isNullOr(payload.path("operationName"), JsonNode::isString)
						&& isNullOr(payload.path("variables"), JsonNode::isObject)
						&& isNullOr(payload.path("extensions"), JsonNode::isObject));
	}

	private static boolean isNullOr(JsonNode node, Predicate<JsonNode> test) {
		return node.isMissingNode() || node.isNull() || test.test(node);
	}

}
