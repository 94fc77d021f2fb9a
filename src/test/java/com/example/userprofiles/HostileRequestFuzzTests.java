package com.example.userprofiles;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;

import com.example.userprofiles.support.Api.Account;
import com.example.userprofiles.support.Api;
import com.example.userprofiles.support.IntegrationTest;
import com.example.userprofiles.support.SqlStatements;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.graphql.ResponseError;
import org.springframework.graphql.test.tester.GraphQlTester;
import org.springframework.jdbc.core.JdbcTemplate;

import static com.example.userprofiles.support.Api.expect;
import static com.example.userprofiles.support.Api.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Hostile input gets a coded GraphQL error, never a 5xx, trace or SQL: a bad {@code ID}
 * is {@code BAD_USER_INPUT}, injection payloads are data, and thousands of fuzzed
 * requests change only what their valid mutations change. A failure prints its seed:
 * {@code -Dfuzz.seed=N} replays it, {@code -Dfuzz.cases=N} runs more.
 */
@IntegrationTest
class HostileRequestFuzzTests {

	private static final int DEFAULT_CASES = 2500;

	private static final Set<String> CODES = Set.of("BAD_USER_INPUT", "UNAUTHENTICATED", "FORBIDDEN", "NOT_FOUND",
			"CONFLICT", "TOO_MANY_REQUESTS");

	/** Text that must never appear in a response unless the request itself held it. */
	private static final List<String> LEAKS = List.of("Exception", "\tat ", "at org.", "at com.", "java.",
			"org.springframework", "PSQL", "SQLState", "site_user", "password_hash", "select ", "insert into",
			"constraint", "$argon2", "{argon2}");

	private static final String HOSTILE = "{}[]()\"'\\$@!:=.,#&|%_-\u0000\u0001\u001f\u007f\u00e9\u2028\ud83d\ude00\ud800 \n\t";

