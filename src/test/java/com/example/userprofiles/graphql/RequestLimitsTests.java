package com.example.userprofiles.graphql;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.example.userprofiles.support.Api;
import com.example.userprofiles.support.IntegrationTest;
import com.example.userprofiles.support.SqlStatements;
import graphql.analysis.QueryComplexityCalculator;
import graphql.execution.CoercedVariables;
import graphql.introspection.IntrospectionQuery;
import graphql.parser.Parser;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.UnExecutableSchemaGenerator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;
import org.slf4j.event.KeyValuePair;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.logging.logback.StructuredLogEncoder;
import org.springframework.graphql.test.tester.GraphQlTester;
import org.springframework.jdbc.core.JdbcTemplate;

import static com.example.userprofiles.support.Api.expect;
import static com.example.userprofiles.support.Api.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * No single request can make the server or the database work without bound; and each
 * request logs one line, with nothing secret.
 */
@IntegrationTest
class RequestLimitsTests {

	/** The cost limit's refusal, not another limit's (tokens, depth). */
	private static final String COST = "maximum query complexity exceeded";

	/** Matches most users: each count reads nearly the whole table. */
	private static final Map<String, Object> BROAD_FILTER = Map.of("username", Map.of("contains", "e"));

	@Autowired
	Api api;

	@Autowired
	SqlStatements sql;

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void aQueryTwelveDeepRuns() {
		this.api.anonymous().document("{ " + nested(12) + " }").execute().errors().verify();
	}

	@Test
	void aQueryDeeperThanTwelveIsRefusedBeforeItTouchesTheDatabaseEachTimeItIsSent() {
		String document = "{ " + nested(13) + " }";
		assertRefusedWithoutSql(this.api.anonymous().document(document));
		assertRefusedWithoutSql(this.api.anonymous().document(document));
	}

	@Test
	void eachOperationOfADocumentHasItsOwnDepth() {
		String document = "query Shallow { users(first: 1) { nodes { id } } } query Deep { " + nested(13) + " }";
		assertRefusedWithoutSql(this.api.anonymous().document(document).operationName("Deep"));
		this.api.anonymous().document(document).operationName("Shallow").execute().errors().verify();
		assertRefusedWithoutSql(this.api.anonymous().document(document).operationName("Deep"));
	}

	@Test
	void aDeepSelectionCountsOnlyWhenIncluded() {
		String document = "query($deep: Boolean!) { users(first: 1) { nodes { id } } ... @include(if: $deep) { "
				+ nested(13) + " } }";
		this.api.anonymous().document(document).variable("deep", false).execute().errors().verify();
		assertRefusedWithoutSql(this.api.anonymous().document(document).variable("deep", true));
		this.api.anonymous().document(document).variable("deep", false).execute().errors().verify();
	}

	@Test
	void sixtyAliasedPagesOfAHundredUsersWithProfilesAreRefusedBeforeTheyTouchTheDatabase() {
		String text = aliases(60, "{", "users(first: 100) { edges { node { id username profile { description } } } }");
		assertRefusedWithoutSql(this.api.anonymous().document(text));
		// again: the second time, the document comes from the document cache
		assertRefusedWithoutSql(this.api.anonymous().document(text));
	}

	@Test
	void theCostOfAPageCountsItsSizeGivenAsAVariable() {
		String document = aliases(10, "query($size: Int) {",
				"users(first: $size) { edges { node { id username profile { description } } } }");
		this.api.anonymous().document(document).variable("size", 5).execute().errors().verify();
		assertRefusedWithoutSql(this.api.anonymous().document(document).variable("size", 100));
	}

	/** Empty pages and counts still cost their statements. */
	@Test
	void hundredsOfAliasedCountsOrEmptyPagesAreRefusedForTheirCostBeforeTheyTouchTheDatabase() {
		for (String page : List.of("first: 0", "last: 0")) {
			assertRefusedWithoutSql(this.api.anonymous()
				.document(aliases(300, "query($f: UserFilter) {", "users(" + page + ", filter: $f) { totalCount }"))
				.variable("f", BROAD_FILTER), COST);
		}
		// sized zero by a variable
		assertRefusedWithoutSql(this.api.anonymous()
			.document(aliases(300, "query($n: Int, $f: ProfileFilter) {",
					"profiles(first: $n, filter: $f) { totalCount }"))
			.variable("n", 0)
			.variable("f", Map.of("description", Map.of("contains", "e"))), COST);
		// no count, but each alias still runs its page statement
		assertRefusedWithoutSql(
				this.api.anonymous().document(aliases(300, "{", "users(first: 0) { pageInfo { hasNextPage } }")), COST);
	}

