package com.example.userprofiles.support;

import java.time.Duration;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/** Waits for another thread or process, failing the test on a timeout. */
public final class Eventually {

	private static final Duration TIMEOUT = Duration.ofSeconds(60);

	private Eventually() {
	}

	/** Returns once {@code condition} holds; fails after 60 s. */
	public static void until(String what, BooleanSupplier condition) {
		until(what, TIMEOUT, condition);
	}

	/** Returns once {@code condition} holds; fails after {@code timeout}. */
	public static void until(String what, Duration timeout, BooleanSupplier condition) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!condition.getAsBoolean()) {
			assertThat(System.nanoTime()).as("%s within %d s", what, timeout.toSeconds()).isLessThan(deadline);
			try {
				Thread.sleep(20);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}
	}

}
