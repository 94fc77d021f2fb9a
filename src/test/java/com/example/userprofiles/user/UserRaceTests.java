package com.example.userprofiles.user;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import com.example.userprofiles.support.Api;
import com.example.userprofiles.support.Api.Account;
import com.example.userprofiles.support.GraphQlHttpClient;
import com.example.userprofiles.support.GraphQlHttpClient.GraphQlResult;
import com.example.userprofiles.support.IntegrationTest;
import com.example.userprofiles.support.Interleaving;
import com.example.userprofiles.support.Interleaving.Outcome;
import com.example.userprofiles.support.Race;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/** Account changes racing sign-ups, deletion or each other: coded, and nothing undone. */
@IntegrationTest
class UserRaceTests {

	private static final String SIGN_UP = "mutation($input: SignUpInput!) { signUp(input: $input) { token user { id username } } }";

	private static final String UPDATE_USER = "mutation($input: UpdateUserInput!) { updateUser(input: $input) { id email } }";

	private static final String CHANGE_PASSWORD = "mutation($input: ChangePasswordInput!) { changePassword(input: $input) { id } }";

	private static final String DELETE_USER = "mutation($id: ID!) { deleteUser(id: $id) { deletedUserId } }";

	private static final String LOG_IN = "mutation($input: LogInInput!) { logIn(input: $input) { token } }";

	@Autowired
	Api api;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	Interleaving interleaving;

	// The races made to happen at their most dangerous moment on every run: another
	// request commits between the mutation's read of the account and its UPDATE.

	/** As if the account had never been: unauthenticated, or to an admin not found. */
	@ParameterizedTest
	@CsvSource({ "false, UNAUTHENTICATED", "true, NOT_FOUND" })
	void aDeleteUserBetweenReadingAndUpdatingTheAccountAnswersUnauthenticatedOrToAnAdministratorNotFound(
			boolean byAdmin, String code) throws Exception {
		Account jo = this.api.signUp("interleave-user");
		GraphQlHttpClient client = this.api.client();
		String token = byAdmin ? this.api.adminToken() : jo.token();

		Outcome<GraphQlResult> outcome = this.interleaving.before(UserRaceTests::updatesTheAccountRow,
				() -> client.send(token, UPDATE_USER,
						Map.of("input", Map.of("id", jo.gid(), "email", "new-" + jo.email()))),
				() -> client.send(jo.token(), DELETE_USER, Map.of("id", jo.gid())));

		assertThat(outcome.intruder().ok()).as("deleteUser answered %s", outcome.intruder()).isTrue();
		assertThat(outcome.main().code()).as("updateUser answered %s", outcome.main()).isEqualTo(code);
		assertThat(outcome.main().at("updateUser")).isNull();
		if (byAdmin) {
			assertThat(outcome.main().errors().get(0).get("extensions")).asInstanceOf(InstanceOfAssertFactories.MAP)
				.containsEntry("field", "id");
		}
		assertThat(count(jo.id())).isZero();
	}

	@Test
	void anUpdateUserThatReadTheAccountBeforeAPasswordChangeKeepsTheNewPasswordAndRevokesTheOldToken()
			throws Exception {
		Account lee = this.api.signUp("interleave-lost-password");
		GraphQlHttpClient client = this.api.client();
		String newEmail = "new-" + lee.email();
		String newPassword = "new password of " + lee.username();
		Map<String, Object> before = row(lee.id());

		Outcome<GraphQlResult> outcome = this.interleaving.before(UserRaceTests::updatesTheAccountRow,
				() -> client.send(lee.token(), UPDATE_USER,
						Map.of("input", Map.of("id", lee.gid(), "email", newEmail))),
				() -> client.send(lee.token(), CHANGE_PASSWORD,
						Map.of("input", Map.of("currentPassword", lee.password(), "newPassword", newPassword))));

		assertThat(outcome.intruder().ok()).as("changePassword answered %s", outcome.intruder()).isTrue();
		assertThat(outcome.main().ok()).as("updateUser answered %s", outcome.main()).isTrue();
		assertThat(outcome.main().at("updateUser.email")).isEqualTo(newEmail);
		Map<String, Object> after = row(lee.id());
		assertThat(after).containsEntry("email", newEmail)
			.containsEntry("token_version", (Integer) before.get("token_version") + 1);
		assertThat(after.get("password_hash")).isNotEqualTo(before.get("password_hash"));
		assertThat(logIn(client, lee.username(), newPassword).ok()).as("logIn with the new password").isTrue();
		assertThat(logIn(client, lee.username(), lee.password()).code()).as("logIn with the old password")
			.isEqualTo("UNAUTHENTICATED");
		assertThat(client
			.send(lee.token(), UPDATE_USER, Map.of("input", Map.of("id", lee.gid(), "email", "later-" + lee.email())))
			.code()).as("updateUser with the token from before the password change").isEqualTo("UNAUTHENTICATED");
	}

	@Test
	void aPasswordChangeThatReadTheAccountBeforeAnUpdateUserKeepsTheNewUsernameAndEmail() throws Exception {
		Account max = this.api.signUp("interleave-lost-name");
		GraphQlHttpClient client = this.api.client();
		String newUsername = Api.uniqueName("renamed");
		String newEmail = newUsername + "@example.org";
		String newPassword = "new password of " + max.username();

		Outcome<GraphQlResult> outcome = this.interleaving.before(UserRaceTests::updatesTheAccountRow,
				() -> client.send(max.token(), CHANGE_PASSWORD,
						Map.of("input", Map.of("currentPassword", max.password(), "newPassword", newPassword))),
				() -> client.send(max.token(), UPDATE_USER,
						Map.of("input", Map.of("id", max.gid(), "username", newUsername, "email", newEmail))));

		assertThat(outcome.intruder().ok()).as("updateUser answered %s", outcome.intruder()).isTrue();
		assertThat(outcome.main().ok()).as("changePassword answered %s", outcome.main()).isTrue();
		assertThat(row(max.id())).containsEntry("username", newUsername).containsEntry("email", newEmail);
		assertThat(logIn(client, newUsername, newPassword).ok()).as("logIn with the new name and password").isTrue();
	}

