package com.example.userprofiles.shared.security;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.example.userprofiles.shared.error.ForbiddenException;
import com.example.userprofiles.shared.error.UnauthenticatedException;
import graphql.GraphQLContext;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.stereotype.Component;

/**
 * Who sends the request: the user id in the subject of a valid bearer token, if any. This
 * is the one place that enforces "only on your own account": features call
 * {@link #requireSelf}. Whether that user still exists is checked where the data is
 * touched, so a token of a deleted user authenticates no one.
 */
@Component
public class CurrentUser {

	private final AccountDirectory accounts;

	CurrentUser(AccountDirectory accounts) {
		this.accounts = accounts;
	}

	private static final String SIGNED_IN = CurrentUser.class.getName() + ".signedIn";

	public Optional<Long> id() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication instanceof JwtAuthenticationToken jwt) {
			return Optional.of(Long.valueOf(jwt.getToken().getSubject()));
		}
		return Optional.empty();
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

	/**
	 * The signed-in user's id when it is {@code targetUserId}: {@code UNAUTHENTICATED}
	 * without a valid token or when its user is gone, {@code FORBIDDEN} for anyone else's
	 * account. (When the ids match, callers learn whether the user still exists from the
	 * row they touch.)
	 * @param field the input field that named the target, for the error
	 */
	public long requireSelf(long targetUserId, String field) {
		long id = requireId();
		if (id != targetUserId) {
			if (!this.accounts.accountExists(id)) {
				throw notSignedIn();
			}
			throw new ForbiddenException("You can only change your own account and profile", field);
		}
		return id;
	}

	public static UnauthenticatedException notSignedIn() {
		return new UnauthenticatedException("Sign in first: send a valid token as 'Authorization: Bearer <token>'");
	}

}
