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

import static com.example.userprofiles.support.Api.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.clearInvocations;
import static org.mockito.Mockito.verify;

/** The prod profile hides the schema, and logIn costs the same for any name. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "app.password.argon2-memory-kib=16384", "app.password.argon2-iterations=2" })
@ActiveProfiles({ "test", "prod" })
@TestSupportImports
@DirtiesContext
class ProductionProfileTests {

	/** Spring Boot turns introspection off JVM-wide; turn it back on. */
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
		run(this.api.anonymous(), IntrospectionQuery.INTROSPECTION_QUERY).errors()
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
		run(this.api.anonymous(), "{ users(first: 1) { totalCount } }").path("users.totalCount").hasValue();
	}

	/** An unknown username still costs a check against a real-cost hash. */
	@ParameterizedTest
	@ValueSource(strings = { "nobody-has-this-name", "not a username!" })
	void logInChecksAnUnknownUsernameAgainstAHashOfTheRealCost(String unknown) {
		Api.Account bob = this.api.signUp("cost");
		String stored = this.jdbc.queryForObject("SELECT password_hash FROM site_user WHERE id = ?", String.class,
				bob.id());
		clearInvocations(this.passwords);
		Api.assertError(run(this.api.anonymous(),
				"mutation($u: String!, $p: String!) { logIn(input: { username: $u, password: $p }) { token } }", "u",
				unknown, "p", "wrong-password"), "logIn", "UNAUTHENTICATED", null);
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
