package com.example.userprofiles.auth;

import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.example.userprofiles.support.Api;
import com.example.userprofiles.support.TestSupportImports;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.graphql.test.tester.GraphQlTester;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One password hash at a time on this instance: while it runs, a sign-up that finds no
 * turn in time is refused with {@code TOO_MANY_REQUESTS} and stores nothing, and once the
 * turn is free the same sign-up goes through; a changePassword refused so counts no
 * failed attempt.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "app.password.max-concurrent-hashes=1", "app.password.hash-wait=100ms" })
@ActiveProfiles("test")
@TestSupportImports
@DirtiesContext
class PasswordHashingTurnsTests {

	private static final String SIGN_UP = """
			mutation($input: SignUpInput!) { signUp(input: $input) { user { username } } }""";

	private static final String CHANGE_PASSWORD = """
			mutation($c: String!, $n: String!) {
			  changePassword(input: { currentPassword: $c, newPassword: $n }) { id }
			}""";

	private static final String LOG_IN = """
			mutation($u: String!, $p: String!) { logIn(input: { username: $u, password: $p }) { token } }""";

	/**
	 * A stored hash whose own parameters ask for thousands of Argon2id passes: checking a
	 * password against it holds the one hashing turn for seconds.
	 */
	static final String SLOW_HASH = "{argon2}$argon2id$v=19$m=1024,t=3000,p=1$" + base64(16) + "$" + base64(32);

	@Autowired
	Api api;

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void whileTheOnlyHashingTurnIsTakenSignUpIsRefusedAndStoresNothing() throws Exception {
		Api.Account slow = this.api.signUp("slow-hash");
		this.jdbc.update("UPDATE site_user SET password_hash = ? WHERE id = ?", SLOW_HASH, slow.id());
		CompletableFuture<GraphQlTester.Response> holding = CompletableFuture
			.supplyAsync(() -> logIn(slow.username(), "not the password"));
		Thread.sleep(500);
		assertThat(holding).as("the slow check still holds the turn").isNotDone();

		String username = Api.uniqueName("refused");
		Api.assertError(signUp(username), "signUp", "TOO_MANY_REQUESTS", null);
		assertThat(rows(username)).as("users stored by the refused sign-up").isZero();

		holding.get(60, TimeUnit.SECONDS)
			.errors()
			.satisfy(errors -> assertThat(errors).singleElement()
				.satisfies(error -> assertThat(error.getExtensions()).containsEntry("code", "UNAUTHENTICATED")));
		signUp(username).path("signUp.user.username").entity(String.class).isEqualTo(username);
		assertThat(rows(username)).isOne();
	}

	@Test
	void aChangePasswordThatFindsNoHashingTurnIsRefusedAndCountsNoFailedAttempt() throws Exception {
		Api.Account slow = this.api.signUp("slow-hash-holder");
		Api.Account bob = this.api.signUp("no-turn-chpw");
		this.jdbc.update("UPDATE site_user SET password_hash = ? WHERE id = ?", SLOW_HASH, slow.id());
		CompletableFuture<GraphQlTester.Response> holding = CompletableFuture
			.supplyAsync(() -> logIn(slow.username(), "not the password"));
		Thread.sleep(500);
		assertThat(holding).as("the slow check still holds the turn").isNotDone();

		Api.assertError(this.api.as(bob)
			.document(CHANGE_PASSWORD)
			.variable("c", "not the password either")
			.variable("n", "new password of " + bob.username())
			.execute(), "changePassword", "TOO_MANY_REQUESTS", null);
		// The password was never checked, so the attempt does not count towards a lock.
		assertThat(this.jdbc.queryForObject(
				"SELECT coalesce(sum(failures), 0) FROM login_throttle WHERE username_key = lower(?)", Integer.class,
				bob.username()))
			.isZero();
		holding.get(60, TimeUnit.SECONDS);
	}

	private GraphQlTester.Response signUp(String username) {
		return this.api.anonymous()
			.document(SIGN_UP)
			.variable("input",
					Map.of("username", username, "email", username + "@example.com", "password",
							"password-" + username))
			.execute();
	}

	private GraphQlTester.Response logIn(String username, String password) {
		return this.api.anonymous().document(LOG_IN).variable("u", username).variable("p", password).execute();
	}

	private int rows(String username) {
		return this.jdbc.queryForObject("SELECT count(*) FROM site_user WHERE username = ?", Integer.class, username);
	}

	private static String base64(int bytes) {
		return Base64.getEncoder().withoutPadding().encodeToString(new byte[bytes]);
	}

}
