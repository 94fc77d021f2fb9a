package com.example.userprofiles.user;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import com.example.userprofiles.support.Api;
import com.example.userprofiles.support.GenericPlans;
import com.example.userprofiles.support.IntegrationTest;
import com.example.userprofiles.support.SqlStatements;
import com.example.userprofiles.support.SqlStatements.Executed;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A page of users by username prefix: read whole through the prefix index by a statement
 * PostgreSQL plans once when its statistics say few users start with the prefix, and
 * planned for the prefix's value otherwise; the same answers either way.
 */
@IntegrationTest
@TestInstance(Lifecycle.PER_CLASS)
class UsernamePrefixStatementTests {

	private static final int USERS = 3_000;

	private static final String PAGE = """
			query($first: Int, $after: String, $filter: UserFilter, $orderBy: UserOrder) {
			  users(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
			    nodes { username profile { description } }
			    pageInfo { hasNextPage endCursor }
			  }
			}""";

	private static final String PROFILES = """
			query($first: Int, $after: String, $filter: ProfileFilter) {
			  profiles(first: $first, after: $after, filter: $filter) {
			    nodes { description user { username } }
			    pageInfo { hasNextPage endCursor }
			  }
			}""";

	@Autowired
	Api api;

	@Autowired
	SqlStatements sql;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	UsernameStatistics statistics;

	private String prefix;

	/** Ten users, a tenth of whose usernames no bound of the histogram begins with. */
	private String fewPrefix;

	@BeforeAll
	void seedUsersAndAnalyzeThem() {
		this.prefix = Api.uniqueName("few").replace('-', '.') + ".";
		this.jdbc.update("""
				INSERT INTO site_user (username, email, password_hash)
				SELECT ? || lpad(i::text, 5, '0'), ? || i || '@example.com', 'x' FROM generate_series(1, ?) AS i""",
				this.prefix, this.prefix, USERS);
		this.jdbc.update("""
				INSERT INTO profile (site_user_id, description)
				SELECT id, 'About ' || username FROM site_user WHERE username LIKE ? || '%' AND id % 2 = 0""",
				this.prefix);
		this.jdbc.execute("ANALYZE site_user");
		this.statistics.read();
		List<String> bounds = Arrays.asList(this.jdbc.queryForObject(
				"SELECT histogram_bounds::text::text[] FROM pg_stats WHERE tablename = 'site_user_username_prefix_idx'",
				(row, n) -> (String[]) row.getArray(1).getArray()));
		for (int group = 10; group < 300 && this.fewPrefix == null; group++) {
			String candidate = this.prefix.toLowerCase() + String.format("%04d", group);
			if (bounds.stream().noneMatch(bound -> bound.startsWith(candidate))) {
				this.fewPrefix = candidate;
			}
		}
		assertThat(this.fewPrefix).as("a group of ten users inside one bin of %s", bounds).isNotNull();
	}

	@Test
	void aPrefixFewUsersStartWithIsReadThroughThePrefixIndexByAStatementPlannedOnce() {
		Executed page = page(this.fewPrefix.toUpperCase());

		assertThat(page.sql()).contains("WITH matches AS MATERIALIZED");
		assertThat(GenericPlans.of(this.jdbc, page)).contains("site_user_username_prefix_idx")
			.doesNotContain("site_user_pkey")
			.contains("Index Cond: (site_user_id = site_user.id)");
		assertThat(genericPlansOfTenExecutions(page)).isGreaterThanOrEqualTo(5);
	}

	@Test
	void aPrefixManyUsersStartWithIsLeftToThePlanPostgreSqlMakesForIt() {
		Executed page = page(this.prefix);

		assertThat(page.sql()).doesNotContain("WITH");
		assertThat(page.parameters()).contains(this.prefix);
	}

	@Test
	void aPrefixFewUsersStartWithPagesAsAnyOther() {
		String first = this.fewPrefix;
		List<String> expected = new ArrayList<>();
		for (int i = 9; i >= 0; i--) {
			expected.add(first + i);
		}
		Map<String, Object> byUsernameDesc = Map.of("field", "USERNAME", "direction", "DESC");
		List<String> seen = new ArrayList<>();
		String after = null;
		boolean more = true;
		this.sql.clear();
		while (more) {
			var response = this.api.anonymous()
				.document(PAGE)
				.variable("first", 3)
				.variable("after", after)
				.variable("filter", Map.of("username", Map.of("startsWith", first)))
				.variable("orderBy", byUsernameDesc)
				.execute();
			assertThat(this.sql.all()).allMatch(statement -> statement.contains("WITH matches"));
			seen.addAll(response.path("users.nodes[*].username").entityList(String.class).get());
			more = response.path("users.pageInfo.hasNextPage").entity(Boolean.class).get();
			after = response.path("users.pageInfo.endCursor").entity(String.class).get();
			this.sql.clear();
		}
		assertThat(seen).isEqualTo(expected);

		String fifth = first + 5;
		assertThat(usernames(Map.of("startsWith", first, "contains", fifth.substring(fifth.length() - 5))))
			.containsExactly(fifth);
		assertThat(usernames(Map.of("startsWith", first, "equals", (first + 7).toUpperCase())))
			.containsExactly(first + 7);
		assertThat(usernames(Map.of("startsWith", first + "x"))).isEmpty();
	}

