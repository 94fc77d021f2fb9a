package com.example.userprofiles;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.example.userprofiles.support.Api;
import com.example.userprofiles.support.Api.Account;
import com.example.userprofiles.support.IntegrationTest;
import com.example.userprofiles.support.SqlStatements;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static com.example.userprofiles.support.Api.expect;
import static com.example.userprofiles.support.Api.run;
import static org.assertj.core.api.Assertions.assertThat;

/** Deleting a user is one statement; reads cost one per batch, not per row. */
@IntegrationTest
class UserProfileApiIntegrationTests {

	/**
	 * A page of {@code %s} filtered by a username prefix, with the selection {@code %s}.
	 */
	private static final String PAGE = "query($prefix: String!) { %s(first: 20, filter: { username: { startsWith: $prefix } }) { %s } }";

	@Autowired
	Api api;

	@Autowired
	SqlStatements sql;

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void deletingOnesOwnAccountIsOneStatementAndTheDatabaseCascadesToTheProfile() {
		Account bob = this.api.signUp("cascade");
		this.api.createProfile(bob, "Bob's profile");
		assertThat(profileRows(bob)).isEqualTo(1);

		this.sql.clear();
		expect(run(this.api.as(bob), "mutation($id: ID!) { deleteUser(id: $id) { deletedUserId } }", "id", bob.gid()),
				"deleteUser.deletedUserId", bob.gid());

		// the delete also checks the token's version: no lookup before it
		assertThat(this.sql.all()).singleElement()
			.satisfies(delete -> assertThat(delete).startsWith("DELETE").containsIgnoringCase("FROM site_user"));
		assertThat(profileRows(bob)).isZero();
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM site_user WHERE id = ?", Integer.class, bob.id()))
			.isZero();
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
			.allSatisfy(node -> assertThat(((Map<?, ?>) node.get("profile")).get("id")).isEqualTo(node.get("id")));
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
