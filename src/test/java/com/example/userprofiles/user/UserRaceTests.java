package com.example.userprofiles.user;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import com.example.userprofiles.support.Api.Account;
import com.example.userprofiles.support.Api;
import com.example.userprofiles.support.GraphQlHttpClient.GraphQlResult;
import com.example.userprofiles.support.GraphQlHttpClient;
import com.example.userprofiles.support.IntegrationTest;
import com.example.userprofiles.support.Interleaving.Outcome;
import com.example.userprofiles.support.Interleaving;
import com.example.userprofiles.support.Race;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Racing requests on an account or its profile: the database decides who wins, the others
 * get a coded error, never an internal one, nothing is undone and no profile outlives its
 * user.
 */
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

	private static final String CREATE = "mutation($input: CreateProfileInput!) { createProfile(input: $input) { id description } }";

	private static final String UPDATE = "mutation($input: UpdateProfileInput!) { updateProfile(input: $input) { id description } }";

	// With the profile's user, which a profile of a deleted user could not resolve
	private static final String UPDATE_WITH_USER = "mutation($input: UpdateProfileInput!) { updateProfile(input: $input) { id description user { id } } }";

	private static final String DELETE_PROFILE = "mutation($userId: ID!) { deleteProfile(userId: $userId) { deletedProfileId } }";

	private static final int ROUNDS = 12;

	@Test
	void of32RacingCreateProfilesForOneUserExactlyOneSucceedsAndTheOthersConflict() throws Exception {
		Account alice = this.api.signUp("race-create");
		GraphQlHttpClient client = this.api.client();
		List<Callable<GraphQlResult>> creates = new ArrayList<>();
		for (int i = 0; i < 32; i++) {
			String description = "attempt " + i;
			creates.add(() -> client.send(alice.token(), CREATE, Map.of("input", Map.of("description", description))));
		}

		List<GraphQlResult> results = Race.run(creates);

		List<GraphQlResult> won = results.stream().filter(GraphQlResult::ok).toList();
		assertThat(won).hasSize(1);
		assertThat(results).filteredOn(result -> !result.ok()).hasSize(31).allSatisfy(result -> {
			assertThat(result.status()).isEqualTo(200);
			assertThat(result.code()).isEqualTo("CONFLICT");
			assertThat(result.at("createProfile")).isNull();
		});
		assertThat(this.jdbc.queryForList("SELECT description FROM profile WHERE site_user_id = ?", String.class,
				alice.id()))
			.containsExactly((String) won.get(0).at("createProfile.description"));
	}

	@Test
	void deleteUserRacingCreateProfileLeavesNoOrphanAndNoInternalError() throws Exception {
		GraphQlHttpClient client = this.api.client();
		for (int round = 0; round < ROUNDS; round++) {
			Account bob = this.api.signUp("race-delcreate");
			List<Callable<GraphQlResult>> tasks = new ArrayList<>();
			tasks.add(() -> client.send(bob.token(), DELETE_USER, Map.of("id", bob.gid())));
			for (int i = 0; i < 4; i++) {
				tasks.add(() -> client.send(bob.token(), CREATE, Map.of("input", Map.of("description", "racing"))));
			}

			List<GraphQlResult> results = Race.run(tasks);

			assertThat(results.get(0).ok()).as("deleteUser answered %s", results.get(0).body()).isTrue();
			// A create that ran first made the profile the delete then removed; one that
			// came second found its user gone; two creates clash with each other.
			assertThat(results.subList(1, results.size())).allSatisfy(
					result -> assertThat(result.ok() || List.of("CONFLICT", "UNAUTHENTICATED").contains(result.code()))
						.as("createProfile answered %s", result.body())
						.isTrue());
			assertGone(bob);
		}
	}

	@ParameterizedTest
	@CsvSource({ "deleteUser, UNAUTHENTICATED", "deleteProfile, NOT_FOUND" })
	void deleteUserOrProfileRacingUpdateProfileLeavesNoOrphanAndAnswersEachUpdateOkOrCoded(String delete, String code)
			throws Exception {
		GraphQlHttpClient client = this.api.client();
		for (int round = 0; round < ROUNDS; round++) {
			Account carol = this.api.signUp("race-" + delete);
			this.api.createProfile(carol, "before");
			List<Callable<GraphQlResult>> tasks = new ArrayList<>();
			tasks.add(() -> delete.equals("deleteUser")
					? client.send(carol.token(), DELETE_USER, Map.of("id", carol.gid()))
					: client.send(carol.token(), DELETE_PROFILE, Map.of("userId", carol.gid())));
			for (int i = 0; i < 6; i++) {
				String description = "update " + i;
				tasks.add(() -> client.send(carol.token(), UPDATE,
						Map.of("input", Map.of("userId", carol.gid(), "description", description))));
			}

			List<GraphQlResult> results = Race.run(tasks);

			assertThat(results.get(0).ok()).as("%s answered %s", delete, results.get(0).body()).isTrue();
			// deleteUser removes the user and the profile in one statement; the
			// interleaved tests below make an update come second on every run.
			assertThat(results.subList(1, results.size()))
				.allSatisfy(result -> assertThat(result.ok() || result.code().equals(code))
					.as("updateProfile answered %s", result.body())
					.isTrue());
			assertThat(count("SELECT count(*) FROM profile WHERE site_user_id = ?", carol.id())).isZero();
			assertThat(count("SELECT count(*) FROM site_user WHERE id = ?", carol.id()))
				.isEqualTo(delete.equals("deleteUser") ? 0 : 1);
		}
	}

	// The same races, the delete committing just before the update's UPDATE.

	@Test
	void aDeleteProfileJustBeforeUpdateProfileWritesAnswersNotFound() throws Exception {
		Account gus = this.api.signUp("interleave-delprofile");
		this.api.createProfile(gus, "before");
		GraphQlHttpClient client = this.api.client();

		Outcome<GraphQlResult> outcome = this.interleaving.before(UserRaceTests::updatesTheProfileRow,
				() -> client.send(gus.token(), UPDATE,
						Map.of("input", Map.of("userId", gus.gid(), "description", "after"))),
				() -> client.send(gus.token(), DELETE_PROFILE, Map.of("userId", gus.gid())));

		assertThat(outcome.intruder().ok()).as("deleteProfile answered %s", outcome.intruder()).isTrue();
		assertThat(outcome.main().code()).as("updateProfile answered %s", outcome.main()).isEqualTo("NOT_FOUND");
		assertThat(outcome.main().at("updateProfile")).isNull();
		assertThat(count("SELECT count(*) FROM profile WHERE site_user_id = ?", gus.id())).isZero();
		assertThat(count("SELECT count(*) FROM site_user WHERE id = ?", gus.id())).isOne();
	}

	@ParameterizedTest
	@CsvSource({ "false, UNAUTHENTICATED", "true, NOT_FOUND" })
	void aDeleteUserJustBeforeUpdateProfileWritesAnswersUnauthenticatedOrToAnAdministratorNotFound(boolean byAdmin,
			String code) throws Exception {
		Account fay = this.api.signUp("interleave-update");
		this.api.createProfile(fay, "before");
		GraphQlHttpClient client = this.api.client();
		String token = byAdmin ? this.api.adminToken() : fay.token();

		Outcome<GraphQlResult> outcome = this.interleaving.before(UserRaceTests::updatesTheProfileRow,
				() -> client.send(token, UPDATE_WITH_USER,
						Map.of("input", Map.of("userId", fay.gid(), "description", "after"))),
				() -> client.send(fay.token(), DELETE_USER, Map.of("id", fay.gid())));

		assertThat(outcome.intruder().ok()).as("deleteUser answered %s", outcome.intruder()).isTrue();
		// One's own account is gone: the token authenticates no one.
		assertThat(outcome.main().code()).as("updateProfile answered %s", outcome.main()).isEqualTo(code);
		assertThat(outcome.main().at("updateProfile")).isNull();
		assertGone(fay);
	}

	@Test
	void aDeleteUserJustBeforeCreateProfileInsertsAnswersUnauthenticated() throws Exception {
		Account hal = this.api.signUp("interleave-create-before");
		GraphQlHttpClient client = this.api.client();

		Outcome<GraphQlResult> outcome = this.interleaving.before(sql -> sql.startsWith("INSERT INTO profile"),
				() -> client.send(hal.token(), CREATE, Map.of("input", Map.of("description", "racing"))),
				() -> client.send(hal.token(), DELETE_USER, Map.of("id", hal.gid())));
		assertThat(outcome.intruder().ok()).as("deleteUser answered %s", outcome.intruder()).isTrue();
		assertThat(outcome.main().code()).as("createProfile answered %s", outcome.main()).isEqualTo("UNAUTHENTICATED");
		assertGone(hal);
	}

	@Test
	void aDeleteUserJustAfterCreateProfileInsertsWaitsAndRemovesTheProfileToo() throws Exception {
		Account ida = this.api.signUp("interleave-create-after");
		GraphQlHttpClient client = this.api.client();

		Outcome<GraphQlResult> outcome = this.interleaving.after(sql -> sql.startsWith("INSERT INTO profile"),
				() -> client.send(ida.token(), CREATE, Map.of("input", Map.of("description", "racing"))),
				() -> client.send(ida.token(), DELETE_USER, Map.of("id", ida.gid())));

		assertThat(outcome.main().ok()).as("createProfile answered %s", outcome.main()).isTrue();
		assertThat(outcome.intruder().ok()).as("deleteUser answered %s", outcome.intruder()).isTrue();
		assertGone(ida);
	}

	/** The statement that writes the profile's row, after the update's checks. */
	private static boolean updatesTheProfileRow(String sql) {
		return sql.startsWith("UPDATE profile");
	}

	private void assertGone(Account account) {
		assertThat(count("SELECT count(*) FROM site_user WHERE id = ?", account.id())).as("user row").isZero();
		assertThat(count("SELECT count(*) FROM profile WHERE site_user_id = ?", account.id())).as("profile row")
			.isZero();
	}

	private int count(String sql, long id) {
		Integer count = this.jdbc.queryForObject(sql, Integer.class, id);
		return (count != null) ? count : -1;
	}

}
