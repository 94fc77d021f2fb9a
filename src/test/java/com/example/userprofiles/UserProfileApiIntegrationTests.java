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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The design's two promises across the whole stack: deleting a user is one {@code DELETE}
 * on {@code site_user} and PostgreSQL removes the profile, and reading users with
 * profiles (or profiles with users) costs a constant number of statements, not one per
 * row: one, where the statement that finds the users (or profiles) joins the other side,
 * and one more per batch of a link reached further down.
 */
@IntegrationTest
class UserProfileApiIntegrationTests {

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
		this.api.as(bob)
			.document("mutation($id: ID!) { deleteUser(id: $id) { deletedUserId } }")
			.variable("id", bob.gid())
			.execute()
			.path("deleteUser.deletedUserId")
			.entity(String.class)
			.isEqualTo(bob.gid());

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
		this.api.as(bob)
			.document("mutation($id: ID!) { updateProfile(input: { userId: $id, description: \"After\" }) "
					+ "{ id description } }")
			.variable("id", bob.gid())
			.execute()
			.path("updateProfile.description")
			.entity(String.class)
			.isEqualTo("After");

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
		List<Map<String, Object>> nodes = this.api.anonymous()
			.document("""
					query($prefix: String!) {
					  users(first: 12, filter: { username: { startsWith: $prefix } }) {
					    nodes { id username profile { id description } }
					  }
					}""")
			.variable("prefix", prefix)
			.execute()
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
		this.api.anonymous()
			.document("""
					query($prefix: String!) {
					  profiles(first: 10, filter: { username: { startsWith: $prefix } }) {
					    nodes { id description user { id username profile { id } } }
					  }
					}""")
			.variable("prefix", prefix)
			.execute()
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
		String query = """
				query($prefix: String!) {
				  users(filter: { username: { startsWith: $prefix } }) { nodes { id } %s }
				}""";

		this.sql.clear();
		this.api.anonymous()
			.document(query.formatted(""))
			.variable("prefix", prefix)
			.execute()
			.path("users.nodes")
			.entityList(Map.class)
			.hasSize(3);
		assertThat(this.sql.all()).hasSize(1);

		this.sql.clear();
		this.api.anonymous()
			.document(query.formatted("totalCount"))
			.variable("prefix", prefix)
			.execute()
			.path("users.totalCount")
			.entity(Integer.class)
			.isEqualTo(3);
		assertThat(this.sql.all()).hasSize(2);
	}

	@Test
	void theBenchmarksListOfFiftyUsersWithProfilesCostsOneStatement() {
		this.api.createProfile(this.api.signUp("w1"), "W1");

		this.sql.clear();
		this.api.anonymous()
			.document("{ users(first: 50) { edges { node { id username profile { description } } } } }")
			.execute()
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
	void theBenchmarksFilteredPageCostsOneStatement() {
		String prefix = Api.uniqueName("w4");
		this.api.createProfile(this.api.signUp(prefix), "W4");
		this.api.signUp(prefix);

		this.sql.clear();
		this.api.anonymous()
			.document("""
					query($prefix: String!) {
					  users(first: 20, filter: { username: { startsWith: $prefix } }) {
					    edges { node { id username profile { description } } }
					  }
					}""")
			.variable("prefix", prefix)
			.execute()
			.path("users.edges[*].node.profile.description")
			.entityList(String.class)
			.containsExactly("W4");

		assertThat(this.sql.all()).hasSize(1);
	}

	@Test
	void aUserWithoutAProfileReadInOneStatementHasANullProfile() {
		Account ann = this.api.signUp("noprofile");

		for (String lookup : List.of("user(id: \"%s\")".formatted(ann.gid()),
				"userByUsername(username: \"%s\")".formatted(ann.username().toUpperCase(Locale.ROOT)))) {
			this.sql.clear();
			this.api.anonymous()
				.document("{ found: %s { id profile { description } } }".formatted(lookup))
				.execute()
				.path("found.id")
				.entity(String.class)
				.isEqualTo(ann.gid())
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
		this.api.anonymous()
			.document("query($id: ID!) { user(id: $id) { id username } users(first: 2) { nodes { id } } }")
			.variable("id", lee.gid())
			.execute()
			.path("user.username")
			.entity(String.class)
			.isEqualTo(lee.username());

		assertThat(this.sql.all()).hasSize(2).noneSatisfy(sql -> assertThat(sql).containsIgnoringCase("profile"));
	}

	private int profileRows(Account account) {
		Integer rows = this.jdbc.queryForObject("SELECT count(*) FROM profile WHERE site_user_id = ?", Integer.class,
				account.id());
		return (rows != null) ? rows : 0;
	}

}
