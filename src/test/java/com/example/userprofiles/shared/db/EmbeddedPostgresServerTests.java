package com.example.userprofiles.shared.db;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The embedded PostgreSQL is a real server whose data outlives it, set up not to lose
 * commits.
 */
class EmbeddedPostgresServerTests {

	@TempDir
	Path directory;

	@Test
	void dataSurvivesARestartOnTheSameDirectory() throws Exception {
		try (EmbeddedPostgresServer server = start()) {
			execute(server, "CREATE TABLE kept (note TEXT)");
			execute(server, "INSERT INTO kept VALUES ('still here')");
		}

		try (EmbeddedPostgresServer server = start()) {
			assertThat(queryText(server, "SELECT note FROM kept")).isEqualTo("still here");
		}
	}

	@Test
	void commitsAreSynchronousAndTheServerListensOnLoopbackOnly() throws Exception {
		try (EmbeddedPostgresServer server = start()) {
			assertThat(queryText(server, "SHOW synchronous_commit")).isEqualTo("on");
			assertThat(queryText(server, "SHOW fsync")).isEqualTo("on");
			assertThat(queryText(server, "SHOW listen_addresses")).isEqualTo("127.0.0.1");
			assertThat(server.dataDirectory()).isEqualTo(this.directory.resolve("pg").toAbsolutePath());
		}
	}

	private EmbeddedPostgresServer start() throws Exception {
		return EmbeddedPostgresServer.start(this.directory.resolve("pg"), 0, false, Duration.ofSeconds(60));
	}

	private static void execute(EmbeddedPostgresServer server, String sql) throws SQLException {
		try (Connection connection = DriverManager.getConnection(server.jdbcUrl());
				Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

	private static String queryText(EmbeddedPostgresServer server, String sql) throws SQLException {
		try (Connection connection = DriverManager.getConnection(server.jdbcUrl());
				Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery(sql)) {
			assertThat(rows.next()).isTrue();
			return rows.getString(1);
		}
	}

}
