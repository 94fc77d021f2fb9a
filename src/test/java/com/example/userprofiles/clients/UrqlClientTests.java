package com.example.userprofiles.clients;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import com.example.userprofiles.support.Api;
import com.example.userprofiles.support.ExternalProgram;
import com.example.userprofiles.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real urql client: {@code @urql/core} set up as {@code docs/clients.md} shows
 * ({@code e2e/urql-flow.mjs}), with queries and mutations over HTTP and
 * {@code profileChanged} through its subscriptionExchange over graphql-ws; and the
 * snippet in the docs is the script's set-up.
 */
@IntegrationTest
class UrqlClientTests {

	@Autowired
	Api api;

	@Test
	void urqlRunsTheFlowOverHttpAndReceivesProfileChangesOverGraphqlWs() {
		ExternalProgram.Run run = ExternalProgram
			.node(Duration.ofMinutes(2), Map.of(), "urql-flow.mjs", this.api.baseUrl())
			.succeeded();

		// One line per step, each printed only after its assertions passed.
		assertThat(run.output()).contains("- signUp: user urql")
			.contains("- createProfile: with the token from fetchOptions")
			.contains("- query user with profile: every field as written, the profile id differs from the user id")
			.contains("- subscribe to profileChanged through the subscriptionExchange, signed in by connection_init")
			.contains("- updateProfile over HTTP: the subscription received UPDATED with the new description")
			.contains("- deleteUser: deletedUserId and deletedProfileId, and the subscription received DELETED")
			.contains("urql flow: every step as expected");
	}

	@Test
	void docsShowTheSetUpTheScriptRuns() throws IOException {
		String docs = Files.readString(Path.of("docs/clients.md"));
		String section = docs.substring(docs.indexOf("## urql"));
		int start = section.indexOf("```js\n") + "```js\n".length();
		String snippet = section.substring(start, section.indexOf("```\n", start));
		// The script takes the server's URL as an argument; the docs name localhost.
		String script = Files.readString(Path.of("e2e/urql-flow.mjs"))
			.replace("`${base.replace(/^http/, 'ws')}/graphql`", "'ws://localhost:8080/graphql'")
			.replace("`${base}/graphql`", "'http://localhost:8080/graphql'");

		String[] parts = snippet.split("\n\n");
		assertThat(parts).as("the imports, then the set-up").hasSize(2);
		assertThat(script).as("e2e/urql-flow.mjs, which should hold the snippet of docs/clients.md")
			.contains(parts[0])
			.contains(parts[1]);
	}

}