	@Test
	void aDemotionBetweenReadingAndUpdatingAnAdministratorsAccountStays() throws Exception {
		Account ola = this.api.signUp("interleave-demotion");
		this.jdbc.update("UPDATE site_user SET role = 'ADMIN' WHERE id = ?", ola.id());
		GraphQlHttpClient client = this.api.client();

		Outcome<GraphQlResult> outcome = this.interleaving.before(UserRaceTests::updatesTheAccountRow, () -> client
			.send(ola.token(), UPDATE_USER, Map.of("input", Map.of("id", ola.gid(), "email", "new-" + ola.email()))),
				() -> {
					this.jdbc.update("UPDATE site_user SET role = 'USER' WHERE id = ?", ola.id());
					return null;
				});

		assertThat(outcome.main().ok()).as("updateUser answered %s", outcome.main()).isTrue();
		assertThat(row(ola.id())).containsEntry("role", "USER").containsEntry("email", "new-" + ola.email());
	}

	@Test
	void deleteUserRacingUpdateUserAndChangePasswordAnswersUnauthenticatedToTheLosers() throws Exception {
		GraphQlHttpClient client = this.api.client();
		for (int round = 0; round < 12; round++) {
			Account erin = this.api.signUp("race-deluser");
			List<Callable<GraphQlResult>> tasks = new ArrayList<>();
			tasks.add(() -> client.send(erin.token(), DELETE_USER, Map.of("id", erin.gid())));
			for (int i = 0; i < 4; i++) {
				String email = "new-" + i + "-" + erin.email();
				tasks.add(() -> client.send(erin.token(), UPDATE_USER,
						Map.of("input", Map.of("id", erin.gid(), "email", email))));
			}
			tasks.add(() -> client.send(erin.token(), CHANGE_PASSWORD,
					Map.of("input", Map.of("currentPassword", erin.password(), "newPassword", "another password"))));

			List<GraphQlResult> results = Race.run(tasks);

			GraphQlResult delete = results.get(0);
			GraphQlResult passwordChange = results.get(results.size() - 1);
			// A password change signs out every earlier token: when it commits first, the
			// delete, which carried such a token, is one of the losers.
			assertThat(delete.ok() || (delete.code().equals("UNAUTHENTICATED") && passwordChange.ok()))
				.as("deleteUser answered %s", delete.body())
				.isTrue();
			assertThat(results.subList(1, results.size()))
				.allSatisfy(result -> assertThat(result.ok() || result.code().equals("UNAUTHENTICATED"))
					.as("answered %s", result.body())
					.isTrue());
			assertThat(
					this.jdbc.queryForObject("SELECT count(*) FROM site_user WHERE id = ?", Integer.class, erin.id()))
				.isEqualTo(delete.ok() ? 0 : 1);
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "username", "email" })
	void of32RacingSignUpsOfOneUsernameOrOneEmailInDifferentCasesExactlyOneSucceedsAndTheOthersConflict(String field)
			throws Exception {
		String name = Api.uniqueName("race-" + field);
		GraphQlHttpClient client = this.api.client();
		List<Callable<GraphQlResult>> signUps = new ArrayList<>();
		for (int i = 0; i < 32; i++) {
			Map<String, String> input = field.equals("username")
					? Map.of("username", name, "email", name + "-" + i + "@example.com", "password", "password-" + i)
					: Map.of("username", name + "-" + i, "email", inCase(name + "@example.com", i), "password",
							"password-" + i);
			signUps.add(() -> client.send(null, SIGN_UP, Map.of("input", input)));
		}

		List<GraphQlResult> results = Race.run(signUps);
		assertThat(results).filteredOn(GraphQlResult::ok).hasSize(1);
		assertThat(results).filteredOn(result -> !result.ok()).hasSize(31).allSatisfy(result -> {
			assertThat(result.status()).isEqualTo(200);
			assertThat(result.code()).as(result.body()).isEqualTo("CONFLICT");
			assertThat(result.errors().get(0).get("extensions")).asInstanceOf(InstanceOfAssertFactories.MAP)
				.containsEntry("field", field);
			assertThat(result.at("signUp")).isNull();
		});
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM site_user WHERE lower(" + field + ") = lower(?)",
				Integer.class, field.equals("username") ? name : name + "@example.com"))
			.isOne();
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

	/** The statement that writes the account's row, after the mutation has read it. */
	private static boolean updatesTheAccountRow(String sql) {
		return sql.startsWith("UPDATE site_user");
	}

	private static GraphQlResult logIn(GraphQlHttpClient client, String username, String password) throws Exception {
		return client.send(null, LOG_IN, Map.of("input", Map.of("username", username, "password", password)));
	}

	private Map<String, Object> row(long id) {
		return this.jdbc
			.queryForMap("SELECT username, email, password_hash, role, token_version FROM site_user WHERE id = ?", id);
	}

	private int count(long id) {
		Integer count = this.jdbc.queryForObject("SELECT count(*) FROM site_user WHERE id = ?", Integer.class, id);
		return (count != null) ? count : -1;
	}

}
