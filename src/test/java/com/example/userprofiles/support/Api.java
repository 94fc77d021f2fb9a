package com.example.userprofiles.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import com.example.userprofiles.graphql.GlobalId;
import reactor.core.publisher.Mono;

import org.springframework.core.env.Environment;
import org.springframework.core.io.ClassPathResource;
import org.springframework.graphql.ResponseError;
import org.springframework.graphql.client.WebSocketGraphQlClientInterceptor;
import org.springframework.graphql.test.tester.GraphQlTester;
import org.springframework.graphql.test.tester.HttpGraphQlTester;
import org.springframework.graphql.test.tester.WebSocketGraphQlTester;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.socket.client.StandardWebSocketClient;

import static org.assertj.core.api.Assertions.assertThat;

/** The running server as a client sees it, with accounts made by signUp. */
public class Api {

	private static final String RUN = UUID.randomUUID().toString().substring(0, 6);

	private static final AtomicInteger counter = new AtomicInteger();

	// the testers' 5 s is short on a busy machine: a slower request is slow, not wrong
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

	/** A graphql-ws client, signing in with {@code authorization} if not null. */
	public WebSocketGraphQlTester subscriber(String authorization) {
		WebSocketGraphQlTester.Builder<?> builder = WebSocketGraphQlTester
			.builder(URI.create(baseUrl().replace("http", "ws") + "/graphql"), new StandardWebSocketClient());
		if (authorization != null) {
			builder.interceptor(new WebSocketGraphQlClientInterceptor() {
				@Override
				public Mono<Object> connectionInitPayload() {
					return Mono.just(Map.of("Authorization", authorization));
				}
			});
		}
		return builder.build();
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

	/** A username prefix of one test alone: no other prefix starts with it. */
	public static String prefix(String tag) {
		return uniqueName(tag) + ".";
	}

	/** Signs up a new account whose username starts with {@code prefix}. */
	public Account signUp(String prefix) {
		return signUpNamed(uniqueName(prefix));
	}

	/** Signs up {@code username}, with an email and a password made of it. */
	public Account signUpNamed(String username) {
		return signUp(username, username + "@example.com", "password-" + username);
	}

	/** A filter on usernames, of conditions in name-value pairs. */
	public static Map<String, Object> usernameFilter(String... conditions) {
		Map<String, Object> username = new LinkedHashMap<>();
		for (int i = 0; i < conditions.length; i += 2) {
			username.put(conditions[i], conditions[i + 1]);
		}
		return Map.of("username", username);
	}

	/** {@code text} in URL-safe Base64 without padding, as cursors are. */
	public static String base64(String text) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
	}

	/** {@code text} in standard Base64 with padding, as global ids are. */
	public static String base64Padded(String text) {
		return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
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
		return new Account(GlobalId.key((String) user.get("id"), "User", "id"), username, email, password,
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
			.isEqualTo(account.profileGid());
	}

	/** One error at {@code path}, with {@code code} and {@code field} (or none). */
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

	/** The text of {@code graphql-test/<name>}, {@code .graphql} by default. */
	public static String document(String name) {
		String file = "graphql-test/" + name + (name.contains(".") ? "" : ".graphql");
		try {
			return new ClassPathResource(file).getContentAsString(StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Runs {@code document} with variables from name-value pairs. */
	public static GraphQlTester.Response run(GraphQlTester tester, String document, Object... variables) {
		GraphQlTester.Request<?> request = tester.document(document);
		args(variables).forEach(request::variable);
		return request.execute();
	}

	/**
	 * Asserts that the value at {@code path} of {@code response} equals {@code expected}.
	 */
	public static GraphQlTester.Response expect(GraphQlTester.Response response, String path, Object expected) {
		response.path(path).entity(Object.class).isEqualTo(expected);
		return response;
	}

	/** Variables from name-value pairs; null values are left out. */
	public static Map<String, Object> args(Object... pairs) {
		Map<String, Object> args = new LinkedHashMap<>();
		for (int i = 0; i < pairs.length; i += 2) {
			if (pairs[i + 1] != null) {
				args.put((String) pairs[i], pairs[i + 1]);
			}
		}
		return args;
	}

	/** {@link #assertError}, with {@code data} present and the mutation null. */
	public static void assertFailed(GraphQlTester.Response response, String mutation, String code, String field) {
		assertError(response, mutation, code, field);
		response.path("$.data").entity(Map.class).satisfies(data -> assertThat(data).containsEntry(mutation, null));
	}

	/** A signed-up account, with the password it was made with and a token. */
	public record Account(long id, String username, String email, String password, String token) {

		/** The user's global id. */
		public String gid() {
			return new GlobalId("User", this.id).encode();
		}

		/** The global id of the user's profile. */
		public String profileGid() {
			return new GlobalId("Profile", this.id).encode();
		}

	}

}
