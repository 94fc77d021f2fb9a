package com.example.userprofiles.auth;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.example.userprofiles.graphql.GlobalId;
import com.example.userprofiles.support.Api.Account;
import com.example.userprofiles.support.Api;
import com.example.userprofiles.support.GraphQlHttpClient.GraphQlResult;
import com.example.userprofiles.support.GraphQlHttpClient;
import com.example.userprofiles.support.IntegrationTest;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.graphql.ResponseError;
import org.springframework.graphql.test.tester.GraphQlTester;
import org.springframework.graphql.test.tester.HttpGraphQlTester;
import org.springframework.jdbc.core.JdbcTemplate;

import static com.example.userprofiles.support.Api.assertFailed;
import static com.example.userprofiles.support.Api.expect;
import static com.example.userprofiles.support.Api.run;
import static com.example.userprofiles.support.Tokens.SERVER_KEY;
import static com.example.userprofiles.support.Tokens.claims;
import static com.example.userprofiles.support.Tokens.mint;
import static org.assertj.core.api.Assertions.assertThat;

/** Signing up and in, bearer tokens and passwords, checked in PostgreSQL too. */
@IntegrationTest
class AuthTests {

	/** A key the server never saw. */
	private static final byte[] OTHER_KEY = "another-secret-that-the-server-never-saw-0123456789"
		.getBytes(StandardCharsets.UTF_8);

	private static final String SIGN_UP = "mutation($input: SignUpInput!) { signUp(input: $input) { token user { id username email createdAt updatedAt } } }";

	private static final String LOG_IN = "mutation($input: LogInInput!) { logIn(input: $input) { token user { id username email } } }";

	private static final String ME = "{ me { id username email } }";

	private static final String CHANGE_PASSWORD = "mutation($input: ChangePasswordInput!) { changePassword(input: $input) { id username email } }";

	private static final String UPDATE_USERNAME = "mutation($id: ID!, $username: String!) { updateUser(input: { id: $id, username: $username }) { id username } }";

	private static final String CREATE_PROFILE = "mutation($d: String!) { createProfile(input: { description: $d }) { id } }";

	private static final String UPDATE_PROFILE = "mutation($id: ID!, $d: String!) { updateProfile(input: { userId: $id, description: $d }) { id } }";

	private static final String DELETE_PROFILE = "mutation($id: ID!) { deleteProfile(userId: $id) { deletedProfileId } }";

	private static final String DELETE_USER = "mutation($id: ID!) { deleteUser(id: $id) { deletedUserId } }";

	@Autowired
	Api api;

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void signUpReturnsAWorkingTokenAndTheUserWithItsOwnEmail() {
		String username = Api.uniqueName("SignUp");
		String email = username + "@Example.com";
		Map<String, Object> payload = signUp(username, email, "correct horse battery").path("signUp")
			.entity(Map.class)
			.get();

		Map<?, ?> user = (Map<?, ?>) payload.get("user");
		Long storedId = this.jdbc.queryForObject("SELECT id FROM site_user WHERE username = ?", Long.class, username);
		assertThat(user.get("id")).isEqualTo(new GlobalId("User", storedId).encode());
		assertThat(user.get("username")).isEqualTo(username);
		assertThat(user.get("email")).isEqualTo(email);
		assertThat((String) user.get("createdAt")).isNotBlank();
		assertThat(user.get("updatedAt")).isEqualTo(user.get("createdAt"));

		String token = (String) payload.get("token");
		assertThat(token).isNotBlank();
		expect(run(this.api.as(token), ME), "me",
				Map.of("id", new GlobalId("User", storedId).encode(), "username", username, "email", email));
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
		assertFailed(signUp(username, email, "long enough password"), "signUp", "BAD_USER_INPUT", "username");
		assertThat(rowsWithEmail(email)).isZero();
	}

	@ParameterizedTest
	@CsvSource({ "username, 101", "email, 101", "password, 7", "password, 129" })
	void signUpRefusesAFieldJustPastItsLengthLimitAndStoresNothing(String field, int length) {
		Map<String, String> input = inputWith(field, length);
		assertFailed(signUp(input.get("username"), input.get("email"), input.get("password")), "signUp",
				"BAD_USER_INPUT", field);
		assertThat(rowsWithUsername(input.get("username"))).isZero();
		assertThat(rowsWithEmail(input.get("email"))).isZero();
	}

