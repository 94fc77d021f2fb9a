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
 * A real frontend client: Apollo Client in Node ({@code e2e/apollo-flow.mjs}) runs the
 * whole flow with its normalised cache, and after {@code deleteUser} evicts the user and
 * the profile knowing only {@code deletedUserId}.
 */
@IntegrationTest
class ApolloClientTests {

	@Autowired
	Api api;

	@Test
	void apolloClientRunsTheWholeFlowAndEvictsTheDeletedUserAndProfileFromItsCache() {
		ExternalProgram.Run run = ExternalProgram
			.node(Duration.ofMinutes(2), Map.of(), "apollo-flow.mjs", this.api.baseUrl() + "/graphql")
			.succeeded();

		assertThat(run.output()).contains("evict the user and the profile from the payload alone")
			.contains("apollo flow: every step as expected");
	}

}
