package com.example.userprofiles.user;

import com.example.userprofiles.auth.TokenService;
import com.example.userprofiles.error.ApiException;
import com.example.userprofiles.error.ErrorCode;
import org.jspecify.annotations.Nullable;

import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/** Credentials: signing up, signing in, changing a password. */
@Service
class AuthService {

	private final UserService service;

	private final UserRepository users;

	private final PasswordEncoder passwords;

	private final TokenService tokens;

	private final LoginThrottle throttle;

	private final TransactionTemplate transactions;

	// Checked for unknown usernames, so response times do not tell which exist
	private final String decoyHash;

	AuthService(UserService service, UserRepository users, PasswordEncoder passwords, TokenService tokens,
			LoginThrottle throttle, TransactionTemplate transactions) {
		this.service = service;
		this.users = users;
		this.passwords = passwords;
		this.tokens = tokens;
		this.throttle = throttle;
		this.transactions = transactions;
		this.decoyHash = passwords.encode("decoy password, never a real one");
	}

	/** Not {@code @Transactional}, so no pooled connection is held through the hash. */
	AuthPayload signUp(SignUpInput input) {
		String username = UserRules.username(input.username());
		String email = UserRules.email(input.email());
		String password = UserRules.password(input.password(), "password");
		User user = this.service.insert(User.create(username, email, this.passwords.encode(password)));
		return new AuthPayload(this.tokens.issue(user.id(), user.tokenVersion()), user);
	}

	/** Throws failures after the transaction, so it commits their count. */
	AuthPayload logIn(LogInInput input) {
		String username = input.username();
		if (!UserRules.isUsername(username)) {
			this.passwords.matches(input.password(), this.decoyHash);
			throw wrongCredentials();
		}
		@Nullable User user = this.throttle.limitingConcurrency(() -> this.transactions.execute(status -> {
			this.throttle.serialise(username);
			if (this.throttle.isLocked(username)) {
				// nothing counted yet, so nothing lost with the rollback
				throw tooManyFailures();
			}
			User found = this.users.findByUsernameIgnoringCase(username).orElse(null);
			boolean matches = this.passwords.matches(input.password(),
					(found != null) ? found.passwordHash() : this.decoyHash);
			if (found == null || !matches) {
				this.throttle.recordFailure(username);
				return null;
			}
			this.throttle.clear(username);
			return found;
		}));
		if (user == null) {
			throw wrongCredentials();
		}
		return new AuthPayload(this.tokens.issue(user.id(), user.tokenVersion()), user);
	}

	private static ApiException wrongCredentials() {
		return new ApiException(ErrorCode.UNAUTHENTICATED, "Wrong username or password");
	}

	/** Throttled like logIn, so a stolen token does not allow free guessing. */
	User changePassword(ChangePasswordInput input) {
		User user = this.service.requireCurrent();
		if (!this.throttle.reserveAttempt(user.username())) {
			throw tooManyFailures();
		}
		boolean matches;
		try {
			matches = this.passwords.matches(input.currentPassword(), user.passwordHash());
		}
		catch (RuntimeException ex) {
			// Nothing was checked (no turn at hashing, say): not a failure
			try {
				this.throttle.forgetAttempt(user.username());
			}
			catch (RuntimeException suppressed) {
				ex.addSuppressed(suppressed);
			}
			throw ex;
		}
		if (!matches) {
			throw new ApiException(ErrorCode.BAD_USER_INPUT, "The current password is wrong", "currentPassword");
		}
		this.throttle.clear(user.username());
		String password = UserRules.password(input.newPassword(), "newPassword");
		return this.service.changePasswordHash(user, this.passwords.encode(password));
	}

	private static ApiException tooManyFailures() {
		return new ApiException(ErrorCode.TOO_MANY_REQUESTS,
				"Too many failed attempts for this username; try again later");
	}

}
