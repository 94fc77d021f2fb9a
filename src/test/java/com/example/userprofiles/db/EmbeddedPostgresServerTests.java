package com.example.userprofiles.db;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

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

	@Test
	void aStoppedServerStartsAgainOnTheSamePortWithItsData() throws Exception {
		try (EmbeddedPostgresServer server = start()) {
			execute(server, "CREATE TABLE kept (note TEXT)");
			execute(server, "INSERT INTO kept VALUES ('before the outage')");
			int port = server.port();

			server.stop();
			assertThat(server.isRunning()).isFalse();
			assertThatExceptionOfType(SQLException.class).isThrownBy(() -> queryText(server, "SELECT 1"));

			server.restart();
			assertThat(server.port()).isEqualTo(port);
			assertThat(queryText(server, "SELECT note FROM kept")).isEqualTo("before the outage");
		}
	}

	@Test
	void committedDataSurvivesAPostgresKilledWithSigkill() throws Exception {
		try (EmbeddedPostgresServer server = start()) {
			execute(server, "CREATE TABLE kept (note TEXT)");
			execute(server, "INSERT INTO kept VALUES ('committed')");
			ProcessHandle postmaster = postmaster(server);

			postmaster.destroyForcibly();
			postmaster.onExit().get(30, TimeUnit.SECONDS);
			// postmaster.pid stays behind; PostgreSQL replays its log at the next start.
			assertThat(server.dataDirectory().resolve("postmaster.pid")).exists();
			server.restart();

			assertThat(queryText(server, "SELECT note FROM kept")).isEqualTo("committed");
		}
	}

	@Test
	void aThrowawayClusterIsDeletedAtCloseAndNeverMadeOfExistingData() throws Exception {
		Path throwaway = this.directory.resolve("throwaway");
		EmbeddedPostgresServer.start(throwaway, 0, true, Duration.ofSeconds(60)).close();
		assertThat(throwaway).doesNotExist();

		try (EmbeddedPostgresServer server = start()) {
			assertThatIllegalStateException().isThrownBy(
					() -> EmbeddedPostgresServer.start(server.dataDirectory(), 0, true, Duration.ofSeconds(60)));
		}
	}

	@Test
	void aSecondServerOnTheSameDirectoryIsRefusedAndLeavesTheFirstRunning() throws Exception {
		try (EmbeddedPostgresServer first = start()) {
			execute(first, "CREATE TABLE kept (note TEXT)");
			ProcessHandle postmaster = postmaster(first);

			assertThatIllegalStateException().isThrownBy(this::start).withMessageContaining("already");

			assertThat(postmaster.isAlive()).isTrue();
			execute(first, "INSERT INTO kept VALUES ('still served')");
		}
	}

	@Test
	void aPortAlreadyInUseFailsTheStartPromptlyNamingThePort() throws Exception {
		// Something else listens there and never answers: zonky's readiness check would
		// connect to it and wait for ever for a PostgreSQL handshake
		try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
			int port = taken.getLocalPort();
			assertTimeoutPreemptively(Duration.ofSeconds(20),
					() -> assertThatIllegalStateException()
						.isThrownBy(() -> EmbeddedPostgresServer.start(this.directory.resolve("pg"), port, false,
								Duration.ofSeconds(60)))
						.withMessageContaining(String.valueOf(port)));
		}
	}

	private static ProcessHandle postmaster(EmbeddedPostgresServer server) throws IOException {
		long pid = Long.parseLong(Files.readAllLines(server.dataDirectory().resolve("postmaster.pid")).get(0).trim());
		return ProcessHandle.of(pid).orElseThrow();
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
