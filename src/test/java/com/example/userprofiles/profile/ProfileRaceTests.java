package com.example.userprofiles.profile;

import java.util.ArrayList;
import java.util.List;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/** Racing requests on a profile: one wins, the others get a coded error. */
@IntegrationTest
class ProfileRaceTests {

	private static final String CREATE = "mutation($input: CreateProfileInput!) { createProfile(input: $input) { id description } }";

	private static final String UPDATE = "mutation($input: UpdateProfileInput!) { updateProfile(input: $input) { id description } }";

	// With the profile's user, which a profile of a deleted user could not resolve
	private static final String UPDATE_WITH_USER = "mutation($input: UpdateProfileInput!) { updateProfile(input: $input) { id description user { id } } }";

	private static final String DELETE_PROFILE = "mutation($userId: ID!) { deleteProfile(userId: $userId) { deletedProfileId } }";

	private static final String DELETE_USER = "mutation($id: ID!) { deleteUser(id: $id) { deletedUserId } }";

	private static final int ROUNDS = 12;

	@Autowired
	Api api;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	Interleaving interleaving;

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

		Outcome<GraphQlResult> outcome = this.interleaving.before(ProfileRaceTests::updatesTheProfileRow,
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

		Outcome<GraphQlResult> outcome = this.interleaving.before(ProfileRaceTests::updatesTheProfileRow,
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
