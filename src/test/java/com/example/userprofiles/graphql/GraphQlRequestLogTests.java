package com.example.userprofiles.graphql;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.example.userprofiles.support.Api;
import com.example.userprofiles.support.IntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.event.KeyValuePair;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.logging.logback.StructuredLogEncoder;

import static com.example.userprofiles.support.Api.run;
import static org.assertj.core.api.Assertions.assertThat;

/** One log line per request: operation, duration, outcome, nothing secret. */
@IntegrationTest
class GraphQlRequestLogTests {

	@Autowired
	Api api;

	private final Logger logger = (Logger) LoggerFactory.getLogger(GraphQlRequestLog.class);

	private final ListAppender<ILoggingEvent> events = new ListAppender<>();

	@BeforeEach
	void captureTheRequestLog() {
		this.events.start();
		this.logger.addAppender(this.events);
	}

	@AfterEach
	void stopCapturing() {
		this.logger.detachAppender(this.events);
	}

	@Test
	void eachRequestLogsOneLineWithItsOperationDurationAndOutcome() {
		this.api.anonymous().document("query RequestLogProbe { users(first: 1) { totalCount } }").executeAndVerify();

		List<ILoggingEvent> lines = linesFor("RequestLogProbe");
		assertThat(lines).hasSize(1);
		Map<String, Object> fields = fields(lines.get(0));
		assertThat(fields).containsEntry("graphql.operation.type", "query")
			.containsEntry("graphql.operation.name", "RequestLogProbe")
			.containsEntry("graphql.outcome", "ok")
			.containsKey("graphql.duration_ms");
		assertThat(lines.get(0).getFormattedMessage()).matches("GraphQL query RequestLogProbe ok in \\d+ ms");
	}

	@Test
	void aFailedRequestIsLoggedWithItsErrorCodes() {
		run(this.api.anonymous(), "mutation RequestLogFailure { deleteUser(id: \"1\") { deletedUserId } }");

		List<ILoggingEvent> lines = linesFor("RequestLogFailure");
		assertThat(lines).hasSize(1);
		assertThat(fields(lines.get(0))).containsEntry("graphql.operation.type", "mutation")
			.containsEntry("graphql.outcome", "error")
			.containsEntry("graphql.error_codes", "UNAUTHENTICATED");
	}

	@Test
	void variablesAndPasswordsNeverReachTheLog() {
		String password = "never-logged-" + Api.uniqueName("pw");
		String username = Api.uniqueName("logged");
		this.api.anonymous()
			.document("mutation RequestLogSignUp($input: SignUpInput!) { signUp(input: $input) { token } }")
			.variable("input", Map.of("username", username, "email", username + "@example.com", "password", password))
			.executeAndVerify();

		assertThat(linesFor("RequestLogSignUp")).hasSize(1);
		assertThat(this.events.list)
			.allSatisfy(event -> assertThat(event.getFormattedMessage() + fields(event)).doesNotContain(password)
				.doesNotContain(username));
	}

	@Test
	void theEcsStructuredFormatWritesEachRequestAsOneJsonLineWithItsFields() throws Exception {
		this.api.anonymous().document("query RequestLogJson { me { id } }").executeAndVerify();
		// The encoder Spring Boot uses for logging.structured.format.console=ecs
		StructuredLogEncoder encoder = new StructuredLogEncoder();
		encoder.setContext((LoggerContext) LoggerFactory.getILoggerFactory());
		encoder.setFormat("ecs");
		encoder.start();

		String line = new String(encoder.encode(linesFor("RequestLogJson").get(0)), StandardCharsets.UTF_8);

		assertThat(line.strip()).doesNotContain("\n");
		JsonNode json = JsonMapper.builder().build().readTree(line);
		assertThat(json.at("/message").asString()).startsWith("GraphQL query RequestLogJson ok in ");
		assertThat(json.at("/graphql/operation/name").asString()).isEqualTo("RequestLogJson");
		assertThat(json.at("/graphql/outcome").asString()).isEqualTo("ok");
		assertThat(json.at("/graphql/duration_ms").isMissingNode()).isFalse();
	}

	private List<ILoggingEvent> linesFor(String operationName) {
		return this.events.list.stream()
			.filter(event -> operationName.equals(fields(event).get("graphql.operation.name")))
			.toList();
	}

	private static Map<String, Object> fields(ILoggingEvent event) {
		List<KeyValuePair> pairs = (event.getKeyValuePairs() != null) ? event.getKeyValuePairs() : List.of();
		return pairs.stream().collect(Collectors.toMap(pair -> pair.key, pair -> pair.value));
	}

}
