package com.example.userprofiles.graphql;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.example.userprofiles.support.Api;
import com.example.userprofiles.support.IntegrationTest;
import com.example.userprofiles.support.SqlStatements;
import graphql.introspection.IntrospectionQuery;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.graphql.ResponseError;
import org.springframework.graphql.test.tester.GraphQlTester;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** No single request can make the server or the database work without bound. */
@IntegrationTest
class RequestLimitsTests {

	@Autowired
	Api api;

	@Autowired
	SqlStatements sql;

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void aQueryDeeperThanTwelveIsRefusedBeforeItTouchesTheDatabase() {
		assertRefusedWithoutSql(this.api.anonymous().document("{ " + nested(13) + " }"));
	}

	@Test
	void aQueryTwelveDeepRuns() {
		this.api.anonymous().document("{ " + nested(12) + " }").execute().errors().verify();
	}

	@Test
	void aQueryDeeperThanTwelveIsRefusedEachTimeItIsSent() {
		String document = "{ " + nested(13) + " }";
		assertRefusedWithoutSql(this.api.anonymous().document(document));
		assertRefusedWithoutSql(this.api.anonymous().document(document));
	}

	@Test
	void eachOperationOfADocumentHasItsOwnDepth() {
		String document = "query Shallow { users(first: 1) { nodes { id } } } query Deep { " + nested(13) + " }";
		assertRefusedWithoutSql(this.api.anonymous().document(document).operationName("Deep"));
		this.api.anonymous().document(document).operationName("Shallow").execute().errors().verify();
		assertRefusedWithoutSql(this.api.anonymous().document(document).operationName("Deep"));
	}

	@Test
	void aDeepSelectionCountsOnlyWhenIncluded() {
		String document = "query($deep: Boolean!) { users(first: 1) { nodes { id } } ... @include(if: $deep) { "
				+ nested(13) + " } }";
		this.api.anonymous().document(document).variable("deep", false).execute().errors().verify();
		assertRefusedWithoutSql(this.api.anonymous().document(document).variable("deep", true));
		this.api.anonymous().document(document).variable("deep", false).execute().errors().verify();
	}

	@Test
	void sixtyAliasedPagesOfAHundredUsersWithProfilesAreRefusedBeforeTheyTouchTheDatabase() {
		StringBuilder document = new StringBuilder("{");
		for (int i = 0; i < 60; i++) {
			document.append(" p")
				.append(i)
				.append(": users(first: 100) { edges { node { id username profile { description } } } }");
		}
		String text = document.append(" }").toString();
		assertRefusedWithoutSql(this.api.anonymous().document(text));
		// again: the second time, the document comes from the document cache
		assertRefusedWithoutSql(this.api.anonymous().document(text));
	}

	@Test
	void theCostOfAPageCountsItsSizeGivenAsAVariable() {
		String page = "users(first: $size) { edges { node { id username profile { description } } } }";
		StringBuilder document = new StringBuilder("query($size: Int) {");
		for (int i = 0; i < 10; i++) {
			document.append(" p").append(i).append(": ").append(page);
		}
		document.append(" }");
		this.api.anonymous().document(document.toString()).variable("size", 5).execute().errors().verify();
		assertRefusedWithoutSql(this.api.anonymous().document(document.toString()).variable("size", 100));
	}

	@Test
	void aFullPageOfAHundredUsersWithProfilesRuns() {
		this.api.anonymous()
			.document("{ users(first: 100) { totalCount pageInfo { hasNextPage endCursor } "
					+ "edges { cursor node { id username createdAt updatedAt profile { id description user { id } } } } } }")
			.execute()
			.errors()
			.verify();
	}

	@Test
	void graphiqlsIntrospectionQueryRuns() {
		this.api.anonymous()
			.document(IntrospectionQuery.INTROSPECTION_QUERY)
			.execute()
			.path("__schema.queryType.name")
			.entity(String.class)
			.isEqualTo("Query");
	}

	@Test
	void aDocumentOfMoreThan65536CharactersIsRefused() {
		String padding = "#" + "x".repeat(70_000) + "\n";
		assertRefusedWithoutSql(this.api.anonymous().document(padding + "{ users { nodes { id } } }"));
	}

	@Test
	void aDocumentOfMoreThan5000TokensIsRefused() {
		String fields = "id ".repeat(6000);
		assertRefusedWithoutSql(this.api.anonymous().document("{ users { nodes { " + fields + "} } }"));
	}

	@Test
	void twoAliasedLogInsInOneDocumentAreRefusedAsAWhole() {
		String logIn = "logIn(input: { username: \"nobody\", password: \"password1\" }) { token }";
		assertRefusedWithoutSql(this.api.anonymous().document("mutation { a: " + logIn + " b: " + logIn + " }"));
	}

