package com.example.userprofiles.auth;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of sign-in: {@code app.jwt.*}, {@code app.password.*} and {@code app.admin.*}.
 */
@ConfigurationProperties("app")
public record AuthProperties(@DefaultValue Jwt jwt, @DefaultValue Password password, @DefaultValue Admin admin) {

	/** Token signing; without a {@code secret} of 32 bytes or more, a random key. */
	record Jwt(@Nullable String secret, @DefaultValue("1h") Duration expiry,
			@DefaultValue("userprofiles") String issuer) {

		@Override
		public String toString() {
			return "Jwt[expiry=" + this.expiry + ", issuer=" + this.issuer + "]";
		}

	}

	/** Hash cost, and hashes at once on this instance (by default one per core). */
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

		@Override
		public String toString() {
			return "Admin[username=" + this.username + "]";
		}

	}

}
