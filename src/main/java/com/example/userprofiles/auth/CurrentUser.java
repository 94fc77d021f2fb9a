package com.example.userprofiles.auth;

import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.example.userprofiles.auth.AccountDirectory.Account;
import com.example.userprofiles.error.ApiException;
import com.example.userprofiles.error.ErrorCode;
import graphql.GraphQLContext;
import org.jspecify.annotations.Nullable;

import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.stereotype.Component;

/** Who sends the request, the user of a valid bearer token, and what they may do. */
@Component
public class CurrentUser {

	public static final String TOKEN_VERSION_CLAIM = "ver";

	private static final String SIGNED_IN = CurrentUser.class.getName() + ".signedIn";

	private final AccountDirectory accounts;

	CurrentUser(AccountDirectory accounts) {
		this.accounts = accounts;
	}

	public Optional<Long> id() {
		return account().map(Account::id);
	}

	public boolean isAdmin() {
		return account().map(Account::admin).orElse(false);
	}

	/**
	 * The bearer token's account, which must exist with the token's version; checked once
	 * per request, and rights come from it, so a demotion acts at once.
	 */
	private Optional<Account> account() {
		JwtAuthenticationToken bearer = bearer();
		if (bearer == null) {
			return Optional.empty();
		}
		if (bearer.getDetails() instanceof Verified verified) {
			return verified.account();
		}
		Optional<Account> account = verify(bearer.getToken());
		bearer.setDetails(new Verified(account));
		return account;
	}

	private Optional<Account> verify(Jwt token) {
		long userId;
		try {
			userId = Long.parseLong(token.getSubject());
		}
		catch (NumberFormatException ex) {
			return Optional.empty();
		}
		Number version = token.getClaim(TOKEN_VERSION_CLAIM);
		return this.accounts.account(userId)
			.filter(account -> version != null && version.intValue() == account.tokenVersion());
	}

	/** The token version claimed for {@code userId}, for a statement to check. */
	public OptionalInt claimedVersion(long userId) {
		JwtAuthenticationToken bearer = bearer();
		if (bearer == null || !String.valueOf(userId).equals(bearer.getToken().getSubject())
				|| !(bearer.getToken().getClaim(TOKEN_VERSION_CLAIM) instanceof Number version)) {
			return OptionalInt.empty();
		}
		return OptionalInt.of(version.intValue());
	}

	private static @Nullable JwtAuthenticationToken bearer() {
		return (SecurityContextHolder.getContext().getAuthentication() instanceof JwtAuthenticationToken bearer)
				? bearer : null;
	}

	private record Verified(Optional<Account> account) {
	}

	/** An email is for its user (by token or {@link #signedIn}) and administrators. */
	public boolean canSeeEmail(long userId, GraphQLContext request) {
		Set<Long> signedIn = request.get(SIGNED_IN);
		return id().map(id -> id == userId).orElse(false) || (signedIn != null && signedIn.contains(userId))
				|| isAdmin();
	}

	/** Records that this request has just signed up or in as {@code userId}. */
	public static void signedIn(GraphQLContext request, long userId) {
		request.<Set<Long>>computeIfAbsent(SIGNED_IN, key -> ConcurrentHashMap.newKeySet()).add(userId);
	}

	public long requireId() {
		return id().orElseThrow(CurrentUser::notSignedIn);
	}

	/** The signed-in user's id if it is {@code targetUserId}, else {@code FORBIDDEN}. */
	public long requireOwner(long targetUserId, String field) {
		long id = requireId();
		if (id != targetUserId) {
			throw forbidden(id, field);
		}
		return id;
	}

	/** As {@link #requireOwner}, or an administrator. */
	public long requireOwnerOrAdmin(long targetUserId, String field) {
		long id = requireId();
		if (id != targetUserId && !isAdmin()) {
			throw forbidden(id, field);
		}
		return id;
	}

	// A token that outlived its account authenticates no one
	private RuntimeException forbidden(long viewerId, String field) {
		if (this.accounts.account(viewerId).isEmpty()) {
			return notSignedIn();
		}
		return new ApiException(ErrorCode.FORBIDDEN, "You can only change your own account and profile", field);
	}

	public static ApiException notSignedIn() {
		return new ApiException(ErrorCode.UNAUTHENTICATED,
				"Sign in first: send a valid token as 'Authorization: Bearer <token>'");
	}

}
