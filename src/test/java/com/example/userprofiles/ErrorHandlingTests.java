package com.example.userprofiles;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.example.userprofiles.support.Api;
import com.example.userprofiles.support.Api.Account;
import com.example.userprofiles.support.IntegrationTest;
import com.example.userprofiles.support.SqlStatements;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.graphql.ResponseError;
import org.springframework.graphql.test.tester.GraphQlTester;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whatever a client sends, the answer is a GraphQL error with a code, never a stack
 * trace, SQL or a class name.
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
		this.api.anonymous()
			.document("query($name: String!) { userByUsername(username: $name) { id } me { id } }")
			.variable("name", "nul\u0000byte")
			.execute()
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
		this.api.anonymous()
			.document(document)
			.variable("after", createdAtCursor("2000-01-01T00%3A00%3A00Z"))
			.execute()
			.errors()
			.verify();
		// one the server itself cannot read is refused before the database, naming
		// the argument
		this.api.anonymous()
			.document(document)
			.variable("after", createdAtCursor("not-a-time"))
			.execute()
			.errors()
			.satisfy(errors -> Api.assertSingleError(errors, "users", "BAD_USER_INPUT", "after"));

		// Java reads the year 999999999, PostgreSQL's timestamptz ends at 294276: such a
		// cursor was forged, and is refused before the database too, naming the
		// argument (sent on, the database's refusal named none)
		this.sql.clear();
		this.api.anonymous()
			.document(document)
			.variable("after", createdAtCursor("%2B999999999-12-31T23%3A59%3A59Z"))
			.execute()
			.errors()
			.satisfy(errors -> {
				Api.assertSingleError(errors, "users", "BAD_USER_INPUT", "after");
				assertNoInternals(errors);
			});
		assertThat(this.sql.executed()).noneSatisfy(statement -> assertThat(statement.parameters())
			.contains(OffsetDateTime.parse("+999999999-12-31T23:59:59Z")));
	}

	private static String createdAtCursor(String createdAt) {
		return Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString(("c1:users-CREATED_AT-ASC:" + createdAt + ":1").getBytes(StandardCharsets.UTF_8));
	}

	@Test
	void malformedJsonIsRefusedWithA4xxAndNoDetails() {
		String body = this.api.http()
			.post()
			.uri("/graphql")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"query\": ")
			.exchange()
			.expectStatus()
			.is4xxClientError()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(String.valueOf(body)).doesNotContain("Exception")
			.doesNotContain("at com.")
			.doesNotContain("at org.");
	}

	@Test
	void errorsOfAFailedMutationLeaveDataWithTheFieldNullAndChangeNothing() {
		Account bob = this.api.signUp("failedmutation");
		this.api.createProfile(bob, "Still here");
		Map<String, Object> before = this.jdbc.queryForMap("SELECT * FROM profile WHERE site_user_id = ?", bob.id());

		Map<String, Object> data = this.api.anonymous()
			.document("mutation($id: ID!) { deleteProfile(userId: $id) { deletedProfileId } }")
			.variable("id", bob.gid())
			.execute()
			.errors()
			.satisfy(errors -> Api.assertSingleError(errors, "deleteProfile", "UNAUTHENTICATED", null))
			.path("")
			.entity(Map.class)
			.get();
		assertThat(data).containsEntry("deleteProfile", null);
		assertThat(this.jdbc.queryForList("SELECT * FROM profile WHERE site_user_id = ?", bob.id()))
			.containsExactly(before);
	}

	private static void assertNoInternals(List<ResponseError> errors) {
		errors.forEach(error -> assertThat(error.getMessage()).doesNotContainIgnoringCase("select")
			.doesNotContainIgnoringCase("sql")
			.doesNotContain("Exception")
			.doesNotContain("org.")
			.doesNotContain("site_user"));
	}

}
