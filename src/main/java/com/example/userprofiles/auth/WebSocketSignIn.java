package com.example.userprofiles.auth;

import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;

import org.springframework.graphql.server.WebGraphQlRequest;
import org.springframework.graphql.server.WebGraphQlResponse;
import org.springframework.graphql.server.WebSocketGraphQlInterceptor;
import org.springframework.graphql.server.WebSocketGraphQlRequest;
import org.springframework.graphql.server.WebSocketSessionInfo;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;
import org.springframework.stereotype.Component;
import org.springframework.util.LinkedCaseInsensitiveMap;

/**
 * Sign-in over WebSocket: the bearer token comes as {@code Authorization} in the
 * {@code connection_init} payload, and is checked again for every operation, since a
 * connection outlives its token. A bad one leaves the connection anonymous.
 */
@Component
class WebSocketSignIn implements WebSocketGraphQlInterceptor {

	private static final Logger logger = LoggerFactory.getLogger(WebSocketSignIn.class);

	private static final String TOKEN = WebSocketSignIn.class.getName() + ".token";

	private static final String BEARER = "Bearer ";

	// The key under which Spring for GraphQL restores the SecurityContextHolder
	private static final String SECURITY_CONTEXT = SecurityContext.class.getName();

	private final JwtAuthenticationProvider tokens;

	WebSocketSignIn(JwtDecoder jwtDecoder) {
		this.tokens = new JwtAuthenticationProvider(jwtDecoder);
	}

	@Override
	public Mono<Object> handleConnectionInitialization(WebSocketSessionInfo session, Map<String, Object> payload) {
		Map<String, Object> fields = new LinkedCaseInsensitiveMap<>();
		fields.putAll(payload);
		if (fields.get("Authorization") instanceof String header
				&& header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
			String token = header.substring(BEARER.length()).strip();
			if (authenticate(token) != null) {
				session.getAttributes().put(TOKEN, token);
			}
		}
		return Mono.empty();
	}

	@Override
	public Mono<WebGraphQlResponse> intercept(WebGraphQlRequest request, Chain chain) {
		if (request instanceof WebSocketGraphQlRequest webSocket
				&& webSocket.getSessionInfo().getAttributes().get(TOKEN) instanceof String token) {
			// A new Authentication each time, as CurrentUser caches its check on it
			Authentication user = authenticate(token);
			if (user != null) {
				return chain.next(request).contextWrite(Context.of(SECURITY_CONTEXT, new SecurityContextImpl(user)));
			}
		}
		return chain.next(request);
	}

	private @Nullable Authentication authenticate(String token) {
		try {
			return this.tokens.authenticate(new BearerTokenAuthenticationToken(token));
		}
		catch (AuthenticationException ex) {
			logger.debug("WebSocket bearer token refused: {}", ex.getMessage());
			return null;
		}
	}

}
