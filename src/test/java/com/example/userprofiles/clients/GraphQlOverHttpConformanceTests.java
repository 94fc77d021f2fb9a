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
 * The GraphQL-over-HTTP specification, checked by the audit suite of the
 * {@code graphql-http} package ({@code e2e/audit.mjs}) against the running server. Its
 * audits send both {@code application/graphql-response+json} and
 * {@code application/json}.
 */
@IntegrationTest
class GraphQlOverHttpConformanceTests {

	@Autowired
	Api api;

	@Test
	void everyMustAndShouldAuditOfGraphqlHttpPasses() {
		ExternalProgram.Run run = ExternalProgram
			.node(Duration.ofMinutes(2), Map.of(), "audit.mjs", this.api.baseUrl() + "/graphql")
			.succeeded();

		assertThat(run.output()).contains("0 MUST or SHOULD audits failed")
			.contains("ok     4655 MUST accept application/json and match the content-type")
			.contains("ok     22EB SHOULD accept application/graphql-response+json and match the content-type");
	}

}
