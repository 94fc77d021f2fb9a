package com.example.userprofiles.auth;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.example.userprofiles.support.Api;
import com.example.userprofiles.support.Api.Account;
import com.example.userprofiles.support.IntegrationTest;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.graphql.ResponseError;
import org.springframework.graphql.test.tester.GraphQlTester;
import org.springframework.graphql.test.tester.HttpGraphQlTester;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.reactive.server.WebTestClient;

import static com.example.userprofiles.support.Tokens.SERVER_KEY;
import static com.example.userprofiles.support.Tokens.claims;
import static com.example.userprofiles.support.Tokens.mint;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Signing up, signing in, bearer tokens and passwords, as a client sees them over HTTP,
 * with the stored rows checked in PostgreSQL.
 */
@IntegrationTest
class AuthTests {

	/**
	 * The key of {@code application-test.properties}, so tests can mint tokens the server
	 * trusts.
	 */
	private static final byte[] OTHER_KEY = "another-secret-that-the-server-never-saw-0123456789"
		.getBytes(StandardCharsets.UTF_8);

	private static final String SIGN_UP = """
			mutation($input: SignUpInput!) {
			  signUp(input: $input) { token user { id username email createdAt updatedAt } }
			}""";

	private static final String LOG_IN = """
			mutation($input: LogInInput!) {
			  logIn(input: $input) { token user { id username email } }
			}""";

	private static final String ME = "{ me { id username email } }";

	private static final String CHANGE_PASSWORD = """
			mutation($input: ChangePasswordInput!) {
			  changePassword(input: $input) { id username email }
			}""";

	private static final String UPDATE_USERNAME = """
			mutation($id: ID!, $username: String!) {
			  updateUser(input: { id: $id, username: $username }) { id username }
			}""";

	private static final String PUBLIC_READ = """
			query($id: ID!, $username: String!) {
			  me { id }
			  user(id: $id) { id username email profile { description } }
			  users(filter: { username: { equals: $username } }) { totalCount nodes { id email } }
			}""";

	@Autowired
	Api api;

	@Autowired
	JdbcTemplate jdbc;

	// signUp

	@Test
	void signUpReturnsAWorkingTokenAndTheUserWithItsOwnEmail() {
		String username = Api.uniqueName("SignUp");
		String email = username + "@Example.com";
		Map<String, Object> payload = signUp(this.api.anonymous(), username, email, "correct horse battery")
			.path("signUp")
			.entity(Map.class)
			.get();

		Map<?, ?> user = (Map<?, ?>) payload.get("user");
		Long storedId = this.jdbc.queryForObject("SELECT id FROM site_user WHERE username = ?", Long.class, username);
		assertThat(user.get("id")).isEqualTo(String.valueOf(storedId));
		assertThat(user.get("username")).isEqualTo(username);
		assertThat(user.get("email")).isEqualTo(email);
		assertThat((String) user.get("createdAt")).isNotBlank();
		assertThat(user.get("updatedAt")).isEqualTo(user.get("createdAt"));

		String token = (String) payload.get("token");
		assertThat(token).isNotBlank();
		this.api.as(token)
			.document(ME)
			.execute()
			.path("me")
			.entity(Map.class)
			.isEqualTo(Map.of("id", String.valueOf(storedId), "username", username, "email", email));
	}

	@Test
	void signUpStoresAnArgon2HashAndNeverThePassword() {
		String password = "Argon2-check-" + Api.uniqueName("pw");
		Account first = signUpAccount("hash", password);
		Account second = signUpAccount("hash", password);

		String firstHash = storedHash(first.id());
		String secondHash = storedHash(second.id());
		assertThat(firstHash).startsWith("{argon2}").isNotEqualTo(password).doesNotContain(password);
		assertThat(secondHash).startsWith("{argon2}").doesNotContain(password);
		// salted: the same password never gives the same hash
		assertThat(secondHash).isNotEqualTo(firstHash);
	}

	@ParameterizedTest
	@ValueSource(
			strings = { "ab", "x", "", "bad name", "bad@name", "bad!name", "naïve", "emoji\uD83D\uDE00x", "tab\tname" })
	void signUpRefusesAUsernameThatIsTooShortOrHasCharactersOtherThanLettersDigitsDotUnderscoreDash(String username) {
		String email = Api.uniqueName("badname") + "@example.com";
		assertFailed(signUp(this.api.anonymous(), username, email, "long enough password"), "signUp", "BAD_USER_INPUT",
				"username");
		assertThat(rowsWithEmail(email)).isZero();
	}

