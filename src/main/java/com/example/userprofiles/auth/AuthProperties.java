package com.example.userprofiles.auth;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of sign-in: {@code app.jwt.*} and {@code app.password.*}.
 *
 * @param jwt token signing
 * @param password password hashing
 * @param admin the administrator account to ensure at start
 */
@ConfigurationProperties("app")
record AuthProperties(@DefaultValue Jwt jwt, @DefaultValue Password password, @DefaultValue Admin admin) {

	/**
	 * @param secret the HMAC key (at least 32 bytes), shared by every instance; when
	 * absent a random one is made at start
	 * @param expiry how long a token is valid
	 * @param issuer the {@code iss} claim, checked on every token
	 */
	record Jwt(@Nullable String secret, @DefaultValue("1h") Duration expiry,
			@DefaultValue("userprofiles") String issuer) {

		/** Leaves the secret out. */
		@Override
		public String toString() {
			return "Jwt[expiry=" + this.expiry + ", issuer=" + this.issuer + "]";
		}

	}

	/**
	 * Argon2id cost of new hashes. The defaults are Spring Security's (16 MiB, 2 passes);
	 * tests lower them to stay fast.
	 */
	record Password(@DefaultValue("16384") int argon2MemoryKib, @DefaultValue("2") int argon2Iterations) {
	}

	/**
	 * The administrator that start-up makes sure of ({@code app.admin.*}); all three or
	 * none.
	 */
	record Admin(@Nullable String username, @Nullable String email, @Nullable String password) {

		boolean isConfigured() {
			return this.username != null || this.email != null || this.password != null;
		}

		/** Leaves the password out. */
		@Override
		public String toString() {
			return "Admin[username=" + this.username + "]";
		}

	}

}
