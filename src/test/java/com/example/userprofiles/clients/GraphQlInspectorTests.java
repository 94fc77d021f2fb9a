package com.example.userprofiles.clients;

import java.time.Duration;
import java.util.Map;

import com.example.userprofiles.support.Api;
import com.example.userprofiles.support.ExternalProgram;
import com.example.userprofiles.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real schema tool: graphql-inspector's diff ({@code e2e/schema-diff.mjs}) finds no
 * change, in either direction and directives included, between the schema the server
 * serves by introspection and {@code schema.graphqls}.
 */
@IntegrationTest
class GraphQlInspectorTests {

	@Autowired
	Api api;

	@Test
	void graphqlInspectorFindsNoChangeBetweenTheServedSchemaAndTheSchemaFile() {
		ExternalProgram.Run run = ExternalProgram
			.node(Duration.ofMinutes(1), Map.of(), "schema-diff.mjs", this.api.baseUrl() + "/graphql",
					"../schema.graphqls")
			.succeeded();

		assertThat(run.output()).contains("schema file -> served schema: 0 change(s)")
			.contains("served schema -> schema file: 0 change(s)");
	}

}
