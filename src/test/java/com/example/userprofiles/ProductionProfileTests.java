package com.example.userprofiles;

import com.example.userprofiles.support.Api;
import com.example.userprofiles.support.TestSupportImports;
import graphql.introspection.Introspection;
import graphql.introspection.IntrospectionQuery;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mockito.ArgumentCaptor;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.clearInvocations;
import static org.mockito.Mockito.verify;

/**
 * The production profile turns off what helps a stranger explore, and logIn pays the real
 * password cost for an unknown username too, so its timing does not tell which exist.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "app.password.argon2-memory-kib=16384", "app.password.argon2-iterations=2" })
@ActiveProfiles({ "test", "prod" })
@TestSupportImports
@DirtiesContext
class ProductionProfileTests {

	/**
	 * Spring Boot turns introspection off for the whole JVM, which the other tests share;
	 * turn it back on when this context is gone.
	 */
	@AfterAll
	static void introspectionBackOnForTheOtherTests() {
		Introspection.enabledJvmWide(true);
	}

	@Autowired
	Api api;

	@Autowired
	JdbcTemplate jdbc;

	@MockitoSpyBean
	PasswordEncoder passwords;

	@Test
	void introspectionIsOff() {
		this.api.anonymous()
			.document(IntrospectionQuery.INTROSPECTION_QUERY)
			.execute()
			.errors()
			.satisfy(errors -> assertThat(errors).isNotEmpty()
				.allSatisfy(error -> assertThat(error.getExtensions()).containsEntry("code", "BAD_USER_INPUT")));
	}

	@Test
	void graphiqlAndThePrintedSchemaAreOff() {
		this.api.http().get().uri("/graphiql").exchange().expectStatus().isNotFound();
		this.api.http()
			.get()
			.uri("/graphql/schema")
			.exchange()
			.expectStatus()
			.value(status -> assertThat(status).isBetween(400, 499));
	}

	@Test
	void queriesStillRun() {
		this.api.anonymous()
			.document("{ users(first: 1) { totalCount } }")
			.execute()
			.path("users.totalCount")
			.hasValue();
	}

	/**
	 * Deterministic in place of a race of timings: an unknown username, well formed or
	 * not, still costs one password check, against a hash of the same Argon2id cost as a
	 * real account's. (Comparing the two logIns' times belongs in a benchmark: on a
	 * shared machine their ratio flakes.)
	 */
	@ParameterizedTest
	@ValueSource(strings = { "nobody-has-this-name", "not a username!" })
	void logInChecksAnUnknownUsernameAgainstAHashOfTheRealCost(String unknown) {
		Api.Account bob = this.api.signUp("cost");
		String stored = this.jdbc.queryForObject("SELECT password_hash FROM site_user WHERE id = ?", String.class,
				bob.id());
		clearInvocations(this.passwords);
		Api.assertError(this.api.anonymous()
			.document("mutation($u: String!, $p: String!) { logIn(input: { username: $u, password: $p }) { token } }")
			.variable("u", unknown)
			.variable("p", "wrong-password")
			.execute(), "logIn", "UNAUTHENTICATED", null);
		ArgumentCaptor<String> decoy = ArgumentCaptor.forClass(String.class);
		verify(this.passwords).matches(eq("wrong-password"), decoy.capture());
		assertThat(cost(decoy.getValue())).isEqualTo(cost(stored)).contains("m=16384,t=2");
	}

	/**
	 * The hash without its salt and digest:
	 * {@code {argon2}$argon2id$v=19$m=..,t=..,p=..}.
	 */
	private static String cost(String hash) {
		return hash.replaceAll("\\$[^$]*\\$[^$]*$", "");
	}

}
