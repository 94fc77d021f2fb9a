package com.example.userprofiles.support;

import java.time.Duration;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Waits for something another thread or process brings about (a subscription going live,
 * a connection coming back), failing the test when it does not happen in time.
 */
public final class Eventually {

	private static final Duration TIMEOUT = Duration.ofSeconds(60);

	private Eventually() {
	}

	/** Returns once {@code condition} holds; fails after 60 s. */
	public static void until(String what, BooleanSupplier condition) {
		long deadline = System.nanoTime() + TIMEOUT.toNanos();
		while (!condition.getAsBoolean()) {
			assertThat(System.nanoTime()).as("%s within %d s", what, TIMEOUT.toSeconds()).isLessThan(deadline);
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
