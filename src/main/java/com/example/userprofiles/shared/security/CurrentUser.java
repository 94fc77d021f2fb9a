package com.example.userprofiles.shared.security;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.example.userprofiles.shared.error.UnauthenticatedException;
import graphql.GraphQLContext;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.stereotype.Component;

/**
 * Who sends the request: the user of a valid bearer token (checked against the database
 * when the request came in), and whether that user is an administrator. What they may do
 * is {@link AccessPolicy}'s to decide.
 */
@Component
public class CurrentUser {

	/** The authority of administrators, from {@code site_user.role}. */
	public static final String ADMIN = "ROLE_ADMIN";

	private static final String SIGNED_IN = CurrentUser.class.getName() + ".signedIn";

	public Optional<Long> id() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication instanceof JwtAuthenticationToken jwt) {
			return Optional.of(Long.valueOf(jwt.getToken().getSubject()));
		}
		return Optional.empty();
	}

	public boolean isAdmin() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		return authentication instanceof JwtAuthenticationToken && authentication.getAuthorities()
			.stream()
			.anyMatch(authority -> ADMIN.equals(authority.getAuthority()));
	}

	public boolean is(long userId) {
		return id().map(id -> id == userId).orElse(false);
	}

	/**
	 * Whether the request is by {@code userId}: with that user's token, or because it has
	 * just signed that user up or in (see {@link #signedIn}).
	 */
	public boolean is(long userId, GraphQLContext request) {
		Set<Long> signedIn = request.get(SIGNED_IN);
		return is(userId) || (signedIn != null && signedIn.contains(userId));
	}

	/**
	 * Records that this request proved to be {@code userId} (by signing up or in), so the
	 * rest of the response may show that user what it shows to the user's own token.
	 */
	public static void signedIn(GraphQLContext request, long userId) {
		request.computeIfAbsent(SIGNED_IN, key -> ConcurrentHashMap.newKeySet());
		Set<Long> signedIn = request.get(SIGNED_IN);
		signedIn.add(userId);
	}

	/** The signed-in user's id, or {@code UNAUTHENTICATED}. */
	public long requireId() {
		return id().orElseThrow(CurrentUser::notSignedIn);
	}

	public static UnauthenticatedException notSignedIn() {
		return new UnauthenticatedException("Sign in first: send a valid token as 'Authorization: Bearer <token>'");
	}

}
