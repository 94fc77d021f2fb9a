package com.example.userprofiles;

import java.util.List;
import java.util.Map;

import com.example.userprofiles.support.Api;
import com.example.userprofiles.support.IntegrationTest;
import com.example.userprofiles.support.SqlStatements;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.graphql.ResponseError;
import org.springframework.http.MediaType;

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

	@Test
	void aSyntaxErrorIsBadUserInput() {
		this.api.anonymous()
			.document("{ users(first: 1) { nodes { id }")
			.execute()
			.errors()
			.satisfy(errors -> assertThat(errors).singleElement()
				.satisfies(error -> assertThat(error.getExtensions()).containsEntry("code", "BAD_USER_INPUT")));
	}

	@Test
	void anUnknownFieldIsBadUserInput() {
		this.api.anonymous()
			.document("{ users { nodes { passwordHash } } }")
			.execute()
			.errors()
			.satisfy(errors -> assertThat(errors).singleElement()
				.satisfies(error -> assertThat(error.getExtensions()).containsEntry("code", "BAD_USER_INPUT")));
	}

	@Test
	void aVariableOfTheWrongTypeIsBadUserInput() {
		this.api.anonymous()
			.document("query($first: Int) { users(first: $first) { nodes { id } } }")
			.variable("first", "many")
			.execute()
			.errors()
			.satisfy(errors -> assertThat(errors).singleElement()
				.satisfies(error -> assertThat(error.getExtensions()).containsEntry("code", "BAD_USER_INPUT")));
	}

	@Test
	void aMissingRequiredVariableIsBadUserInput() {
		this.api.anonymous()
			.document("query($id: ID!) { user(id: $id) { id } }")
			.execute()
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
	void aNulCharacterInALiteralIsRefusedToo() {
		this.api.anonymous()
			.document("{ users(filter: { username: { contains: \"a\\u0000b\" } }) { totalCount } }")
			.execute()
			.errors()
			.satisfy(errors -> assertThat(errors).singleElement()
				.satisfies(error -> assertThat(error.getExtensions()).containsEntry("code", "BAD_USER_INPUT")));
	}

	@Test
	void aCursorPointingOutsideWhatTheDatabaseStoresIsBadUserInput() {
		String cursor = java.util.Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString("c1:users-CREATED_AT-ASC:%2B999999999-12-31T23%3A59%3A59Z:1".getBytes());
		this.api.anonymous()
			.document("query($after: String) { users(after: $after, orderBy: { field: CREATED_AT }) { nodes { id } } }")
			.variable("after", cursor)
			.execute()
			.errors()
			.satisfy(errors -> {
				assertThat(errors).singleElement()
					.satisfies(error -> assertThat(error.getExtensions()).containsEntry("code", "BAD_USER_INPUT"));
				assertNoInternals(errors);
			});
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
	void errorsOfAFailedMutationLeaveDataWithTheFieldNull() {
		Map<String, Object> data = this.api.anonymous()
			.document("mutation { deleteProfile(userId: \"1\") { deletedProfileId } }")
			.execute()
			.errors()
			.satisfy(errors -> Api.assertSingleError(errors, "deleteProfile", "UNAUTHENTICATED", null))
			.path("")
			.entity(Map.class)
			.get();
		assertThat(data).containsEntry("deleteProfile", null);
	}

	private static void assertNoInternals(List<ResponseError> errors) {
		errors.forEach(error -> assertThat(error.getMessage()).doesNotContainIgnoringCase("select")
			.doesNotContainIgnoringCase("sql")
			.doesNotContain("Exception")
			.doesNotContain("org.")
			.doesNotContain("site_user"));
	}

}
