package com.example.userprofiles.auth;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of sign-in: {@code app.jwt.*}, {@code app.password.*} and {@code app.admin.*}.
 *
 * @param jwt token signing
 * @param password password hashing
 * @param admin the administrator account to ensure at start
 */
@ConfigurationProperties("app")
public record AuthProperties(@DefaultValue Jwt jwt, @DefaultValue Password password, @DefaultValue Admin admin) {

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
	 * @param argon2MemoryKib Argon2id memory of new hashes (Spring Security's default)
	 * @param argon2Iterations Argon2id passes of new hashes (Spring Security's default)
	 * @param maxConcurrentHashes hashes running at once on this instance; by default one
	 * per processor
	 * @param hashWait how long a hash waits for a turn before {@code TOO_MANY_REQUESTS}
	 */
	record Password(@DefaultValue("16384") int argon2MemoryKib, @DefaultValue("2") int argon2Iterations,
			@Nullable Integer maxConcurrentHashes, @DefaultValue("5s") Duration hashWait) {

		int hashesAtOnce() {
			return (this.maxConcurrentHashes != null) ? this.maxConcurrentHashes
					: Runtime.getRuntime().availableProcessors();
		}

	}

	/** The administrator that start-up makes sure of; all three or none. */
	public record Admin(@Nullable String username, @Nullable String email, @Nullable String password) {

		public boolean isConfigured() {
			return this.username != null || this.email != null || this.password != null;
		}

		/** Leaves the password out. */
		@Override
		public String toString() {
			return "Admin[username=" + this.username + "]";
		}

	}

}
