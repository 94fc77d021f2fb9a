package com.example.userprofiles;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import com.example.userprofiles.support.Api;
import com.example.userprofiles.support.Api.Account;
import com.example.userprofiles.support.ExternalProgram;
import com.example.userprofiles.support.IntegrationTest;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What operators see: the version and commit at {@code /actuator/info}, Micrometer
 * metrics (with Spring for GraphQL's timings) for Prometheus, and CORS that allows only
 * the configured origins.
 */
@IntegrationTest
class OperationsTests {

	@Autowired
	Api api;

	@Test
	void infoShowsTheBuildVersion() {
		Map<String, Object> info = info();

		assertThat(info).extractingByKey("build")
			.asInstanceOf(InstanceOfAssertFactories.MAP)
			.containsEntry("version", projectVersion())
			.containsEntry("artifact", "userprofiles");
	}

	@Test
	void infoShowsTheGitCommitTheServerWasBuiltFrom() {
		// The build records the commit with git-commit-id-maven-plugin, which reads a
		// linked worktree (git worktree add) as its main checkout; clones are exact.
		String gitDir = git("rev-parse", "--absolute-git-dir");
		String commonDir = git("rev-parse", "--path-format=absolute", "--git-common-dir");
		assumeTrue(!gitDir.isEmpty() && gitDir.equals(commonDir), "a clone, not a linked worktree");

		Map<String, Object> info = info();

		assertThat(info).extractingByKey("git")
			.asInstanceOf(InstanceOfAssertFactories.MAP)
			.extractingByKey("commit")
			.asInstanceOf(InstanceOfAssertFactories.MAP)
			.containsEntry("id", git("rev-parse", "--short=7", "HEAD"));
	}

	@Test
	void prometheusExposesGraphqlRequestAndRootFieldTimingsButNotEachNodesFields() {
		Account account = this.api.signUp("metrics");
		// User.email has a controller method: a field Spring for GraphQL would time per
		// node
		this.api.as(account)
			.document("query MetricsProbe($id: ID!) { users(first: 1) { totalCount } user(id: $id) { email } }")
			.variable("id", String.valueOf(account.id()))
			.execute()
			.path("user.email")
			.entity(String.class)
			.isEqualTo(account.email());

		String scrape = this.api.http()
			.get()
			.uri("/actuator/prometheus")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();

		assertThat(scrape).containsPattern("(?m)^graphql_request_seconds_count\\{[^}]*graphql_operation_type=\"query\"")
			.containsPattern("(?m)^graphql_request_seconds_bucket\\{")
			.containsPattern("(?m)^graphql_datafetcher_seconds_count\\{[^}]*graphql_field_name=\"users\"")
			.doesNotContainPattern("(?m)^graphql_datafetcher_seconds_count\\{[^}]*graphql_field_name=\"email\"")
			.containsPattern("(?m)^hikaricp_connections_active\\{")
			.containsPattern("(?m)^jvm_memory_used_bytes\\{");
	}

	@Test
	void aBrowserOnAnAllowedOriginPassesTheCorsPreflight() {
		this.api.http()
			.options()
			.uri("/graphql")
			.header(HttpHeaders.ORIGIN, "https://app.example.test")
			.header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "POST")
			.header(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS, "authorization,content-type")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "https://app.example.test")
			.expectHeader()
			.value(HttpHeaders.ACCESS_CONTROL_ALLOW_HEADERS,
					headers -> assertThat(headers.toLowerCase()).contains("authorization"));
	}

	@Test
	void aBrowserOnAnyOtherOriginIsRefused() {
		this.api.http()
			.options()
			.uri("/graphql")
			.header(HttpHeaders.ORIGIN, "https://evil.example.test")
			.header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "POST")
			.exchange()
			.expectStatus()
			.isForbidden()
			.expectHeader()
			.doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN);
		this.api.http()
			.post()
			.uri("/graphql")
			.header(HttpHeaders.ORIGIN, "https://evil.example.test")
			.header(HttpHeaders.CONTENT_TYPE, "application/json")
			.bodyValue("{\"query\":\"{ me { id } }\"}")
			.exchange()
			.expectStatus()
			.isForbidden()
			.expectHeader()
			.doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN);
	}

	@Test
	void theProductAllowsNoOriginUnlessConfigured() throws IOException {
		Properties product = new Properties();
		try (InputStream in = getClass().getResourceAsStream("/application.properties")) {
			product.load(in);
		}
		assertThat(product.stringPropertyNames()).doesNotContain("spring.graphql.cors.allowed-origins",
				"spring.graphql.cors.allowed-origin-patterns");
	}

	@SuppressWarnings("unchecked")
	private Map<String, Object> info() {
		return this.api.http()
			.get()
			.uri("/actuator/info")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
	}

	private static String projectVersion() {
		String pom = read(Path.of("pom.xml"));
		int parentEnd = pom.indexOf("</parent>");
		int start = pom.indexOf("<version>", parentEnd) + "<version>".length();
		return pom.substring(start, pom.indexOf("</version>", start));
	}

	private static String read(Path path) {
		try {
			return java.nio.file.Files.readString(path);
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	private static String git(String... arguments) {
		List<String> command = new java.util.ArrayList<>(List.of("git"));
		command.addAll(List.of(arguments));
		try {
			ExternalProgram.Run run = ExternalProgram.run(Duration.ofSeconds(20), Path.of("."), Map.of(), command);
			return (run.exitCode() == 0) ? run.output().strip() : "";
		}
		catch (IllegalStateException ex) {
			return "";
		}
	}

}