	@Test
	void credentialFieldsHiddenInFragmentsAreCountedToo() {
		String document = """
				mutation { ...Guesses ... on Mutation { c: logIn(input: { username: "nobody", password: "password3" }) { token } } }
				fragment Guesses on Mutation {
				  a: logIn(input: { username: "nobody", password: "password1" }) { token }
				}""";
		assertRefusedWithoutSql(this.api.anonymous().document(document));
	}

	@Test
	void aSignUpAndALogInInOneDocumentAreRefusedAsAWhole() {
		String name = Api.uniqueName("twocreds");
		String document = "mutation { signUp(input: { username: \"" + name + "\", email: \"" + name
				+ "@example.com\", password: \"password1\" }) { token } "
				+ "logIn(input: { username: \"nobody\", password: \"password1\" }) { token } }";
		assertRefusedWithoutSql(this.api.anonymous().document(document));
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM site_user WHERE username = ?", Integer.class, name))
			.isZero();
	}

	@Test
	void aTwelveMegabyteBodyIsRefusedWithA4xx() {
		String body = "{\"query\": \"{ users { nodes { id } } }\", \"variables\": {\"x\": \""
				+ "a".repeat(12 * 1024 * 1024) + "\"}}";
		this.api.http()
			.post()
			.uri("/graphql")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange()
			.expectStatus()
			.value(status -> assertThat(status).isIn(400, 413));
	}

	/**
	 * 30 fragments, each spreading the next twice: a document of 2 KB whose fragments,
	 * expanded, hold 2^30 fields. graphql-java merges them into a few; a walk of the
	 * document that expands every spread takes minutes of a core for each such request.
	 */
	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "Query", "UserConnection" })
	void aDocumentSpreadingEachFragmentTwiceIsAnsweredAtOnce(String type) {
		StringBuilder document = new StringBuilder(
				type.equals("Query") ? "{ ...F0 }\n" : "{ users(first: 1) { ...F0 } }\n");
		int levels = 30;
		for (int i = 0; i < levels; i++) {
			document.append("fragment F%d on %s { __typename ...F%d a%d: __typename ...F%d }\n".formatted(i, type,
					i + 1, i, i + 1));
		}
		document.append("fragment F%d on %s { __typename }\n".formatted(levels, type));
		assertTimeoutPreemptively(Duration.ofSeconds(10),
				() -> this.api.anonymous().document(document.toString()).execute().errors().verify());
	}

	@Test
	void everyDatabaseConnectionHasAStatementTimeout() {
		assertThat(this.jdbc.queryForObject("SHOW statement_timeout", String.class)).isEqualTo("5s");
	}

	@Test
	void refusedQueriesLeaveNothingBehindForTheNextRequestOnTheirThread() {
		// A refused query must not leave a read-only snapshot transaction bound to its
		// server thread, where the next mutation would fail to write.
		for (int i = 0; i < 30; i++) {
			this.api.anonymous()
				.document("{ " + nested(13) + " }")
				.execute()
				.errors()
				.satisfy(errors -> assertThat(errors).hasSize(1));
		}
		for (int i = 0; i < 30; i++) {
			this.api.signUp("afterrefusal");
		}
	}

	@Test
	void aStatementRunningLongerThanTheTimeoutIsCancelled() {
		long start = System.nanoTime();
		assertThatExceptionOfType(DataAccessException.class)
			.isThrownBy(() -> this.jdbc.queryForObject("SELECT pg_sleep(30)", String.class));
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
	}

	/**
	 * {@code profiles { nodes { user { profile { user ... } } } } }, {@code depth} fields
	 * deep.
	 */
	private static String nested(int depth) {
		List<String> fields = new java.util.ArrayList<>(List.of("profiles", "nodes"));
		while (fields.size() < depth - 1) {
			fields.add((fields.size() % 2 == 0) ? "user" : "profile");
		}
		String leaf = fields.get(fields.size() - 1).equals("user") || fields.get(fields.size() - 1).equals("nodes")
				? "id" : "description";
		StringBuilder query = new StringBuilder();
		fields.forEach(field -> query.append(field).append(" { "));
		query.append(leaf);
		fields.forEach(field -> query.append(" }"));
		return query.toString();
	}

	private void assertRefusedWithoutSql(GraphQlTester.Request<?> request) {
		this.sql.clear();
		request.execute().errors().satisfy(RequestLimitsTests::assertOneBadUserInput);
		assertThat(this.sql.all()).as("SQL sent").isEmpty();
	}

	private static void assertOneBadUserInput(List<ResponseError> errors) {
		assertThat(errors).hasSize(1);
		assertThat(errors.get(0).getExtensions()).containsEntry("code", "BAD_USER_INPUT");
	}

	static Map<String, Object> variables(String name, Object value) {
		return Map.of(name, value);
	}

}
