package com.example.userprofiles.user;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import java.util.stream.IntStream;

import com.example.userprofiles.auth.AuthProperties;
import com.example.userprofiles.support.Api.Account;
import com.example.userprofiles.support.Api;
import com.example.userprofiles.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.graphql.ResponseError;
import org.springframework.graphql.test.tester.GraphQlTester;
import org.springframework.graphql.test.tester.HttpGraphQlTester;
import org.springframework.jdbc.core.JdbcTemplate;

import static com.example.userprofiles.support.Api.assertFailed;
import static com.example.userprofiles.support.Api.expect;
import static com.example.userprofiles.support.Api.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.within;

/**
 * Reading users, who sees an email, changing one's own account, what the configured
 * administrator may do (nobody becomes one via the API), and password guessing slowed per
 * username on every instance.
 */
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

	private static final String LOG_IN = "mutation($u: String!, $p: String!) { logIn(input: { username: $u, password: $p }) { token } }";

	private static final String CHANGE_PASSWORD = "mutation($c: String!, $n: String!) { changePassword(input: { currentPassword: $c, newPassword: $n }) { id } }";

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

	private static final String RENAME = "mutation($id: ID!, $name: String) { updateUser(input: { id: $id, username: $name }) { username } }";

	private static final String UPDATE_PROFILE = "mutation($id: ID!) { updateProfile(input: { userId: $id, description: \"After\" }) { description } }";

	private static final String DELETE_PROFILE = "mutation($id: ID!) { deleteProfile(userId: $id) { deletedProfileId } }";

	@Autowired
	AdminAccount adminAccount;

	@Test
	void theConfiguredAdministratorExistsWithTheAdminRole() {
		assertThat(this.jdbc.queryForObject("SELECT role FROM site_user WHERE lower(username) = 'site-admin'",
				String.class))
			.isEqualTo("ADMIN");
	}

	@Test
	void anAdministratorSeesEveryEmailHoweverTheUserIsReached() {
		Account bob = this.api.signUp("adminsees");
		this.api.createProfile(bob, "Bob");

		Map<String, Object> data = run(admin(), Api.document("adminSees"), "id", bob.gid(), "prefix", bob.username())
			.path("")
			.entity(Map.class)
			.get();

		assertThat(data.toString()).contains("user={email=" + bob.email() + "}")
			.contains("profile={user={email=" + bob.email() + "}}")
			.contains("nodes=[{email=" + bob.email() + "}]");
	}

	@Test
	void anAdministratorUpdatesAnotherUsersAccountAndProfile() {
		Account bob = this.api.signUp("adminedits");
		this.api.createProfile(bob, "Before");
		String renamed = Api.uniqueName("renamed");

		expect(run(admin(), RENAME, "id", bob.gid(), "name", renamed), "updateUser.username", renamed);
		expect(run(admin(), UPDATE_PROFILE, "id", bob.gid()), "updateProfile.description", "After");

		assertThat(this.jdbc.queryForObject("SELECT username FROM site_user WHERE id = ?", String.class, bob.id()))
			.isEqualTo(renamed);
		assertThat(this.jdbc.queryForObject("SELECT description FROM profile WHERE site_user_id = ?", String.class,
				bob.id()))
			.isEqualTo("After");
	}

	@Test
	void anAdministratorRenamingAUserToATakenUsernameGetsAConflictAndChangesNothing() {
		Account bob = this.api.signUp("adminrename");
		Account carol = this.api.signUp("adminrename");
		Map<String, Object> before = storedUser(bob.id());

		Api.assertError(run(admin(), RENAME, "id", bob.gid(), "name", carol.username().toUpperCase()), "updateUser",
				"CONFLICT", "username");

		assertThat(storedUser(bob.id())).isEqualTo(before);
		assertThat(storedUser(carol.id())).containsEntry("username", carol.username());
	}

	@Test
	void anAdministratorCannotCreateAProfileForAnotherUser() {
		// the rules let an administrator change and delete others' profiles, not create
		// them, and createProfile makes "the signed-in user's profile"
		Account bob = this.api.signUp("admincreates");

		Api.assertError(
				run(admin(), "mutation($id: ID!) { createProfile(input: { userId: $id, description: \"x\" }) { id } }",
						"id", bob.gid()),
				"createProfile", "FORBIDDEN", "userId");

		assertThat(count("SELECT count(*) FROM profile WHERE site_user_id = ?", bob.id())).isZero();
	}

	@Test
	void anAdministratorChangingOrDeletingAProfileOrUserThatIsNotThereGetsNotFound() {
		Account bob = this.api.signUp("adminnoprofile");
		String missing = String.valueOf(Long.MAX_VALUE - 11);
		Map<String, Object> before = storedUser(bob.id());

		for (String id : List.of(bob.gid(), missing)) {
			Api.assertError(run(admin(), UPDATE_PROFILE, "id", id), "updateProfile", "NOT_FOUND", "userId");
			Api.assertError(run(admin(), DELETE_PROFILE, "id", id), "deleteProfile", "NOT_FOUND", "userId");
		}
		// and the user itself, when there is none
		Api.assertError(run(admin(), DELETE_USER, "id", missing), "deleteUser", "NOT_FOUND", "id");
		Api.assertError(run(admin(), RENAME, "id", missing, "name", "nobody-here"), "updateUser", "NOT_FOUND", "id");

		assertThat(count("SELECT count(*) FROM profile WHERE site_user_id IN (?, ?)", bob.id(), Long.MAX_VALUE - 11))
			.isZero();
		assertThat(count("SELECT count(*) FROM site_user WHERE id = ?", Long.MAX_VALUE - 11)).isZero();
		assertThat(storedUser(bob.id())).isEqualTo(before);
	}

	@Test
	void anAdministratorDeletesAnotherUsersProfileAndAccount() {
		Account bob = this.api.signUp("admindeletes");
		this.api.createProfile(bob, "Doomed");
		Account carol = this.api.signUp("admindeletes");
		this.api.createProfile(carol, "Also doomed");

		expect(run(admin(), DELETE_PROFILE, "id", bob.gid()), "deleteProfile.deletedProfileId", bob.gid());
		expect(run(admin(), DELETE_USER, "id", carol.gid()), "deleteUser.deletedUserId", carol.gid());

		assertThat(count("SELECT count(*) FROM profile WHERE site_user_id IN (?, ?)", bob.id(), carol.id())).isZero();
		assertThat(count("SELECT count(*) FROM site_user WHERE id IN (?, ?)", bob.id(), carol.id())).isEqualTo(1);
	}

	@Test
	void noInputOrArgumentOfTheSchemaCarriesARole() {
		Map<String, Object> schema = run(this.api.anonymous(), Api.document("inputsAndArguments")).path("__schema")
			.entity(Map.class)
			.get();

		List<String> inputFields = new ArrayList<>();
		for (Map<String, Object> type : list(schema.get("types"))) {
			if (type.get("inputFields") != null) {
				list(type.get("inputFields"))
					.forEach(field -> inputFields.add(type.get("name") + "." + field.get("name")));
			}
		}
		List<String> arguments = new ArrayList<>();
		for (Map<String, Object> field : list(((Map<?, ?>) schema.get("mutationType")).get("fields"))) {
			list(field.get("args")).forEach(arg -> arguments.add(field.get("name") + "(" + arg.get("name") + ")"));
		}
		// the introspection reached the inputs an account is made and changed with
		assertThat(inputFields).contains("SignUpInput.username", "UpdateUserInput.id");
		assertThat(arguments).contains("signUp(input)", "updateUser(input)");
		assertThat(inputFields).noneMatch(name -> name.toLowerCase().contains("role"));
		assertThat(arguments).noneMatch(name -> name.toLowerCase().contains("role"));
	}

	@Test
	void aRoleSentInSignUpOrUpdateUserIsRefusedByGraphQlValidationAndNobodyBecomesAnAdministrator() {
		String name = Api.uniqueName("wannabe");
		this.api.anonymous()
			.document("mutation { signUp(input: { username: \"" + name + "\", email: \"" + name
					+ "@example.com\", password: \"password1\", role: \"ADMIN\" }) { token } }")
			.execute()
			.errors()
			.satisfy(errors -> assertRefusedByValidation(errors, "SignUpInput"));
		Account bob = this.api.signUp("wannabe");
		run(this.api.as(bob), "mutation($id: ID!) { updateUser(input: { id: $id, role: ADMIN }) { id } }", "id",
				bob.gid())
			.errors()
			.satisfy(errors -> assertRefusedByValidation(errors, "UpdateUserInput"));

		assertThat(count("SELECT count(*) FROM site_user WHERE lower(username) = lower(?)", name)).isZero();
		assertThat(this.jdbc.queryForObject("SELECT role FROM site_user WHERE id = ?", String.class, bob.id()))
			.isEqualTo("USER");
	}

	@Test
	void aDemotedAdministratorLosesTheRightsAtOnceThoughTheTokenIsUnchanged() {
		Account boss = this.api.signUp("demoted");
		Account bob = this.api.signUp("demoted");
		this.jdbc.update("UPDATE site_user SET role = 'ADMIN' WHERE id = ?", boss.id());
		String email = "query($id: ID!) { user(id: $id) { email } }";
		expect(run(this.api.as(boss), email, "id", bob.gid()), "user.email", bob.email());

		this.jdbc.update("UPDATE site_user SET role = 'USER' WHERE id = ?", boss.id());

		run(this.api.as(boss), email, "id", bob.gid()).path("user.email").valueIsNull();
		Api.assertError(run(this.api.as(boss), DELETE_USER, "id", bob.gid()), "deleteUser", "FORBIDDEN", "id");
		assertThat(count("SELECT count(*) FROM site_user WHERE id = ?", bob.id())).isOne();
	}

	@Test
	void ensuringTheAdministratorAgainChangesNothing() {
		String before = this.jdbc.queryForObject(
				"SELECT password_hash || role || updated_at FROM site_user WHERE lower(username) = 'site-admin'",
				String.class);

		this.adminAccount.ensure(new AuthProperties.Admin("site-admin", "site-admin@example.com", "another-password"));

		assertThat(this.jdbc.queryForObject(
				"SELECT password_hash || role || updated_at FROM site_user WHERE lower(username) = 'site-admin'",
				String.class))
			.isEqualTo(before);
	}

	@Test
	void anExistingAccountConfiguredWithItsOwnEmailAndPasswordIsPromoted() {
		Account bob = this.api.signUp("promoted");

		this.adminAccount
			.ensure(new AuthProperties.Admin(bob.username(), bob.email().toUpperCase(Locale.ROOT), bob.password()));

		assertThat(this.jdbc.queryForObject("SELECT role FROM site_user WHERE id = ?", String.class, bob.id()))
			.isEqualTo("ADMIN");
		run(this.api.anonymous(),
				"mutation($u: String!, $p: String!) { logIn(input: { username: $u, password: $p }) { token } }", "u",
				bob.username(), "p", bob.password())
			.path("logIn.token")
			.hasValue();
	}

	@Test
	void anAccountThatTookTheAdministratorsUsernameFirstIsNotPromotedAndTheStartStops() {
		// someone signs up under the name an operator configures later
		Account squatter = this.api.signUp("squatter");
		String before = this.jdbc.queryForObject("SELECT row(site_user.*)::text FROM site_user WHERE id = ?",
				String.class, squatter.id());

		assertThatIllegalStateException()
			.isThrownBy(() -> this.adminAccount
				.ensure(new AuthProperties.Admin(squatter.username(), squatter.email(), "the-operators-password")))
			.withMessageContaining("app.admin.username " + squatter.username())
			.withMessageNotContaining(squatter.password());
		assertThatIllegalStateException().isThrownBy(() -> this.adminAccount
			.ensure(new AuthProperties.Admin(squatter.username(), "operator@example.com", squatter.password())));

		assertThat(this.jdbc.queryForObject("SELECT row(site_user.*)::text FROM site_user WHERE id = ?", String.class,
				squatter.id()))
			.isEqualTo(before);
		assertThat(count("SELECT count(*) FROM site_user WHERE lower(email) = 'operator@example.com'")).isZero();
	}

	@Test
	void instancesStartingAtOnceMakeOneAdministrator() throws Exception {
		// The race (two inserts of the same username and email) is won differently from
		// one round to the next; once it ended in a unique violation of the email
		for (int round = 0; round < 10; round++) {
			String name = Api.uniqueName("concurrent-admin");
			AuthProperties.Admin admin = new AuthProperties.Admin(name, name + "@example.com", "admin-password-1");
			ExecutorService pool = Executors.newFixedThreadPool(8);
			try {
				List<Future<Object>> runs = pool
					.invokeAll(IntStream.range(0, 8).mapToObj(i -> (Callable<Object>) () -> {
						this.adminAccount.ensure(admin);
						return null;
					}).toList());
				for (Future<Object> run : runs) {
					run.get();
				}
			}
			finally {
				pool.shutdownNow();
			}
			assertThat(
					count("SELECT count(*) FROM site_user WHERE lower(username) = lower(?) AND role = 'ADMIN'", name))
				.isEqualTo(1);
		}
	}

	@Test
	void anAdministratorsEmailThatAnotherAccountHasStopsTheStart() {
		Account bob = this.api.signUp("email-holder");
		String name = Api.uniqueName("would-be-admin");

		assertThatIllegalStateException()
			.isThrownBy(() -> this.adminAccount.ensure(new AuthProperties.Admin(name, bob.email(), "admin-password-2")))
			.withMessageContaining("app.admin.email");
		assertThat(count("SELECT count(*) FROM site_user WHERE lower(username) = lower(?)", name)).isZero();
		assertThat(this.jdbc.queryForObject("SELECT role FROM site_user WHERE id = ?", String.class, bob.id()))
			.isEqualTo("USER");
	}

	@Test
	void anIncompleteAdministratorConfigurationStopsTheStart() {
		assertThatIllegalStateException()
			.isThrownBy(() -> this.adminAccount.ensure(new AuthProperties.Admin("half-admin", null, null)))
			.withMessageContaining("app.admin.username");
	}

	private HttpGraphQlTester admin() {
		return this.api.as(this.api.adminToken());
	}

	private int count(String sql, Object... args) {
		return this.jdbc.queryForObject(sql, Integer.class, args);
	}

	/** The user's row in {@code site_user}, every column. */
	private Map<String, Object> storedUser(long id) {
		return this.jdbc.queryForMap("SELECT * FROM site_user WHERE id = ?", id);
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> list(Object value) {
		return (List<Map<String, Object>>) value;
	}

	/**
	 * One validation BAD_USER_INPUT about a {@code role} field {@code inputType} lacks.
	 */
	private static void assertRefusedByValidation(List<ResponseError> errors, String inputType) {
		assertThat(errors).singleElement().satisfies(error -> {
			assertThat(error.getExtensions()).containsEntry("code", "BAD_USER_INPUT");
			assertThat(error.getErrorType()).hasToString("ValidationError");
			assertThat(error.getPath()).isEmpty();
			assertThat(error.getMessage()).contains(inputType).contains("'role'");
		});
	}

}
