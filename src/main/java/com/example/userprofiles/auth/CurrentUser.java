package com.example.userprofiles.auth;

import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.example.userprofiles.error.UnauthenticatedException;
import com.example.userprofiles.auth.AccountDirectory.Account;
import graphql.GraphQLContext;
import org.jspecify.annotations.Nullable;

import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.stereotype.Component;

/**
 * Who sends the request: the user of a valid bearer token (checked against the database
 * when the request came in), and whether that user is an administrator. What they may do
 * is {@link AccessPolicy}'s to decide.
 */
@Component
public class CurrentUser {

	/** The claim holding the token version of the account when the token was issued. */
	public static final String TOKEN_VERSION_CLAIM = "ver";

	private final AccountDirectory accounts;

	CurrentUser(AccountDirectory accounts) {
		this.accounts = accounts;
	}

	private static final String SIGNED_IN = CurrentUser.class.getName() + ".signedIn";

	public Optional<Long> id() {
		return account().map(Account::id);
	}

	public boolean isAdmin() {
		return account().map(Account::admin).orElse(false);
	}

	/**
	 * The account of the request's bearer token, checked against the database the first
	 * time the request asks (so requests that never ask cost nothing, and a database
	 * outage surfaces inside GraphQL as {@code SERVICE_UNAVAILABLE}): it must exist and
	 * the token must carry its current token version (a password change bumps it). Rights
	 * come from the account, never from the token, so a demotion acts at once.
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

	/**
	 * The token version the request's bearer token carries if its subject is
	 * {@code userId}, not checked against the database: for a statement that checks it
	 * itself ({@code WHERE id = ? AND token_version = ?}), so that the check and the
	 * change are one statement and one moment.
	 */
	public OptionalInt claimedVersion(long userId) {
		JwtAuthenticationToken bearer = bearer();
		if (bearer == null || !String.valueOf(userId).equals(bearer.getToken().getSubject())
				|| !(bearer.getToken().getClaim(TOKEN_VERSION_CLAIM) instanceof Number version)) {
			return OptionalInt.empty();
		}
		return OptionalInt.of(version.intValue());
	}

	/** The request's valid bearer token, if it came with one. */
	private static @Nullable JwtAuthenticationToken bearer() {
		return (SecurityContextHolder.getContext().getAuthentication() instanceof JwtAuthenticationToken bearer)
				? bearer : null;
	}

	/** The outcome of {@link #verify}, kept with the request's authentication. */
	private record Verified(Optional<Account> account) {
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
