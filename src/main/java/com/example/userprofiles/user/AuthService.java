package com.example.userprofiles.user;

import com.example.userprofiles.auth.PasswordRules;
import com.example.userprofiles.auth.TokenService;
import com.example.userprofiles.error.InvalidInputException;
import com.example.userprofiles.error.TooManyRequestsException;
import com.example.userprofiles.error.UnauthenticatedException;
import org.jspecify.annotations.Nullable;

import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/** Credentials: signing up, signing in, changing a password. */
@Service
class AuthService {

	private final UserService users;

	private final PasswordEncoder passwords;

	private final TokenService tokens;

	private final LoginThrottle throttle;

	private final TransactionTemplate transactions;

	// Compared against when the username is unknown, so that case costs what a wrong
	// password costs and response times do not tell which usernames exist.
	private final String decoyHash;

	AuthService(UserService users, PasswordEncoder passwords, TokenService tokens, LoginThrottle throttle,
			TransactionTemplate transactions) {
		this.users = users;
		this.throttle = throttle;
		this.transactions = transactions;
		this.passwords = passwords;
		this.tokens = tokens;
		this.decoyHash = passwords.encode("decoy password, never a real one");
	}

	/**
	 * One {@code INSERT}, its own transaction. Not {@code @Transactional}: that would
	 * take a pooled connection before hashing and hold it for the whole slow hash, so a
	 * burst of sign-ups would starve every other request of connections.
	 */
	AuthPayload signUp(SignUpInput input) {
		String username = UserRules.username(input.username());
		String email = UserRules.email(input.email());
		String password = PasswordRules.password(input.password(), "password");
		User user = this.users.insert(User.create(username, email, this.passwords.encode(password)));
		return new AuthPayload(this.tokens.issue(user.id(), user.tokenVersion()), user);
	}

	/**
	 * Checks a password under the per-username throttle. The check and its count are one
	 * transaction that must commit whatever the outcome, so the failure is thrown only
	 * after it. That transaction holds a pooled connection through the slow hash (its
	 * advisory lock counts concurrent guesses one after another), so only a few logIns
	 * may run at once: a burst of them cannot take every connection.
	 */
	AuthPayload logIn(LogInInput input) {
		String username = input.username();
		if (!LoginThrottle.isTrackable(username)) {
			this.passwords.matches(input.password(), this.decoyHash);
			throw wrongCredentials();
		}
		LogInOutcome outcome = this.throttle.limitingConcurrency(() -> this.transactions.execute(status -> {
			this.throttle.serialise(username);
			if (this.throttle.isLocked(username)) {
				return new LogInOutcome(Verdict.LOCKED, null);
			}
			User user = this.users.findByUsername(username).orElse(null);
			boolean matches = this.passwords.matches(input.password(),
					(user != null) ? user.passwordHash() : this.decoyHash);
			if (user == null || !matches) {
				this.throttle.recordFailure(username);
				return new LogInOutcome(Verdict.FAILED, null);
			}
			this.throttle.clear(username);
			return new LogInOutcome(Verdict.SIGNED_IN, user);
		}));
		if (outcome != null && outcome.verdict() == Verdict.LOCKED) {
			throw tooManyFailures();
		}
		if (outcome == null || outcome.user() == null) {
			throw wrongCredentials();
		}
		return new AuthPayload(this.tokens.issue(outcome.user().id(), outcome.user().tokenVersion()), outcome.user());
	}

	private static UnauthenticatedException wrongCredentials() {
		return new UnauthenticatedException("Wrong username or password");
	}

	private enum Verdict {

		SIGNED_IN, FAILED, LOCKED

	}

	/** How a logIn went, and as whom when it succeeded. */
	private record LogInOutcome(Verdict verdict, @Nullable User user) {
	}

	/**
	 * Not {@code @Transactional}: each statement commits on its own, so no pooled
	 * connection is held through the slow hashes (checking the current password, hashing
	 * the new one). The current password is checked under the throttle of the account's
	 * username, as a logIn would be: a stolen token must not let its holder guess the
	 * password freely. The new hash is stored only if the password has not changed since
	 * it was read.
	 */
	User changePassword(ChangePasswordInput input) {
		User user = this.users.requireCurrent();
		if (!this.throttle.reserveAttempt(user.username())) {
			throw tooManyFailures();
		}
		boolean matches;
		try {
			matches = this.passwords.matches(input.currentPassword(), user.passwordHash());
		}
		catch (RuntimeException ex) {
			// Nothing was checked (no turn at hashing in time, say): not a failure.
			forgetAttempt(user.username(), ex);
			throw ex;
		}
		if (!matches) {
			throw new InvalidInputException("The current password is wrong", "currentPassword");
		}
		this.throttle.clear(user.username());
		String password = PasswordRules.password(input.newPassword(), "newPassword");
		return this.users.changePasswordHash(user, this.passwords.encode(password));
	}

	private void forgetAttempt(String username, RuntimeException cause) {
		try {
			this.throttle.forgetAttempt(username);
		}
		catch (RuntimeException ex) {
			cause.addSuppressed(ex);
		}
	}

	private static TooManyRequestsException tooManyFailures() {
		return new TooManyRequestsException("Too many failed attempts for this username; try again later");
	}

}
