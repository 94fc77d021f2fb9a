package com.example.userprofiles;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import com.example.userprofiles.support.Api.Account;
import com.example.userprofiles.support.Api;
import com.example.userprofiles.support.ExternalProgram;
import com.example.userprofiles.support.IntegrationTest;
import com.example.userprofiles.support.SchemaReportHolder;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.SchemaPrinter;
import graphql.schema.idl.UnExecutableSchemaGenerator;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.support.PropertiesLoaderUtils;
import org.springframework.graphql.execution.SchemaReport;
import org.springframework.http.HttpHeaders;

import static com.example.userprofiles.support.Api.expect;
import static com.example.userprofiles.support.Api.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What operators see: health and nothing else of Actuator, build info, metrics, CORS; the
 * schema file served whole and mapped, and no outdated setting.
 */
@IntegrationTest
class OperationsTests {

	@Autowired
	Api api;

	@Test
	void healthIsUpWithTheDatabaseCheckAndShowsNoDetails() {
		Map<String, Object> health = get("/actuator/health");

		assertThat(health).containsEntry("status", "UP");
		assertThat(health.get("components")).asInstanceOf(InstanceOfAssertFactories.MAP)
			.containsEntry("db", Map.of("status", "UP"));
		assertThat(health.toString()).doesNotContainIgnoringCase("postgres").doesNotContain("validationQuery");
	}

	@Test
	void readinessIncludesTheDatabaseAndLivenessDoesNot() {
		Map<String, Object> readiness = get("/actuator/health/readiness");
		Map<String, Object> liveness = get("/actuator/health/liveness");

		assertThat(readiness).containsEntry("status", "UP");
		assertThat(readiness.get("components")).asInstanceOf(InstanceOfAssertFactories.MAP)
			.containsOnlyKeys("db", "readinessState");
		assertThat(liveness).containsEntry("status", "UP");
		assertThat(liveness.get("components")).asInstanceOf(InstanceOfAssertFactories.MAP)
			.containsOnlyKeys("livenessState");
	}

	@ParameterizedTest
	// health, info and prometheus are the exposed ones
	@ValueSource(
			strings = { "/actuator", "/actuator/env", "/actuator/beans", "/actuator/metrics", "/actuator/configprops",
					"/actuator/heapdump", "/actuator/shutdown", "/actuator/loggers", "/actuator/threaddump" })
	void noOtherEndpointIsExposed(String path) {
		this.api.http().get().uri(path).exchange().expectStatus().isNotFound();
	}

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
		// User.email has a controller method, which Spring for GraphQL times per node
		expect(run(this.api.as(account),
				"query MetricsProbe($id: ID!) { users(first: 1) { totalCount } user(id: $id) { email } }", "id",
				account.gid()), "user.email", account.email());

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

	private Map<String, Object> info() {
		return get("/actuator/info");
	}

	@SuppressWarnings("unchecked")
	private Map<String, Object> get(String path) {
		return get(path, Map.class);
	}

