package com.example.userprofiles.user;

import com.example.userprofiles.auth.AuthProperties;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import com.example.userprofiles.support.Api;
import com.example.userprofiles.support.Api.Account;
import com.example.userprofiles.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.graphql.ResponseError;
import org.springframework.graphql.test.tester.HttpGraphQlTester;
import org.springframework.jdbc.core.JdbcTemplate;

import static com.example.userprofiles.support.Api.expect;
import static com.example.userprofiles.support.Api.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/** The configured administrator may change anything; nobody becomes one via the API. */
@IntegrationTest
class AdminTests {

	private static final String RENAME = "mutation($id: ID!, $name: String) { updateUser(input: { id: $id, username: $name }) { username } }";

	private static final String UPDATE_PROFILE = "mutation($id: ID!) { updateProfile(input: { userId: $id, description: \"After\" }) { description } }";

	private static final String DELETE_PROFILE = "mutation($id: ID!) { deleteProfile(userId: $id) { deletedProfileId } }";

	private static final String DELETE_USER = "mutation($id: ID!) { deleteUser(id: $id) { deletedUserId } }";

	@Autowired
	Api api;

	@Autowired
	JdbcTemplate jdbc;

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
