package com.example.userprofiles.user;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.example.userprofiles.support.Api;
import com.example.userprofiles.support.Api.Account;
import com.example.userprofiles.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.graphql.test.tester.GraphQlTester;
import org.springframework.graphql.test.tester.HttpGraphQlTester;
import org.springframework.jdbc.core.JdbcTemplate;

import static com.example.userprofiles.support.Api.expect;
import static com.example.userprofiles.support.Api.assertFailed;
import static com.example.userprofiles.support.Api.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** Reading users, who sees an email, and changing one's own account. */
@IntegrationTest
class UserTests {

	private static final String USER_BY_ID = "query($id: ID!) { user(id: $id) { id username email createdAt updatedAt } }";

	private static final String BY_NAME = "query($username: String!) { userByUsername(username: $username) { id username email } }";

	private static final String UPDATE_USER = "mutation($input: UpdateUserInput!) { updateUser(input: $input) { id username email createdAt updatedAt } }";

	private static final String DELETE_USER = "mutation($id: ID!) { deleteUser(id: $id) { deletedUserId } }";

	@Autowired
	Api api;

	@Autowired
	JdbcTemplate jdbc;

	// reading users

	@Test
	void userByIdFindsTheUserAndIsNullForAnUnknownId() {
		Account account = this.api.signUp("byid");

		Map<?, ?> user = run(this.api.anonymous(), USER_BY_ID, "id", account.gid()).path("user")
			.entity(Map.class)
			.get();
		assertThat(user.get("id")).isEqualTo(account.gid());
		assertThat(user.get("username")).isEqualTo(account.username());
		assertThat(user.containsKey("email")).isTrue();
		assertThat(user.get("email")).isNull();
		assertServedAs((String) user.get("createdAt"), storedRow(account.id()).get("created_at"));

		String unknown = String
			.valueOf(this.jdbc.queryForObject("SELECT max(id) FROM site_user", Long.class) + 1_000_000);
		run(this.api.anonymous(), USER_BY_ID, "id", unknown).path("user").valueIsNull();
		run(this.api.as(account), USER_BY_ID, "id", unknown).path("user").valueIsNull();
	}

	@Test
	void dateTimesAreServedWithTheMicrosecondsTheDatabaseKeeps() {
		// timestamptz keeps microseconds, as the schema's DateTime example shows
		Account account = this.api.signUp("micros");
		Instant stored = instant(storedRow(account.id()).get("created_at"));
		for (int i = 0; i < 5 && stored.getNano() % 1_000_000 == 0; i++) {
			account = this.api.signUp("micros");
			stored = instant(storedRow(account.id()).get("created_at"));
		}
		assertThat(stored.getNano() % 1_000_000).as("sub-millisecond part of %s", stored).isNotZero();

		String served = run(this.api.anonymous(), USER_BY_ID, "id", account.gid()).path("user.createdAt")
			.entity(String.class)
			.get();
		assertThat(OffsetDateTime.parse(served).toInstant()).as("createdAt served as %s", served).isEqualTo(stored);
	}

	@Test
	void userByUsernameFindsTheUserWhateverTheCaseAndIsNullForAnUnknownUsername() {
		String username = "Mixed-" + Api.uniqueName("ByName");
		Account account = this.api.signUp(username, username + "@example.com", "password-of-" + username);

		for (String typed : List.of(username, username.toUpperCase(), username.toLowerCase())) {
			run(this.api.anonymous(), BY_NAME, "username", typed).path("userByUsername")
				.entity(Map.class)
				.satisfies(user -> assertThat(user).as("found as %s", typed)
					.containsEntry("id", account.gid())
					.containsEntry("username", username)
					.containsEntry("email", null));
		}
		run(this.api.anonymous(), BY_NAME, "username", Api.uniqueName("nobody")).path("userByUsername").valueIsNull();
		// a LIKE pattern is not a username
		run(this.api.anonymous(), BY_NAME, "username", username.substring(0, 8) + "%").path("userByUsername")
			.valueIsNull();
	}

	// who sees an email

