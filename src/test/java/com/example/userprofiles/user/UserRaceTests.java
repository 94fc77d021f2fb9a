package com.example.userprofiles.user;

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

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Changes to an account racing its deletion: each either happens before the delete or
 * answers {@code UNAUTHENTICATED} (its token's user is gone), never
 * {@code INTERNAL_SERVER_ERROR}.
 */
@IntegrationTest
class UserRaceTests {

	private static final String UPDATE_USER = "mutation($input: UpdateUserInput!) { updateUser(input: $input) { id email } }";

	private static final String CHANGE_PASSWORD = "mutation($input: ChangePasswordInput!) { changePassword(input: $input) { id } }";

	private static final String DELETE_USER = "mutation($id: ID!) { deleteUser(id: $id) { deletedUserId } }";

	@Autowired
	Api api;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	Interleaving interleaving;

	@Test
	void aDeleteUserBetweenReadingAndUpdatingTheAccountNeverFailsTheUpdate() throws Exception {
		Account jo = this.api.signUp("interleave-user");
		GraphQlHttpClient client = this.api.client();

		Outcome<GraphQlResult> outcome = this.interleaving.after(
				sql -> sql.startsWith("SELECT") && sql.contains("FROM site_user WHERE") && sql.contains("id = ?"),
				() -> client.send(jo.token(), UPDATE_USER,
						Map.of("input", Map.of("id", jo.gid(), "email", "new-" + jo.email()))),
				() -> client.send(jo.token(), DELETE_USER, Map.of("id", jo.gid())));
		assertThat(outcome.intruder().ok()).as("deleteUser answered %s", outcome.intruder()).isTrue();
		assertThat(outcome.main().ok() || outcome.main().code().equals("UNAUTHENTICATED"))
			.as("updateUser answered %s", outcome.main())
			.isTrue();
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM site_user WHERE id = ?", Integer.class, jo.id()))
			.isZero();
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

}