	private final ObjectMapper json = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@Autowired
	Api api;

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void hostileRequestsGetCleanAnswersAndChangeOnlyWhatValidMutationsChange() throws Exception {
		long seed = Long.getLong("fuzz.seed", System.nanoTime());
		int cases = Integer.getInteger("fuzz.cases", DEFAULT_CASES);
		Random random = new Random(seed);
		Account fuzzer = this.api.signUp("fuzzer");
		this.api.createProfile(fuzzer, "The fuzzer's own profile");
		Account bystander = this.api.signUp("bystander");
		this.api.createProfile(bystander, "Someone else's profile");
		long lastIdBefore = this.jdbc.queryForObject("SELECT max(id) FROM site_user", Long.class);
		String othersBefore = othersChecksum(fuzzer.id(), lastIdBefore);
		List<Operation> corpus = corpus(fuzzer, bystander);

		int signUps = 0;
		for (int i = 0; i < cases; i++) {
			Request request = hostile(random, corpus, fuzzer);
			HttpResponse<String> response = send(request);
			String context = "seed " + seed + ", case " + i + ": " + request;
			check(request, response, context);
			signUps += isSuccessfulSignUp(request, response) ? 1 : 0;
			if (i % 250 == 0) {
				assertStillAnswers(context);
			}
		}

		assertStillAnswers("seed " + seed + ", after all cases");
		assertThat(othersChecksum(fuzzer.id(), lastIdBefore)).as("seed %s: rows the fuzzer may not touch", seed)
			.isEqualTo(othersBefore);
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM site_user WHERE id > ?", Integer.class, lastIdBefore))
			.as("seed %s: new users, one per successful signUp", seed)
			.isEqualTo(signUps);
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM profile WHERE site_user_id > ?", Integer.class,
				lastIdBefore))
			.as("seed %s: profiles of new users (nobody used their tokens)", seed)
			.isZero();
	}

	private void check(Request request, HttpResponse<String> response, String context) {
		String body = response.body();
		assertThat(response.statusCode()).as(context).isLessThan(500);
		for (String leak : LEAKS) {
			if (!request.raw().toLowerCase(Locale.ROOT).contains(leak.toLowerCase(Locale.ROOT))) {
				assertThat(body).as(context).doesNotContainIgnoringCase(leak);
			}
		}
		if (response.statusCode() != 200) {
			return;
		}
		JsonNode answer = this.json.readTree(body);
		assertThat(answer.has("data") || answer.has("errors")).as(context + " -> " + body).isTrue();
		for (JsonNode error : answer.path("errors")) {
			String code = error.path("extensions").path("code").asString();
			if (!CODES.contains(code)) {
				fail(context + " -> an error without an allowed code: "
						+ error.toString().replaceAll("[^\\x20-\\x7e]", "?"));
			}
		}
	}

	private boolean isSuccessfulSignUp(Request request, HttpResponse<String> response) {
		if (response.statusCode() != 200 || !request.raw().contains("signUp")) {
			return false;
		}
		JsonNode data = this.json.readTree(response.body()).path("data");
		for (JsonNode field : data) {
			if (field.isObject() && field.has("token")) {
				return true;
			}
		}
		return false;
	}

	private void assertStillAnswers(String context) {
		run(this.api.anonymous(), "{ users(first: 1) { totalCount } }").path("users.totalCount")
			.entity(Integer.class)
			.satisfies(count -> assertThat(count).as(context).isPositive());
	}

	private HttpResponse<String> send(Request request) throws Exception {
		HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(this.api.baseUrl() + "/graphql"))
			.timeout(Duration.ofSeconds(30))
			.header("Content-Type", "application/json")
			.header("Accept", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(request.raw(), StandardCharsets.UTF_8));
		if (request.token() != null) {
			builder.header("Authorization", "Bearer " + request.token());
		}
		return this.http.send(builder.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
	}

	/** A checksum of every user and profile the fuzzer has no right to change. */
	private String othersChecksum(long fuzzerId, long lastIdBefore) {
		return this.jdbc.queryForObject(
				"""
						SELECT md5(coalesce((SELECT string_agg(concat_ws('|', id, username, email, password_hash, role,
						  token_version, created_at, updated_at), ',' ORDER BY id) FROM site_user WHERE id <> ? AND id <= ?), '')
						  || '#' || coalesce((SELECT string_agg(concat_ws('|', site_user_id, description, created_at, updated_at), ','
						  ORDER BY site_user_id) FROM profile WHERE site_user_id <> ? AND site_user_id <= ?), ''))""",
				String.class, fuzzerId, lastIdBefore, fuzzerId, lastIdBefore);
	}

	private Request hostile(Random random, List<Operation> corpus, Account fuzzer) {
		String token = switch (random.nextInt(4)) {
			case 0 -> null;
			// HTTP headers carry visible ASCII only
			case 1 -> mutate(random, fuzzer.token()).replaceAll("[^\\x21-\\x7e]", "A");
			default -> fuzzer.token();
		};
		int kind = random.nextInt(20);
		if (kind == 0) {
			return new Request(randomText(random, random.nextInt(200)), token);
		}
		if (kind == 1) {
			return new Request(this.json.writeValueAsString(randomValue(random, 4)), token);
		}
		if (kind == 2) {
			Operation operation = pick(random, corpus);
			return new Request(mutate(random, request(operation.document(), operation.variables(), null)), token);
		}
		Operation operation = pick(random, corpus);
		String document = (random.nextInt(3) == 0) ? operation.document()
				: mutateDocument(random, operation.document());
		Map<String, Object> variables = (random.nextInt(3) == 0) ? operation.variables()
				: mutateVariables(random, operation.variables());
		String operationName = (random.nextInt(15) == 0) ? randomText(random, 8) : null;
		return new Request(request(document, variables, operationName), token);
	}

	private String request(String document, Map<String, Object> variables, String operationName) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("query", document);
		body.put("variables", variables);
		if (operationName != null) {
			body.put("operationName", operationName);
		}
		return this.json.writeValueAsString(body);
	}

	private String mutateDocument(Random random, String document) {
		String result = document;
		int edits = 1 + random.nextInt(4);
		for (int i = 0; i < edits; i++) {
			result = switch (random.nextInt(9)) {
				case 0 -> mutate(random, result);
				case 1 -> replaceFirst(result, "first: \\d+", "first: " + randomInt(random));
				case 2 -> replaceFirst(result, "\\{", "{ __typename ");
				case 3 -> replaceFirst(result, "\\{", "{".repeat(1 + random.nextInt(600)));
				case 4 -> result + " " + result;
				case 5 -> replaceFirst(result, "\\}\\s*$", " alias" + random.nextInt(99) + ": me { id } }");
				case 6 -> replaceFirst(result, "\"[^\"]*\"", this.json.writeValueAsString(randomText(random, 30)));
				case 7 -> replaceFirst(result, "\\{", "{ ... on Query { me { id } } ");
				default -> replaceFirst(result, "\\$\\w+", "$" + randomText(random, 3).replaceAll("\\W", "x"));
			};
		}
		return result;
	}

	private static String replaceFirst(String text, String regex, String replacement) {
		return text.replaceFirst(regex, java.util.regex.Matcher.quoteReplacement(replacement));
	}

	private Map<String, Object> mutateVariables(Random random, Map<String, Object> variables) {
		Map<String, Object> result = new LinkedHashMap<>(variables);
		if (result.isEmpty() || random.nextInt(4) == 0) {
			result.put(randomText(random, 4), randomValue(random, 3));
		}
		for (String name : List.copyOf(result.keySet())) {
			if (random.nextInt(2) == 0) {
				result.put(name, (result.get(name) instanceof Map<?, ?> input && random.nextBoolean())
						? mutateInput(random, input) : randomValue(random, 3));
			}
		}
		return result;
	}

	private Map<String, Object> mutateInput(Random random, Map<?, ?> input) {
		Map<String, Object> result = new LinkedHashMap<>();
		input.forEach(
				(key, value) -> result.put(String.valueOf(key), random.nextBoolean() ? randomValue(random, 2) : value));
		if (random.nextInt(3) == 0) {
			result.put("role", "ADMIN");
		}
		return result;
	}

	private Object randomValue(Random random, int depth) {
		int kind = random.nextInt((depth > 0) ? 9 : 6);
		return switch (kind) {
			case 0 -> null;
			case 1 -> random.nextBoolean();
			case 2 -> randomInt(random);
			case 3 -> random.nextDouble() * Math.pow(10, random.nextInt(40) - 20);
			case 4, 5 -> randomText(random, random.nextInt(64));
			case 6 -> {
				List<Object> list = new ArrayList<>();
				for (int i = random.nextInt(4); i > 0; i--) {
					list.add(randomValue(random, depth - 1));
				}
				yield list;
			}
			default -> {
				Map<String, Object> object = new LinkedHashMap<>();
				for (int i = random.nextInt(4); i > 0; i--) {
					object.put(
							pick(random,
									List.of("username", "email", "password", "description", "userId", "id", "equals",
											"startsWith", "contains", "field", "direction", "x")),
							randomValue(random, depth - 1));
				}
				yield object;
			}
		};
	}

	private static long randomInt(Random random) {
		return switch (random.nextInt(6)) {
			case 0 -> -random.nextInt(1000);
			case 1 -> Integer.MAX_VALUE;
			case 2 -> Long.MAX_VALUE;
			case 3 -> Integer.MIN_VALUE;
			default -> random.nextInt(200);
		};
	}

	private static String mutate(Random random, String text) {
		StringBuilder result = new StringBuilder(text);
		int edits = 1 + random.nextInt(3);
		for (int i = 0; i < edits && result.length() > 0; i++) {
			int at = random.nextInt(result.length());
			switch (random.nextInt(4)) {
				case 0 -> result.deleteCharAt(at);
				case 1 -> result.insert(at, randomText(random, 1 + random.nextInt(5)));
				case 2 -> result.setCharAt(at, HOSTILE.charAt(random.nextInt(HOSTILE.length())));
				default -> result.insert(at, result.substring(at, Math.min(result.length(), at + random.nextInt(20))));
			}
		}
		return result.toString();
	}

	private static String randomText(Random random, int length) {
		StringBuilder text = new StringBuilder();
		for (int i = 0; i < length; i++) {
			text.append(random.nextInt(3) == 0 ? HOSTILE.charAt(random.nextInt(HOSTILE.length()))
					: (char) ('a' + random.nextInt(26)));
		}
		return text.toString();
	}

	private static <T> T pick(Random random, List<T> items) {
		return items.get(random.nextInt(items.size()));
	}

	/** Valid operations of every kind, from {@code fuzz-corpus.json}. */
	private List<Operation> corpus(Account fuzzer, Account bystander) {
		String corpus = Api.document("fuzz-corpus.json")
			.replace("BYSTANDER_ID", bystander.gid())
			.replace("BYSTANDER_NAME", bystander.username())
			.replace("SHORT_NAME", "fz" + Math.abs(fuzzer.username().hashCode() % 1000))
			.replace("FUZZER_ID", fuzzer.gid())
			.replace("FUZZER_NAME", fuzzer.username())
			.replace("FUZZER_PASSWORD", fuzzer.password());
		return List.of(this.json.readValue(corpus, Operation[].class));
	}

	private record Operation(String document, Map<String, Object> variables) {
	}

	private record Request(String raw, String token) {

		@Override
		public String toString() {
			String text = this.raw.length() > 400 ? this.raw.substring(0, 400) + "..." : this.raw;
			// control characters would cut the report short
			text = text.replaceAll("[^\\x20-\\x7e]", "?");
			return text + ((this.token != null) ? " (with a token)" : "");
		}

	}

	static final List<String> PAYLOADS = List.of("' OR '1'='1", "' OR 1=1 --", "'; DROP TABLE site_user; --",
			"\\'; DROP TABLE profile; --", "%' OR username LIKE '%", "\" OR \"\"=\"", "') OR ('a'='a",
			"1; SELECT pg_sleep(10)", "$$; DELETE FROM site_user; $$", "admin'--",
			"' UNION SELECT password_hash FROM site_user --", "_%_%", "\\\\", "'||(SELECT version())||'");

	private static final String BOTH_COUNTS = "query($v: String) { users(filter: { username: { %1$s: $v } }) { totalCount } profiles(filter: { username: { %1$s: $v } }) { totalCount } }";

	private static final String DESCRIBED = "query($v: String) { profiles(first: 100, filter: { description: { %s: $v } }) { nodes { id } } }";

	@Test
	void payloadsInUsernameFiltersMatchNobody() {
		// no username can hold a quote, space, % or backslash, so nothing may match
		int users = count("site_user");
		for (String payload : PAYLOADS) {
			for (String condition : List.of("equals", "startsWith", "contains")) {
				expect(run(this.api.anonymous(), BOTH_COUNTS.formatted(condition), "v", payload), "users.totalCount", 0)
					.path("profiles.totalCount")
					.entity(Integer.class)
					.isEqualTo(0);
			}
		}
		assertThat(count("site_user")).isEqualTo(users);
	}

	@Test
	void payloadsInDescriptionFiltersMatchExactlyTheDescriptionsHoldingThem() {
		// a payload read as a pattern would match more than its own tagged profile
		String tag = Api.uniqueName("inj");
		Map<String, String> idOfPayload = new LinkedHashMap<>();
		for (String payload : PAYLOADS) {
			Account account = this.api.signUp("injectedfilter");
			this.api.createProfile(account, tag + payload + tag);
			idOfPayload.put(payload, account.profileGid());
		}
		int users = count("site_user");
		int profiles = count("profile");

		for (String payload : PAYLOADS) {
			Map<String, String> conditions = new LinkedHashMap<>();
			conditions.put("equals", (tag + payload + tag).toUpperCase());
			conditions.put("startsWith", tag + payload);
			conditions.put("contains", payload + tag);
			conditions
				.forEach((condition, value) -> run(this.api.anonymous(), DESCRIBED.formatted(condition), "v", value)
					.path("profiles.nodes[*].id")
					.entityList(String.class)
					.satisfies(ids -> assertThat(ids).as("%s %s", condition, value)
						.containsExactly(idOfPayload.get(payload))));
		}
		// and the tag alone finds all of them: the filter reads every one of these rows
		run(this.api.anonymous(), DESCRIBED.formatted("startsWith"), "v", tag).path("profiles.nodes[*].id")
			.entityList(String.class)
			.satisfies(ids -> assertThat(ids).containsExactlyElementsOf(idOfPayload.values()));
		assertThat(count("site_user")).isEqualTo(users);
		assertThat(count("profile")).isEqualTo(profiles);
	}

	@Test
	void payloadsAsUsernamesFindNobodyAndSignNobodyIn() {
		for (String payload : PAYLOADS) {
			run(this.api.anonymous(), "query($u: String!) { userByUsername(username: $u) { id } }", "u", payload)
				.path("userByUsername")
				.valueIsNull();
			Api.assertError(run(this.api.anonymous(),
					"mutation($u: String!) { logIn(input: { username: $u, password: \"' OR '1'='1\" }) { token } }",
					"u", payload), "logIn", "UNAUTHENTICATED", null);
		}
	}

	@Test
	void payloadsAsDescriptionsAreStoredAndReadBackAsText() {
		int users = count("site_user");
		int profiles = count("profile");
		for (String payload : PAYLOADS) {
			Account account = this.api.signUp("injected");
			this.api.createProfile(account, payload);
			expect(run(this.api.anonymous(), "query($id: ID!) { profile(userId: $id) { description } }", "id",
					account.gid()), "profile.description", payload);
			run(this.api.anonymous(),
					"query($v: String, $u: String) { profiles(filter: { description: { equals: $v }, "
							+ "username: { equals: $u } }) { nodes { id } } }",
					"v", payload, "u", account.username())
				.path("profiles.nodes[*].id")
				.entityList(String.class)
				.containsExactly(account.profileGid());
		}
		// every payload stored one row, and none dropped or deleted any
		assertThat(count("site_user")).isEqualTo(users + PAYLOADS.size());
		assertThat(count("profile")).isEqualTo(profiles + PAYLOADS.size());
	}

	private int count(String table) {
		return this.jdbc.queryForObject("SELECT count(*) FROM " + table, Integer.class);
	}

	@Autowired
	SqlStatements sql;

	/** Each document fails GraphQL's parsing, validation or variable coercion. */
	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', value = { "a syntax error|{ users(first: 1) { nodes { id }|",
			"an unknown field|{ users { nodes { passwordHash } } }|",
			"a variable of the wrong type|query($first: Int) { users(first: $first) { nodes { id } } }|many",
			"a missing required variable|query($id: ID!) { user(id: $id) { id } }|",
			"a NUL character in a literal|{ users(filter: { username: { contains: \"a\\u0000b\" } }) { totalCount } }|" })
	void aRequestGraphQlRefusesIsBadUserInput(String refusal, String document, String first) {
		GraphQlTester.Request<?> request = this.api.anonymous().document(document);
		if (first != null) {
			request = request.variable("first", first);
		}
		request.execute()
			.errors()
			.satisfy(errors -> assertThat(errors).singleElement()
				.satisfies(error -> assertThat(error.getExtensions()).containsEntry("code", "BAD_USER_INPUT")));
	}

	@Test
	void aNulCharacterTheDatabaseCannotStoreIsRefusedBeforeTheQueryRuns() {
		this.sql.clear();
		run(this.api.anonymous(), "query($name: String!) { userByUsername(username: $name) { id } me { id } }", "name",
				"nul\u0000byte")
			.errors()
			.satisfy(errors -> {
				assertThat(errors).singleElement()
					.satisfies(error -> assertThat(error.getExtensions()).containsEntry("code", "BAD_USER_INPUT"));
				assertNoInternals(errors);
			});
		assertThat(this.sql.all()).isEmpty();
	}

	@Test
	void aCursorPointingOutsideWhatTheDatabaseStoresIsBadUserInput() {
		String document = "query($after: String) { users(first: 1, after: $after, orderBy: { field: CREATED_AT }) { nodes { id } } }";
		// the control: a cursor of the same shape at a time PostgreSQL can hold is read
		run(this.api.anonymous(), document, "after", createdAtCursor("2000-01-01T00%3A00%3A00Z")).errors().verify();
		// one the server cannot read is refused before the database, naming it
		run(this.api.anonymous(), document, "after", createdAtCursor("not-a-time")).errors()
			.satisfy(errors -> Api.assertSingleError(errors, "users", "BAD_USER_INPUT", "after"));

		// a year past timestamptz's 294276 is refused before the database too
		this.sql.clear();
		run(this.api.anonymous(), document, "after", createdAtCursor("%2B999999999-12-31T23%3A59%3A59Z")).errors()
			.satisfy(errors -> {
				Api.assertSingleError(errors, "users", "BAD_USER_INPUT", "after");
				assertNoInternals(errors);
			});
		assertThat(this.sql.executed()).noneSatisfy(statement -> assertThat(statement.parameters())
			.contains(OffsetDateTime.parse("+999999999-12-31T23:59:59Z")));
	}

	private static String createdAtCursor(String createdAt) {
		return Api.base64("c1:users-CREATED_AT-ASC:" + createdAt + ":1");
	}

	private static void assertNoInternals(List<ResponseError> errors) {
		errors.forEach(error -> assertThat(error.getMessage()).doesNotContainIgnoringCase("select")
			.doesNotContainIgnoringCase("sql")
			.doesNotContain("Exception")
			.doesNotContain("org.")
			.doesNotContain("site_user"));
	}

	/**
	 * Not a user's global id: numbers (the old ids), another type's id, the text inside
	 * an id, and Base64 of what no user has or of a second spelling of an id.
	 */
	private static final List<String> INVALID_IDS = List.of("0", "-1", "abc", "1", Api.base64Padded("Profile:1"),
			"User:1", Api.base64Padded("User:0"), Api.base64Padded("User:01"), Api.base64Padded("User:+1"),
			Api.base64Padded("User:99999999999999999999"), Api.base64Padded("User:12").replace("=", ""),
			Api.base64Padded("Nobody:1"));

	private static final List<IdArgument> ID_ARGUMENTS = List.of(
			new IdArgument("user", "id", "query($id: ID!) { user(id: $id) { id } }"),
			new IdArgument("profile", "userId", "query($id: ID!) { profile(userId: $id) { id } }"),
			new IdArgument("updateUser", "id",
					"mutation($id: ID!, $text: String) { updateUser(input: { id: $id, username: $text }) { id } }"),
			new IdArgument("deleteUser", "id", "mutation($id: ID!) { deleteUser(id: $id) { deletedUserId } }"),
			new IdArgument("createProfile", "userId",
					"mutation($id: ID, $text: String!) { createProfile(input: { userId: $id, description: $text }) { id } }"),
			new IdArgument("updateProfile", "userId",
					"mutation($id: ID!, $text: String!) { updateProfile(input: { userId: $id, description: $text }) { id } }"),
			new IdArgument("deleteProfile", "userId",
					"mutation($id: ID!) { deleteProfile(userId: $id) { deletedProfileId } }"));

	static List<String> invalidIds() {
		return INVALID_IDS;
	}

	static Stream<Arguments> everyIdArgumentWithEachInvalidId() {
		return ID_ARGUMENTS.stream().flatMap(argument -> INVALID_IDS.stream().map(id -> Arguments.of(argument, id)));
	}

	@ParameterizedTest(name = "{0} = \"{1}\"")
	@MethodSource("everyIdArgumentWithEachInvalidId")
	void anIdThatIsNoUsersGlobalIdIsBadUserInputNamingTheArgumentAndChangesNothing(IdArgument argument, String id) {
		// signed in, so a mutation gets past authentication to its id; with a profile
		// except for createProfile, so that one would have something to create
		Account account = this.api.signUp("badid");
		if (!argument.field().equals("createProfile")) {
			this.api.createProfile(account, "Before " + argument.field());
		}
		List<Map<String, Object>> userBefore = userRows(account.id());
		List<Map<String, Object>> profileBefore = profileRows(account.id());
		int users = count("site_user");
		int profiles = count("profile");

		GraphQlTester.Response response = run(this.api.as(account), argument.document(), "id", id, "text",
				Api.uniqueName("changed"));

		Api.assertFailed(response, argument.field(), "BAD_USER_INPUT", argument.argument());
		assertThat(userRows(account.id())).isEqualTo(userBefore);
		assertThat(profileRows(account.id())).isEqualTo(profileBefore);
		assertThat(count("site_user")).isEqualTo(users);
		assertThat(count("profile")).isEqualTo(profiles);
	}

	@ParameterizedTest(name = "profileChanged(userId) = \"{0}\"")
	@MethodSource("invalidIds")
	void aSubscriptionToAnIdThatIsNoUsersGlobalIdIsBadUserInputNamingUserId(String id) {
		this.api.subscriber(null)
			.document("subscription($id: ID!) { profileChanged(userId: $id) { kind } }")
			.variable("id", id)
			.execute()
			.errors()
			.satisfy(errors -> Api.assertSingleError(errors, "profileChanged", "BAD_USER_INPUT", "userId"));
	}

	private List<Map<String, Object>> userRows(long id) {
		return this.jdbc.queryForList("SELECT * FROM site_user WHERE id = ?", id);
	}

	private List<Map<String, Object>> profileRows(long id) {
		return this.jdbc.queryForList("SELECT * FROM profile WHERE site_user_id = ?", id);
	}

	/** A root field with an {@code ID} argument, and a document that sets it to $id. */
	record IdArgument(String field, String argument, String document) {

		@Override
		public String toString() {
			return this.field + "(" + this.argument + ")";
		}

	}

}
