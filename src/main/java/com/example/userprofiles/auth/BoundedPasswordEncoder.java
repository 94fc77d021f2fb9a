package com.example.userprofiles.auth;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Runs at most a fixed number of password hashes at once on this instance, whoever asks
 * ({@code signUp}, {@code logIn} and its decoy, {@code changePassword}, the admin account
 * at start), waiting a while for a turn and then refusing with {@code TOO_MANY_REQUESTS}.
 * An Argon2id hash holds its memory cost (16 MiB by default) until it ends and keeps a
 * core busy, so more hashes than cores only queue inside the CPU while each holds its
 * memory: unbounded, a burst of sign-ups held 16 MiB on every request thread at once.
 */
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

	// Reads the stored hash's parameters only; no hashing, so no turn.
	@Override
	public boolean upgradeEncoding(@Nullable String encodedPassword) {
		return this.hashing.upgradeEncoding(encodedPassword);
	}

}
