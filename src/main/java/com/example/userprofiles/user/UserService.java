package com.example.userprofiles.user;

import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

import com.example.userprofiles.auth.CurrentUser;
import com.example.userprofiles.auth.TokenService;
import com.example.userprofiles.error.ApiException;
import com.example.userprofiles.error.ErrorCode;
import com.example.userprofiles.error.Constraints;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.jdbc.core.JdbcAggregateOperations;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Accounts: signing up and in, and the changes a user makes to their own account, checked
 * against who sends them.
 */
@Service
public class UserService {

	private static final String DECOY_PASSWORD = "decoy password, never a real one";

	private final UserRepository users;

	private final JdbcAggregateOperations aggregates;

	private final CurrentUser currentUser;

	private final PasswordEncoder passwords;

	private final TokenService tokens;

	private final LoginThrottle throttle;

	private final TransactionTemplate transactions;

	// Checked for unknown usernames, so response times do not tell which exist. Hashed
	// beside the start, not in it: a hash is slow on purpose, and the start needs none.
	private volatile CompletableFuture<String> decoyHash;

	UserService(UserRepository users, JdbcAggregateOperations aggregates, CurrentUser currentUser,
			PasswordEncoder passwords, TokenService tokens, LoginThrottle throttle, TransactionTemplate transactions) {
		this.users = users;
		this.aggregates = aggregates;
		this.currentUser = currentUser;
		this.passwords = passwords;
		this.tokens = tokens;
		this.throttle = throttle;
		this.transactions = transactions;
		this.decoyHash = CompletableFuture.supplyAsync(() -> passwords.encode(DECOY_PASSWORD));
	}

	/** Not {@code @Transactional}, so no pooled connection is held through the hash. */
	AuthPayload signUp(SignUpInput input) {
		String username = UserRules.username(input.username());
		String email = UserRules.email(input.email());
		String password = UserRules.password(input.password(), "password");
		String hash = this.passwords.encode(password);
		User user = translatingConflicts(() -> this.aggregates.insert(User.create(username, email, hash)));
		return new AuthPayload(this.tokens.issue(user.id(), user.tokenVersion()), user);
	}

	/** Throws failures after the transaction, so it commits their count. */
	AuthPayload logIn(LogInInput input) {
		String username = input.username();
		if (!UserRules.isUsername(username)) {
			this.passwords.matches(input.password(), decoyHash());
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
					(found != null) ? found.passwordHash() : decoyHash());
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

	/**
	 * The decoy's hash; hashed again here if that at start failed (no turn to hash in
	 * time), as a log-in's own check would be.
	 */
	private String decoyHash() {
		try {
			return this.decoyHash.join();
		}
		catch (CompletionException | CancellationException ex) {
			String hash = this.passwords.encode(DECOY_PASSWORD);
			this.decoyHash = CompletableFuture.completedFuture(hash);
			return hash;
		}
	}

	private static ApiException wrongCredentials() {
		return new ApiException(ErrorCode.UNAUTHENTICATED, "Wrong username or password");
	}

	/** Throttled like logIn, so a stolen token does not allow free guessing. */
	User changePassword(ChangePasswordInput input) {
		User user = this.users.findById(this.currentUser.requireId()).orElseThrow(CurrentUser::notSignedIn);
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
		// Unless the password changed since the user was read: then UNAUTHENTICATED
		return this.users
			.updatePasswordHash(user.id(), user.tokenVersion(), this.passwords.encode(password), Timestamps.now())
			.orElseThrow(CurrentUser::notSignedIn);
	}

	private static ApiException tooManyFailures() {
		return new ApiException(ErrorCode.TOO_MANY_REQUESTS,
				"Too many failed attempts for this username; try again later");
	}

	/** The user {@code id}, if the signed-in user may change it. */
	public User requireManageable(long id, String field) {
		long viewer = this.currentUser.requireOwnerOrAdmin(id, field);
		return this.users.findById(id).orElseThrow(() -> missing(id, viewer, field));
	}

	public User update(long id, @Nullable String username, @Nullable String email) {
		return this.transactions.execute(status -> {
			User user = requireManageable(id, "id");
			String newUsername = (username != null) ? UserRules.username(username) : null;
			String newEmail = (email != null) ? UserRules.email(email) : null;
			if (newUsername == null && newEmail == null) {
				return user;
			}
			return translatingConflicts(
					() -> this.users.updateNameAndEmail(id, newUsername, newEmail, Timestamps.now()))
				.orElseThrow(() -> missing(id, this.currentUser.requireId(), "id"));
		});
	}

	/** One statement, checking the token version for one's own account. */
	public DeleteUserPayload delete(long id) {
		OptionalInt version = this.currentUser.claimedVersion(id);
		Optional<Boolean> hadProfile = version.isPresent()
				? this.users.deleteUserByIdAndTokenVersion(id, version.getAsInt()) : Optional.empty();
		if (hadProfile.isEmpty()) {
			long viewer = this.currentUser.requireOwnerOrAdmin(id, "id");
			hadProfile = this.users.deleteUserById(id);
			if (hadProfile.isEmpty()) {
				throw missing(id, viewer, "id");
			}
		}
		return new DeleteUserPayload(id, hadProfile.get() ? id : null);
	}

	private static RuntimeException missing(long id, long viewer, String field) {
		return (id == viewer) ? CurrentUser.notSignedIn()
				: new ApiException(ErrorCode.NOT_FOUND, "There is no such user", field);
	}

	/** The unique indexes decide what is taken, so races cannot both win. */
	private static <T> T translatingConflicts(Supplier<T> write) {
		try {
			return write.get();
		}
		catch (DataIntegrityViolationException ex) {
			String constraint = Constraints.violated(ex).orElse("");
			if (constraint.equals("site_user_username_key")) {
				throw new ApiException(ErrorCode.CONFLICT, "That username is taken", "username");
			}
			if (constraint.equals("site_user_email_key")) {
				throw new ApiException(ErrorCode.CONFLICT, "That email address is already in use", "email");
			}
			throw ex;
		}
	}

}
