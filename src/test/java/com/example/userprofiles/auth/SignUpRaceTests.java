package com.example.userprofiles.auth;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import com.example.userprofiles.support.Api;
import com.example.userprofiles.support.GraphQlHttpClient;
import com.example.userprofiles.support.GraphQlHttpClient.GraphQlResult;
import com.example.userprofiles.support.IntegrationTest;
import com.example.userprofiles.support.Race;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Racing sign-ups for one username or one email: the unique indexes let exactly one win;
 * every other gets {@code CONFLICT} naming the field.
 */
@IntegrationTest
class SignUpRaceTests {

	private static final String SIGN_UP = "mutation($input: SignUpInput!) { signUp(input: $input) { token user { id username } } }";

	@Autowired
	Api api;

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void of32RacingSignUpsOfOneUsernameExactlyOneSucceedsAndTheOthersConflict() throws Exception {
		String username = Api.uniqueName("race-name");
		GraphQlHttpClient client = this.api.client();
		List<Callable<GraphQlResult>> signUps = new ArrayList<>();
		for (int i = 0; i < 32; i++) {
			Map<String, String> input = Map.of("username", username, "email", username + "-" + i + "@example.com",
					"password", "password-" + i);
			signUps.add(() -> client.send(null, SIGN_UP, Map.of("input", input)));
		}

		assertOneWinnerAndConflictsOn(Race.run(signUps), "username");
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM site_user WHERE lower(username) = lower(?)",
				Integer.class, username))
			.isOne();
	}

	@Test
	void of32RacingSignUpsOfOneEmailInDifferentCasesExactlyOneSucceedsAndTheOthersConflict() throws Exception {
		String local = Api.uniqueName("race-mail");
		GraphQlHttpClient client = this.api.client();
		List<Callable<GraphQlResult>> signUps = new ArrayList<>();
		for (int i = 0; i < 32; i++) {
			Map<String, String> input = Map.of("username", local + "-" + i, "email", inCase(local + "@example.com", i),
					"password", "password-" + i);
			signUps.add(() -> client.send(null, SIGN_UP, Map.of("input", input)));
		}

		assertOneWinnerAndConflictsOn(Race.run(signUps), "email");
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM site_user WHERE lower(email) = lower(?)",
				Integer.class, local + "@example.com"))
			.isOne();
	}

	private static void assertOneWinnerAndConflictsOn(List<GraphQlResult> results, String field) {
		assertThat(results).filteredOn(GraphQlResult::ok).hasSize(1);
		assertThat(results).filteredOn(result -> !result.ok()).hasSize(31).allSatisfy(result -> {
			assertThat(result.status()).isEqualTo(200);
			assertThat(result.code()).as(result.body()).isEqualTo("CONFLICT");
			assertThat(result.errors().get(0).get("extensions")).asInstanceOf(InstanceOfAssertFactories.MAP)
				.containsEntry("field", field);
			assertThat(result.at("signUp")).isNull();
		});
	}

	/** {@code email} with its letters in upper or lower case by the bits of {@code n}. */
	private static String inCase(String email, int n) {
		StringBuilder cased = new StringBuilder();
		for (int i = 0; i < email.length(); i++) {
			String letter = String.valueOf(email.charAt(i));
			cased.append(((n >> (i % 5)) & 1) == 1 ? letter.toUpperCase(Locale.ROOT) : letter);
		}
		return cased.toString();
	}

}