	@ParameterizedTest
	@CsvSource({ "username, 100", "email, 100", "password, 8", "password, 128" })
	void signUpAcceptsAFieldAtItsLengthLimitAndTheAccountLogsIn(String field, int length) {
		Map<String, String> input = inputWith(field, length);
		String id = signUp(input.get("username"), input.get("email"), input.get("password")).path("signUp.user.id")
			.entity(String.class)
			.get();
		assertThat(rowsWithUsername(input.get("username"))).isOne();
		expect(logIn(input.get("username"), input.get("password")), "logIn.user.id", id);
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "not-an-email", "missing-domain@", "@missing-local.example.com", "two@@example.com",
			"with space@example.com", "trailing-dot@example.com.", "no-at-sign.example.com" })
	void signUpRefusesAnInvalidEmail(String email) {
		String username = Api.uniqueName("bademail");
		assertFailed(signUp(username, email, "long enough password"), "signUp", "BAD_USER_INPUT", "email");
		assertThat(rowsWithUsername(username)).isZero();
	}

	@ParameterizedTest
	@ValueSource(strings = { "username", "email" })
	void signUpWithAUsernameOrEmailTakenInAnotherCaseIsAConflictOnThatField(String field) {
		Account taken = this.api.signUp("Taken-Name");
		String username = field.equals("username") ? taken.username().toUpperCase() : Api.uniqueName("other");
		String email = field.equals("email") ? taken.email().toUpperCase() : Api.uniqueName("other") + "@example.com";

		GraphQlTester.Response response = signUp(username, email, "long enough password");

		assertFailed(response, "signUp", "CONFLICT", field);
		response.errors().satisfy(errors -> assertNoInternals(errors.get(0).getMessage()));
		assertThat(this.jdbc.queryForObject(
				"SELECT count(*) FROM site_user WHERE lower(username) = lower(?) OR lower(email) = lower(?)",
				Integer.class, username, email))
			.as("rows with either: only the account that took one")
			.isOne();
	}

	@Test
	void aFailedSignUpLeavesItsUsernameAndEmailFree() {
		Account existing = this.api.signUp("norow");
		String username = Api.uniqueName("norow");
		String email = username + "@example.com";

		// each input is valid but one
		assertFailed(signUp(username, existing.email(), "long enough password"), "signUp", "CONFLICT", "email");
		assertFailed(signUp(existing.username(), email, "long enough password"), "signUp", "CONFLICT", "username");
		assertFailed(signUp(username, email, "short"), "signUp", "BAD_USER_INPUT", "password");

		expect(signUp(username, email, "long enough password"), "signUp.user.username", username);
	}

	@Test
	void logInWithAnyCaseOfTheUsernameSignsTheUserIn() {
		String username = "MiXeD-" + Api.uniqueName("Case");
		Account account = this.api.signUp(username, username + "@example.com", "password-of-mixed-case");

		for (String typed : List.of(username, username.toUpperCase(), username.toLowerCase())) {
			Map<String, Object> payload = logIn(typed, account.password()).path("logIn").entity(Map.class).get();
			Map<?, ?> user = (Map<?, ?>) payload.get("user");
			assertThat(user.get("id")).as("id when logging in as %s", typed).isEqualTo(account.gid());
			assertThat(user.get("username")).isEqualTo(username);
			assertThat(user.get("email")).isEqualTo(account.email());
			expect(run(this.api.as((String) payload.get("token")), ME), "me.id", account.gid());
		}
	}

	@Test
	void logInWithAWrongPasswordAnUnknownUsernameOrOneOfMoreThan100CharactersGivesTheSameError() {
		Account account = this.api.signUp("wrongpw");
		String tooLong = account.username() + "x".repeat(101 - account.username().length());

		ResponseError expected = onlyError(logIn(account.username(), account.password() + "x"));
		assertThat(expected.getMessage()).isNotBlank();
		for (String username : List.of(Api.uniqueName("nobody"), tooLong, "y".repeat(5_000))) {
			GraphQlTester.Response response = logIn(username, account.password());
			assertFailed(response, "logIn", "UNAUTHENTICATED", null);
			ResponseError error = onlyError(response);
			assertThat(error.getMessage()).isEqualTo(expected.getMessage());
			assertThat(error.getExtensions()).isEqualTo(expected.getExtensions());
		}
	}

	@Test
	void meWithATokenIsItsUserAndWithoutOneIsNull() {
		Account account = this.api.signUp("me");

		expect(run(this.api.as(account), ME), "me",
				Map.of("id", account.gid(), "username", account.username(), "email", account.email()));
		this.api.anonymous().document(ME).execute().path("me").valueIsNull();
	}

	@Test
	void aTokenMintedWithTheServerKeyAndValidClaimsActsAsItsUser() {
		// the control for the refused tokens below: the minting itself is right
		Account account = this.api.signUp("minted");
		Instant now = Instant.now();
		String token = mint(SERVER_KEY, claims(String.valueOf(account.id()), now, now.plus(5, ChronoUnit.MINUTES)));

		expect(this.api.as(token).document(ME).execute(), "me.id", account.gid());
		String renamed = Api.uniqueName("minted");
		expect(run(this.api.as(token), UPDATE_USERNAME, "id", account.gid(), "username", renamed),
				"updateUser.username", renamed);
	}

	@ParameterizedTest
	@ValueSource(strings = { "expired", "signed with another key", "unsigned (alg none)" })
	void anExpiredForgedOrUnsignedTokenIsRefusedForMutationsAndQueriesAnswerAsAnonymous(String kind) throws Exception {
		Account account = this.api.signUp("badtoken");
		Instant now = Instant.now();
		JWTClaimsSet valid = claims(String.valueOf(account.id()), now, now.plus(5, ChronoUnit.MINUTES));
		String token = switch (kind) {
			case "expired" -> mint(SERVER_KEY, claims(String.valueOf(account.id()), now.minus(2, ChronoUnit.HOURS),
					now.minus(1, ChronoUnit.HOURS)));
			case "signed with another key" -> mint(OTHER_KEY, valid);
			default -> new PlainJWT(valid).serialize();
		};
		assertRefused(token, account);
	}

	@Test
	void aTokenWithAnEditedPayloadIsRefusedForMutationsAndQueriesAnswerAsAnonymous() throws Exception {
		Account attacker = this.api.signUp("attacker");
		Account victim = this.api.signUp("victim");
		// the server's own token works before it is touched
		expect(this.api.as(attacker).document(ME).execute(), "me.id", attacker.gid());

		SignedJWT original = SignedJWT.parse(attacker.token());
		JWTClaimsSet edited = new JWTClaimsSet.Builder(original.getJWTClaimsSet()).subject(String.valueOf(victim.id()))
			.build();
		String[] parts = attacker.token().split("\\.");
		String token = parts[0] + "." + Base64URL.encode(edited.toString()) + "." + parts[2];
		assertThat(SignedJWT.parse(token).getJWTClaimsSet().getSubject()).isEqualTo(String.valueOf(victim.id()));

		assertRefused(token, victim);
	}

	@Test
	void aTokenOfADeletedUserAuthenticatesNoOneNotEvenAsSomeoneElse() {
		Account account = this.api.signUp("gone");
		Account other = this.api.signUp("other");
		this.api.createProfile(account, "Gone with the account");
		this.api.createProfile(other, "Stays");
		Map<String, Object> otherBefore = storedProfile(other.id());
		expect(run(this.api.as(account), DELETE_USER, "id", account.gid()), "deleteUser.deletedUserId", account.gid());

		// the token authenticates no one, so each request is anonymous: not "signed in as
		// someone else", which would be FORBIDDEN on the other account
		this.api.as(account).document(ME).execute().path("me").valueIsNull();
		for (String id : List.of(account.gid(), other.gid())) {
			assertFailed(run(this.api.as(account), UPDATE_USERNAME, "id", id, "username", Api.uniqueName("gone")),
					"updateUser", "UNAUTHENTICATED", null);
			assertFailed(run(this.api.as(account), DELETE_USER, "id", id), "deleteUser", "UNAUTHENTICATED", null);
			assertFailed(run(this.api.as(account), UPDATE_PROFILE, "id", id, "d", "Ghost"), "updateProfile",
					"UNAUTHENTICATED", null);
			assertFailed(run(this.api.as(account), DELETE_PROFILE, "id", id), "deleteProfile", "UNAUTHENTICATED", null);
		}
		assertFailed(changePassword(this.api.as(account), account.password(), "a new password"), "changePassword",
				"UNAUTHENTICATED", null);
		assertFailed(run(this.api.as(account), CREATE_PROFILE, "d", "ghost"), "createProfile", "UNAUTHENTICATED", null);
		assertThat(rowsWithUsername(account.username())).isZero();
		assertThat(storedProfile(account.id())).isNull();
		assertThat(rowsWithUsername(other.username())).isOne();
		assertThat(storedProfile(other.id())).isEqualTo(otherBefore);
	}

	@Test
	void tokensFromBeforeAPasswordChangeAuthenticateNoOneAndOneIssuedSinceDoes() {
		Account account = this.api.signUp("rotated");
		this.api.createProfile(account, "Written before");
		String otherDevice = logIn(account.username(), account.password()).path("logIn.token")
			.entity(String.class)
			.get();
		changePassword(this.api.as(account), account.password(), "brand-new-password").errors().verify();
		Map<String, Object> before = storedProfile(account.id());

		for (String earlier : List.of(account.token(), otherDevice)) {
			this.api.as(earlier).document(ME).execute().path("me").valueIsNull();
			assertFailed(run(this.api.as(earlier), UPDATE_PROFILE, "id", account.gid(), "d", "Stale"), "updateProfile",
					"UNAUTHENTICATED", null);
			// who may comes before what: a refused description changes nothing
			assertFailed(run(this.api.as(earlier), UPDATE_PROFILE, "id", account.gid(), "d", " "), "updateProfile",
					"UNAUTHENTICATED", null);
			assertFailed(run(this.api.as(earlier), DELETE_PROFILE, "id", account.gid()), "deleteProfile",
					"UNAUTHENTICATED", null);
			assertFailed(run(this.api.as(earlier), DELETE_USER, "id", account.gid()), "deleteUser", "UNAUTHENTICATED",
					null);
			assertFailed(run(this.api.as(earlier), CREATE_PROFILE, "d", "x"), "createProfile", "UNAUTHENTICATED", null);
		}
		assertThat(storedProfile(account.id())).isEqualTo(before);
		assertThat(rowsWithUsername(account.username())).isOne();

		// the account itself still may, with a token issued since
		String fresh = logIn(account.username(), "brand-new-password").path("logIn.token").entity(String.class).get();
		expect(this.api.as(fresh).document(ME).execute(), "me.id", account.gid());
		run(this.api.as(fresh), UPDATE_PROFILE, "id", account.gid(), "d", "Written since").path("updateProfile")
			.hasValue();
		assertThat(storedProfile(account.id())).containsEntry("description", "Written since");
	}

	@Test
	void changePasswordToOneOf128CharactersReplacesTheOldPassword() {
		Account account = this.api.signUp("chpw");
		String newPassword = (account.username() + "p".repeat(128)).substring(0, 128);
		String hashBefore = storedHash(account.id());

		expect(changePassword(this.api.as(account), account.password(), newPassword), "changePassword",
				Map.of("id", account.gid(), "username", account.username(), "email", account.email()));

		String hashAfter = storedHash(account.id());
		assertThat(hashAfter).startsWith("{argon2}").isNotEqualTo(hashBefore).doesNotContain(newPassword);
		assertFailed(logIn(account.username(), account.password()), "logIn", "UNAUTHENTICATED", null);
		expect(logIn(account.username(), newPassword), "logIn.user.id", account.gid());
	}

	@ParameterizedTest
	@CsvSource({ "wrong current password, BAD_USER_INPUT, currentPassword",
			"new of 7 characters, BAD_USER_INPUT, newPassword", "new of 129 characters, BAD_USER_INPUT, newPassword",
			"no token, UNAUTHENTICATED," })
	void aRefusedChangePasswordChangesNothing(String refusal, String code, String field) {
		Account account = this.api.signUp("chpw-refused");
		Map<String, Object> before = storedRow(account.id());
		String current = refusal.startsWith("wrong") ? account.password() + "x" : account.password();
		String next = switch (refusal) {
			case "new of 7 characters" -> "Sev3n!x";
			case "new of 129 characters" -> "p".repeat(128) + "!";
			default -> "brand new password";
		};
		HttpGraphQlTester client = refusal.equals("no token") ? this.api.anonymous() : this.api.as(account);

		assertFailed(changePassword(client, current, next), "changePassword", code, field);

		assertThat(storedRow(account.id())).isEqualTo(before);
		expect(logIn(account.username(), account.password()), "logIn.user.id", account.gid());
	}

	@Test
	void changePasswordKeepsNoTransactionOpenWhileItChecksTheCurrentPassword() throws Exception {
		Account account = this.api.signUp("chpw-notx");
		// Its own parameters make checking against this hash take seconds.
		this.jdbc.update("UPDATE site_user SET password_hash = ? WHERE id = ?", PasswordHashingTurnsTests.SLOW_HASH,
				account.id());
		CompletableFuture<GraphQlTester.Response> checking = CompletableFuture
			.supplyAsync(() -> changePassword(this.api.as(account), account.password(), "brand new password"));
		Thread.sleep(500);
		assertThat(checking).as("the slow check is still running").isNotDone();

		// A transaction open through the slow hash would hold a pooled connection,
		// idle in transaction, for all that time.
		assertThat(this.jdbc.queryForObject("""
				SELECT count(*) FROM pg_stat_activity
				WHERE datname = current_database() AND state LIKE 'idle in transaction%'""", Integer.class)).isZero();
		assertFailed(checking.get(60, TimeUnit.SECONDS), "changePassword", "BAD_USER_INPUT", "currentPassword");
	}

	@Test
	void passwordsAndHashesNeverAppearInAnyResponseBody() throws Exception {
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
		long key = this.jdbc.queryForObject("SELECT id FROM site_user WHERE username = ?", Long.class, username);
		String id = new GlobalId("User", key).encode();
		String hash = storedHash(key);

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
		String newHash = storedHash(key);
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

	/** A refused token: mutations fail, and queries answer as anonymous. */
	@SuppressWarnings("unchecked")
	private void assertRefused(String token, Account subject) throws Exception {
		String originalUsername = subject.username();
		this.api.createProfile(subject, "Profile of " + originalUsername);

		GraphQlHttpClient.GraphQlResult response = this.api.client()
			.send(token, Api.document("publicRead"), Map.of("id", subject.gid(), "username", subject.username()));
		assertThat(response.ok()).as(response.body()).isTrue();
		Map<?, ?> data = response.data();
		assertThat(data.get("me")).isNull();
		Map<?, ?> user = (Map<?, ?>) data.get("user");
		assertThat(user.get("id")).isEqualTo(subject.gid());
		assertThat(user.get("username")).isEqualTo(originalUsername);
		assertThat(user.containsKey("email")).isTrue();
		assertThat(user.get("email")).isNull();
		assertThat(((Map<?, ?>) user.get("profile")).get("description")).isEqualTo("Profile of " + originalUsername);
		Map<?, ?> users = (Map<?, ?>) data.get("users");
		assertThat(users.get("totalCount")).isEqualTo(1);
		assertThat((List<Map<String, Object>>) users.get("nodes")).singleElement()
			.satisfies(node -> assertThat(node).containsEntry("id", subject.gid()).containsEntry("email", null));

		assertFailed(run(this.api.as(token), UPDATE_USERNAME, "id", subject.gid(), "username", "stolen"), "updateUser",
				"UNAUTHENTICATED", null);
		assertFailed(changePassword(this.api.as(token), subject.password(), "stolen password"), "changePassword",
				"UNAUTHENTICATED", null);
		assertFailed(run(this.api.as(token), DELETE_USER, "id", subject.gid()), "deleteUser", "UNAUTHENTICATED", null);

		assertThat(rowsWithUsername(originalUsername)).isOne();
		// the account still works with its own credentials
		expect(logIn(originalUsername, subject.password()), "logIn.user.id", subject.gid());
	}

	private GraphQlTester.Response signUp(String username, String email, String password) {
		return run(this.api.anonymous(), SIGN_UP, "input",
				Map.of("username", username, "email", email, "password", password));
	}

	private GraphQlTester.Response logIn(String username, String password) {
		return run(this.api.anonymous(), LOG_IN, "input", Map.of("username", username, "password", password));
	}

	private static GraphQlTester.Response changePassword(HttpGraphQlTester client, String current, String next) {
		return run(client, CHANGE_PASSWORD, "input", Map.of("currentPassword", current, "newPassword", next));
	}

	/**
	 * A valid sign-up input, but that its {@code field} has {@code length} characters.
	 */
	private static Map<String, String> inputWith(String field, int length) {
		String username = Api.uniqueName("limit");
		String email = username + "@example.com";
		String password = "long enough password";
		String filler = username + "x".repeat(130);
		switch (field) {
			case "username" -> username = filler.substring(0, length);
			case "email" -> email = filler.substring(0, length - "@example.com".length()) + "@example.com";
			default -> password = filler.substring(0, length);
		}
		return Map.of("username", username, "email", email, "password", password);
	}

	private Account signUpAccount(String prefix, String password) {
		String username = Api.uniqueName(prefix);
		return this.api.signUp(username, username + "@example.com", password);
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

	private Map<String, Object> storedRow(long id) {
		return this.jdbc.queryForMap("SELECT * FROM site_user WHERE id = ?", id);
	}

	private Map<String, Object> storedProfile(long id) {
		List<Map<String, Object>> rows = this.jdbc.queryForList("SELECT * FROM profile WHERE site_user_id = ?", id);
		return rows.isEmpty() ? null : rows.get(0);
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

	/**
	 * The response body as the client receives it, after checking it came with HTTP 200.
	 */
	private String raw(String token, String document, Map<String, Object> variables) throws Exception {
		GraphQlHttpClient.GraphQlResult result = this.api.client().send(token, document, variables);
		assertThat(result.status()).as(result.body()).isEqualTo(200);
		return result.body();
	}

}
