package com.example.userprofiles.user;

import com.example.userprofiles.support.Api;
import com.example.userprofiles.support.Api.Account;
import com.example.userprofiles.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.graphql.test.tester.GraphQlTester;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

import static com.example.userprofiles.support.Api.run;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code app.testing.reset-enabled}, {@code POST /actuator/reset} empties the
 * database and the log-in throttle. A TRUNCATE would wipe the shared database under the
 * other test classes, so this context has a database of its own: a blank
 * {@code spring.datasource.url} starts a throwaway embedded PostgreSQL (a fresh directory
 * per context) even when the suite runs against a server, and {@code @DirtiesContext}
 * stops it after the class.
 */
@IntegrationTest
@TestPropertySource(properties = { "app.testing.reset-enabled=true", "spring.datasource.url=" })
@DirtiesContext
class ResetEndpointTests {

	private static final String LOG_IN = "mutation($u: String!, $p: String!) { logIn(input: { username: $u, password: $p }) { token } }";

	@Autowired
	Api api;

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void idsStartAtOneAgainAndProfilesAreGone() {
		reset();
		Account first = this.api.signUp("before");
		this.api.createProfile(first, "Gone after the reset");
		this.api.signUp("before");

		reset();
		Account afterReset = this.api.signUp("after");

		assertThat(first.id()).isEqualTo(1);
		assertThat(afterReset.id()).isEqualTo(first.id());
		assertThat(count("site_user")).isEqualTo(1);
		assertThat(count("profile")).isZero();
	}

	@Test
	void theLogInThrottleIsCleared() {
		Account bob = this.api.signUp("throttled");
		for (int i = 0; i < 5; i++) {
			Api.assertError(logIn(bob.username(), "wrong-password-" + i), "logIn", "UNAUTHENTICATED", null);
		}
		Api.assertError(logIn(bob.username(), bob.password()), "logIn", "TOO_MANY_REQUESTS", null);

		reset();
		assertThat(count("login_throttle")).isZero();
		this.api.signUp(bob.username(), bob.email(), bob.password());

		logIn(bob.username(), bob.password()).path("logIn.token").hasValue();
	}

	private void reset() {
		this.api.http().post().uri("/actuator/reset").exchange().expectStatus().isNoContent();
	}

	private GraphQlTester.Response logIn(String username, String password) {
		return run(this.api.anonymous(), LOG_IN, "u", username, "p", password);
	}

	private int count(String table) {
		return this.jdbc.queryForObject("SELECT count(*) FROM " + table, Integer.class);
	}

}
