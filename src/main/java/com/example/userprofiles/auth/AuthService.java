package com.example.userprofiles.auth;

import com.example.userprofiles.shared.error.InvalidInputException;
import com.example.userprofiles.shared.error.UnauthenticatedException;
import com.example.userprofiles.shared.security.CurrentUser;
import com.example.userprofiles.user.User;
import com.example.userprofiles.user.UserRules;
import com.example.userprofiles.user.UserService;

import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Credentials: signing up, signing in, changing a password. */
@Service
class AuthService {

	private final UserService users;

	private final PasswordEncoder passwords;

	private final TokenService tokens;

	private final CurrentUser currentUser;

	// Compared against when the username is unknown, so that case costs what a wrong
	// password costs and response times do not tell which usernames exist.
	private final String decoyHash;

	AuthService(UserService users, PasswordEncoder passwords, TokenService tokens, CurrentUser currentUser) {
		this.users = users;
		this.passwords = passwords;
		this.tokens = tokens;
		this.currentUser = currentUser;
		this.decoyHash = passwords.encode("decoy password, never a real one");
	}

	/**
	 * One {@code INSERT}, its own transaction. Not {@code @Transactional}: that would
	 * take a pooled connection before hashing, and hold it for the whole slow hash, so a
	 * burst of sign-ups would starve every other request of connections.
	 */
	AuthPayload signUp(SignUpInput input) {
		String username = UserRules.username(input.username());
		String email = UserRules.email(input.email());
		String password = PasswordRules.password(input.password(), "password");
		User user = this.users.save(User.create(username, email, this.passwords.encode(password)));
		return new AuthPayload(this.tokens.issue(user), user);
	}

	/**
	 * One {@code SELECT}, then the slow hash comparison without holding a connection (see
	 * {@link #signUp}).
	 */
	AuthPayload logIn(LogInInput input) {
		User user = this.users.findByUsername(input.username()).orElse(null);
		boolean matches = this.passwords.matches(input.password(),
				(user != null) ? user.passwordHash() : this.decoyHash);
		if (user == null || !matches) {
			throw new UnauthenticatedException("Wrong username or password");
		}
		return new AuthPayload(this.tokens.issue(user), user);
	}

	@Transactional
	User changePassword(ChangePasswordInput input) {
		User user = this.users.requireSelf(this.currentUser.requireId(), "id");
		if (!this.passwords.matches(input.currentPassword(), user.passwordHash())) {
			throw new InvalidInputException("The current password is wrong", "currentPassword");
		}
		String password = PasswordRules.password(input.newPassword(), "newPassword");
		return this.users.save(user.withPasswordHash(this.passwords.encode(password)));
	}

}
