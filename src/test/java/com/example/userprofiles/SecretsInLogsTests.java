package com.example.userprofiles;

import java.util.ArrayList;
import java.util.List;

import com.example.userprofiles.support.Api;
import com.example.userprofiles.support.Api.Account;
import com.example.userprofiles.support.IntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;

import static com.example.userprofiles.support.Api.run;
import static org.assertj.core.api.Assertions.assertThat;

/** A whole session logged at DEBUG writes no password, hash or token. */
@IntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class SecretsInLogsTests {

	@Autowired
	Api api;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	LoggingSystem logging;

	@AfterEach
	void restoreLogLevel() {
		this.logging.setLogLevel(LoggingSystem.ROOT_LOGGER_NAME, LogLevel.INFO);
	}

	@Test
	void aFullSessionLogsNoPasswordHashOrToken(CapturedOutput output) {
		this.logging.setLogLevel(LoggingSystem.ROOT_LOGGER_NAME, LogLevel.DEBUG);
		List<String> secrets = new ArrayList<>();

		Account bob = this.api.signUp("logged");
		secrets.add(bob.password());
		secrets.add(bob.token());
		this.api.createProfile(bob, "A profile");
		this.api.as(bob).document("{ me { id email profile { description } } }").execute().path("me.id").hasValue();
		String newPassword = "new-secret-password-" + bob.id();
		secrets.add(newPassword);
		this.api.as(bob)
			.document(
					"mutation($c: String!, $n: String!) { changePassword(input: { currentPassword: $c, newPassword: $n }) { id } }")
			.variable("c", bob.password())
			.variable("n", newPassword)
			.execute()
			.path("changePassword.id")
			.hasValue();
		String wrongGuess = "wrong-guess-" + bob.id();
		secrets.add(wrongGuess);
		logIn(bob.username(), wrongGuess).errors().satisfy(errors -> assertThat(errors).hasSize(1));
		String inlineGuess = "inline-guess-" + bob.id();
		secrets.add(inlineGuess);
		this.api.anonymous()
			.document("mutation { logIn(input: { username: \"" + bob.username() + "\", password: \"" + inlineGuess
					+ "\" }) { token } }")
			.execute()
			.errors()
			.satisfy(errors -> assertThat(errors).hasSize(1));
		String token = logIn(bob.username(), newPassword).path("logIn.token").entity(String.class).get();
		secrets.add(token);
		this.api.as(bob.token()).document("{ me { id } }").execute().path("me").valueIsNull();
		this.api.as(token + "x").document("{ me { id } }").execute().path("me").valueIsNull();
		run(this.api.as(token), "mutation($id: ID!) { deleteUser(id: $id) { deletedUserId } }", "id", bob.gid())
			.path("deleteUser.deletedUserId")
			.hasValue();

		this.logging.setLogLevel(LoggingSystem.ROOT_LOGGER_NAME, LogLevel.INFO);
		String log = output.getAll();
		assertThat(log).as("the session was logged").contains("DEBUG");
		for (String secret : secrets) {
			assertThat(log).doesNotContain(secret);
		}
		// a token's signature alone is a secret too
		assertThat(log).doesNotContain(token.substring(token.lastIndexOf('.') + 1));
		assertThat(log).doesNotContain("$argon2").doesNotContain("{argon2}");
	}

	private org.springframework.graphql.test.tester.GraphQlTester.Response logIn(String username, String password) {
		return run(this.api.anonymous(),
				"mutation($u: String!, $p: String!) { logIn(input: { username: $u, password: $p }) { token } }", "u",
				username, "p", password);
	}

}