	@Test
	void aFewCountsInOneDocumentStillRun() {
		String document = aliases(10, "query($f: UserFilter) {", "users(first: 0, filter: $f) { totalCount }");
		this.api.anonymous().document(document).variable("f", BROAD_FILTER).execute().errors().verify();
	}

	@Test
	void aFullPageOfAHundredUsersWithProfilesRuns() {
		this.api.anonymous()
			.document("{ users(first: 100) { totalCount pageInfo { hasNextPage endCursor } "
					+ "edges { cursor node { id username createdAt updatedAt profile { id description user { id } } } } } }")
			.execute()
			.errors()
			.verify();
	}

	@Test
	void graphiqlsIntrospectionQueryRuns() {
		expect(run(this.api.anonymous(), IntrospectionQuery.INTROSPECTION_QUERY), "__schema.queryType.name", "Query");
	}

	@Test
	void aDocumentOfMoreThan65536CharactersIsRefused() {
		String padding = "#" + "x".repeat(70_000) + "\n";
		assertRefusedWithoutSql(this.api.anonymous().document(padding + "{ users { nodes { id } } }"));
	}

	@Test
	void aDocumentOfMoreThan5000TokensIsRefused() {
		String fields = "id ".repeat(6000);
		assertRefusedWithoutSql(this.api.anonymous().document("{ users { nodes { " + fields + "} } }"));
	}

	@Test
	void twoAliasedLogInsInOneDocumentAreRefusedAsAWhole() {
		String logIn = "logIn(input: { username: \"nobody\", password: \"password1\" }) { token }";
		assertRefusedWithoutSql(this.api.anonymous().document("mutation { a: " + logIn + " b: " + logIn + " }"));
	}

	@Test
	void credentialFieldsHiddenInFragmentsAreCountedToo() {
		String document = """
				mutation { ...Guesses ... on Mutation { c: logIn(input: { username: "nobody", password: "password3" }) { token } } }
				fragment Guesses on Mutation {
				  a: logIn(input: { username: "nobody", password: "password1" }) { token }
				}""";
		assertRefusedWithoutSql(this.api.anonymous().document(document));
	}

	@Test
	void aSignUpAndALogInInOneDocumentAreRefusedAsAWhole() {
		String name = Api.uniqueName("twocreds");
		String document = "mutation { signUp(input: { username: \"" + name + "\", email: \"" + name
				+ "@example.com\", password: \"password1\" }) { token } "
				+ "logIn(input: { username: \"nobody\", password: \"password1\" }) { token } }";
		assertRefusedWithoutSql(this.api.anonymous().document(document));
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM site_user WHERE username = ?", Integer.class, name))
			.isZero();
	}