	private <T> T get(String path, Class<T> type) {
		return this.api.http()
			.get()
			.uri(path)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(type)
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

	@Autowired
	SchemaReportHolder schemaReport;

	@Test
	void everyFieldOfTheSchemaIsMappedAndNothingElseIs() {
		SchemaReport report = this.schemaReport.get();
		assertThat(report).as("schema inspection ran").isNotNull();
		assertThat(report.unmappedFields()).as("unmapped fields").isEmpty();
		assertThat(report.unmappedRegistrations()).as("unmapped registrations").isEmpty();
		assertThat(report.unmappedArguments()).as("unmapped arguments").isEmpty();
		assertThat(report.skippedTypes()).as("skipped types").isEmpty();
		assertThat(report.fieldNullnessErrors()).as("field nullness errors").isEmpty();
		assertThat(report.argumentNullnessErrors()).as("argument nullness errors").isEmpty();
	}

	@Test
	void theServedSchemaIsTheSchemaFile() throws IOException {
		String served = get("/graphql/schema", String.class);
		String file = Files.readString(Path.of("schema.graphqls"), StandardCharsets.UTF_8);

		assertThat(served).isNotBlank();
		assertThat(normalized(served)).isEqualTo(normalized(file));
	}

	@Test
	void graphiqlIsServedAtSlashGraphiql() {
		assertThat(get("/graphiql?path=/graphql", String.class)).containsIgnoringCase("graphiql");
	}

	@Test
	void everyTypeAndFieldIsDescribed() throws IOException {
		GraphQLSchema schema = schema(Files.readString(Path.of("schema.graphqls"), StandardCharsets.UTF_8));
		schema.getAllTypesAsList()
			.stream()
			.filter(type -> !type.getName().startsWith("__"))
			.filter(type -> type instanceof graphql.schema.GraphQLObjectType
					|| type instanceof graphql.schema.GraphQLInputObjectType
					|| type instanceof graphql.schema.GraphQLEnumType || type.getName().equals("DateTime"))
			.forEach(type -> {
				assertThat(((graphql.schema.GraphQLNamedSchemaElement) type).getDescription())
					.as("description of " + type.getName())
					.isNotBlank();
				if (type instanceof graphql.schema.GraphQLObjectType object) {
					object.getFieldDefinitions()
						.forEach(field -> assertThat(field.getDescription())
							.as("description of " + type.getName() + "." + field.getName())
							.isNotBlank());
				}
				if (type instanceof graphql.schema.GraphQLInputObjectType input) {
					input.getFieldDefinitions()
						.forEach(field -> assertThat(field.getDescription())
							.as("description of " + type.getName() + "." + field.getName())
							.isNotBlank());
				}
			});
	}

	/** Both texts through the same parser and printer, so only meaning is compared. */
	private static String normalized(String sdl) {
		return new SchemaPrinter(SchemaPrinter.Options.defaultOptions().includeDirectives(false)).print(schema(sdl));
	}

	private static GraphQLSchema schema(String sdl) {
		return UnExecutableSchemaGenerator.makeUnExecutableSchema(new SchemaParser().parse(sdl));
	}

	private static final Map<String, JsonNode> METADATA = metadata();

	@ParameterizedTest
	@ValueSource(strings = { "application.properties", "application-prod.properties", "application-test.properties" })
	void everySettingIsOneThatIsStillRead(String file) throws IOException {
		Properties settings = PropertiesLoaderUtils.loadProperties(new ClassPathResource(file));
		assertThat(settings.stringPropertyNames()).isNotEmpty().allSatisfy(name -> {
			if (name.startsWith("app.") || isEntryOfAMap(name)) {
				return;
			}
			assertThat(METADATA).as("%s in %s", name, file).containsKey(name);
			assertThat(METADATA.get(name).path("deprecation").isMissingNode())
				.as("%s in %s is deprecated: %s", name, file, METADATA.get(name).path("deprecation"))
				.isTrue();
		});
	}

	/** {@code logging.level.com.example}: a key of a setting that is a map. */
	private static boolean isEntryOfAMap(String name) {
		for (int dot = name.lastIndexOf('.'); dot > 0; dot = name.lastIndexOf('.', dot - 1)) {
			JsonNode setting = METADATA.get(name.substring(0, dot));
			if (setting != null) {
				String type = setting.path("type").asString("");
				return type.startsWith("java.util.Map<") || type.equals("java.util.Properties");
			}
		}
		return false;
	}

	private static Map<String, JsonNode> metadata() {
		Map<String, JsonNode> settings = new HashMap<>();
		try {
			for (URL file : Collections.list(OperationsTests.class.getClassLoader()
				.getResources("META-INF/spring-configuration-metadata.json"))) {
				try (InputStream in = file.openStream()) {
					JsonMapper.shared()
						.readTree(in)
						.path("properties")
						.forEach(setting -> settings.putIfAbsent(setting.path("name").asString(), setting));
				}
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		assertThat(settings).as("configuration metadata on the classpath").containsKey("server.port");
		return settings;
	}

}
