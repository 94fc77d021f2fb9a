package com.example.userprofiles.clients;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.example.userprofiles.support.Api;
import com.example.userprofiles.support.ExternalProgram;
import com.example.userprofiles.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.util.FileSystemUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real Relay client: relay-compiler compiles the documents of {@code e2e/relay/}
 * against the schema the server prints, as {@code docs/clients.md} says to, and
 * relay-runtime with its default store ({@code e2e/relay-flow.mjs}) keeps a user and its
 * profile as two records, refetches through {@code node}, pages a connection forward and
 * deletes both records with {@code @deleteRecord}, printing no warning.
 */
@IntegrationTest
class RelayTests {

	private static final Path RELAY = Path.of("e2e", "relay");

	@Autowired
	Api api;

	@Test
	void relayCompilesAgainstThePrintedSchemaAndKeepsRefetchesPagesAndDeletesRecords() throws IOException {
		// Compiled on every run, so the generated modules are never older than the
		// schema.
		FileSystemUtils.deleteRecursively(RELAY.resolve("src/__generated__"));
		ExternalProgram
			.run(Duration.ofMinutes(1), RELAY, Map.of(),
					List.of("curl", "-sSf", this.api.baseUrl() + "/graphql/schema", "-o", "schema.graphql"))
			.succeeded();
		ExternalProgram.Run compiled = ExternalProgram
			.run(Duration.ofMinutes(2), RELAY, Map.of(), List
				.of(Path.of("e2e/node_modules/.bin/relay-compiler").toAbsolutePath().toString(), "relay.config.json"))
			.succeeded();
		assertThat(compiled.output()).contains("Compilation completed");

		ExternalProgram.Run run = ExternalProgram
			.node(Duration.ofMinutes(2), Map.of(), "relay-flow.mjs", this.api.baseUrl() + "/graphql")
			.succeeded();

		assertThat(run.output()).contains("(User) and ")
			.contains("(Profile), no warning")
			.contains("refetch: RelayFlowUserRefetchQuery sent node(id:) and read the new description")
			.contains("connection: 3 edges after loading the next page, hasNextPage false")
			.contains("deleteProfile: the profile record is deleted, its user kept")
			.contains("deleteUser: the user and the profile records are deleted")
			.contains("deleteUser without a profile: the user record is deleted, nothing else")
			.contains("relay flow: every step as expected")
			.doesNotContain("Warning:");
	}

}