	/** 30 fragments each spreading the next twice: 2^30 fields if walked naively. */
	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "Query", "UserConnection" })
	void aDocumentSpreadingEachFragmentTwiceIsAnsweredAtOnce(String type) {
		StringBuilder document = new StringBuilder(
				type.equals("Query") ? "{ ...F0 }\n" : "{ users(first: 1) { ...F0 } }\n");
		int levels = 30;
		for (int i = 0; i < levels; i++) {
			document.append("fragment F%d on %s { __typename ...F%d a%d: __typename ...F%d }\n".formatted(i, type,
					i + 1, i, i + 1));
		}
		document.append("fragment F%d on %s { __typename }\n".formatted(levels, type));
		assertTimeoutPreemptively(Duration.ofSeconds(10),
				() -> this.api.anonymous().document(document.toString()).execute().errors().verify());
	}

	@Test
	void everyDatabaseConnectionHasAStatementTimeout() {
		assertThat(this.jdbc.queryForObject("SHOW statement_timeout", String.class)).isEqualTo("5s");
	}

	@Test
	void refusedQueriesLeaveNothingBehindForTheNextRequestOnTheirThread() {
		// A refused query must not leave a read-only snapshot transaction bound to its
		// server thread, where the next mutation would fail to write.
		for (int i = 0; i < 30; i++) {
			run(this.api.anonymous(), "{ " + nested(13) + " }").errors()
				.satisfy(errors -> assertThat(errors).hasSize(1));
		}
		for (int i = 0; i < 30; i++) {
			this.api.signUp("afterrefusal");
		}
	}

	private static String nested(int depth) {
		List<String> fields = new java.util.ArrayList<>(List.of("profiles", "nodes"));
		while (fields.size() < depth - 1) {
			fields.add((fields.size() % 2 == 0) ? "user" : "profile");
		}
		String leaf = fields.get(fields.size() - 1).equals("user") || fields.get(fields.size() - 1).equals("nodes")
				? "id" : "description";
		StringBuilder query = new StringBuilder();
		fields.forEach(field -> query.append(field).append(" { "));
		query.append(leaf);
		fields.forEach(field -> query.append(" }"));
		return query.toString();
	}

	private static String aliases(int count, String head, String field) {
		StringBuilder document = new StringBuilder(head);
		for (int i = 0; i < count; i++) {
			document.append(" c").append(i).append(": ").append(field);
		}
		return document.append(" }").toString();
	}

	private void assertRefusedWithoutSql(GraphQlTester.Request<?> request) {
		assertRefusedWithoutSql(request, "");
	}

	/** One BAD_USER_INPUT whose message holds {@code message}, and no SQL sent. */
	private void assertRefusedWithoutSql(GraphQlTester.Request<?> request, String message) {
		this.sql.clear();
		request.execute().errors().satisfy(errors -> assertThat(errors).singleElement().satisfies(error -> {
			assertThat(error.getExtensions()).containsEntry("code", "BAD_USER_INPUT");
			assertThat(error.getMessage()).contains(message);
		}));
		assertThat(this.sql.all()).as("SQL sent").isEmpty();
	}

	private static final GraphQLSchema schema = schema();

	@Test
	void onePageOfAHundredUsersWithProfilesCostsAbout600() {
		assertThat(cost("{ users(first: 100) { edges { node { id username profile { description } } } } }"))
			.isEqualTo(602);
	}

	@Test
	void aCountCostsItsTwoStatementsWhateverThePageSize() {
		assertThat(cost("{ users(first: 0) { totalCount } }")).isEqualTo(202);
		assertThat(cost("{ users(last: 0) { totalCount } }")).isEqualTo(202);
		assertThat(cost("{ users(first: 100) { totalCount } }")).isEqualTo(202);
		assertThat(cost("{ profiles { totalCount } }")).isEqualTo(202);
	}

	@Test
	void anEmptyPageCostsItsStatementAndItsItemsAtLeastOnce() {
		assertThat(cost("{ users(first: 0) { nodes { id username } } }")).isEqualTo(1 + 100 + 1 + 2);
		assertThat(cost("{ users(first: 1) { nodes { id username } } }")).isEqualTo(1 + 100 + 1 + 2);
		assertThat(cost("{ users(first: 0) { pageInfo { hasNextPage } } }")).isEqualTo(1 + 100 + 2);
	}

	@Test
	void aPageSizeGivenAsAVariableCountsLikeALiteral() {
		String document = "query($n: Int) { users(first: $n) { nodes { id } } }";
		assertThat(cost(document, Map.of("n", 0))).isEqualTo(1 + 100 + 1 + 1);
		assertThat(cost(document, Map.of("n", 50))).isEqualTo(1 + 100 + 1 + 50);
		assertThat(cost(document, Map.of())).isEqualTo(1 + 100 + 1 + 20);
	}

	private static int cost(String document) {
		return cost(document, Map.of());
	}

	private static int cost(String document, Map<String, Object> variables) {
		return QueryComplexityCalculator.newCalculator()
			.fieldComplexityCalculator(new QueryCost())
			.schema(schema)
			.document(Parser.parse(document))
			.operationName(null)
			.variables(CoercedVariables.of(variables))
			.build()
			.calculate();
	}

	private static GraphQLSchema schema() {
		try (InputStream sdl = RequestLimitsTests.class.getResourceAsStream("/graphql/schema.graphqls")) {
			return UnExecutableSchemaGenerator.makeUnExecutableSchema(
					new SchemaParser().parse(new String(sdl.readAllBytes(), StandardCharsets.UTF_8)));
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

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
		run(this.api.anonymous(), "mutation RequestLogFailure { deleteUser(id: \"VXNlcjox\") { deletedUserId } }");

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
