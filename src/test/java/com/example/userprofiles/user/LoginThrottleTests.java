package com.example.userprofiles.user;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import java.util.stream.IntStream;

import com.example.userprofiles.support.Api;
import com.example.userprofiles.support.Api.Account;
import com.example.userprofiles.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.graphql.test.tester.GraphQlTester;
import org.springframework.jdbc.core.JdbcTemplate;

import static com.example.userprofiles.support.Api.expect;
import static com.example.userprofiles.support.Api.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Password guessing is slowed per username, on every instance alike. */
@IntegrationTest
class LoginThrottleTests {

	private static final String LOG_IN = "mutation($u: String!, $p: String!) { logIn(input: { username: $u, password: $p }) { token } }";

	private static final String CHANGE_PASSWORD = "mutation($c: String!, $n: String!) { changePassword(input: { currentPassword: $c, newPassword: $n }) { id } }";

	@Autowired
	Api api;

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void afterFiveFailuresEvenTheRightPasswordIsRefusedForAWhile() {
		Account bob = this.api.signUp("throttled");
		for (int i = 0; i < 5; i++) {
			Api.assertError(logIn(bob.username(), "wrong-password-" + i), "logIn", "UNAUTHENTICATED", null);
		}

		Api.assertError(logIn(bob.username(), bob.password()), "logIn", "TOO_MANY_REQUESTS", null);
		Api.assertError(logIn(bob.username().toUpperCase(), bob.password()), "logIn", "TOO_MANY_REQUESTS", null);
		assertThat(row(bob.username())).containsEntry("failures", 5);
	}

	@Test
	void fewerThanFiveFailuresLockNothingAndASuccessClearsTheCount() {
		Account bob = this.api.signUp("fourfailures");
		for (int i = 0; i < 4; i++) {
			logIn(bob.username(), "wrong-password-" + i).errors().satisfy(errors -> assertThat(errors).hasSize(1));
		}
		assertThat(row(bob.username())).containsEntry("failures", 4);

		logIn(bob.username(), bob.password()).path("logIn.token").hasValue();
		assertThat(rows(bob.username())).isZero();
	}

	@Test
	void theCoolingPeriodEndsAndThenDoublesWithTheNextFailure() {
		Account bob = this.api.signUp("cooling");
		for (int i = 0; i < 5; i++) {
			logIn(bob.username(), "wrong-password-" + i).errors().satisfy(errors -> assertThat(errors).hasSize(1));
		}
		assertThat(lockedFor(bob.username())).isCloseTo(Duration.ofMinutes(1).toSeconds(), within(5L));

		endCooling(bob.username());
		Api.assertError(logIn(bob.username(), "wrong-again"), "logIn", "UNAUTHENTICATED", null);
		assertThat(lockedFor(bob.username())).isCloseTo(Duration.ofMinutes(2).toSeconds(), within(5L));

		endCooling(bob.username());
		logIn(bob.username(), bob.password()).path("logIn.token").hasValue();
		assertThat(rows(bob.username())).isZero();
	}

	@Test
	void unknownUsernamesAreThrottledAlikeSoALockoutRevealsNothing() {
		String nobody = Api.uniqueName("nobody");
		for (int i = 0; i < 5; i++) {
			Api.assertError(logIn(nobody, "guess-" + i), "logIn", "UNAUTHENTICATED", null);
		}
		Api.assertError(logIn(nobody, "guess-6"), "logIn", "TOO_MANY_REQUESTS", null);
	}

	@Test
	void guessesAtANameNoAccountCanHaveAreRefusedAlikeAndLeaveNoRows() {
		String impossible = "no account has " + Api.uniqueName("this name");
		for (int i = 1; i <= 6; i++) {
			Api.assertError(logIn(impossible, "guess-" + i), "logIn", "UNAUTHENTICATED", null);
		}
		assertThat(rows(impossible)).isZero();
	}

