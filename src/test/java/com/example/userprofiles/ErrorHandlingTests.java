package com.example.userprofiles;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.example.userprofiles.support.Api.Account;
import com.example.userprofiles.support.Api;
import com.example.userprofiles.support.IntegrationTest;
import com.example.userprofiles.support.SqlStatements;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.graphql.ResponseError;
import org.springframework.graphql.test.tester.GraphQlTester;
import org.springframework.jdbc.core.JdbcTemplate;

import static com.example.userprofiles.support.Api.run;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whatever a client sends, a coded GraphQL error, never a trace or SQL; an {@code ID}
 * that is no positive decimal is {@code BAD_USER_INPUT}.
 */
@IntegrationTest
class ErrorHandlingTests {

	@Autowired
	Api api;

	@Autowired
	SqlStatements sql;

	@Autowired
	JdbcTemplate jdbc;

	/** Each document fails GraphQL's parsing, validation or variable coercion. */
	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', value = { "a syntax error|{ users(first: 1) { nodes { id }|",
			"an unknown field|{ users { nodes { passwordHash } } }|",
			"a variable of the wrong type|query($first: Int) { users(first: $first) { nodes { id } } }|many",
			"a missing required variable|query($id: ID!) { user(id: $id) { id } }|",
			"a NUL character in a literal|{ users(filter: { username: { contains: \"a\\u0000b\" } }) { totalCount } }|" })
	void aRequestGraphQlRefusesIsBadUserInput(String refusal, String document, String first) {
		GraphQlTester.Request<?> request = this.api.anonymous().document(document);
		if (first != null) {
			request = request.variable("first", first);
		}
		request.execute()
			.errors()
			.satisfy(errors -> assertThat(errors).singleElement()
				.satisfies(error -> assertThat(error.getExtensions()).containsEntry("code", "BAD_USER_INPUT")));
	}

	@Test
	void aNulCharacterTheDatabaseCannotStoreIsRefusedBeforeTheQueryRuns() {
		this.sql.clear();
		run(this.api.anonymous(), "query($name: String!) { userByUsername(username: $name) { id } me { id } }", "name",
				"nul\u0000byte")
			.errors()
			.satisfy(errors -> {
				assertThat(errors).singleElement()
					.satisfies(error -> assertThat(error.getExtensions()).containsEntry("code", "BAD_USER_INPUT"));
				assertNoInternals(errors);
			});
		assertThat(this.sql.all()).isEmpty();
	}

	@Test
	void aCursorPointingOutsideWhatTheDatabaseStoresIsBadUserInput() {
		String document = "query($after: String) { users(first: 1, after: $after, orderBy: { field: CREATED_AT }) { nodes { id } } }";
		// the control: a cursor of the same shape at a time PostgreSQL can hold is read
		run(this.api.anonymous(), document, "after", createdAtCursor("2000-01-01T00%3A00%3A00Z")).errors().verify();
		// one the server cannot read is refused before the database, naming it
		run(this.api.anonymous(), document, "after", createdAtCursor("not-a-time")).errors()
			.satisfy(errors -> Api.assertSingleError(errors, "users", "BAD_USER_INPUT", "after"));

		// a year past timestamptz's 294276 is refused before the database too
		this.sql.clear();
		run(this.api.anonymous(), document, "after", createdAtCursor("%2B999999999-12-31T23%3A59%3A59Z")).errors()
			.satisfy(errors -> {
				Api.assertSingleError(errors, "users", "BAD_USER_INPUT", "after");
				assertNoInternals(errors);
			});
		assertThat(this.sql.executed()).noneSatisfy(statement -> assertThat(statement.parameters())
			.contains(OffsetDateTime.parse("+999999999-12-31T23:59:59Z")));
	}

	private static String createdAtCursor(String createdAt) {
		return Api.base64("c1:users-CREATED_AT-ASC:" + createdAt + ":1");
	}

	private static void assertNoInternals(List<ResponseError> errors) {
		errors.forEach(error -> assertThat(error.getMessage()).doesNotContainIgnoringCase("select")
			.doesNotContainIgnoringCase("sql")
			.doesNotContain("Exception")
			.doesNotContain("org.")
			.doesNotContain("site_user"));
	}

	private static final List<String> INVALID_IDS = List.of("0", "-1", "abc");

	private static final List<IdArgument> ID_ARGUMENTS = List.of(
			new IdArgument("user", "id", "query($id: ID!) { user(id: $id) { id } }"),
			new IdArgument("profile", "userId", "query($id: ID!) { profile(userId: $id) { id } }"),
			new IdArgument("updateUser", "id",
					"mutation($id: ID!, $text: String) { updateUser(input: { id: $id, username: $text }) { id } }"),
			new IdArgument("deleteUser", "id", "mutation($id: ID!) { deleteUser(id: $id) { deletedUserId } }"),
			new IdArgument("createProfile", "userId",
					"mutation($id: ID, $text: String!) { createProfile(input: { userId: $id, description: $text }) { id } }"),
			new IdArgument("updateProfile", "userId",
					"mutation($id: ID!, $text: String!) { updateProfile(input: { userId: $id, description: $text }) { id } }"),
			new IdArgument("deleteProfile", "userId",
					"mutation($id: ID!) { deleteProfile(userId: $id) { deletedProfileId } }"));

	static Stream<Arguments> everyIdArgumentWithEachInvalidId() {
		return ID_ARGUMENTS.stream().flatMap(argument -> INVALID_IDS.stream().map(id -> Arguments.of(argument, id)));
	}

	@ParameterizedTest(name = "{0} = \"{1}\"")
	@MethodSource("everyIdArgumentWithEachInvalidId")
	void anIdThatIsNoPositiveNumberIsBadUserInputNamingTheArgumentAndChangesNothing(IdArgument argument, String id) {
		// signed in, so a mutation gets past authentication to its id; with a profile
		// except for createProfile, so that one would have something to create
		Account account = this.api.signUp("badid");
		if (!argument.field().equals("createProfile")) {
			this.api.createProfile(account, "Before " + argument.field());
		}
		List<Map<String, Object>> userBefore = userRows(account.id());
		List<Map<String, Object>> profileBefore = profileRows(account.id());
		int users = count("site_user");
		int profiles = count("profile");

		GraphQlTester.Response response = run(this.api.as(account), argument.document(), "id", id, "text",
				Api.uniqueName("changed"));

		Api.assertFailed(response, argument.field(), "BAD_USER_INPUT", argument.argument());
		assertThat(userRows(account.id())).isEqualTo(userBefore);
		assertThat(profileRows(account.id())).isEqualTo(profileBefore);
		assertThat(count("site_user")).isEqualTo(users);
		assertThat(count("profile")).isEqualTo(profiles);
	}

	@ParameterizedTest(name = "profileChanged(userId) = \"{0}\"")
	@ValueSource(strings = { "0", "-1", "abc" })
	void aSubscriptionToAnIdThatIsNoPositiveNumberIsBadUserInputNamingUserId(String id) {
		this.api.subscriber(null)
			.document("subscription($id: ID!) { profileChanged(userId: $id) { kind } }")
			.variable("id", id)
			.execute()
			.errors()
			.satisfy(errors -> Api.assertSingleError(errors, "profileChanged", "BAD_USER_INPUT", "userId"));
	}

	private List<Map<String, Object>> userRows(long id) {
		return this.jdbc.queryForList("SELECT * FROM site_user WHERE id = ?", id);
	}

	private List<Map<String, Object>> profileRows(long id) {
		return this.jdbc.queryForList("SELECT * FROM profile WHERE site_user_id = ?", id);
	}

	private int count(String table) {
		return this.jdbc.queryForObject("SELECT count(*) FROM " + table, Integer.class);
	}

	/** A root field with an {@code ID} argument, and a document that sets it to $id. */
	record IdArgument(String field, String argument, String document) {

		@Override
		public String toString() {
			return this.field + "(" + this.argument + ")";
		}

	}

}
