package com.example.userprofiles;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.IntStream;

import com.example.userprofiles.graphql.GlobalId;
import com.example.userprofiles.graphql.Cursor;
import com.example.userprofiles.support.Api.Account;
import com.example.userprofiles.support.Api;
import com.example.userprofiles.support.GenericPlans;
import com.example.userprofiles.support.IntegrationTest;
import com.example.userprofiles.support.SqlStatements.Executed;
import com.example.userprofiles.support.SqlStatements;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import static com.example.userprofiles.support.Api.expect;
import static com.example.userprofiles.support.Api.run;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the SQL costs: deleting a user is one statement with PostgreSQL cascading to the
 * profile, reading users with profiles (or the reverse) costs one statement plus one per
 * batch further down, and filters and deep pages use the indexes in the custom and the
 * generic plan. The plans are made in one transaction against temporary {@code site_user}
 * and {@code profile} tables (which PostgreSQL looks in first) of {@value #USERS} known
 * users, analyzed in full, so they are the same on every run.
 */
@IntegrationTest
class QueryPlanTests {

	// under ANALYZE's sample of 30,000 rows: it reads them all
	private static final int USERS = 20_000;

	private static final String PREFIX = "planned.";

	// an OFFSET that skips rows; OFFSET 0 only keeps a subquery from being pulled up
	private static final String PAGED_BY_OFFSET = "(?i)OFFSET (\\?|:|[1-9])";

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
		assertThat(page.sql()).doesNotContainPattern(PAGED_BY_OFFSET);
		assertThat(page.parameters()).contains((long) USERS / 2);
		Executed withProfiles = pageQuery(
				"{ users(first: 20, after: \"" + cursor + "\") { nodes { id profile { description } } } }");
		assertThat(withProfiles.sql()).contains("LEFT JOIN").doesNotContainPattern(PAGED_BY_OFFSET);

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
		assertThat(page.sql()).contains("JOIN LATERAL").doesNotContainPattern(PAGED_BY_OFFSET);
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

	private List<String> plans(Executed statement) {
		return List.of(customPlan(statement), GenericPlans.of(this.jdbc, statement));
	}

	private String customPlan(Executed statement) {
		StringBuilder plan = new StringBuilder();
		this.jdbc.queryForList("EXPLAIN " + statement.sql(), String.class, statement.parameters().toArray())
			.forEach(line -> plan.append(line).append('\n'));
		return plan.toString();
	}

	/**
	 * A page of {@code %s} filtered by a username prefix, with the selection {@code %s}.
	 */
	private static final String PAGE = "query($prefix: String!) { %s(first: 20, filter: { username: { startsWith: $prefix } }) { %s } }";

	@Test
	void deletingOnesOwnAccountIsOneStatementAndTheDatabaseCascadesToTheProfile() {
		Account bob = this.api.signUp("cascade");
		this.api.createProfile(bob, "Bob's profile");
		assertThat(profileRows(bob)).isEqualTo(1);

		this.sql.clear();
		expect(run(this.api.as(bob), "mutation($id: ID!) { deleteUser(id: $id) { deletedUserId deletedProfileId } }",
				"id", bob.gid()), "deleteUser",
				Map.of("deletedUserId", bob.gid(), "deletedProfileId", bob.profileGid()));

		// the delete also checks the token's version and tells of the profile: no lookup
		assertThat(this.sql.all()).singleElement()
			.satisfies(delete -> assertThat(delete).startsWith("DELETE").containsIgnoringCase("FROM site_user"));
		assertThat(profileRows(bob)).isZero();
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM site_user WHERE id = ?", Integer.class, bob.id()))
			.isZero();
	}

	@Test
	void aNodeWithItsLinkCostsOneStatementAndNodesOfTwoTypesTwoInOneSnapshot() {
		Account bob = this.api.signUp("nodeplan");
		this.api.createProfile(bob, "Bob's node");

		this.sql.clear();
		expect(run(this.api.anonymous(),
				"query($id: ID!) { node(id: $id) { ... on Profile { description user { username } } } }", "id",
				bob.profileGid()), "node",
				Map.of("description", "Bob's node", "user", Map.of("username", bob.username())));
		assertThat(this.sql.all()).singleElement().satisfies(read -> assertThat(read).contains("JOIN"));
		assertThat(this.sql.transactionControl()).as("a snapshot for one statement").isEmpty();

		this.sql.clear();
		expect(run(this.api.anonymous(), "query($ids: [ID!]!) { nodes(ids: $ids) { id } }", "ids",
				List.of(bob.gid(), bob.profileGid())), "nodes",
				List.of(Map.of("id", bob.gid()), Map.of("id", bob.profileGid())));
		assertThat(this.sql.all()).hasSize(2);
		assertThat(this.sql.transactionControl()).as("one snapshot for both").hasSize(1);
	}

	@Test
	void updatingOnesOwnProfileIsOneStatement() {
		Account bob = this.api.signUp("ownupdate");
		this.api.createProfile(bob, "Before");

		this.sql.clear();
		expect(run(this.api.as(bob),
				"mutation($id: ID!) { updateProfile(input: { userId: $id, description: \"After\" }) { description } }",
				"id", bob.gid()), "updateProfile.description", "After");

		// the update also checks the token's version: no lookup before it
		assertThat(this.sql.all()).singleElement()
			.satisfies(update -> assertThat(update).startsWith("UPDATE profile").contains("token_version"));
		assertThat(this.jdbc.queryForObject("SELECT description FROM profile WHERE site_user_id = ?", String.class,
				bob.id()))
			.isEqualTo("After");
	}

	@Test
	void aPageOfUsersWithTheirProfilesCostsOneStatement() {
		String prefix = Api.uniqueName("batchu");
		for (int i = 0; i < 12; i++) {
			Account account = this.api.signUp(prefix);
			if (i % 3 != 0) {
				this.api.createProfile(account, "Profile " + i);
			}
		}

		this.sql.clear();
		List<Map<String, Object>> nodes = run(this.api.anonymous(),
				PAGE.formatted("users", "nodes { id username profile { id description } }"), "prefix", prefix)
			.path("users.nodes")
			.entityList(Map.class)
			.hasSize(12)
			.get()
			.stream()
			.map(node -> (Map<String, Object>) node)
			.toList();

		assertThat(this.sql.all()).singleElement().satisfies(page -> assertThat(page).contains("JOIN"));
		assertThat(nodes.stream().filter(node -> node.get("profile") == null)).hasSize(4);
		assertThat(nodes.stream().filter(node -> node.get("profile") != null))
			.allSatisfy(node -> assertThat(((Map<?, ?>) node.get("profile")).get("id"))
				.isEqualTo(new GlobalId("Profile", GlobalId.key((String) node.get("id"), "User", "id")).encode()));
	}

	@Test
	void aPageOfProfilesWithTheirUsersAndTheirProfilesCostsTwoStatements() {
		String prefix = Api.uniqueName("batchp");
		for (int i = 0; i < 10; i++) {
			this.api.createProfile(this.api.signUp(prefix), "Batch profile " + i);
		}

		this.sql.clear();
		run(this.api.anonymous(),
				PAGE.formatted("profiles", "nodes { id description user { id username profile { id } } }"), "prefix",
				prefix)
			.path("profiles.nodes[*].user.username")
			.entityList(String.class)
			.hasSize(10)
			.satisfies(usernames -> assertThat(usernames).allMatch(name -> name.startsWith(prefix)));

		// the page with its users, then the users' profiles in one batch
		assertThat(this.sql.all()).hasSize(2);
	}

	@Test
	void totalCountCostsOneMoreStatementOnlyWhenAsked() {
		String prefix = Api.uniqueName("count");
		for (int i = 0; i < 3; i++) {
			this.api.signUp(prefix);
		}
		this.sql.clear();
		run(this.api.anonymous(), PAGE.formatted("users", "nodes { id }"), "prefix", prefix).path("users.nodes")
			.entityList(Map.class)
			.hasSize(3);
		assertThat(this.sql.all()).hasSize(1);

		this.sql.clear();
		expect(run(this.api.anonymous(), PAGE.formatted("users", "nodes { id } totalCount"), "prefix", prefix),
				"users.totalCount", 3);
		assertThat(this.sql.all()).hasSize(2);
	}

	@Test
	void theBenchmarksListOfFiftyUsersWithProfilesCostsOneStatement() {
		this.api.createProfile(this.api.signUp("w1"), "W1");

		this.sql.clear();
		run(this.api.anonymous(), "{ users(first: 50) { edges { node { id username profile { description } } } } }")
			.path("users.edges")
			.entityList(Map.class)
			.satisfies(edges -> assertThat(edges).isNotEmpty());

		assertThat(this.sql.all()).hasSize(1);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = {
			"user(id: \"ID\") { username profile { description } }|found.profile.description|found.username",
			"userByUsername(username: \"NAME\") { username profile { description } }|found.profile.description|found.username",
			"profile(userId: \"ID\") { description user { username } }|found.description|found.user.username" })
	void aUserWithItsProfileOrAProfileWithItsUserCostsOneStatement(String lookup, String description, String username) {
		Account kai = this.api.signUp("byname");
		this.api.createProfile(kai, "Kai's");

		this.sql.clear();
		this.api.anonymous()
			.document("{ found: "
					+ lookup.replace("ID", kai.gid()).replace("NAME", kai.username().toUpperCase(Locale.ROOT)) + " }")
			.execute()
			.path(description)
			.entity(String.class)
			.isEqualTo("Kai's")
			.path(username)
			.entity(String.class)
			.isEqualTo(kai.username());

		assertThat(this.sql.all()).hasSize(1);
	}

	@Test
	void aUserWithoutAProfileReadInOneStatementHasANullProfile() {
		Account ann = this.api.signUp("noprofile");

		for (String lookup : List.of("user(id: \"%s\")".formatted(ann.gid()),
				"userByUsername(username: \"%s\")".formatted(ann.username().toUpperCase(Locale.ROOT)))) {
			this.sql.clear();
			expect(run(this.api.anonymous(), "{ found: %s { id profile { description } } }".formatted(lookup)),
					"found.id", ann.gid())
				.path("found.profile")
				.valueIsNull();
			assertThat(this.sql.all()).as(lookup).hasSize(1);
		}
	}

	@Test
	void usersReadWithoutTheirProfilesJoinNoProfile() {
		Account lee = this.api.signUp("nojoin");
		this.api.createProfile(lee, "Lee's");

		this.sql.clear();
		expect(run(this.api.anonymous(),
				"query($id: ID!) { user(id: $id) { id username } users(first: 2) { nodes { id } } }", "id", lee.gid()),
				"user.username", lee.username());

		assertThat(this.sql.all()).hasSize(2).noneSatisfy(sql -> assertThat(sql).containsIgnoringCase("profile"));
	}

	private int profileRows(Account account) {
		Integer rows = this.jdbc.queryForObject("SELECT count(*) FROM profile WHERE site_user_id = ?", Integer.class,
				account.id());
		return (rows != null) ? rows : 0;
	}

}
