package com.example.userprofiles.auth;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.example.userprofiles.error.ApiException;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.security.crypto.password.PasswordEncoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class BoundedPasswordEncoderTests {

	private final ExecutorService callers = Executors.newFixedThreadPool(6);

	private final GatedHashing hashing = new GatedHashing();

	@AfterEach
	void stopCallers() {
		this.hashing.open.countDown();
		this.callers.shutdownNow();
	}

	@Test
	void noMoreHashesRunAtOnceThanAllowedWhateverAsksForThem() throws Exception {
		BoundedPasswordEncoder encoder = new BoundedPasswordEncoder(this.hashing, 2, Duration.ofSeconds(30));
		List<Future<?>> calls = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			calls.add(this.callers.submit(() -> encoder.encode("new password")));
			calls.add(this.callers.submit(() -> encoder.matches("a guess", "stored")));
		}
		this.hashing.awaitRunning(2);
		Thread.sleep(200);
		assertThat(this.hashing.running.get()).as("hashes running while the others wait").isEqualTo(2);

		this.hashing.open.countDown();
		for (Future<?> call : calls) {
			call.get(10, TimeUnit.SECONDS);
		}
		assertThat(this.hashing.started.get()).as("every waiting hash ran once a turn came").isEqualTo(6);
		assertThat(this.hashing.mostAtOnce.get()).isEqualTo(2);
	}

	@Test
	void aHashThatGetsNoTurnInTimeIsRefusedAndNeverRuns() throws Exception {
		BoundedPasswordEncoder encoder = new BoundedPasswordEncoder(this.hashing, 1, Duration.ofMillis(100));
		this.callers.submit(() -> encoder.encode("slow"));
		this.hashing.awaitRunning(1);

		assertThatExceptionOfType(ApiException.class).isThrownBy(() -> encoder.matches("a guess", "stored"))
			.withMessage("The server is busy checking passwords; try again in a moment");
		assertThat(this.hashing.started.get()).as("the refused hash never ran").isEqualTo(1);
	}

	@Test
	void aHashThatFailsGivesItsTurnBack() {
		PasswordEncoder failing = new FailingHashing();
		BoundedPasswordEncoder encoder = new BoundedPasswordEncoder(failing, 1, Duration.ofMillis(100));
		for (int i = 0; i < 3; i++) {
			assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> encoder.encode("any"));
		}
	}

	@Test
	void atLeastOneHashMustBeAllowed() {
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> new BoundedPasswordEncoder(this.hashing, 0, Duration.ofSeconds(1)));
	}

	/** Hashes that run until {@code open}, counting how many run at once. */
	private static final class GatedHashing implements PasswordEncoder {

		final CountDownLatch open = new CountDownLatch(1);

		final AtomicInteger running = new AtomicInteger();

		final AtomicInteger started = new AtomicInteger();

		final AtomicInteger mostAtOnce = new AtomicInteger();

		@Override
		public String encode(@Nullable CharSequence rawPassword) {
			hash();
			return "hashed";
		}

		@Override
		public boolean matches(@Nullable CharSequence rawPassword, @Nullable String encodedPassword) {
			hash();
			return false;
		}

		void awaitRunning(int count) throws InterruptedException {
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
			while (this.running.get() < count) {
				assertThat(System.nanoTime()).as("%d hashes running in time", count).isLessThan(deadline);
				Thread.sleep(5);
			}
		}

		private void hash() {
			this.started.incrementAndGet();
			this.mostAtOnce.accumulateAndGet(this.running.incrementAndGet(), Math::max);
			try {
				this.open.await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			finally {
				this.running.decrementAndGet();
			}
		}

	}

	private static final class FailingHashing implements PasswordEncoder {

		@Override
		public String encode(@Nullable CharSequence rawPassword) {
			throw new IllegalStateException("hashing failed");
		}

		@Override
		public boolean matches(@Nullable CharSequence rawPassword, @Nullable String encodedPassword) {
			throw new IllegalStateException("hashing failed");
		}

	}

}
