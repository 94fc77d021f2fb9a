package com.example.userprofiles.graphql;

import java.util.List;
import java.util.Map;

import com.example.userprofiles.support.Api;
import com.example.userprofiles.support.IntegrationTest;
import com.example.userprofiles.support.SqlStatements;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.graphql.ResponseError;
import org.springframework.graphql.test.tester.GraphQlTester;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A connection field costs at least the statements it sends, whatever the page size it
 * asks for: an empty page ({@code first: 0} or {@code last: 0}) still runs its page
 * statement, and {@code totalCount} a {@code count(*)} over every matching row. So a
 * document of hundreds of aliased counts, small enough for the token limit, is refused
 * like any other that costs too much, while a few counts still run.
 */
@IntegrationTest
class ConnectionCostTests {

	/** Matches most users: each count reads nearly the whole table. */
	private static final Map<String, Object> BROAD_FILTER = Map.of("username", Map.of("contains", "e"));

	@Autowired
	Api api;

	@Autowired
	SqlStatements sql;

	@Test
	void threeHundredAliasedCountsOfEmptyPagesAreRefusedBeforeTheyTouchTheDatabase() {
		String document = aliases(300, "query($f: UserFilter) {", "users(first: 0, filter: $f) { totalCount }");
		assertRefusedWithoutSql(this.api.anonymous().document(document).variable("f", BROAD_FILTER));
		String backward = aliases(300, "query($f: UserFilter) {", "users(last: 0, filter: $f) { totalCount }");
		assertRefusedWithoutSql(this.api.anonymous().document(backward).variable("f", BROAD_FILTER));
	}

	@Test
	void aliasedCountsOfPagesSizedZeroByAVariableAreRefusedToo() {
		String document = aliases(300, "query($n: Int, $f: ProfileFilter) {",
				"profiles(first: $n, filter: $f) { totalCount }");
		assertRefusedWithoutSql(this.api.anonymous()
			.document(document)
			.variable("n", 0)
			.variable("f", Map.of("description", Map.of("contains", "e"))));
	}

	@Test
	void aliasedEmptyPagesAreRefusedEvenWithoutACount() {
		// no count, but each alias still runs its page statement
		String document = aliases(300, "{", "users(first: 0) { pageInfo { hasNextPage } }");
		assertRefusedWithoutSql(this.api.anonymous().document(document));
	}

	@Test
	void aFewCountsInOneDocumentStillRun() {
		String document = aliases(10, "query($f: UserFilter) {", "users(first: 0, filter: $f) { totalCount }");
		this.api.anonymous().document(document).variable("f", BROAD_FILTER).execute().errors().verify();
	}

	/**
	 * {@code count} aliases of {@code field} in one operation that starts with
	 * {@code head}.
	 */
	private static String aliases(int count, String head, String field) {
		StringBuilder document = new StringBuilder(head);
		for (int i = 0; i < count; i++) {
			document.append(" c").append(i).append(": ").append(field);
		}
		return document.append(" }").toString();
	}

	private void assertRefusedWithoutSql(GraphQlTester.Request<?> request) {
		this.sql.clear();
		request.execute().errors().satisfy(ConnectionCostTests::assertRefusedForItsCost);
		assertThat(this.sql.all()).as("SQL sent").isEmpty();
	}

	/** The cost limit's refusal, and not another limit's (tokens, depth). */
	private static void assertRefusedForItsCost(List<ResponseError> errors) {
		assertThat(errors).singleElement().satisfies(error -> {
			assertThat(error.getExtensions()).containsEntry("code", "BAD_USER_INPUT");
			assertThat(error.getMessage()).contains("maximum query complexity exceeded");
		});
	}

}