	@ParameterizedTest
	@CsvSource({ "logIn, UNAUTHENTICATED", "changePassword, BAD_USER_INPUT" })
	void concurrentGuessesAreCountedOneAfterAnother(String mutation, String checked) throws Exception {
		Account bob = this.api.signUp("burst");
		Map<String, Long> codes = codesOfSixteenGuesses(i -> mutation.equals("logIn")
				? logIn(bob.username(), "guess-" + i) : changePassword(bob, "guess-" + i));
		assertThat(codes.getOrDefault(checked, 0L)).as("guesses checked").isEqualTo(5);
		assertThat(codes.getOrDefault("TOO_MANY_REQUESTS", 0L)).as("guesses refused").isEqualTo(11);
	}

	// changePassword: a stolen token must not let its holder guess the password freely

	@Test
	void afterFiveWrongCurrentPasswordsChangePasswordIsRefusedEvenWithTheRightOneAndSoIsLogIn() {
		Account bob = this.api.signUp("chpw-throttled");
		String hashBefore = storedHash(bob.id());
		for (int i = 0; i < 5; i++) {
			Api.assertError(changePassword(bob, "wrong-password-" + i), "changePassword", "BAD_USER_INPUT",
					"currentPassword");
		}

		Api.assertError(changePassword(bob, bob.password()), "changePassword", "TOO_MANY_REQUESTS", null);
		Api.assertError(logIn(bob.username(), bob.password()), "logIn", "TOO_MANY_REQUESTS", null);
		assertThat(row(bob.username())).containsEntry("failures", 5);
		assertThat(storedHash(bob.id())).isEqualTo(hashBefore);
	}

	@Test
	void wrongCurrentPasswordsCountWithFailedLogInsAndTheRightOneClearsTheCount() {
		Account bob = this.api.signUp("chpw-counted");
		for (int i = 0; i < 3; i++) {
			Api.assertError(logIn(bob.username(), "wrong-password-" + i), "logIn", "UNAUTHENTICATED", null);
		}
		Api.assertError(changePassword(bob, "wrong-password-3"), "changePassword", "BAD_USER_INPUT", "currentPassword");
		assertThat(row(bob.username())).containsEntry("failures", 4);

		expect(changePassword(bob, bob.password()), "changePassword.id", bob.gid());
		assertThat(rows(bob.username())).isZero();
	}

	/** The error code of each of 16 guesses sent from 8 threads at once, counted. */
	private static Map<String, Long> codesOfSixteenGuesses(IntFunction<GraphQlTester.Response> guess) throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(8);
		try {
			List<Callable<String>> guesses = IntStream.range(0, 16)
				.mapToObj(i -> (Callable<String>) () -> code(guess.apply(i)))
				.toList();
			Map<String, Long> codes = new HashMap<>();
			for (Future<String> answer : pool.invokeAll(guesses)) {
				codes.merge(answer.get(), 1L, Long::sum);
			}
			return codes;
		}
		finally {
			pool.shutdownNow();
		}
	}

	private GraphQlTester.Response changePassword(Account account, String currentPassword) {
		return run(this.api.as(account), CHANGE_PASSWORD, "c", currentPassword, "n",
				"new password of " + account.username());
	}

	private String storedHash(long id) {
		return this.jdbc.queryForObject("SELECT password_hash FROM site_user WHERE id = ?", String.class, id);
	}

	private GraphQlTester.Response logIn(String username, String password) {
		return this.api.anonymous().document(LOG_IN).variable("u", username).variable("p", password).execute();
	}

	private static String code(GraphQlTester.Response response) {
		String[] code = new String[1];
		response.errors().satisfy(errors -> code[0] = String.valueOf(errors.get(0).getExtensions().get("code")));
		return code[0];
	}

	private Map<String, Object> row(String username) {
		return this.jdbc.queryForMap("SELECT failures, locked_until FROM login_throttle WHERE username_key = lower(?)",
				username);
	}

	private int rows(String username) {
		return this.jdbc.queryForObject("SELECT count(*) FROM login_throttle WHERE username_key = lower(?)",
				Integer.class, username);
	}

	private long lockedFor(String username) {
		OffsetDateTime until = this.jdbc.queryForObject(
				"SELECT locked_until FROM login_throttle WHERE username_key = lower(?)", OffsetDateTime.class,
				username);
		return Duration.between(OffsetDateTime.now(), until).toSeconds();
	}

	private void endCooling(String username) {
		this.jdbc.update(
				"UPDATE login_throttle SET locked_until = now() - interval '1 second' WHERE username_key = lower(?)",
				username);
	}

}
