package com.example.userprofiles;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.IntStream;

import com.example.userprofiles.graphql.Cursor;
import com.example.userprofiles.support.Api;
import com.example.userprofiles.support.GenericPlans;
import com.example.userprofiles.support.IntegrationTest;
import com.example.userprofiles.support.SqlStatements;
import com.example.userprofiles.support.SqlStatements.Executed;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import static com.example.userprofiles.support.Api.run;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Filters and deep pages use the indexes, in the custom and the generic plan of the SQL
 * the server sends. The plans are made in one transaction against temporary
 * {@code site_user} and {@code profile} tables (which PostgreSQL looks in first) of
 * {@value #USERS} known users, analyzed in full, so they are the same on every run.
 */
@IntegrationTest
class QueryPlanTests {

	// under ANALYZE's sample of 30,000 rows: it reads them all
	private static final int USERS = 20_000;

	private static final String PREFIX = "planned.";

	@Autowired
	Api api;

	@Autowired
	SqlStatements sql;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	TransactionTemplate transactions;

	@Test
	void startsWithOnUsernamesUsesThePrefixIndex() {
		List<String> plans = onOwnTables(() -> plans(pageQuery("{ users(first: 20, filter: { username: { startsWith: \""
				+ PREFIX + "0001\" } }) { nodes { id } } }")));
		assertThat(plans).allSatisfy(plan -> assertThat(plan).contains("site_user_username_prefix_idx"));
	}

	@Test
	void startsWithOnUsernamesWithTheirProfilesJoinedUsesThePrefixIndexAndTheProfileKey() {
		Executed page = pageQuery("{ users(first: 20, filter: { username: { startsWith: \"" + PREFIX
				+ "0001\" } }) { edges { node { id profile { description } } } } }");
		assertThat(page.sql()).contains("LEFT JOIN");
		// the page's 21 rows are joined, after its limit, not every user of the filter
		assertThat(onOwnTables(() -> plans(page)))
			.allSatisfy(plan -> assertThat(plan).startsWith("Nested Loop Left Join")
				.contains("Limit")
				.contains("site_user_username_prefix_idx")
				.contains("Index Cond: (site_user_id = site_user.id)"));
	}

	@Test
	void profilesFilteredByUsernamePrefixUseThePrefixIndex() {
		Executed page = pageQuery("{ profiles(first: 20, filter: { username: { startsWith: \"" + PREFIX
				+ "0002\" } }) { nodes { id } } }");
		assertThat(onOwnTables(() -> plans(page)))
			.allSatisfy(plan -> assertThat(plan).contains("site_user_username_prefix_idx"));
	}

	@Test
	void containsOnUsernamesUsesTheTrigramIndex() {
		assertThat(onOwnTables(() -> {
			String digits = IntStream.iterate(12345, n -> n + 1)
				.mapToObj(n -> "%06d".formatted(n))
				.filter(fragment -> !aHistogramBoundHolds("site_user_username_trgm_idx", fragment))
				.findFirst()
				.orElseThrow();
			return customPlan(pageQuery(
					"{ users(first: 20, filter: { username: { contains: \"" + digits + "\" } }) { nodes { id } } }"));
		})).contains("site_user_username_trgm_idx");
	}

	@Test
	void containsOnDescriptionsUsesTheTrigramIndex() {
		assertThat(onOwnTables(() -> {
			String fragment = IntStream.iterate(1234, n -> n + 1)
				.mapToObj(n -> this.jdbc.queryForObject(
						"SELECT substr(description, 11, 14) FROM profile ORDER BY site_user_id LIMIT 1 OFFSET ?",
						String.class, n))
				.filter(candidate -> !aHistogramBoundHolds("profile_description_trgm_idx", candidate))
				.findFirst()
				.orElseThrow();
			return customPlan(pageQuery("{ profiles(first: 20, filter: { description: { contains: \""
					+ fragment.toUpperCase() + "\" } }) { nodes { id } } }"));
		})).contains("profile_description_trgm_idx");
	}

	@Test
	void aDeepPageIsAnIndexRangeNotAnOffset() {
		String cursor = userCursorAt(USERS / 2);
		Executed page = pageQuery("{ users(first: 20, after: \"" + cursor + "\") { nodes { id } } }");
		assertThat(page.sql()).doesNotContainIgnoringCase("offset");
		assertThat(page.parameters()).contains((long) USERS / 2);
		Executed withProfiles = pageQuery(
				"{ users(first: 20, after: \"" + cursor + "\") { nodes { id profile { description } } } }");
		assertThat(withProfiles.sql()).contains("LEFT JOIN").doesNotContainIgnoringCase("offset");

		onOwnTables(() -> {
			assertThat(plans(page)).allSatisfy(
					plan -> assertThat(plan).contains("Index Scan using site_user_pkey").contains("Index Cond: (id >"));
			assertThat(plans(withProfiles)).allSatisfy(plan -> assertThat(plan).startsWith("Nested Loop Left Join")
				.contains("Index Scan using site_user_pkey")
				.contains("Index Cond: (id >")
				.contains("Index Cond: (site_user_id = site_user.id)"));
			return null;
		});
	}

	@Test
	void aDeepPageOfProfilesWithTheirUsersLooksEachUserUpByItsKey() {
		String cursor = Cursor.encode("profiles", List.of(String.valueOf(USERS / 2)));
		Executed page = pageQuery(
				"{ profiles(first: 20, after: \"" + cursor + "\") { nodes { id user { username } } } }");
		assertThat(page.sql()).contains("JOIN LATERAL").doesNotContainIgnoringCase("offset");
		assertThat(onOwnTables(() -> plans(page))).allSatisfy(plan -> assertThat(plan).startsWith("Nested Loop")
			.contains("Index Scan using profile_pkey")
			.contains("Index Cond: (site_user_id >")
			.contains("Index Cond: (id = p.site_user_id)"));
	}

	/** Runs {@code work} against this test's own tables, and rolls back. */
	private <T> T onOwnTables(Supplier<T> work) {
		return this.transactions.execute(status -> {
			status.setRollbackOnly();
			// a busy machine could reach the statement timeout while filling the tables
			this.jdbc.execute("SET LOCAL statement_timeout = 0");
			List<String> indexes = this.jdbc.queryForList("""
					SELECT indexdef FROM pg_indexes
					WHERE schemaname = current_schema() AND tablename IN ('site_user', 'profile')""", String.class);
			String schema = this.jdbc.queryForObject("SELECT current_schema()", String.class);
			for (String table : List.of("site_user", "profile")) {
				this.jdbc.execute("CREATE TEMPORARY TABLE %s (LIKE %s.%s INCLUDING DEFAULTS) ON COMMIT DROP"
					.formatted(table, schema, table));
			}
			this.jdbc
				.update("""
						INSERT INTO site_user (id, username, email, password_hash)
						SELECT i, ? || lpad(i::text, 6, '0'), ? || i || '@example.com', 'x' FROM generate_series(1, ?) AS i""",
						PREFIX, PREFIX, USERS);
			this.jdbc
				.update("""
						INSERT INTO profile (site_user_id, description)
						SELECT id, 'About ' || md5(id::text) || ' ' || md5((id * 7)::text) FROM site_user WHERE id % 10 < 7""");
			// built after the rows, so the GIN indexes have no pending list
			indexes.forEach(index -> this.jdbc.execute(index.replace(" ON " + schema + ".", " ON pg_temp.")));
			this.jdbc.execute("ANALYZE site_user, profile");
			return work.get();
		});
	}

	/** A cursor of the users list in its default order, at the user {@code id}. */
	private String userCursorAt(long id) {
		String any = run(this.api.anonymous(), "{ users(first: 1) { pageInfo { endCursor } } }")
			.path("users.pageInfo.endCursor")
			.entity(String.class)
			.get();
		String text = new String(Base64.getUrlDecoder().decode(any), StandardCharsets.UTF_8);
		return Cursor.encode(text.substring(3, text.lastIndexOf(':')), List.of(String.valueOf(id)));
	}

	/**
	 * Whether {@code fragment} is in one of the index's histogram bounds: PostgreSQL then
	 * estimates {@code LIKE '%fragment%'} as 1% of the rows, and a page along the primary
	 * key looks cheaper.
	 */
	private boolean aHistogramBoundHolds(String index, String fragment) {
		return this.jdbc.queryForObject("""
				SELECT EXISTS (SELECT FROM pg_stats s, unnest(s.histogram_bounds::text::text[]) AS bound
				WHERE s.schemaname = (SELECT nspname FROM pg_namespace WHERE oid = pg_my_temp_schema())
				AND s.tablename = ? AND bound LIKE '%' || lower(?) || '%')""", Boolean.class, index, fragment);
	}

	/** Runs {@code document} and returns the SQL of its page. */
	private Executed pageQuery(String document) {
		this.sql.clear();
		this.api.anonymous().document(document).execute().errors().verify();
		List<Executed> executed = this.sql.executed();
		assertThat(executed).isNotEmpty();
		return executed.get(0);
	}

	/** The custom and the generic plan of {@code statement}. */
	private List<String> plans(Executed statement) {
		return List.of(customPlan(statement), GenericPlans.of(this.jdbc, statement));
	}

	private String customPlan(Executed statement) {
		StringBuilder plan = new StringBuilder();
		this.jdbc.queryForList("EXPLAIN " + statement.sql(), String.class, statement.parameters().toArray())
			.forEach(line -> plan.append(line).append('\n'));
		return plan.toString();
	}

}