	@Test
	void emailIsShownOnlyToTheUserThemselves() {
		Account alice = this.api.signUp("alice");
		Account bob = this.api.signUp("bob");

		assertThat(emailOf(this.api.as(alice), alice)).isEqualTo(alice.email());
		assertThat(emailOf(this.api.as(alice), bob)).isNull();
		assertThat(emailOf(this.api.as(bob), bob)).isEqualTo(bob.email());
		assertThat(emailOf(this.api.as(bob), alice)).isNull();
		assertThat(emailOf(this.api.anonymous(), alice)).isNull();
		run(this.api.as(alice), BY_NAME, "username", bob.username()).path("userByUsername")
			.entity(Map.class)
			.satisfies(user -> assertThat(user).containsEntry("id", bob.gid()).containsEntry("email", null));
		expect(run(this.api.as(bob), BY_NAME, "username", bob.username()), "userByUsername.email", bob.email());
	}

	@Test
	void emailIsShownOnlyToTheUserThemselvesWhenReachedAsProfileUser() {
		Account alice = this.api.signUp("alice");
		Account bob = this.api.signUp("bob");
		this.api.createProfile(bob, "Bob's profile");
		String document = Api.document("emailThroughProfiles");

		for (HttpGraphQlTester viewer : List.of(this.api.as(alice), this.api.anonymous())) {
			GraphQlTester.Response response = viewer.document(document).variable("id", bob.gid()).execute();
			expect(response, "profile.user.id", bob.gid());
			response.path("profile.user.email").valueIsNull();
			response.path("profile.user.profile.user.email").valueIsNull();
			expect(response, "user.profile.user.id", bob.gid());
			response.path("user.profile.user.email").valueIsNull();
		}

		GraphQlTester.Response own = this.api.as(bob).document(document).variable("id", bob.gid()).execute();
		expect(own, "profile.user.email", bob.email());
		expect(own, "profile.user.profile.user.email", bob.email());
		expect(own, "user.profile.user.email", bob.email());
	}

	@Test
	void emailIsShownOnlyToTheUserThemselvesInPagesOfUsersAndOfProfiles() {
		String prefix = Api.uniqueName("emailpage");
		List<Account> accounts = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			Account account = this.api.signUp(prefix);
			this.api.createProfile(account, "Page profile " + i);
			accounts.add(account);
		}
		Account viewer = accounts.get(1);
		String document = Api.document("emailInPages");

