package com.example.userprofiles;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.example.userprofiles.support.Api;
import com.example.userprofiles.support.Api.Account;
import com.example.userprofiles.support.IntegrationTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.graphql.test.tester.GraphQlTester;
import org.springframework.graphql.test.tester.WebSocketGraphQlTester;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.reactive.socket.client.StandardWebSocketClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every {@code ID} argument of the schema takes the decimal form of a positive id:
 * anything else is {@code BAD_USER_INPUT} naming the argument, and a mutation refused so
 * changes nothing.
 */
@IntegrationTest
class IdArgumentTests {

	private static final List<String> INVALID_IDS = List.of("0", "-1", "abc");

	private static final List<IdArgument> ID_ARGUMENTS = List.of(
			new IdArgument("user", "id", "query($id: ID!) { user(id: $id) { id } }"),
			new IdArgument("profile", "userId", "query($id: ID!) { profile(userId: $id) { id } }"),
			new IdArgument("updateUser", "id",
					"mutation($id: ID!, $text: String) { updateUser(input: { id: $id, username: $text }) { id } }"),
			new IdArgument("deleteUser", "id", "mutation($id: ID!) { deleteUser(id: $id) { deletedUserId } }"),
			new IdArgument("createProfile", "userId",
					"mutation($id: ID, $text: String!) { createProfile(input: { userId: $id, description: $text }) { id } }"),
			new IdArgument("updateProfile", "userId",
					"mutation($id: ID!, $text: String!) { updateProfile(input: { userId: $id, description: $text }) { id } }"),
			new IdArgument("deleteProfile", "userId",
					"mutation($id: ID!) { deleteProfile(userId: $id) { deletedProfileId } }"));

	@Autowired
	Api api;

	@Autowired
	JdbcTemplate jdbc;

	static Stream<Arguments> everyIdArgumentWithEachInvalidId() {
		return ID_ARGUMENTS.stream().flatMap(argument -> INVALID_IDS.stream().map(id -> Arguments.of(argument, id)));
	}

	@ParameterizedTest(name = "{0} = \"{1}\"")
	@MethodSource("everyIdArgumentWithEachInvalidId")
	void anIdThatIsNoPositiveNumberIsBadUserInputNamingTheArgumentAndChangesNothing(IdArgument argument, String id) {
		// signed in, so a mutation gets past authentication to its id; with a profile
		// except for createProfile, so that one would have something to create
		Account account = this.api.signUp("badid");
		if (!argument.field().equals("createProfile")) {
			this.api.createProfile(account, "Before " + argument.field());
		}
		List<Map<String, Object>> userBefore = userRows(account.id());
		List<Map<String, Object>> profileBefore = profileRows(account.id());
		int users = count("site_user");
		int profiles = count("profile");

		GraphQlTester.Response response = this.api.as(account)
			.document(argument.document())
			.variable("id", id)
			.variable("text", Api.uniqueName("changed"))
			.execute();

		Api.assertError(response, argument.field(), "BAD_USER_INPUT", argument.argument());
		response.path("$.data")
			.entity(Map.class)
			.satisfies(data -> assertThat(data).containsEntry(argument.field(), null));
		assertThat(userRows(account.id())).isEqualTo(userBefore);
		assertThat(profileRows(account.id())).isEqualTo(profileBefore);
		assertThat(count("site_user")).isEqualTo(users);
		assertThat(count("profile")).isEqualTo(profiles);
	}

	@ParameterizedTest(name = "profileChanged(userId) = \"{0}\"")
	@ValueSource(strings = { "0", "-1", "abc" })
	void aSubscriptionToAnIdThatIsNoPositiveNumberIsBadUserInputNamingUserId(String id) {
		GraphQlTester subscriber = WebSocketGraphQlTester
			.builder(URI.create(this.api.baseUrl().replace("http", "ws") + "/graphql"), new StandardWebSocketClient())
			.build();

		subscriber.document("subscription($id: ID!) { profileChanged(userId: $id) { kind } }")
			.variable("id", id)
			.execute()
			.errors()
			.satisfy(errors -> Api.assertSingleError(errors, "profileChanged", "BAD_USER_INPUT", "userId"));
	}

	private List<Map<String, Object>> userRows(long id) {
		return this.jdbc.queryForList("SELECT * FROM site_user WHERE id = ?", id);
	}

	private List<Map<String, Object>> profileRows(long id) {
		return this.jdbc.queryForList("SELECT * FROM profile WHERE site_user_id = ?", id);
	}

	private int count(String table) {
		return this.jdbc.queryForObject("SELECT count(*) FROM " + table, Integer.class);
	}

	/** A root field with an {@code ID} argument, and a document that sets it to $id. */
	record IdArgument(String field, String argument, String document) {

		@Override
		public String toString() {
			return this.field + "(" + this.argument + ")";
		}

	}

}
