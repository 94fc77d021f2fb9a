package com.example.userprofiles;

import java.util.List;
import java.util.Map;

import com.example.userprofiles.support.Api;
import com.example.userprofiles.support.Api.Account;
import com.example.userprofiles.support.IntegrationTest;
import com.example.userprofiles.support.SqlStatements;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The design's two promises across the whole stack: deleting a user is one {@code DELETE}
 * on {@code site_user} and PostgreSQL removes the profile, and reading users with
 * profiles (or profiles with users) costs a constant number of statements, not one per
 * row.
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
	void deletingAUserIsOneDeleteOnSiteUserAndTheDatabaseCascadesToTheProfile() {
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

		assertThat(this.sql.starting("DELETE")).singleElement()
			.satisfies(delete -> assertThat(delete).containsIgnoringCase("FROM site_user"));
		assertThat(profileRows(bob)).isZero();
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM site_user WHERE id = ?", Integer.class, bob.id()))
			.isZero();
	}

	@Test
	void aPageOfUsersWithTheirProfilesCostsTwoStatements() {
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

		assertThat(this.sql.all()).hasSize(2);
		assertThat(nodes.stream().filter(node -> node.get("profile") == null)).hasSize(4);
		assertThat(nodes.stream().filter(node -> node.get("profile") != null))
			.allSatisfy(node -> assertThat(((Map<?, ?>) node.get("profile")).get("id")).isEqualTo(node.get("id")));
	}

	@Test
	void aPageOfProfilesWithTheirUsersCostsTwoStatements() {
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

		// the page, the users, and the users' profiles (one batch each)
		assertThat(this.sql.all()).hasSize(3);
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
	void theBenchmarksListOfFiftyUsersWithProfilesCostsTwoStatements() {
		this.api.createProfile(this.api.signUp("w1"), "W1");

		this.sql.clear();
		this.api.anonymous()
			.document("{ users(first: 50) { edges { node { id username profile { description } } } } }")
			.execute()
			.path("users.edges")
			.entityList(Map.class)
			.satisfies(edges -> assertThat(edges).isNotEmpty());

		assertThat(this.sql.all()).hasSize(2);
	}

	@Test
	void aUserWithItsProfileCostsTwoStatements() {
		Account bob = this.api.signUp("w2");
		this.api.createProfile(bob, "W2");

		this.sql.clear();
		this.api.anonymous()
			.document("query($id: ID!) { user(id: $id) { id username profile { description } } }")
			.variable("id", bob.gid())
			.execute()
			.path("user.profile.description")
			.entity(String.class)
			.isEqualTo("W2");

		assertThat(this.sql.all()).hasSize(2);
	}

	@Test
	void aProfileWithItsUserCostsTwoStatements() {
		Account bob = this.api.signUp("w3");
		this.api.createProfile(bob, "W3");

		this.sql.clear();
		this.api.anonymous()
			.document("query($id: ID!) { profile(userId: $id) { description user { username } } }")
			.variable("id", bob.gid())
			.execute()
			.path("profile.user.username")
			.entity(String.class)
			.isEqualTo(bob.username());

		assertThat(this.sql.all()).hasSize(2);
	}

	private int profileRows(Account account) {
		Integer rows = this.jdbc.queryForObject("SELECT count(*) FROM profile WHERE site_user_id = ?", Integer.class,
				account.id());
		return (rows != null) ? rows : 0;
	}

}