		GraphQlTester.Response mine = run(this.api.as(viewer), document, "prefix", prefix);
		GraphQlTester.Response anonymous = run(this.api.anonymous(), document, "prefix", prefix);
		for (String path : List.of("users.nodes", "users.edges[*].node", "profiles.nodes[*].user",
				"profiles.edges[*].node.user")) {
			mine.path(path)
				.entityList(Map.class)
				.hasSize(3)
				.satisfies(users -> assertThat(users).as(path)
					.allSatisfy(user -> assertThat(user).containsEntry("email",
							viewer.gid().equals(user.get("id")) ? viewer.email() : null))
					.anySatisfy(user -> assertThat(user).containsEntry("id", viewer.gid())));
			anonymous.path(path)
				.entityList(Map.class)
				.hasSize(3)
				.satisfies(users -> assertThat(users).as(path)
					.allSatisfy(user -> assertThat(user).containsEntry("email", null)));
		}
	}

	// profile on a user

	@Test
	void profileOfAUserWithoutOneIsNullWithoutAnError() {
		Account without = this.api.signUp("noprofile");
		Account with = this.api.signUp("withprofile");
		this.api.createProfile(with, "Has one");
		String document = Api.document("profilesOfUsers");

		GraphQlTester.Response response = run(this.api.as(without), document, "a", without.gid(), "b", with.gid());

		response.errors().verify();
		expect(response, "a.id", without.gid());
		response.path("a.profile").valueIsNull();
		expect(response, "me.id", without.gid());
		response.path("me.profile").valueIsNull();
		expect(response, "b.profile.id", with.gid());
		expect(response, "b.profile.description", "Has one");
	}

	// updateUser

	@Test
	void updateUserChangesUsernameAndEmailAndMovesUpdatedAtButNotCreatedAt() {
		Account account = this.api.signUp("update");
		Map<String, Object> before = storedRow(account.id());
		String newUsername = Api.uniqueName("Renamed");
		String newEmail = newUsername + "@new.example.org";

		Map<?, ?> updated = run(this.api.as(account), UPDATE_USER, "input",
				Map.of("id", account.gid(), "username", newUsername, "email", newEmail))
			.path("updateUser")
			.entity(Map.class)
			.get();

		assertThat(updated.get("id")).isEqualTo(account.gid());
		assertThat(updated.get("username")).isEqualTo(newUsername);
		assertThat(updated.get("email")).isEqualTo(newEmail);

		Map<String, Object> after = storedRow(account.id());
		assertThat(after.get("username")).isEqualTo(newUsername);
		assertThat(after.get("email")).isEqualTo(newEmail);
		assertThat(instant(after.get("created_at"))).isEqualTo(instant(before.get("created_at")));
		assertThat(instant(after.get("updated_at"))).isAfter(instant(before.get("updated_at")));
		assertThat(after.get("password_hash")).isEqualTo(before.get("password_hash"));
		assertServedAs((String) updated.get("createdAt"), before.get("created_at"));
		assertServedAs((String) updated.get("updatedAt"), after.get("updated_at"));
		assertThat(OffsetDateTime.parse((String) updated.get("updatedAt")))
			.isAfter(OffsetDateTime.parse((String) updated.get("createdAt")));

		// the account answers to its new name only
		run(this.api.anonymous(), BY_NAME, "username", account.username()).path("userByUsername").valueIsNull();
		expect(run(this.api.anonymous(), BY_NAME, "username", newUsername), "userByUsername.id", account.gid());
	}

	@Test
	void updateUserWithOnlyAnEmailKeepsTheUsername() {
		Account account = this.api.signUp("onlymail");
		String newEmail = Api.uniqueName("onlymail") + "@example.net";

		run(this.api.as(account), UPDATE_USER, "input", Map.of("id", account.gid(), "email", newEmail))
			.path("updateUser")
			.entity(Map.class)
			.satisfies(user -> assertThat(user).containsEntry("username", account.username())
				.containsEntry("email", newEmail));
		assertThat(storedRow(account.id())).containsEntry("username", account.username())
			.containsEntry("email", newEmail);
	}

	@Test
	void updateUserMayChangeTheCaseOfTheUsersOwnUsername() {
		Account account = this.api.signUp("owncase");
		String upper = account.username().toUpperCase();

		expect(run(this.api.as(account), UPDATE_USER, "input", Map.of("id", account.gid(), "username", upper)),
				"updateUser.username", upper);
		assertThat(storedRow(account.id())).containsEntry("username", upper);
	}

	@ParameterizedTest
	@CsvSource({ "someone else's id, FORBIDDEN, id", "no token, UNAUTHENTICATED,",
			"a username taken in another case, CONFLICT, username", "an email taken in another case, CONFLICT, email",
			"an invalid email, BAD_USER_INPUT, email", "an invalid username, BAD_USER_INPUT, username" })
	void aRefusedUpdateUserChangesNothingNotEvenTheValidFieldOfItsInput(String with, String code, String field) {
		Account other = this.api.signUp("Taken");
		Account account = this.api.signUp("wants");
		Map<String, Object> before = storedRow(account.id());
		Map<String, Object> otherBefore = storedRow(other.id());
		String username = Api.uniqueName("fresh");
		String email = Api.uniqueName("fresh") + "@example.com";
		switch (with) {
			case "a username taken in another case" -> username = other.username().toUpperCase();
			case "an email taken in another case" -> email = other.email().toUpperCase();
			case "an invalid email" -> email = "two@@example.com";
			case "an invalid username" -> username = "no spaces allowed";
			default -> {
			}
		}
		HttpGraphQlTester client = with.equals("no token") ? this.api.anonymous() : this.api.as(account);
		String id = with.equals("someone else's id") ? other.gid() : account.gid();

		assertFailed(run(client, UPDATE_USER, "input", Map.of("id", id, "username", username, "email", email)),
				"updateUser", code, field);

		assertThat(storedRow(account.id())).isEqualTo(before);
		assertThat(storedRow(other.id())).isEqualTo(otherBefore);
		assertThat(this.jdbc.queryForObject(
				"SELECT count(*) FROM site_user WHERE lower(username) = lower(?) OR lower(email) = lower(?)",
				Integer.class, username, email))
			.as("rows with the input's username or email: only the other account's")
			.isEqualTo(with.contains("taken") ? 1 : 0);
	}

	@Test
	void theDatabaseRefusesAUsernameOutsideTheRulesWrittenBehindTheServersBack() {
		Account alice = this.api.signUp("checked");
		// usernames are ASCII: what the filters' case folding and indexes rely on
		for (String username : List.of("ΟΔΟΣ", "al ice", "ab", "ali%ce")) {
			assertThatExceptionOfType(DataIntegrityViolationException.class).as(username)
				.isThrownBy(
						() -> this.jdbc.update("UPDATE site_user SET username = ? WHERE id = ?", username, alice.id()))
				.withMessageContaining("site_user_username_check");
		}
		assertThat(this.jdbc.update("UPDATE site_user SET username = ? WHERE id = ?", alice.username() + ".Z-_9",
				alice.id()))
			.isOne();
	}

	// deleteUser

	@Test
	void deleteUserDeletesTheOwnAccountAndItsProfile() {
		Account account = this.api.signUp("delete");
		this.api.createProfile(account, "Soon gone");
		assertThat(profileRows(account.id())).isOne();

		expect(run(this.api.as(account), DELETE_USER, "id", account.gid()), "deleteUser.deletedUserId", account.gid());

		run(this.api.anonymous(), USER_BY_ID, "id", account.gid()).path("user").valueIsNull();
		run(this.api.anonymous(), BY_NAME, "username", account.username()).path("userByUsername").valueIsNull();
		run(this.api.anonymous(), "query($id: ID!) { profile(userId: $id) { id } }", "id", account.gid())
			.path("profile")
			.valueIsNull();
		assertThat(userRows(account.id())).isZero();
		assertThat(profileRows(account.id())).isZero();
	}

	@ParameterizedTest
	@CsvSource({ "someone else's id, FORBIDDEN, id", "no token, UNAUTHENTICATED," })
	void aRefusedDeleteUserDeletesNothing(String with, String code, String field) {
		Account alice = this.api.signUp("alice");
		Account bob = this.api.signUp("bob");
		this.api.createProfile(bob, "Bob stays");
		HttpGraphQlTester client = with.equals("no token") ? this.api.anonymous() : this.api.as(alice);

		assertFailed(run(client, DELETE_USER, "id", bob.gid()), "deleteUser", code, field);

		assertThat(userRows(bob.id())).isOne();
		assertThat(profileRows(bob.id())).isOne();
		assertThat(userRows(alice.id())).isOne();
		expect(run(this.api.anonymous(), USER_BY_ID, "id", bob.gid()), "user.id", bob.gid());
	}

	// helpers

	private String emailOf(HttpGraphQlTester viewer, Account of) {
		Map<?, ?> user = run(viewer, USER_BY_ID, "id", of.gid()).path("user").entity(Map.class).get();
		assertThat(user.get("id")).isEqualTo(of.gid());
		assertThat(user.containsKey("email")).isTrue();
		return (String) user.get("email");
	}

	private Map<String, Object> storedRow(long id) {
		return this.jdbc.queryForMap(
				"SELECT id, username, email, password_hash, created_at, updated_at FROM site_user WHERE id = ?", id);
	}

	/** A served DateTime is the stored time, to the microsecond. */
	private static void assertServedAs(String served, Object stored) {
		Instant exact = instant(stored);
		assertThat(OffsetDateTime.parse(served).toInstant()).as("served %s for stored %s", served, exact)
			.isEqualTo(exact);
	}

	private static Instant instant(Object timestamp) {
		if (timestamp instanceof Timestamp sql) {
			return sql.toInstant();
		}
		if (timestamp instanceof OffsetDateTime offset) {
			return offset.toInstant();
		}
		throw new IllegalArgumentException("Not a timestamp: " + timestamp);
	}

	private int userRows(long id) {
		return this.jdbc.queryForObject("SELECT count(*) FROM site_user WHERE id = ?", Integer.class, id);
	}

	private int profileRows(long id) {
		return this.jdbc.queryForObject("SELECT count(*) FROM profile WHERE site_user_id = ?", Integer.class, id);
	}

}
