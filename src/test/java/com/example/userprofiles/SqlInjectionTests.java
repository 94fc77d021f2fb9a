package com.example.userprofiles;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.example.userprofiles.support.Api;
import com.example.userprofiles.support.Api.Account;
import com.example.userprofiles.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every string argument is data: the classic injection payloads match, store and read
 * back as text.
 */
@IntegrationTest
class SqlInjectionTests {

	static final List<String> PAYLOADS = List.of("' OR '1'='1", "' OR 1=1 --", "'; DROP TABLE site_user; --",
			"\\'; DROP TABLE profile; --", "%' OR username LIKE '%", "\" OR \"\"=\"", "') OR ('a'='a",
			"1; SELECT pg_sleep(10)", "$$; DELETE FROM site_user; $$", "admin'--",
			"' UNION SELECT password_hash FROM site_user --", "_%_%", "\\\\", "'||(SELECT version())||'");

	@Autowired
	Api api;

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void payloadsInUsernameFiltersMatchNobody() {
		// no username can hold a quote, space, % or backslash, so nothing may match
		int users = count("site_user");
		for (String payload : PAYLOADS) {
			for (String condition : List.of("equals", "startsWith", "contains")) {
				this.api.anonymous()
					.document("query($v: String) { users(filter: { username: { " + condition
							+ ": $v } }) { totalCount } profiles(filter: { username: { " + condition
							+ ": $v } }) { totalCount } }")
					.variable("v", payload)
					.execute()
					.path("users.totalCount")
					.entity(Integer.class)
					.isEqualTo(0)
					.path("profiles.totalCount")
					.entity(Integer.class)
					.isEqualTo(0);
			}
		}
		assertThat(count("site_user")).isEqualTo(users);
	}

	@Test
	void payloadsInDescriptionFiltersMatchExactlyTheDescriptionsHoldingThem() {
		// each payload stored between two copies of a tag of this run, so a filter
		// matches among these profiles only, and a payload read as a pattern (`%`,
		// `_%_%`, a quote ending the string) would match more than its own
		String tag = Api.uniqueName("inj");
		Map<String, String> idOfPayload = new LinkedHashMap<>();
		for (String payload : PAYLOADS) {
			Account account = this.api.signUp("injectedfilter");
			this.api.createProfile(account, tag + payload + tag);
			idOfPayload.put(payload, account.gid());
		}
		int users = count("site_user");
		int profiles = count("profile");

		for (String payload : PAYLOADS) {
			Map<String, String> conditions = new LinkedHashMap<>();
			conditions.put("equals", (tag + payload + tag).toUpperCase());
			conditions.put("startsWith", tag + payload);
			conditions.put("contains", payload + tag);
			conditions.forEach((condition, value) -> this.api.anonymous()
				.document("query($v: String) { profiles(first: 100, filter: { description: { " + condition
						+ ": $v } }) { nodes { id } } }")
				.variable("v", value)
				.execute()
				.path("profiles.nodes[*].id")
				.entityList(String.class)
				.satisfies(ids -> assertThat(ids).as("%s %s", condition, value)
					.containsExactly(idOfPayload.get(payload))));
		}
		// and the tag alone finds all of them: the filter reads every one of these rows
		this.api.anonymous()
			.document("query($v: String) { profiles(first: 100, filter: { description: { startsWith: $v } }) "
					+ "{ nodes { id } } }")
			.variable("v", tag)
			.execute()
			.path("profiles.nodes[*].id")
			.entityList(String.class)
			.satisfies(ids -> assertThat(ids).containsExactlyElementsOf(idOfPayload.values()));
		assertThat(count("site_user")).isEqualTo(users);
		assertThat(count("profile")).isEqualTo(profiles);
	}

	@Test
	void payloadsAsUsernamesFindNobodyAndSignNobodyIn() {
		for (String payload : PAYLOADS) {
			this.api.anonymous()
				.document("query($u: String!) { userByUsername(username: $u) { id } }")
				.variable("u", payload)
				.execute()
				.path("userByUsername")
				.valueIsNull();
			Api.assertError(this.api.anonymous()
				.document(
						"mutation($u: String!) { logIn(input: { username: $u, password: \"' OR '1'='1\" }) { token } }")
				.variable("u", payload)
				.execute(), "logIn", "UNAUTHENTICATED", null);
		}
	}

	@Test
	void payloadsAsDescriptionsAreStoredAndReadBackAsText() {
		int users = count("site_user");
		int profiles = count("profile");
		for (String payload : PAYLOADS) {
			Account account = this.api.signUp("injected");
			this.api.createProfile(account, payload);
			this.api.anonymous()
				.document("query($id: ID!) { profile(userId: $id) { description } }")
				.variable("id", account.gid())
				.execute()
				.path("profile.description")
				.entity(String.class)
				.isEqualTo(payload);
			this.api.anonymous()
				.document("query($v: String, $prefix: String) { profiles(filter: { description: { equals: $v }, "
						+ "username: { equals: $prefix } }) { nodes { id } } }")
				.variable("v", payload)
				.variable("prefix", account.username())
				.execute()
				.path("profiles.nodes[*].id")
				.entityList(String.class)
				.containsExactly(account.gid());
		}
		// every payload stored one row, and none dropped or deleted any
		assertThat(count("site_user")).isEqualTo(users + PAYLOADS.size());
		assertThat(count("profile")).isEqualTo(profiles + PAYLOADS.size());
	}

	private int count(String table) {
		return this.jdbc.queryForObject("SELECT count(*) FROM " + table, Integer.class);
	}

}
