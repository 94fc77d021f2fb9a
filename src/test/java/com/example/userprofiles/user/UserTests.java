package com.example.userprofiles.user;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.function.IntConsumer;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import com.example.userprofiles.graphql.GlobalId;
import com.example.userprofiles.auth.AuthProperties;
import com.example.userprofiles.support.Api.Account;
import com.example.userprofiles.support.Api;
import com.example.userprofiles.support.IntegrationTest;
import com.example.userprofiles.support.Page;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.graphql.GraphQlResponse;
import org.springframework.graphql.ResponseError;
import org.springframework.graphql.test.tester.GraphQlTester;
import org.springframework.graphql.test.tester.HttpGraphQlTester;
import org.springframework.jdbc.core.JdbcTemplate;

import static com.example.userprofiles.support.Api.args;
import static com.example.userprofiles.support.Api.assertFailed;
import static com.example.userprofiles.support.Api.base64;
import static com.example.userprofiles.support.Api.expect;
import static com.example.userprofiles.support.Api.prefix;
import static com.example.userprofiles.support.Api.run;
import static com.example.userprofiles.support.Api.usernameFilter;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.within;

/**
 * Reading users, who sees an email, changing one's own account, what the configured
 * administrator may do (nobody becomes one via the API), password guessing slowed per
 * username on every instance, and the {@code users} connection: paging both ways, orders,
 * cursors, {@code totalCount} and the filter, each test in a username prefix of its own.
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

		String unknown = new GlobalId("User",
				this.jdbc.queryForObject("SELECT max(id) FROM site_user", Long.class) + 1_000_000)
			.encode();
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
		expect(response, "b.profile.id", with.profileGid());
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
		return this.jdbc.queryForMap("SELECT * FROM site_user WHERE id = ?", id);
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
		Map<String, Object> before = storedRow(bob.id());

		Api.assertError(run(admin(), RENAME, "id", bob.gid(), "name", carol.username().toUpperCase()), "updateUser",
				"CONFLICT", "username");

		assertThat(storedRow(bob.id())).isEqualTo(before);
		assertThat(storedRow(carol.id())).containsEntry("username", carol.username());
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
		String missing = new GlobalId("User", Long.MAX_VALUE - 11).encode();
		Map<String, Object> before = storedRow(bob.id());

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
		assertThat(storedRow(bob.id())).isEqualTo(before);
	}

	@Test
	void anAdministratorDeletesAnotherUsersProfileAndAccount() {
		Account bob = this.api.signUp("admindeletes");
		this.api.createProfile(bob, "Doomed");
		Account carol = this.api.signUp("admindeletes");
		this.api.createProfile(carol, "Also doomed");

		expect(run(admin(), DELETE_PROFILE, "id", bob.gid()), "deleteProfile.deletedProfileId", bob.profileGid());
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

	private static final String USERS = Api.document("users");

	private static final Map<String, Object> BY_USERNAME_ASC = Map.of("field", "USERNAME", "direction", "ASC");

	private static final Map<String, Object> BY_USERNAME_DESC = Map.of("field", "USERNAME", "direction", "DESC");

	private static final Map<String, Object> BY_CREATED_AT_ASC = Map.of("field", "CREATED_AT", "direction", "ASC");

	private static final Map<String, Object> BY_CREATED_AT_DESC = Map.of("field", "CREATED_AT", "direction", "DESC");

	private static final Map<String, Object> BY_ID_DESC = Map.of("field", "ID", "direction", "DESC");

	@Test
	void pagesForwardWithFirstAndAfterVisitEveryUserOnceInIdOrder() {
		String prefix = prefix("fwd");
		List<String> expected = byId(signUpMany(prefix, 7));
		Map<String, Object> filter = startsWith(prefix);

		Page first = users(args("first", 3, "filter", filter)).has(expected.subList(0, 3), false, true);
		assertThat(first.totalCount()).isEqualTo(7);
		Page second = users(args("first", 3, "after", first.endCursor(), "filter", filter)).has(expected.subList(3, 6),
				true, true);
		assertThat(second.totalCount()).isEqualTo(7);
		Page third = users(args("first", 3, "after", second.endCursor(), "filter", filter)).has(expected.subList(6, 7),
				true, false);

		// distinct cursors; a page taking exactly the rest has none after it
		assertThat(all(List.of(first, second, third), Page::cursors)).hasSize(7).doesNotHaveDuplicates();
		users(args("first", 4, "after", first.endCursor(), "filter", filter)).has(expected.subList(3, 7), true, false);

		// past the last user: an empty page
		Page beyond = users(args("first", 3, "after", third.endCursor(), "filter", filter));
		assertThat(beyond.ids()).isEmpty();
		assertThat(beyond.hasNextPage()).isFalse();
	}

	@Test
	void pagesBackwardWithLastAndBeforeGiveTheSameUsersInTheSameOrder() {
		String prefix = prefix("bwd");
		List<String> expected = byId(signUpMany(prefix, 7));
		Map<String, Object> filter = startsWith(prefix);

		Page last = users(args("last", 3, "filter", filter)).has(expected.subList(4, 7), true, false);
		assertThat(last.totalCount()).isEqualTo(7);
		Page middle = users(args("last", 3, "before", last.startCursor(), "filter", filter)).has(expected.subList(1, 4),
				true, true);
		users(args("last", 3, "before", middle.startCursor(), "filter", filter)).has(expected.subList(0, 1), false,
				true);

		assertThat(all(pageBackward(filter, null, 3), page -> page.values("username")))
			.containsExactlyElementsOf(all(pageForward(filter, null, 3), page -> page.values("username")));

		// cursors work in both directions: the users before the start of a forward page
		Page forward = users(
				args("first", 3, "after", users(args("first", 3, "filter", filter)).endCursor(), "filter", filter));
		Page back = users(args("last", 3, "before", forward.startCursor(), "filter", filter));
		assertThat(back.ids()).containsExactlyElementsOf(expected.subList(0, 3));
		assertThat(back.cursors()).doesNotContainAnyElementsOf(forward.cursors());
	}

	@Test
	void aPageBetweenAfterAndBeforeHasPagesOnBothSidesWhicheverWayItIsRead() {
		String prefix = prefix("between");
		List<String> expected = byId(signUpMany(prefix, 8));
		Map<String, Object> filter = startsWith(prefix);
		List<String> cursors = users(args("first", 8, "filter", filter)).cursors();
		String after = cursors.get(1);
		String before = cursors.get(6);

		// the cursors' own users lie on either side, as a page of first/after or
		// last/before alone says
		for (String size : List.of("first", "last")) {
			for (int n : List.of(10, 4)) {
				users(args(size, n, "after", after, "before", before, "filter", filter)).has(expected.subList(2, 6),
						true, true);
			}
		}

		// before alone: the first page of what lies before it, which it follows
		users(args("before", before, "filter", filter)).has(expected.subList(0, 6), false, true);
	}

	@Test
	void pagesHoldTwentyUsersByDefaultAndUpToAHundred() {
		String prefix = prefix("size");
		List<String> expected = byId(signUpMany(prefix, 21));
		Map<String, Object> filter = startsWith(prefix);

		Page page = users(args("filter", filter)).has(expected.subList(0, 20), false, true);
		assertThat(page.totalCount()).isEqualTo(21);
		assertThat(users(args("after", page.endCursor(), "filter", filter)).ids()).containsExactly(expected.get(20));

		users(args("first", 100, "filter", filter)).has(expected, false, false);
		users(args("last", 100, "filter", filter)).has(expected, false, false);
		users(args("first", 0, "filter", filter)).has(List.of(), false, true);
	}

	@Test
	void pageSizesAboveAHundredOrBelowZeroAndFirstWithLastAreBadUserInput() {
		String prefix = prefix("badsize");
		signUpMany(prefix, 1);
		Map<String, Object> filter = startsWith(prefix);

		assertUsersError(args("first", 101, "filter", filter), "first");
		assertUsersError(args("last", 101, "filter", filter), "last");
		assertUsersError(args("first", -1, "filter", filter), "first");
		assertUsersError(args("last", -1, "filter", filter), "last");
		// either alone would be valid: the error names `last`
		assertUsersError(args("first", 1, "last", 1, "filter", filter), "last");
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = {
			"|ASC|alpha Charlie echo|eve golf|Bravo delta echo Foxtrot golf hotel JULIET lima|alpha Bravo Charlie delta echo eve Foxtrot golf hotel JULIET lima",
			"DESC|DESC|Kilo mike india|Indigo golf|lima JULIET india hotel golf Foxtrot delta Bravo|mike lima Kilo JULIET Indigo india hotel golf Foxtrot delta Bravo" })
	void orderByUsernameIgnoresCaseAndPagesStablyWhileUsersAreAdded(String pagedDirection, String direction,
			String addedAfterPage1, String addedAfterPage2, String paged, String all) {
		String prefix = prefix("name" + direction);
		for (String name : List.of("JULIET", "delta", "lima", "Bravo", "hotel", "Foxtrot")) {
			this.api.signUpNamed(prefix + name);
		}

		// the direction defaults to ASC; of those added, some sort before the cursor
		// (never shown), some after it (shown on their page)
		List<Page> pages = pageForward(startsWith(prefix), args("field", "USERNAME", "direction", pagedDirection), 2,
				page -> {
					for (String name : (page > 2) ? new String[0]
							: (page == 1 ? addedAfterPage1 : addedAfterPage2).split(" ")) {
						this.api.signUpNamed(prefix + name);
					}
				});

		assertThat(pages).extracting(p -> p.ids().size()).containsExactly(2, 2, 2, 2);
		assertThat(all(pages, page -> page.values("username"))).containsExactlyElementsOf(prefixed(prefix, paged));
		assertThat(pages.get(3).totalCount()).isEqualTo(11);
		Map<String, Object> orderBy = Map.of("field", "USERNAME", "direction", direction);
		assertThat(users(args("first", 100, "filter", startsWith(prefix), "orderBy", orderBy)).values("username"))
			.containsExactlyElementsOf(prefixed(prefix, all));
		assertThat(all(pageBackward(startsWith(prefix), orderBy, 3), page -> page.values("username")))
			.containsExactlyElementsOf(prefixed(prefix, all));
	}

	@ParameterizedTest
	@CsvSource({ "CREATED_AT, ASC", "CREATED_AT, DESC", "ID, DESC" })
	void orderByCreatedAtOrIdPagesStablyWhileUsersAreAdded(String field, String direction) {
		String prefix = prefix("order" + field + direction);
		Map<String, Object> orderBy = Map.of("field", field, "direction", direction);
		List<String> originals = signUpMany(prefix, 5);
		List<String> all = new ArrayList<>(originals);

		List<Page> pages = pageForward(startsWith(prefix), orderBy, 2, page -> {
			if (page == 1) {
				all.addAll(signUpMany(prefix, 2));
			}
		});

		// those added sort after the cursor ascending (shown), before it descending (not)
		boolean ascending = direction.equals("ASC");
		List<String> shown = ascending ? all : reversed(originals);
		assertThat(all(pages, Page::ids)).containsExactlyElementsOf(shown);
		assertThat(pages).extracting(p -> p.ids().size())
			.containsExactlyElementsOf(ascending ? List.of(2, 2, 2, 1) : List.of(2, 2, 1));
		List<Instant> createdAts = pages.stream()
			.flatMap(page -> page.values("createdAt").stream())
			.map(at -> OffsetDateTime.parse(at).toInstant())
			.toList();
		assertThat(createdAts).isSortedAccordingTo(ascending ? Comparator.naturalOrder() : Comparator.reverseOrder());

		List<String> ordered = ascending ? all : reversed(all);
		assertThat(users(args("first", 100, "filter", startsWith(prefix), "orderBy", orderBy)).ids())
			.containsExactlyElementsOf(ordered);
		assertThat(all(pageBackward(startsWith(prefix), orderBy, 3), Page::ids)).containsExactlyElementsOf(ordered);
	}

	@Test
	void aCursorFromAnotherOrderOrListIsBadUserInput() {
		String prefix = prefix("xorder");
		List<Account> accounts = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			accounts.add(this.api.signUp(prefix));
		}
		this.api.createProfile(accounts.get(0), "A profile for a cursor");
		Map<String, Object> filter = startsWith(prefix);

		String idCursor = users(args("first", 1, "filter", filter)).endCursor();
		String nameCursor = users(args("first", 1, "filter", filter, "orderBy", BY_USERNAME_ASC)).endCursor();
		String createdCursor = users(args("first", 1, "filter", filter, "orderBy", BY_CREATED_AT_ASC)).endCursor();
		String profileCursor = profileCursor(accounts.get(0));

		// each cursor works in its own order
		assertThat(users(args("first", 5, "after", idCursor, "filter", filter)).ids()).hasSize(2);
		assertThat(users(args("first", 5, "after", nameCursor, "filter", filter, "orderBy", BY_USERNAME_ASC)).ids())
			.hasSize(2);
		assertThat(
				users(args("first", 5, "after", createdCursor, "filter", filter, "orderBy", BY_CREATED_AT_ASC)).ids())
			.hasSize(2);

		assertBadCursor(idCursor, filter, BY_USERNAME_ASC);
		assertBadCursor(idCursor, filter, BY_ID_DESC);
		assertBadCursor(nameCursor, filter, null);
		assertBadCursor(nameCursor, filter, BY_USERNAME_DESC);
		assertBadCursor(nameCursor, filter, BY_CREATED_AT_ASC);
		assertBadCursor(createdCursor, filter, BY_USERNAME_ASC);
		assertBadCursor(profileCursor, filter, null);
	}

	@Test
	void aGarbageOrForgedCursorIsBadUserInputNamingTheArgument() {
		String prefix = prefix("garbage");
		signUpMany(prefix, 2);
		Map<String, Object> filter = startsWith(prefix);
		for (String cursor : List.of("garbage", "", "!!!", "Zm9v", base64("c1:users-ID-ASC:abc"),
				base64("c1:users-ID-ASC:1:2"), base64("c1:users-USERNAME-ASC:bob:x"),
				base64("c1:users-CREATED_AT-ASC:yesterday:1"))) {
			assertBadCursor(cursor, filter, null);
		}
		assertBadCursor(base64("c1:users-USERNAME-ASC:bob:x"), filter, BY_USERNAME_ASC);
		assertBadCursor(base64("c1:users-CREATED_AT-ASC:yesterday:1"), filter, BY_CREATED_AT_ASC);
		// well-formed cursors of values PostgreSQL cannot take (Java can)
		assertBadCursor(base64("c1:users-USERNAME-ASC:a%00b:1"), filter, BY_USERNAME_ASC);
		assertBadCursor(base64("c1:users-CREATED_AT-ASC:2026-01-01T00%3A00%2B18%3A00:1"), filter, BY_CREATED_AT_ASC);
		assertBadCursor(base64("c1:users-CREATED_AT-DESC:%2B300000-01-01T00%3A00Z:1"), filter, BY_CREATED_AT_DESC);

		// refused before the database, so the other field is not failed with it
		String cursor = base64("c1:users-USERNAME-ASC:a%00b:1");
		GraphQlResponse both = this.api.anonymous().document("""
				query($after: String, $filter: UserFilter) {
				  forged: users(first: 1, after: $after, filter: $filter, orderBy: { field: USERNAME }) { nodes { id } }
				  fine: users(first: 5, filter: $filter) { nodes { id } totalCount }
				}""").variables(args("after", cursor, "filter", filter)).execute().returnResponse();
		assertThat(both.getErrors()).as("errors").hasSize(1);
		assertThat(both.getErrors().get(0).getExtensions()).containsEntry("code", "BAD_USER_INPUT")
			.containsEntry("field", "after");
	}

	@Test
	void totalCountCountsTheFiltersMatchesOverAllPages() {
		String prefix = prefix("total");
		for (String name : List.of("kilo", "lima", "mike", "november", "oscar")) {
			this.api.signUpNamed(prefix + name);
		}
		Map<String, Object> filter = startsWith(prefix);

		Page first = users(args("first", 2, "filter", filter));
		assertThat(first.totalCount()).isEqualTo(5);
		assertThat(users(args("first", 2, "after", first.endCursor(), "filter", filter)).totalCount()).isEqualTo(5);
		assertThat(users(args("last", 1, "filter", filter)).totalCount()).isEqualTo(5);
		assertThat(users(args("first", 0, "filter", filter)).totalCount()).isEqualTo(5);
		assertThat(users(args("first", 2, "filter", filter, "orderBy", BY_USERNAME_DESC)).totalCount()).isEqualTo(5);

		Map<String, Object> narrower = Map.of("username", Map.of("startsWith", prefix, "contains", "k"));
		assertThat(users(args("first", 1, "filter", narrower)).totalCount()).isEqualTo(2);
		assertThat(users(args("filter", startsWith(prefix + "zz"))).totalCount()).isZero();
	}

	@Test
	void stringFilterEqualsMatchesTheWholeUsernameWhateverItsCase() {
		String prefix = prefix("equals");
		Account kilo = this.api.signUpNamed(prefix + "Kilo");
		this.api.signUpNamed(prefix + "kilogram");
		this.api.signUpNamed(prefix + "mike");

		assertThat(idsWhere("equals", prefix.toUpperCase() + "kILO")).containsExactly(kilo.gid());
		assertThat(users(args("filter", usernameFilter("equals", prefix + "kilo"))).values("username"))
			.containsExactly(prefix + "Kilo");
		assertThat(idsWhere("equals", prefix + "kil")).isEmpty();
		assertThat(idsWhere("equals", prefix)).isEmpty();
	}

	@Test
	void stringFilterStartsWithMatchesWhateverTheCase() {
		String prefix = prefix("starts");
		Account kilo = this.api.signUpNamed(prefix + "Kilo");
		Account kilogram = this.api.signUpNamed(prefix + "kilogram");
		Account mike = this.api.signUpNamed(prefix + "MIKE");

		assertThat(idsWhere("startsWith", prefix.toUpperCase())).containsExactly(kilo.gid(), kilogram.gid(),
				mike.gid());
		assertThat(idsWhere("startsWith", prefix + "KIL")).containsExactly(kilo.gid(), kilogram.gid());
		assertThat(idsWhere("startsWith", prefix + "mi")).containsExactly(mike.gid());
		assertThat(idsWhere("startsWith", prefix + "ilo")).isEmpty();
		// a whole name starts with itself; the highest code point ends the indexed range
		assertThat(idsWhere("startsWith", prefix + "KILO")).containsExactly(kilo.gid(), kilogram.gid());
		assertThat(idsWhere("startsWith", prefix + "kilogram")).containsExactly(kilogram.gid());
		assertThat(idsWhere("startsWith", prefix + "kilo\uDBFF\uDFFF")).isEmpty();
		assertThat(
				users(args("filter", usernameFilter("startsWith", prefix.substring(0, prefix.length() - 1) + "\u00E9")))
					.ids())
			.isEmpty();
	}

	@Test
	void stringFilterContainsMatchesWhateverTheCase() {
		String prefix = prefix("contains");
		Account kilo = this.api.signUpNamed(prefix + "Kilo");
		Account kilogram = this.api.signUpNamed(prefix + "kiloGRAM");
		this.api.signUpNamed(prefix + "mike");

		assertThat(idsWhere("startsWith", prefix, "contains", "ILO")).containsExactly(kilo.gid(), kilogram.gid());
		assertThat(idsWhere("startsWith", prefix, "contains", "gram")).containsExactly(kilogram.gid());
		assertThat(idsWhere("contains", prefix.toUpperCase() + "KILOg")).containsExactly(kilogram.gid());
		assertThat(idsWhere("startsWith", prefix, "contains", "zulu")).isEmpty();
	}

	@Test
	void percentUnderscoreAndBackslashInTheFilterAreLiteralCharacters() {
		String prefix = prefix("literal");
		Account underscore = this.api.signUpNamed(prefix + "a_b");
		Account x = this.api.signUpNamed(prefix + "axb");

		assertThat(idsWhere("startsWith", prefix)).containsExactly(underscore.gid(), x.gid());
		assertThat(idsWhere("startsWith", prefix, "contains", "_")).containsExactly(underscore.gid());
		assertThat(idsWhere("startsWith", prefix + "a_")).containsExactly(underscore.gid());
		assertThat(idsWhere("startsWith", prefix, "contains", "x")).containsExactly(x.gid());
		assertThat(idsWhere("equals", prefix + "A_B")).containsExactly(underscore.gid());

		assertThat(idsWhere("startsWith", prefix + "%")).isEmpty();
		assertThat(idsWhere("startsWith", prefix + "_")).isEmpty();
		assertThat(idsWhere("startsWith", prefix, "contains", "%")).isEmpty();
		assertThat(idsWhere("startsWith", prefix, "contains", "a%b")).isEmpty();
		assertThat(idsWhere("startsWith", prefix, "contains", "\\")).isEmpty();
		assertThat(idsWhere("startsWith", prefix + "a\\_b")).isEmpty();
		assertThat(idsWhere("startsWith", prefix + "a\\")).isEmpty();
		assertThat(idsWhere("startsWith", prefix + "a\\xb")).isEmpty();
		assertThat(idsWhere("startsWith", prefix, "contains", "\\x")).isEmpty();
		assertThat(idsWhere("equals", prefix + "a%b")).isEmpty();
		assertThat(idsWhere("equals", prefix + "a_b%")).isEmpty();
	}

	@Test
	void conditionsGivenTogetherMustAllHold() {
		String prefix = prefix("together");
		Account kilo = this.api.signUpNamed(prefix + "kilo");
		Account kilogram = this.api.signUpNamed(prefix + "kilogram");
		this.api.signUpNamed(prefix + "mike");

		assertThat(idsWhere("startsWith", prefix, "contains", "ilo")).containsExactly(kilo.gid(), kilogram.gid());
		assertThat(idsWhere("startsWith", prefix + "kilo", "contains", "gram")).containsExactly(kilogram.gid());
		assertThat(idsWhere("equals", prefix + "kilo", "startsWith", prefix, "contains", "ilo"))
			.containsExactly(kilo.gid());
		assertThat(idsWhere("equals", prefix + "kilo", "contains", "gram")).isEmpty();
		assertThat(idsWhere("startsWith", prefix + "mi", "contains", "ilo")).isEmpty();
		assertThat(users(args("filter", usernameFilter("startsWith", prefix + "mi", "contains", "ilo"))).totalCount())
			.isZero();
	}

	@Test
	void anEmptyPageHasNullCursorsAndNoPagesAroundIt() {
		Map<String, Object> filter = startsWith(prefix("empty"));

		for (Map<String, Object> arguments : List.of(args("filter", filter), args("first", 5, "filter", filter),
				args("last", 5, "filter", filter), args("first", 5, "filter", filter, "orderBy", BY_USERNAME_DESC),
				args("last", 5, "filter", filter, "orderBy", BY_CREATED_AT_ASC))) {
			// Page checks that an empty page has null cursors
			assertThat(users(arguments).has(List.of(), false, false).totalCount()).as("totalCount of %s", arguments)
				.isZero();
		}
	}

	/**
	 * Signs up {@code count} users in the prefix; their ids in the order of signing up.
	 */
	private List<String> signUpMany(String prefix, int count) {
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			ids.add(this.api.signUp(prefix).gid());
		}
		return ids;
	}

	private static List<String> byId(List<String> ids) {
		return ids.stream().sorted(Comparator.comparingLong(id -> GlobalId.key(id, "User", "id"))).toList();
	}

	private List<String> idsWhere(String... conditions) {
		return users(args("filter", usernameFilter(conditions))).ids();
	}

	private static Map<String, Object> startsWith(String prefix) {
		return usernameFilter("startsWith", prefix);
	}

	/** The page {@code users} answers, which must come without errors. */
	private Page users(Map<String, Object> variables) {
		return Page.fetch(this.api.anonymous(), USERS, "users", variables);
	}

	/**
	 * {@code cursor}, as {@code after} and as {@code before}, is bad user input naming
	 * it.
	 */
	private void assertBadCursor(String cursor, Map<String, Object> filter, Map<String, Object> orderBy) {
		assertUsersError(args("first", 1, "after", cursor, "filter", filter, "orderBy", orderBy), "after");
		assertUsersError(args("last", 1, "before", cursor, "filter", filter, "orderBy", orderBy), "before");
	}

	private void assertUsersError(Map<String, Object> variables, String field) {
		Page.assertRefused(this.api.anonymous(), USERS, "users", variables, field);
	}

	/**
	 * Pages forward with {@code first}/{@code after} to the end, calling
	 * {@code afterPage} with the number of each page (from 1) once it is read.
	 */
	private List<Page> pageForward(Map<String, Object> filter, Map<String, Object> orderBy, int size,
			IntConsumer afterPage) {
		List<Page> pages = new ArrayList<>();
		String after = null;
		while (true) {
			Page page = users(args("first", size, "after", after, "filter", filter, "orderBy", orderBy));
			pages.add(page);
			assertThat(page.hasPreviousPage()).as("hasPreviousPage of page %d", pages.size()).isEqualTo(after != null);
			afterPage.accept(pages.size());
			if (!page.hasNextPage()) {
				break;
			}
			assertThat(page.ids()).as("page %d", pages.size()).hasSize(size);
			assertThat(pages).as("pages").hasSizeLessThan(50);
			after = page.endCursor();
		}
		assertThat(all(pages, Page::cursors)).as("cursors").doesNotHaveDuplicates();
		assertThat(all(pages, Page::ids)).as("ids").doesNotHaveDuplicates();
		return pages;
	}

	private List<Page> pageForward(Map<String, Object> filter, Map<String, Object> orderBy, int size) {
		return pageForward(filter, orderBy, size, page -> {
		});
	}

	/** Pages backward to the start; the pages in list order. */
	private List<Page> pageBackward(Map<String, Object> filter, Map<String, Object> orderBy, int size) {
		List<Page> pages = new ArrayList<>();
		String before = null;
		while (true) {
			Page page = users(args("last", size, "before", before, "filter", filter, "orderBy", orderBy));
			pages.add(0, page);
			assertThat(page.hasNextPage()).as("hasNextPage of a backward page").isEqualTo(before != null);
			if (!page.hasPreviousPage()) {
				break;
			}
			assertThat(page.ids()).as("backward page").hasSize(size);
			assertThat(pages).as("pages").hasSizeLessThan(50);
			before = page.startCursor();
		}
		assertThat(all(pages, Page::cursors)).as("cursors").doesNotHaveDuplicates();
		assertThat(all(pages, Page::ids)).as("ids").doesNotHaveDuplicates();
		return pages;
	}

	private static List<String> all(List<Page> pages, Function<Page, List<String>> values) {
		return pages.stream().flatMap(page -> values.apply(page).stream()).toList();
	}

	private static List<String> reversed(List<String> list) {
		List<String> reversed = new ArrayList<>(list);
		Collections.reverse(reversed);
		return reversed;
	}

	private static List<String> prefixed(String prefix, String names) {
		return Stream.of(names.split(" ")).map(name -> prefix + name).toList();
	}

	private String profileCursor(Account account) {
		return this.api.anonymous()
			.document("query($u: String!) { profiles(first: 1, filter: { username: { equals: $u } }) "
					+ "{ pageInfo { endCursor } } }")
			.variable("u", account.username())
			.execute()
			.path("profiles.pageInfo.endCursor")
			.entity(String.class)
			.get();
	}

}
