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
 * the profile knowing only {@code deletedUserId}; and its persisted-query link
 * ({@code e2e/apollo-persisted-queries.mjs}) sends documents by hash.
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

	@Test
	void apolloPersistedQueryLinkRetriesAnUnknownHashWithTheQueryAndASecondClientIsServedByHash() {
		ExternalProgram.Run run = ExternalProgram
			.node(Duration.ofMinutes(2), Map.of(), "apollo-persisted-queries.mjs", this.api.baseUrl() + "/graphql")
			.succeeded();

		assertThat(run.output())
			.contains("requests: hash only -> 400 PERSISTED_QUERY_NOT_FOUND; hash and query -> 200 data")
			.contains("requests: hash only -> 200 data")
			.contains("apollo persisted queries: every step as expected");
	}

}