	@Test
	void signUpRefusesAUsernameOf101CharactersAndAcceptsOneOf100() {
		String base = Api.uniqueName("long") + "x".repeat(100);
		String tooLong = base.substring(0, 101);
		String longest = base.substring(0, 100);

		assertFailed(
				signUp(this.api.anonymous(), tooLong, Api.uniqueName("long") + "@example.com", "long enough password"),
				"signUp", "BAD_USER_INPUT", "username");
		assertThat(rowsWithUsername(tooLong)).isZero();

		signUp(this.api.anonymous(), longest, Api.uniqueName("long") + "@example.com", "long enough password")
			.path("signUp.user.username")
			.entity(String.class)
			.isEqualTo(longest);
		assertThat(rowsWithUsername(longest)).isOne();
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "not-an-email", "missing-domain@", "@missing-local.example.com", "two@@example.com",
			"with space@example.com", "trailing-dot@example.com.", "no-at-sign.example.com" })
	void signUpRefusesAnInvalidEmail(String email) {
		String username = Api.uniqueName("bademail");
		assertFailed(signUp(this.api.anonymous(), username, email, "long enough password"), "signUp", "BAD_USER_INPUT",
				"email");
		assertThat(rowsWithUsername(username)).isZero();
	}

	@Test
	void signUpRefusesAnEmailOf101CharactersAndAcceptsOneOf100() {
		String domain = "@example.com";
		String local = Api.uniqueName("mail") + "x".repeat(100);
		String tooLong = local.substring(0, 101 - domain.length()) + domain;
		String longest = local.substring(0, 100 - domain.length()) + domain;
		assertThat(tooLong).hasSize(101);
		assertThat(longest).hasSize(100);

		String refused = Api.uniqueName("mail");
		assertFailed(signUp(this.api.anonymous(), refused, tooLong, "long enough password"), "signUp", "BAD_USER_INPUT",
				"email");
		assertThat(rowsWithUsername(refused)).isZero();

		String accepted = Api.uniqueName("mail");
		signUp(this.api.anonymous(), accepted, longest, "long enough password").path("signUp.user.email")
			.entity(String.class)
			.isEqualTo(longest);
		assertThat(rowsWithUsername(accepted)).isOne();
	}

	@Test
	void signUpRefusesAPasswordOf7CharactersAndOf129Characters() {
		for (String password : List.of("Sev3n!x", "p".repeat(129))) {
			String username = Api.uniqueName("badpw");
			assertFailed(signUp(this.api.anonymous(), username, username + "@example.com", password), "signUp",
					"BAD_USER_INPUT", "password");
			assertThat(rowsWithUsername(username)).as("rows for a password of %d", password.length()).isZero();
		}
	}

	@Test
	void signUpAcceptsPasswordsOf8And128CharactersAndTheyLogIn() {
		for (String password : List.of("Eight8!x", "q".repeat(127) + "!")) {
			String username = Api.uniqueName("pwlen");
			String id = signUp(this.api.anonymous(), username, username + "@example.com", password)
				.path("signUp.user.id")
				.entity(String.class)
				.get();
			logIn(this.api.anonymous(), username, password).path("logIn.user.id").entity(String.class).isEqualTo(id);
		}
	}

	@Test
	void signUpWithAUsernameTakenInAnotherCaseIsAConflictOnUsername() {
		Account taken = this.api.signUp("Taken-Name");
		String newEmail = Api.uniqueName("other") + "@example.com";

		GraphQlTester.Response response = signUp(this.api.anonymous(), taken.username().toUpperCase(), newEmail,
				"long enough password");

		assertFailed(response, "signUp", "CONFLICT", "username");
		response.errors().satisfy(errors -> assertNoInternals(errors.get(0).getMessage()));
		assertThat(rowsWithEmail(newEmail)).isZero();
		assertThat(rowsWithUsername(taken.username())).isOne();
	}

	@Test
	void signUpWithAnEmailTakenInAnotherCaseIsAConflictOnEmail() {
		Account taken = this.api.signUp("taken-mail");
		String newUsername = Api.uniqueName("other");

		GraphQlTester.Response response = signUp(this.api.anonymous(), newUsername, taken.email().toUpperCase(),
				"long enough password");

		assertFailed(response, "signUp", "CONFLICT", "email");
		response.errors().satisfy(errors -> assertNoInternals(errors.get(0).getMessage()));
		assertThat(rowsWithUsername(newUsername)).isZero();
		assertThat(rowsWithEmail(taken.email())).isOne();
	}

	@Test
	void aFailedSignUpCreatesNoRow() {
		Account existing = this.api.signUp("norow");
		String username = Api.uniqueName("norow");
		String email = username + "@example.com";

		// each input is valid but one: nothing of it may be stored
		assertFailed(signUp(this.api.anonymous(), username, email, "short"), "signUp", "BAD_USER_INPUT", "password");
		assertFailed(signUp(this.api.anonymous(), username, "invalid", "long enough password"), "signUp",
				"BAD_USER_INPUT", "email");
		assertFailed(signUp(this.api.anonymous(), username, existing.email(), "long enough password"), "signUp",
				"CONFLICT", "email");
		assertFailed(signUp(this.api.anonymous(), existing.username(), email, "long enough password"), "signUp",
				"CONFLICT", "username");

		assertThat(rowsWithUsername(username)).isZero();
		assertThat(rowsWithEmail(email)).isZero();
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM site_user WHERE lower(username) = lower(?)",
				Integer.class, existing.username()))
			.isOne();

		// and the username and email are still free
		signUp(this.api.anonymous(), username, email, "long enough password").path("signUp.user.username")
			.entity(String.class)
			.isEqualTo(username);
	}

	// logIn

	@Test
	void logInWithAnyCaseOfTheUsernameSignsTheUserIn() {
		String username = "MiXeD-" + Api.uniqueName("Case");
		Account account = this.api.signUp(username, username + "@example.com", "password-of-mixed-case");

		for (String typed : List.of(username, username.toUpperCase(), username.toLowerCase())) {
			Map<String, Object> payload = logIn(this.api.anonymous(), typed, account.password()).path("logIn")
				.entity(Map.class)
				.get();
			Map<?, ?> user = (Map<?, ?>) payload.get("user");
			assertThat(user.get("id")).as("id when logging in as %s", typed).isEqualTo(account.gid());
			assertThat(user.get("username")).isEqualTo(username);
			assertThat(user.get("email")).isEqualTo(account.email());
			this.api.as((String) payload.get("token"))
				.document(ME)
				.execute()
				.path("me.id")
				.entity(String.class)
				.isEqualTo(account.gid());
		}
	}

	@Test
	void logInWithAWrongPasswordAndWithAnUnknownUsernameGiveTheSameError() {
		Account account = this.api.signUp("wrongpw");

		GraphQlTester.Response wrongPassword = logIn(this.api.anonymous(), account.username(),
				account.password() + "x");
		GraphQlTester.Response unknownUser = logIn(this.api.anonymous(), Api.uniqueName("nobody"), account.password());

		assertFailed(wrongPassword, "logIn", "UNAUTHENTICATED", null);
		assertFailed(unknownUser, "logIn", "UNAUTHENTICATED", null);
		ResponseError first = onlyError(wrongPassword);
		ResponseError second = onlyError(unknownUser);
		assertThat(first.getMessage()).isNotBlank().isEqualTo(second.getMessage());
		assertThat(first.getExtensions()).isEqualTo(second.getExtensions());
	}

	@Test
	void logInWithAUsernameOfMoreThan100CharactersGivesTheErrorOfAWrongPassword() {
		Account account = this.api.signUp("longlogin");
		String tooLong = account.username() + "x".repeat(101 - account.username().length());
		assertThat(tooLong).hasSize(101);

		GraphQlTester.Response wrongPassword = logIn(this.api.anonymous(), account.username(),
				account.password() + "x");
		GraphQlTester.Response longUsername = logIn(this.api.anonymous(), tooLong, account.password());
		GraphQlTester.Response veryLongUsername = logIn(this.api.anonymous(), "y".repeat(5_000), account.password());

		assertFailed(longUsername, "logIn", "UNAUTHENTICATED", null);
		assertFailed(veryLongUsername, "logIn", "UNAUTHENTICATED", null);
		ResponseError expected = onlyError(wrongPassword);
		for (GraphQlTester.Response response : List.of(longUsername, veryLongUsername)) {
			ResponseError error = onlyError(response);
			assertThat(error.getMessage()).isEqualTo(expected.getMessage());
			assertThat(error.getExtensions()).isEqualTo(expected.getExtensions());
		}
	}

	// me

	@Test
	void meWithATokenIsItsUserAndWithoutOneIsNull() {
		Account account = this.api.signUp("me");

		this.api.as(account)
			.document(ME)
			.execute()
			.path("me")
			.entity(Map.class)
			.isEqualTo(Map.of("id", account.gid(), "username", account.username(), "email", account.email()));
		this.api.anonymous().document(ME).execute().path("me").valueIsNull();
	}

	// tokens

	@Test
	void aTokenMintedWithTheServerKeyAndValidClaimsActsAsItsUser() {
		// the control for the refused tokens below: the minting itself is right
		Account account = this.api.signUp("minted");
		Instant now = Instant.now();
		String token = mint(SERVER_KEY, claims(account.gid(), now, now.plus(5, ChronoUnit.MINUTES)));

		this.api.as(token).document(ME).execute().path("me.id").entity(String.class).isEqualTo(account.gid());
		String renamed = Api.uniqueName("minted");
		this.api.as(token)
			.document(UPDATE_USERNAME)
			.variable("id", account.gid())
			.variable("username", renamed)
			.execute()
			.path("updateUser.username")
			.entity(String.class)
			.isEqualTo(renamed);
	}

	@Test
	void anExpiredTokenIsRefusedForMutationsAndQueriesAnswerAsAnonymous() {
		Account account = this.api.signUp("expired");
		Instant now = Instant.now();
		String token = mint(SERVER_KEY,
				claims(account.gid(), now.minus(2, ChronoUnit.HOURS), now.minus(1, ChronoUnit.HOURS)));

		assertRefused(token, account);
	}

	@Test
	void aTokenSignedWithAnotherKeyIsRefusedForMutationsAndQueriesAnswerAsAnonymous() {
		Account account = this.api.signUp("otherkey");
		Instant now = Instant.now();
		String token = mint(OTHER_KEY, claims(account.gid(), now, now.plus(5, ChronoUnit.MINUTES)));

		assertRefused(token, account);
	}

	@Test
	void anUnsignedAlgNoneTokenIsRefusedForMutationsAndQueriesAnswerAsAnonymous() {
		Account account = this.api.signUp("algnone");
		Instant now = Instant.now();
		String token = new PlainJWT(claims(account.gid(), now, now.plus(5, ChronoUnit.MINUTES))).serialize();
		assertThat(token).endsWith(".");

		assertRefused(token, account);
	}

	@Test
	void aTokenWithAnEditedPayloadIsRefusedForMutationsAndQueriesAnswerAsAnonymous() throws Exception {
		Account attacker = this.api.signUp("attacker");
		Account victim = this.api.signUp("victim");
		// the server's own token works before it is touched
		this.api.as(attacker).document(ME).execute().path("me.id").entity(String.class).isEqualTo(attacker.gid());

		SignedJWT original = SignedJWT.parse(attacker.token());
		JWTClaimsSet edited = new JWTClaimsSet.Builder(original.getJWTClaimsSet()).subject(victim.gid()).build();
		String[] parts = attacker.token().split("\\.");
		String token = parts[0] + "." + Base64URL.encode(edited.toString()) + "." + parts[2];
		assertThat(SignedJWT.parse(token).getJWTClaimsSet().getSubject()).isEqualTo(victim.gid());

		assertRefused(token, victim);
	}

	@Test
	void aTokenOfADeletedUserAuthenticatesNoOne() {
		Account account = this.api.signUp("gone");
		this.api.as(account)
			.document("mutation($id: ID!) { deleteUser(id: $id) { deletedUserId } }")
			.variable("id", account.gid())
			.execute()
			.path("deleteUser.deletedUserId")
			.entity(String.class)
			.isEqualTo(account.gid());

		this.api.as(account).document(ME).execute().path("me").valueIsNull();
		assertFailed(this.api.as(account)
			.document(UPDATE_USERNAME)
			.variable("id", account.gid())
			.variable("username", Api.uniqueName("gone"))
			.execute(), "updateUser", "UNAUTHENTICATED", null);
		assertFailed(this.api.as(account)
			.document(CHANGE_PASSWORD)
			.variable("input", Map.of("currentPassword", account.password(), "newPassword", "a new password"))
			.execute(), "changePassword", "UNAUTHENTICATED", null);
		assertFailed(this.api.as(account)
			.document("mutation($id: ID!) { deleteUser(id: $id) { deletedUserId } }")
			.variable("id", account.gid())
			.execute(), "deleteUser", "UNAUTHENTICATED", null);
		assertFailed(this.api.as(account)
			.document("mutation { createProfile(input: { description: \"ghost\" }) { id } }")
			.execute(), "createProfile", "UNAUTHENTICATED", null);
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM site_user WHERE id = ?", Integer.class, account.id()))
			.isZero();
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM profile WHERE site_user_id = ?", Integer.class,
				account.id()))
			.isZero();
	}

	@Test
	void aTokenOfADeletedUserActingOnAnotherAccountIsUnauthenticatedNotForbidden() {
		Account gone = this.api.signUp("gone");
		Account other = this.api.signUp("other");
		this.api.as(gone)
			.document("mutation($id: ID!) { deleteUser(id: $id) { deletedUserId } }")
			.variable("id", gone.gid())
			.execute()
			.path("deleteUser.deletedUserId")
			.entity(String.class)
			.isEqualTo(gone.gid());

		// the token authenticates no one, so the request is anonymous: not "signed in as
		// someone else"
		assertFailed(this.api.as(gone)
			.document(UPDATE_USERNAME)
			.variable("id", other.gid())
			.variable("username", Api.uniqueName("gone"))
			.execute(), "updateUser", "UNAUTHENTICATED", null);
		assertFailed(this.api.as(gone)
			.document("mutation($id: ID!) { deleteUser(id: $id) { deletedUserId } }")
			.variable("id", other.gid())
			.execute(), "deleteUser", "UNAUTHENTICATED", null);
		assertThat(rowsWithUsername(other.username())).isOne();
	}

	// changePassword

	@Test
	void changePasswordReplacesTheOldPasswordWithTheNewOne() {
		Account account = this.api.signUp("chpw");
		String newPassword = "brand new password " + account.username();
		String hashBefore = storedHash(account.id());

		this.api.as(account)
			.document(CHANGE_PASSWORD)
			.variable("input", Map.of("currentPassword", account.password(), "newPassword", newPassword))
			.execute()
			.path("changePassword")
			.entity(Map.class)
			.isEqualTo(Map.of("id", account.gid(), "username", account.username(), "email", account.email()));

		String hashAfter = storedHash(account.id());
		assertThat(hashAfter).startsWith("{argon2}").isNotEqualTo(hashBefore).doesNotContain(newPassword);
		assertFailed(logIn(this.api.anonymous(), account.username(), account.password()), "logIn", "UNAUTHENTICATED",
				null);
		logIn(this.api.anonymous(), account.username(), newPassword).path("logIn.user.id")
			.entity(String.class)
			.isEqualTo(account.gid());
	}

	@Test
	void aTokenFromBeforeAPasswordChangeCannotDeleteTheAccount() {
		Account account = this.api.signUp("chpwdel");
		this.api.as(account)
			.document(CHANGE_PASSWORD)
			.variable("input", Map.of("currentPassword", account.password(), "newPassword", "another password 1"))
			.execute()
			.errors()
			.verify();

		assertFailed(this.api.as(account)
			.document("mutation($id: ID!) { deleteUser(id: $id) { deletedUserId } }")
			.variable("id", account.gid())
			.execute(), "deleteUser", "UNAUTHENTICATED", null);
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM site_user WHERE id = ?", Integer.class, account.id()))
			.isOne();
	}

	@Test
	void changePasswordWithAWrongCurrentPasswordIsBadInputOnCurrentPasswordAndChangesNothing() {
		Account account = this.api.signUp("chpw-wrong");
		Map<String, Object> before = storedRow(account.id());

		assertFailed(this.api.as(account)
			.document(CHANGE_PASSWORD)
			.variable("input", Map.of("currentPassword", account.password() + "x", "newPassword", "brand new password"))
			.execute(), "changePassword", "BAD_USER_INPUT", "currentPassword");

		assertThat(storedRow(account.id())).isEqualTo(before);
		logIn(this.api.anonymous(), account.username(), account.password()).path("logIn.user.id")
			.entity(String.class)
			.isEqualTo(account.gid());
	}

	@Test
	void changePasswordToATooShortPasswordIsBadInputOnNewPasswordAndChangesNothing() {
		Account account = this.api.signUp("chpw-short");
		Map<String, Object> before = storedRow(account.id());

		assertFailed(this.api.as(account)
			.document(CHANGE_PASSWORD)
			.variable("input", Map.of("currentPassword", account.password(), "newPassword", "Sev3n!x"))
			.execute(), "changePassword", "BAD_USER_INPUT", "newPassword");

		assertThat(storedRow(account.id())).isEqualTo(before);
		assertFailed(logIn(this.api.anonymous(), account.username(), "Sev3n!x"), "logIn", "UNAUTHENTICATED", null);
	}

	@Test
	void changePasswordToAPasswordOf129CharactersIsBadInputOnNewPasswordAndChangesNothing() {
		Account account = this.api.signUp("chpw-long");
		Map<String, Object> before = storedRow(account.id());
		String tooLong = "p".repeat(128) + "!";

		assertFailed(this.api.as(account)
			.document(CHANGE_PASSWORD)
			.variable("input", Map.of("currentPassword", account.password(), "newPassword", tooLong))
			.execute(), "changePassword", "BAD_USER_INPUT", "newPassword");

		assertThat(storedRow(account.id())).isEqualTo(before);
		// 128 is still allowed: the limit is where the rules say
		this.api.as(account)
			.document(CHANGE_PASSWORD)
			.variable("input", Map.of("currentPassword", account.password(), "newPassword", tooLong.substring(1)))
			.execute()
			.path("changePassword.id")
			.entity(String.class)
			.isEqualTo(account.gid());
	}

	@Test
	void changePasswordWithoutATokenIsUnauthenticated() {
		Account account = this.api.signUp("chpw-anon");
		Map<String, Object> before = storedRow(account.id());

		assertFailed(this.api.anonymous()
			.document(CHANGE_PASSWORD)
			.variable("input", Map.of("currentPassword", account.password(), "newPassword", "brand new password"))
			.execute(), "changePassword", "UNAUTHENTICATED", null);

		assertThat(storedRow(account.id())).isEqualTo(before);
	}

	@Test
	void changePasswordKeepsNoTransactionOpenWhileItChecksTheCurrentPassword() throws Exception {
		Account account = this.api.signUp("chpw-notx");
		// Its own parameters make checking against this hash take seconds.
		this.jdbc.update("UPDATE site_user SET password_hash = ? WHERE id = ?", PasswordHashingTurnsTests.SLOW_HASH,
				account.id());
		CompletableFuture<GraphQlTester.Response> checking = CompletableFuture.supplyAsync(() -> this.api.as(account)
			.document(CHANGE_PASSWORD)
			.variable("input", Map.of("currentPassword", account.password(), "newPassword", "brand new password"))
			.execute());
		Thread.sleep(500);
		assertThat(checking).as("the slow check is still running").isNotDone();

		// A transaction open through the slow hash would hold a pooled connection,
		// idle in transaction, for all that time.
		assertThat(this.jdbc.queryForObject("""
				SELECT count(*) FROM pg_stat_activity
				WHERE datname = current_database() AND state LIKE 'idle in transaction%'""", Integer.class)).isZero();
		assertFailed(checking.get(60, TimeUnit.SECONDS), "changePassword", "BAD_USER_INPUT", "currentPassword");
	}

	// what never leaves the server

	@Test
	void passwordsAndHashesNeverAppearInAnyResponseBody() {
		String username = Api.uniqueName("leak");
		String email = username + "@example.com";
		String password = "Leak-Canary-Password-" + username;
		String newPassword = "Leak-Canary-Second-" + username;
		List<String> bodies = new ArrayList<>();

		Map<String, Object> signUpInput = Map.of("username", username, "email", email, "password", password);
		String signUpBody = raw(null, SIGN_UP, Map.of("input", signUpInput));
		bodies.add(signUpBody);
		Matcher tokenInBody = Pattern.compile("\"token\"\\s*:\\s*\"([^\"]+)\"").matcher(signUpBody);
		assertThat(tokenInBody.find()).as("a token in %s", signUpBody).isTrue();
		String token = tokenInBody.group(1);
		String id = String
			.valueOf(this.jdbc.queryForObject("SELECT id FROM site_user WHERE username = ?", Long.class, username));
		String hash = storedHash(Long.parseLong(id));

		bodies.add(raw(null, LOG_IN, Map.of("input", Map.of("username", username, "password", password))));
		bodies.add(raw(null, LOG_IN, Map.of("input", Map.of("username", username, "password", password + "-wrong"))));
		bodies.add(raw(token, ME, Map.of()));
		bodies.add(raw(token, "query($id: ID!) { user(id: $id) { id username email } }", Map.of("id", id)));
		bodies.add(raw(token, "query($id: ID!) { user(id: $id) { id passwordHash password } }", Map.of("id", id)));
		bodies.add(raw(null, SIGN_UP,
				Map.of("input", Map.of("username", username, "email", email, "password", password))));
		bodies.add(raw(null, SIGN_UP, Map.of("input",
				Map.of("username", Api.uniqueName("leak"), "email", "x" + email, "password", "Sh0rt!"))));
		bodies.add(raw(token, CHANGE_PASSWORD,
				Map.of("input", Map.of("currentPassword", password + "-wrong", "newPassword", newPassword))));
		bodies.add(raw(token, CHANGE_PASSWORD,
				Map.of("input", Map.of("currentPassword", password, "newPassword", "Sh0rt!"))));
		bodies.add(raw(token, CHANGE_PASSWORD,
				Map.of("input", Map.of("currentPassword", password, "newPassword", newPassword))));
		String newHash = storedHash(Long.parseLong(id));
		bodies.add(raw(null, LOG_IN, Map.of("input", Map.of("username", username, "password", newPassword))));

		assertThat(newHash).isNotEqualTo(hash);
		assertThat(bodies).hasSize(12)
			.allSatisfy(body -> assertThat(body).isNotBlank()
				.doesNotContain(password)
				.doesNotContain(newPassword)
				.doesNotContain("Sh0rt!")
				.doesNotContain(hash)
				.doesNotContain(newHash)
				.doesNotContain(hash.substring(hash.lastIndexOf('$') + 1))
				.doesNotContainIgnoringCase("argon2"));
		// the bodies did carry the data they were asked for
		assertThat(bodies.get(0)).contains(username).contains(email);
		assertThat(bodies.get(11)).contains("\"id\":\"" + id + "\"");
	}

	// helpers

	/**
	 * Checks every trace of a refused token: mutations fail, and queries answer as for no
	 * token at all.
	 */
	private void assertRefused(String token, Account subject) {
		String originalUsername = subject.username();
		this.api.createProfile(subject, "Profile of " + originalUsername);

		Map<String, Object> response = rawMap(token, PUBLIC_READ,
				Map.of("id", subject.gid(), "username", subject.username()));
		assertThat(response).doesNotContainKey("errors");
		Map<?, ?> data = (Map<?, ?>) response.get("data");
		assertThat(data.get("me")).isNull();
		Map<?, ?> user = (Map<?, ?>) data.get("user");
		assertThat(user.get("id")).isEqualTo(subject.gid());
		assertThat(user.get("username")).isEqualTo(originalUsername);
		assertThat(user.containsKey("email")).isTrue();
		assertThat(user.get("email")).isNull();
		assertThat(((Map<?, ?>) user.get("profile")).get("description")).isEqualTo("Profile of " + originalUsername);
		Map<?, ?> users = (Map<?, ?>) data.get("users");
		assertThat(users.get("totalCount")).isEqualTo(1);
		assertThat((List<?>) users.get("nodes")).singleElement().isEqualTo(nullEmail(subject.gid()));

		assertFailed(this.api.as(token)
			.document(UPDATE_USERNAME)
			.variable("id", subject.gid())
			.variable("username", Api.uniqueName("stolen"))
			.execute(), "updateUser", "UNAUTHENTICATED", null);
		assertFailed(this.api.as(token)
			.document(CHANGE_PASSWORD)
			.variable("input", Map.of("currentPassword", subject.password(), "newPassword", "stolen password"))
			.execute(), "changePassword", "UNAUTHENTICATED", null);
		assertFailed(this.api.as(token)
			.document("mutation($id: ID!) { deleteUser(id: $id) { deletedUserId } }")
			.variable("id", subject.gid())
			.execute(), "deleteUser", "UNAUTHENTICATED", null);

		assertThat(rowsWithUsername(originalUsername)).isOne();
		// the account still works with its own credentials
		logIn(this.api.anonymous(), originalUsername, subject.password()).path("logIn.user.id")
			.entity(String.class)
			.isEqualTo(subject.gid());
	}

	private static Map<String, Object> nullEmail(String id) {
		Map<String, Object> user = new HashMap<>();
		user.put("id", id);
		user.put("email", null);
		return user;
	}

	private static GraphQlTester.Response signUp(HttpGraphQlTester client, String username, String email,
			String password) {
		return client.document(SIGN_UP)
			.variable("input", Map.of("username", username, "email", email, "password", password))
			.execute();
	}

	private static GraphQlTester.Response logIn(HttpGraphQlTester client, String username, String password) {
		return client.document(LOG_IN).variable("input", Map.of("username", username, "password", password)).execute();
	}

	private Account signUpAccount(String prefix, String password) {
		String username = Api.uniqueName(prefix);
		return this.api.signUp(username, username + "@example.com", password);
	}

	/**
	 * The mutation failed as a client must see it: one error with {@code code} (and
	 * {@code field}, or none when null) at the mutation's path, and {@code data} present
	 * with the mutation null.
	 */
	static void assertFailed(GraphQlTester.Response response, String mutation, String code, String field) {
		Api.assertError(response, mutation, code, field);
		response.path("$.data").entity(Map.class).satisfies(data -> assertThat(data).containsEntry(mutation, null));
	}

	private static ResponseError onlyError(GraphQlTester.Response response) {
		List<ResponseError> found = new ArrayList<>();
		response.errors().satisfy(found::addAll);
		assertThat(found).hasSize(1);
		return found.get(0);
	}

	private static void assertNoInternals(String message) {
		assertThat(message).isNotBlank()
			.doesNotContainIgnoringCase("site_user")
			.doesNotContainIgnoringCase("constraint")
			.doesNotContainIgnoringCase("duplicate")
			.doesNotContainIgnoringCase("sql")
			.doesNotContain("Exception");
	}

	/** The user's row in {@code site_user}, every column. */
	private Map<String, Object> storedRow(long id) {
		return this.jdbc.queryForMap("SELECT * FROM site_user WHERE id = ?", id);
	}

	private String storedHash(long id) {
		return this.jdbc.queryForObject("SELECT password_hash FROM site_user WHERE id = ?", String.class, id);
	}

	private int rowsWithUsername(String username) {
		return this.jdbc.queryForObject("SELECT count(*) FROM site_user WHERE lower(username) = lower(?)",
				Integer.class, username);
	}

	private int rowsWithEmail(String email) {
		return this.jdbc.queryForObject("SELECT count(*) FROM site_user WHERE lower(email) = lower(?)", Integer.class,
				email);
	}

	private WebTestClient.ResponseSpec post(String token, String document, Map<String, Object> variables) {
		Map<String, Object> body = new HashMap<>();
		body.put("query", document);
		body.put("variables", variables);
		WebTestClient.RequestBodySpec request = this.api.http()
			.post()
			.uri("/graphql")
			.contentType(MediaType.APPLICATION_JSON)
			.accept(MediaType.APPLICATION_JSON);
		if (token != null) {
			request = request.header("Authorization", "Bearer " + token);
		}
		return request.bodyValue(body).exchange().expectStatus().isOk();
	}

	/**
	 * The response body as the client receives it, after checking it came with HTTP 200.
	 */
	private String raw(String token, String document, Map<String, Object> variables) {
		return post(token, document, variables).expectBody(String.class).returnResult().getResponseBody();
	}

	@SuppressWarnings("unchecked")
	private Map<String, Object> rawMap(String token, String document, Map<String, Object> variables) {
		return post(token, document, variables).expectBody(Map.class).returnResult().getResponseBody();
	}

}
