package com.example.userprofiles.user;

import com.example.userprofiles.auth.AuthProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Makes sure at start that the administrator {@code app.admin.*} exists: created, or
 * promoted only if the existing account has its email and password.
 */
@Component
class AdminAccount implements ApplicationRunner {

	private static final Logger logger = LoggerFactory.getLogger(AdminAccount.class);

	private final AuthProperties.Admin admin;

	private final JdbcClient jdbc;

	private final UserRepository users;

	private final PasswordEncoder passwords;

	AdminAccount(AuthProperties properties, JdbcClient jdbc, UserRepository users, PasswordEncoder passwords) {
		this.admin = properties.admin();
		this.jdbc = jdbc;
		this.users = users;
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
		String password = UserRules.password(admin.password(), "app.admin.password");
		this.jdbc.sql("""
				INSERT INTO site_user (username, email, password_hash, role)
				VALUES (:username, :email, :hash, 'ADMIN')
				ON CONFLICT DO NOTHING""")
			.param("username", username)
			.param("email", email)
			.param("hash", this.passwords.encode(password))
			.update();
		User holder = this.users.findByUsernameIgnoringCase(username)
			.orElseThrow(
					() -> new IllegalStateException("app.admin.email " + email + " belongs to another account than "
							+ username + "; configure that account's username, or another email"));
		if (holder.role() != User.Role.ADMIN) {
			if (!holder.email().equalsIgnoreCase(email) || !this.passwords.matches(password, holder.passwordHash())) {
				throw new IllegalStateException("app.admin.username " + username
						+ " belongs to an account that is not an administrator and whose email or password is not the"
						+ " configured one; configure another username, or that account's email and password");
			}
			this.jdbc.sql("UPDATE site_user SET role = 'ADMIN', updated_at = now() WHERE id = :id")
				.param("id", holder.id())
				.update();
		}
		logger.info("Administrator account '{}' is in place", username);
	}

}
