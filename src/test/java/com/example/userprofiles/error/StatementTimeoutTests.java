package com.example.userprofiles.error;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

import javax.sql.DataSource;

import com.example.userprofiles.support.Api;
import com.example.userprofiles.support.Api.Account;
import com.example.userprofiles.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.graphql.ResponseError;
import org.springframework.graphql.test.tester.GraphQlTester;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

import static com.example.userprofiles.support.Api.expect;
import static com.example.userprofiles.support.Api.run;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A statement cancelled at the statement timeout answers {@code TIMEOUT} with a plain
 * message, for its field and the later fields of its snapshot, and a mutation so
 * cancelled changes nothing. A lock held by the test makes statements wait; the context
 * has its own database and a 2 s timeout.
 */
@IntegrationTest
@TestPropertySource(properties = "app.db.statement-timeout=2s")
@DirtiesContext
class StatementTimeoutTests {

	@Autowired
	Api api;

	@Autowired
	DataSource dataSource;

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void aQueryWhoseStatementRunsPastTheTimeoutAnswersTimeoutWithoutSql() throws SQLException {
		Account ann = this.api.signUp("timeout-one");
		this.api.createProfile(ann, "waits for a lock");
		GraphQlTester.Response response;
		try (HeldLock lock = lock("LOCK TABLE profile IN ACCESS EXCLUSIVE MODE")) {
			// one statement, so no snapshot: the page statement itself waits for the lock
			response = run(this.api.anonymous(),
					"query($u: String!) { profiles(filter: { username: { equals: $u } }) { nodes { id } } }", "u",
					ann.username());
		}
		response.errors().satisfy(errors -> {
			assertThat(errors).singleElement().satisfies(error -> assertTimeout(error, "profiles"));
		});
	}

	@Test
	void theFieldsOfAQueryAfterOneThatTimedOutAnswerTimeoutToo() throws SQLException {
		Account ann = this.api.signUp("timeout-before");
		Account bob = this.api.signUp("timeout-blocked");
		Account cid = this.api.signUp("timeout-after");
		this.api.createProfile(bob, "waits for a lock");
		// one snapshot: the second statement is cancelled, aborting the third
		String document = """
				query($a: ID!, $b: ID!, $c: ID!) {
				  a: user(id: $a) { username }
				  b: user(id: $b) { username profile { description } }
				  c: user(id: $c) { username }
				}""";
		GraphQlTester.Response response;
		try (HeldLock lock = lock("LOCK TABLE profile IN ACCESS EXCLUSIVE MODE")) {
			response = run(this.api.anonymous(), document, "a", ann.gid(), "b", bob.gid(), "c", cid.gid());
		}
		response.errors().satisfy(errors -> {
			assertThat(errors).hasSize(2);
			assertTimeout(errors.get(0), "b");
			assertTimeout(errors.get(1), "c");
		});
		expect(response, "a.username", ann.username());
		response.path("b").valueIsNull();
		response.path("c").valueIsNull();
	}

	@Test
	void aMutationWhoseStatementRunsPastTheTimeoutAnswersTimeoutAndChangesNothing() throws SQLException {
		Account ann = this.api.signUp("timeout-write");
		this.api.createProfile(ann, "before");
		String update = "mutation($id: ID!, $d: String!) { updateProfile(input: { userId: $id, description: $d }) { description } }";
		GraphQlTester.Response response;
		try (HeldLock lock = lock("SELECT 1 FROM profile WHERE site_user_id = ? FOR UPDATE", ann.id())) {
			response = this.api.as(ann).document(update).variable("id", ann.gid()).variable("d", "after").execute();
		}
		response.errors()
			.satisfy(errors -> assertThat(errors).singleElement()
				.satisfies(error -> assertTimeout(error, "updateProfile")));
		response.path("updateProfile").valueIsNull();
		assertThat(this.jdbc.queryForObject("SELECT description FROM profile WHERE site_user_id = ?", String.class,
				ann.id()))
			.isEqualTo("before");
		// Nothing was wrong with the request: once the lock is gone it goes through.
		expect(run(this.api.as(ann), update, "id", ann.gid(), "d", "after"), "updateProfile.description", "after");
	}

	private static void assertTimeout(ResponseError error, String path) {
		assertThat(error.getPath()).as("error path").isEqualTo(path);
		assertThat(error.getExtensions()).as("error extensions").containsEntry("code", "TIMEOUT");
		assertThat(error.getMessage()).contains("took too long");
		for (String leak : List.of("SELECT", "select", "profile", "site_user", "canceling", "57014", "SQL", "ERROR",
				"Exception")) {
			assertThat(error.getMessage()).as("message").doesNotContain(leak);
		}
		assertThat(error.getExtensions().values()).as("error extensions")
			.noneMatch(value -> String.valueOf(value).contains("SQL"));
	}

	/** Runs {@code sql} in a transaction of its own, kept open until closed. */
	private HeldLock lock(String sql, Object... parameters) throws SQLException {
		Connection connection = this.dataSource.getConnection();
		try {
			connection.setAutoCommit(false);
			try (PreparedStatement statement = connection.prepareStatement(sql)) {
				for (int i = 0; i < parameters.length; i++) {
					statement.setObject(i + 1, parameters[i]);
				}
				statement.execute();
			}
			return new HeldLock(connection);
		}
		catch (SQLException | RuntimeException ex) {
			connection.close();
			throw ex;
		}
	}

	/** A transaction holding a lock; closing it rolls back and so releases the lock. */
	private record HeldLock(Connection connection) implements AutoCloseable {

		@Override
		public void close() throws SQLException {
			try {
				this.connection.rollback();
			}
			finally {
				this.connection.close();
			}
		}

	}

}