	@Test
	void profilesOfAPrefixFewUsersStartWithAreReadThroughThePrefixIndexByAStatementPlannedOnce() {
		List<String> expected = profilesOfTheFewInTheDatabase();
		assertThat(expected).hasSize(5);

		assertThat(profileUsernames(Map.of("username", Map.of("startsWith", this.fewPrefix.toUpperCase()))))
			.isEqualTo(expected);
		Executed page = this.sql.executed().get(0);
		assertThat(page.sql()).contains("WITH matches AS MATERIALIZED");
		assertThat(GenericPlans.of(this.jdbc, page)).contains("site_user_username_prefix_idx")
			.contains("profile_pkey")
			.doesNotContain("Seq Scan");
		assertThat(genericPlansOfTenExecutions(page)).isGreaterThanOrEqualTo(5);
	}

	@Test
	void profilesOfAPrefixFewUsersStartWithPageAndFilterAsAnyOther() {
		List<String> expected = profilesOfTheFewInTheDatabase();
		Map<String, Object> filter = Map.of("username", Map.of("startsWith", this.fewPrefix));
		List<String> seen = new ArrayList<>();
		String after = null;
		do {
			var response = this.api.anonymous()
				.document(PROFILES)
				.variable("first", 2)
				.variable("after", after)
				.variable("filter", filter)
				.execute();
			seen.addAll(response.path("profiles.nodes[*].user.username").entityList(String.class).get());
			after = response.path("profiles.pageInfo.hasNextPage").entity(Boolean.class).get()
					? response.path("profiles.pageInfo.endCursor").entity(String.class).get() : null;
		}
		while (after != null);
		assertThat(seen).isEqualTo(expected);

		String third = expected.get(2);
		assertThat(profileUsernames(Map.of("username", Map.of("startsWith", this.fewPrefix, "contains", third),
				"description", Map.of("contains", "ABOUT " + third))))
			.containsExactly(third);
		assertThat(this.sql.all()).singleElement().asString().contains("WITH matches");
		assertThat(profileUsernames(Map.of("username", Map.of("startsWith", this.fewPrefix), "description",
				Map.of("contains", "nobody's"))))
			.isEmpty();
	}

	/** The usernames of the few users with a profile, by id, as the database has them. */
	private List<String> profilesOfTheFewInTheDatabase() {
		return this.jdbc.queryForList(
				"SELECT u.username FROM site_user u JOIN profile p ON p.site_user_id = u.id WHERE u.username LIKE ? ORDER BY u.id",
				String.class, this.fewPrefix + "%");
	}

	private List<String> profileUsernames(Map<String, Object> filter) {
		this.sql.clear();
		return this.api.anonymous()
			.document(PROFILES)
			.variable("first", 20)
			.variable("filter", filter)
			.execute()
			.path("profiles.nodes[*].user.username")
			.entityList(String.class)
			.get();
	}

	private List<String> usernames(Map<String, Object> filter) {
		this.sql.clear();
		List<String> usernames = this.api.anonymous()
			.document(PAGE)
			.variable("first", 20)
			.variable("filter", Map.of("username", filter))
			.execute()
			.path("users.nodes[*].username")
			.entityList(String.class)
			.get();
		assertThat(this.sql.all()).singleElement().asString().contains("WITH matches");
		return usernames;
	}

	/** Runs a page of users starting with {@code prefix} and returns its statement. */
	private Executed page(String prefix) {
		this.sql.clear();
		this.api.anonymous()
			.document(PAGE)
			.variable("first", 20)
			.variable("filter", Map.of("username", Map.of("startsWith", prefix)))
			.execute()
			.errors()
			.verify();
		assertThat(this.sql.executed()).hasSize(1);
		return this.sql.executed().get(0);
	}

	/**
	 * How many of ten executions of the statement on one connection, prepared as a pooled
	 * connection prepares it, PostgreSQL ran with its generic plan rather than planning
	 * them for their values.
	 */
	private int genericPlansOfTenExecutions(Executed statement) {
		return this.jdbc.execute((Connection connection) -> {
			try (PreparedStatement prepared = connection.prepareStatement(statement.sql())) {
				prepared.unwrap(org.postgresql.PGStatement.class).setPrepareThreshold(1);
				for (int i = 0; i < statement.parameters().size(); i++) {
					prepared.setObject(i + 1, statement.parameters().get(i));
				}
				for (int i = 0; i < 10; i++) {
					try (ResultSet rows = prepared.executeQuery()) {
						while (rows.next()) {
							// read to the end
						}
					}
				}
				try (Statement query = connection.createStatement();
						ResultSet row = query
							.executeQuery("SELECT generic_plans FROM pg_prepared_statements" + " WHERE statement = "
									+ GenericPlans.literal(GenericPlans.numbered(statement.sql())))) {
					assertThat(row.next()).isTrue();
					return row.getInt(1);
				}
			}
		});
	}

}
