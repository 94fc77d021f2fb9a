package com.example.userprofiles.auth;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.security.crypto.password.PasswordEncoder;

/** At most a fixed number of password hashes at once: each holds memory and a core. */
final class BoundedPasswordEncoder implements PasswordEncoder {

	private final PasswordEncoder hashing;

	private final Turns turns;

	BoundedPasswordEncoder(PasswordEncoder hashing, int maxConcurrent, Duration wait) {
		this.hashing = hashing;
		this.turns = new Turns(maxConcurrent, wait);
	}

	@Override
	public @Nullable String encode(@Nullable CharSequence rawPassword) {
		return this.turns.take(() -> this.hashing.encode(rawPassword));
	}

	@Override
	public boolean matches(@Nullable CharSequence rawPassword, @Nullable String encodedPassword) {
		return this.turns.take(() -> this.hashing.matches(rawPassword, encodedPassword));
	}

	// No hashing, so no turn
	@Override
	public boolean upgradeEncoding(@Nullable String encodedPassword) {
		return this.hashing.upgradeEncoding(encodedPassword);
	}

}
