package com.example.userprofiles.auth;

import com.example.userprofiles.user.UserRules;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Makes sure, at start, that the configured administrator ({@code app.admin.username},
 * {@code .email}, {@code .password}) exists with the admin role: created with that
 * password, or, when the username exists, promoted (its password is left as it is). One
 * statement, so it is idempotent and safe with several instances starting at once.
 */
@Component
class AdminAccount implements ApplicationRunner {

	private static final Logger logger = LoggerFactory.getLogger(AdminAccount.class);

	private final AuthProperties.Admin admin;

	private final JdbcClient jdbc;

	private final PasswordEncoder passwords;

	AdminAccount(AuthProperties properties, JdbcClient jdbc, PasswordEncoder passwords) {
		this.admin = properties.admin();
		this.jdbc = jdbc;
		this.passwords = passwords;
	}

	@Override
	public void run(ApplicationArguments args) {
		if (this.admin.isConfigured()) {
			ensure(this.admin);
		}
	}

	void ensure(AuthProperties.Admin admin) {
		if (admin.username() == null || admin.email() == null || admin.password() == null) {
			throw new IllegalStateException(
					"Set all of app.admin.username, app.admin.email and app.admin.password, or none of them");
		}
		String username = UserRules.username(admin.username());
		String email = UserRules.email(admin.email());
		String hash = this.passwords.encode(PasswordRules.password(admin.password(), "app.admin.password"));
		try {
			this.jdbc.sql("""
					INSERT INTO site_user (username, email, password_hash, role)
					VALUES (:username, :email, :hash, 'ADMIN')
					ON CONFLICT ((lower(username))) DO UPDATE SET role = 'ADMIN', updated_at = now()
					WHERE site_user.role <> 'ADMIN'""")
				.param("username", username)
				.param("email", email)
				.param("hash", hash)
				.update();
		}
		catch (DuplicateKeyException ex) {
			throw new IllegalStateException("app.admin.email " + email + " belongs to another account than " + username
					+ "; configure that account's username, or another email");
		}
		logger.info("Administrator account '{}' is in place", username);
	}

}
