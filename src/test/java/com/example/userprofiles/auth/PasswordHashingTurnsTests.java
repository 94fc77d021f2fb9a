package com.example.userprofiles.auth;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.example.userprofiles.error.ApiException;
import com.example.userprofiles.support.Api;
import com.example.userprofiles.support.TestSupportImports;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.graphql.test.tester.GraphQlTester;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;

import static com.example.userprofiles.support.Api.expect;
import static com.example.userprofiles.support.Api.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * One password hash at a time; a request without a turn is refused, and
 * {@link BoundedPasswordEncoder} bounds the hashes running at once.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "app.password.max-concurrent-hashes=1", "app.password.hash-wait=100ms" })
@ActiveProfiles("test")
@TestSupportImports
@DirtiesContext
class PasswordHashingTurnsTests {

	private static final String SIGN_UP = "mutation($input: SignUpInput!) { signUp(input: $input) { user { username } } }";

	private static final String CHANGE_PASSWORD = "mutation($c: String!, $n: String!) { changePassword(input: { currentPassword: $c, newPassword: $n }) { id } }";

	private static final String LOG_IN = "mutation($u: String!, $p: String!) { logIn(input: { username: $u, password: $p }) { token } }";

	/** A hash whose parameters hold the one hashing turn for seconds. */
	static final String SLOW_HASH = "{argon2}$argon2id$v=19$m=1024,t=3000,p=1$" + base64(16) + "$" + base64(32);

	@Autowired
	Api api;

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void whileTheOnlyHashingTurnIsTakenSignUpIsRefusedAndStoresNothing() throws Exception {
		CompletableFuture<GraphQlTester.Response> holding = holdTheTurn();

		String username = Api.uniqueName("refused");
		Api.assertError(signUp(username), "signUp", "TOO_MANY_REQUESTS", null);
		assertThat(rows(username)).as("users stored by the refused sign-up").isZero();

		holding.get(60, TimeUnit.SECONDS)
			.errors()
			.satisfy(errors -> assertThat(errors).singleElement()
				.satisfies(error -> assertThat(error.getExtensions()).containsEntry("code", "UNAUTHENTICATED")));
		expect(signUp(username), "signUp.user.username", username);
		assertThat(rows(username)).isOne();
	}

	@Test
	void aChangePasswordThatFindsNoHashingTurnIsRefusedAndCountsNoFailedAttempt() throws Exception {
		Api.Account bob = this.api.signUp("no-turn-chpw");
		CompletableFuture<GraphQlTester.Response> holding = holdTheTurn();

		Api.assertError(run(this.api.as(bob), CHANGE_PASSWORD, "c", "not the password either", "n",
				"new password of " + bob.username()), "changePassword", "TOO_MANY_REQUESTS", null);
		// The password was never checked, so the attempt does not count towards a lock.
		assertThat(this.jdbc.queryForObject(
				"SELECT coalesce(sum(failures), 0) FROM login_throttle WHERE username_key = lower(?)", Integer.class,
				bob.username()))
			.isZero();
		holding.get(60, TimeUnit.SECONDS);
	}

	/** A logIn of an account with the slow hash, which holds the one turn for seconds. */
	private CompletableFuture<GraphQlTester.Response> holdTheTurn() throws InterruptedException {
		Api.Account slow = this.api.signUp("slow-hash");
		this.jdbc.update("UPDATE site_user SET password_hash = ? WHERE id = ?", SLOW_HASH, slow.id());
		CompletableFuture<GraphQlTester.Response> holding = CompletableFuture
			.supplyAsync(() -> run(this.api.anonymous(), LOG_IN, "u", slow.username(), "p", "not the password"));
		Thread.sleep(500);
		assertThat(holding).as("the slow check still holds the turn").isNotDone();
		return holding;
	}

	private GraphQlTester.Response signUp(String username) {
		return run(this.api.anonymous(), SIGN_UP, "input",
				Map.of("username", username, "email", username + "@example.com", "password", "password-" + username));
	}

	private int rows(String username) {
		return this.jdbc.queryForObject("SELECT count(*) FROM site_user WHERE username = ?", Integer.class, username);
	}

	private static String base64(int bytes) {
		return Base64.getEncoder().withoutPadding().encodeToString(new byte[bytes]);
	}

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
