package com.example.userprofiles.node;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import com.example.userprofiles.graphql.GlobalId;
import com.example.userprofiles.support.Api;
import com.example.userprofiles.support.Api.Account;
import com.example.userprofiles.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static com.example.userprofiles.support.Api.expect;
import static com.example.userprofiles.support.Api.run;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Global Object Identification: ids unique across types, {@code databaseId}, and
 * {@code node} and {@code nodes}.
 */
@IntegrationTest
class NodeTests {

	private static final String NODE = """
			query($id: ID!) { node(id: $id) { __typename id
			  ... on User { databaseId username profile { id } }
			  ... on Profile { databaseId description user { id } } } }""";

	private static final String NODES = "query($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }";

	@Autowired
	Api api;

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void aUserAndItsProfileHaveDifferentGlobalIdsAndShareTheirDatabaseId() {
		Account ann = this.api.signUp("gid");
		this.api.createProfile(ann, "Ann's");

		Map<String, Object> user = run(this.api.anonymous(),
				"query($id: ID!) { user(id: $id) { id databaseId profile { id databaseId } } }", "id", ann.gid())
			.path("user")
			.entity(Map.class)
			.get();

		assertThat(user).containsEntry("id", Api.base64Padded("User:" + ann.id()))
			.containsEntry("databaseId", (int) ann.id())
			.containsEntry("profile",
					Map.of("id", Api.base64Padded("Profile:" + ann.id()), "databaseId", (int) ann.id()));
		assertThat(ann.gid()).isNotEqualTo(ann.profileGid());
	}

	@Test
	void nodeFetchesAUserOrAProfileByItsIdWithTheirLinks() {
		Account bo = this.api.signUp("node");
		this.api.createProfile(bo, "Bo's");
		Account cy = this.api.signUp("node");

		expect(run(this.api.anonymous(), NODE, "id", bo.gid()), "node", Map.of("__typename", "User", "id", bo.gid(),
				"databaseId", (int) bo.id(), "username", bo.username(), "profile", Map.of("id", bo.profileGid())));
		expect(run(this.api.anonymous(), NODE, "id", bo.profileGid()), "node", Map.of("__typename", "Profile", "id",
				bo.profileGid(), "databaseId", (int) bo.id(), "description", "Bo's", "user", Map.of("id", bo.gid())));
		// a user without a profile: the profile's id names nothing
		run(this.api.anonymous(), NODE, "id", cy.profileGid()).path("node").valueIsNull();
	}

	@Test
	void nodesAnswersInTheOrderAskedWithNullForEachIdThatNamesNothing() {
		Account di = this.api.signUp("nodes");
		this.api.createProfile(di, "Di's");
		Account ed = this.api.signUp("nodes");
		Account gone = this.api.signUp("nodes");
		run(this.api.as(gone), "mutation($id: ID!) { deleteUser(id: $id) { deletedUserId } }", "id", gone.gid())
			.path("deleteUser.deletedUserId")
			.entity(String.class)
			.isEqualTo(gone.gid());

		List<Object> nodes = run(this.api.anonymous(), NODES, "ids",
				List.of(ed.gid(), di.profileGid(), gone.gid(), ed.profileGid(), di.gid(), ed.gid()))
			.path("nodes")
			.entityList(Object.class)
			.get();

		assertThat(nodes).containsExactly(Map.of("__typename", "User", "id", ed.gid()),
				Map.of("__typename", "Profile", "id", di.profileGid()), null, null,
				Map.of("__typename", "User", "id", di.gid()), Map.of("__typename", "User", "id", ed.gid()));
		expect(run(this.api.anonymous(), NODES, "ids", List.of()), "nodes", List.of());
	}

	@Test
	void anIdThisApiDidNotGiveOrMoreThanAHundredIdsAreBadUserInputNamingTheArgument() {
		Account fay = this.api.signUp("badnode");
		for (String id : List.of("1", String.valueOf(fay.id()), "abc", "User:" + fay.id(),
				Api.base64Padded("Nobody:" + fay.id()), Api.base64Padded("User:0" + fay.id()))) {
			Api.assertError(run(this.api.anonymous(), NODE, "id", id), "node", "BAD_USER_INPUT", "id");
			assertNodesRefused(List.of(fay.gid(), id));
		}
		List<String> tooMany = new ArrayList<>(Arrays.asList(new String[101]));
		tooMany.replaceAll(none -> fay.gid());
		assertNodesRefused(tooMany);
		expect(run(this.api.anonymous(), NODES, "ids", tooMany.subList(0, 100)), "nodes",
				tooMany.subList(0, 100).stream().map(id -> Map.of("__typename", "User", "id", id)).toList());
	}

	@Test
	void deleteUserNamesTheProfileTheDatabaseDeletedWithTheAccountOrNull() {
		Account gil = this.api.signUp("delgid");
		this.api.createProfile(gil, "Gil's");
		Account hal = this.api.signUp("delgid");
		String delete = "mutation($id: ID!) { deleteUser(id: $id) { deletedUserId deletedProfileId } }";

		expect(run(this.api.as(gil), delete, "id", gil.gid()), "deleteUser",
				Map.of("deletedUserId", gil.gid(), "deletedProfileId", gil.profileGid()));
		Map<String, Object> withoutProfile = new java.util.HashMap<>();
		withoutProfile.put("deletedUserId", hal.gid());
		withoutProfile.put("deletedProfileId", null);
		expect(run(this.api.as(hal), delete, "id", hal.gid()), "deleteUser", withoutProfile);
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM site_user WHERE id IN (?, ?)", Integer.class,
				gil.id(), hal.id()))
			.isZero();
	}

	@Test
	void aDatabaseIdBeyondAnIntIsAnErrorWithACodeWhileTheGlobalIdStillWorks() {
		long key = 3_000_000_000L;
		this.jdbc.update(
				"INSERT INTO site_user (id, username, email, password_hash, created_at, updated_at) "
						+ "OVERRIDING SYSTEM VALUE VALUES (?, ?, ?, 'x', now(), now())",
				key, Api.uniqueName("big"), Api.uniqueName("big") + "@example.com");
		try {
			String id = new GlobalId("User", key).encode();
			expect(run(this.api.anonymous(), "query($id: ID!) { user(id: $id) { id } }", "id", id), "user.id", id);
			run(this.api.anonymous(), "query($id: ID!) { user(id: $id) { databaseId } }", "id", id).errors()
				.satisfy(errors -> Api.assertSingleError(errors, "user.databaseId", "INTERNAL_SERVER_ERROR",
						"databaseId"));
		}
		finally {
			this.jdbc.update("DELETE FROM site_user WHERE id = ?", key);
		}
	}

	/** {@code nodes} is non-null, so its error leaves no data at all. */
	private void assertNodesRefused(List<String> ids) {
		run(this.api.anonymous(), NODES, "ids", ids).errors()
			.satisfy(errors -> Api.assertSingleError(errors, "nodes", "BAD_USER_INPUT", "ids"))
			.path("")
			.valueIsNull();
	}

}
