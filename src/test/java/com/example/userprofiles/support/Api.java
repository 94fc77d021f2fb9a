package com.example.userprofiles.support;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.core.env.Environment;
import org.springframework.graphql.ResponseError;
import org.springframework.graphql.test.tester.GraphQlTester;
import org.springframework.graphql.test.tester.HttpGraphQlTester;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The running server as a client sees it: GraphQL over HTTP at {@code /graphql},
 * anonymous or with a user's bearer token, and accounts made through {@code signUp}.
 */
public class Api {

	private static final String RUN = UUID.randomUUID().toString().substring(0, 6);

	private static final AtomicInteger counter = new AtomicInteger();

	// The testers' default of 5 s is short on a machine busy with other work; a request
	// that takes longer is slow, not wrong.
	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private final Environment environment;

	Api(Environment environment) {
		this.environment = environment;
	}

	public String baseUrl() {
		return "http://127.0.0.1:" + this.environment.getRequiredProperty("local.server.port");
	}

	/**
	 * A plain HTTP client of this server, for requests sent from many threads at once.
	 */
	public GraphQlHttpClient client() {
		return new GraphQlHttpClient(baseUrl(), TIMEOUT);
	}

	public WebTestClient http() {
		return WebTestClient.bindToServer().baseUrl(baseUrl()).responseTimeout(TIMEOUT).build();
	}

	public HttpGraphQlTester anonymous() {
		return HttpGraphQlTester
			.builder(WebTestClient.bindToServer().baseUrl(baseUrl() + "/graphql").responseTimeout(TIMEOUT))
			.responseTimeout(TIMEOUT)
			.build();
	}

	public HttpGraphQlTester as(String token) {
		return anonymous().mutate().header("Authorization", "Bearer " + token).build();
	}

	public HttpGraphQlTester as(Account account) {
		return as(account.token());
	}

	/** A username nobody has used yet: {@code prefix}, this run's tag and a number. */
	public static String uniqueName(String prefix) {
		return prefix + "-" + RUN + "-" + counter.incrementAndGet();
	}

	/** Signs up a new account whose username starts with {@code prefix}. */
	public Account signUp(String prefix) {
		String username = uniqueName(prefix);
		return signUp(username, username + "@example.com", "password-" + username);
	}

	public Account signUp(String username, String email, String password) {
		Map<String, Object> payload = anonymous()
			.document("mutation($input: SignUpInput!) { signUp(input: $input) { token user { id } } }")
			.variable("input", Map.of("username", username, "email", email, "password", password))
			.execute()
			.path("signUp")
			.entity(Map.class)
			.get();
		@SuppressWarnings("unchecked")
		Map<String, Object> user = (Map<String, Object>) payload.get("user");
		return new Account(Long.parseLong((String) user.get("id")), username, email, password,
				(String) payload.get("token"));
	}

	/**
	 * A token of the administrator that {@code application-test.properties} configures.
	 */
	public String adminToken() {
		return anonymous()
			.document("mutation { logIn(input: { username: \"site-admin\", password: \"admin-password-for-tests\" }) "
					+ "{ token } }")
			.execute()
			.path("logIn.token")
			.entity(String.class)
			.get();
	}

	/** Gives {@code account} a profile with {@code description}. */
	public void createProfile(Account account, String description) {
		as(account).document("mutation($d: String!) { createProfile(input: { description: $d }) { id } }")
			.variable("d", description)
			.execute()
			.path("createProfile.id")
			.entity(String.class)
			.isEqualTo(String.valueOf(account.id()));
	}

	/**
	 * Asserts that the response has exactly one error, at {@code path}, with {@code code}
	 * and the given {@code extensions.field} (null: none), and that the field at
	 * {@code path} is null.
	 */
	public static void assertError(GraphQlTester.Response response, String path, String code, String field) {
		response.errors().satisfy(errors -> assertSingleError(errors, path, code, field)).path(path).valueIsNull();
	}

	public static void assertSingleError(List<ResponseError> errors, String path, String code, String field) {
		assertThat(errors).as("errors").hasSize(1);
		ResponseError error = errors.get(0);
		assertThat(error.getPath()).as("error path").isEqualTo(path);
		assertThat(error.getExtensions()).as("error extensions").containsEntry("code", code);
		if (field != null) {
			assertThat(error.getExtensions()).as("error extensions").containsEntry("field", field);
		}
		else {
			assertThat(error.getExtensions()).as("error extensions").doesNotContainKey("field");
		}
	}

	/** A signed-up account, with the password it was made with and a token. */
	public record Account(long id, String username, String email, String password, String token) {

		public String gid() {
			return String.valueOf(this.id);
		}

	}

}
