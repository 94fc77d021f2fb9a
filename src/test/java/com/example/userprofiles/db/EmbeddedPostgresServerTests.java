package com.example.userprofiles.db;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import liquibase.Contexts;
import liquibase.LabelExpression;
import liquibase.Liquibase;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.ClassLoaderResourceAccessor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * The embedded PostgreSQL keeps its data and loses no commit, lets in only clients with
 * its password (older clusters get one), starts only without a datasource URL, and takes
 * every changelog, which rolls back and applies again.
 */
@ExtendWith(OutputCaptureExtension.class)
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

	@Test
	void onlyAClientWithThePasswordGetsIn(CapturedOutput output) throws Exception {
		try (EmbeddedPostgresServer server = start()) {
			assertRefused(server);

			assertThat(queryText(server, "SELECT string_agg(DISTINCT auth_method, ',') FROM pg_hba_file_rules"))
				.isEqualTo("scram-sha-256");
			assertThat(queryText(server, "SELECT rolpassword FROM pg_authid WHERE rolname = 'postgres'"))
				.startsWith("SCRAM-SHA-256$");
			assertOwnerOnlyFileWithThePassword(server);
			assertThat(SuperuserPassword.pendingFile(server.dataDirectory())).doesNotExist();

			server.restart();
			assertThat(queryText(server, "SELECT 1")).isEqualTo("1");
			assertRefused(server);
			assertThat(output).doesNotContain(server.password());
		}
	}

	@Test
	void aClusterMadeBeforePasswordsIsConvertedAtTheNextStartAndKeepsItsData(CapturedOutput output) throws Exception {
		Path data = this.directory.resolve("pg");
		initialiseTheOldWay(data);
		assertThat(EmbeddedPostgresServer.passwordFile(data)).doesNotExist();

		try (EmbeddedPostgresServer server = start()) {
			assertRefused(server);
			assertThat(queryText(server, "SELECT note FROM kept")).isEqualTo("made before passwords");
			assertThat(Files.readString(data.resolve("pg_hba.conf"))).doesNotContainPattern("(?m)^[^#]*\\btrust\\b");
			assertOwnerOnlyFileWithThePassword(server);
			assertThat(output).contains("now has one").doesNotContain(server.password());
		}

		try (EmbeddedPostgresServer server = start()) {
			assertRefused(server);
			assertThat(queryText(server, "SELECT note FROM kept")).isEqualTo("made before passwords");
		}
	}

	@Test
	void aConversionInterruptedAfterThePasswordFileWasWrittenIsDoneAgainWithThatPassword() throws Exception {
		Path data = this.directory.resolve("pg");
		initialiseTheOldWay(data);
		String written = SuperuserPassword.generate();
		SuperuserPassword.write(EmbeddedPostgresServer.passwordFile(data), written);

		try (EmbeddedPostgresServer server = start()) {
			assertThat(server.password()).isEqualTo(written);
			assertRefused(server);
			assertThat(queryText(server, "SELECT note FROM kept")).isEqualTo("made before passwords");
		}
	}

	@Test
	void aPasswordLeftBesideTheClusterByAnInterruptedFirstStartMovesIn() throws Exception {
		String password;
		try (EmbeddedPostgresServer server = start()) {
			password = server.password();
		}
		Path data = this.directory.resolve("pg").toAbsolutePath();
		Files.move(EmbeddedPostgresServer.passwordFile(data), SuperuserPassword.pendingFile(data));

		try (EmbeddedPostgresServer server = start()) {
			assertThat(server.password()).isEqualTo(password);
			assertThat(queryText(server, "SELECT 1")).isEqualTo("1");
			assertThat(SuperuserPassword.pendingFile(data)).doesNotExist();
			assertOwnerOnlyFileWithThePassword(server);
		}
	}

	@Test
	void aClusterWhosePasswordFileIsLostIsRefusedNamingTheFile() throws Exception {
		try (EmbeddedPostgresServer server = start()) {
			Files.delete(EmbeddedPostgresServer.passwordFile(server.dataDirectory()));
		}

		assertThatIllegalStateException().isThrownBy(this::start).withMessageContaining("app-password");
	}

	/** A cluster as zonky makes it, and this server did before passwords. */
	private static void initialiseTheOldWay(Path data) throws Exception {
		try (EmbeddedPostgres old = EmbeddedPostgres.builder()
			.setDataDirectory(data)
			.setCleanDataDirectory(false)
			.setRegisterShutdownHook(false)
			.start();
				Connection connection = old.getPostgresDatabase().getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute("CREATE TABLE kept (note TEXT)");
			statement.execute("INSERT INTO kept VALUES ('made before passwords')");
		}
		assertThat(Files.readString(data.resolve("pg_hba.conf"))).containsPattern("(?m)^host.*\\btrust\\s*$");
	}

	/**
	 * Without the password, with an empty one (the driver stops as soon as the server
	 * asks for one) and with a wrong one (the server refuses it).
	 */
	private static void assertRefused(EmbeddedPostgresServer server) {
		assertThatExceptionOfType(PSQLException.class)
			.isThrownBy(() -> DriverManager.getConnection(server.jdbcUrl()).close())
			.withMessageContaining("requested SCRAM-based authentication, but no password was provided");
		assertThatExceptionOfType(PSQLException.class)
			.isThrownBy(() -> DriverManager.getConnection(server.jdbcUrl(), server.username(), "").close())
			.withMessageContaining("requested SCRAM-based authentication, but the password is an empty string");
		assertThatExceptionOfType(PSQLException.class)
			.isThrownBy(
					() -> DriverManager.getConnection(server.jdbcUrl(), server.username(), "wrong-" + server.password())
						.close())
			.satisfies(ex -> assertThat(ex.getSQLState()).isEqualTo(PSQLState.INVALID_PASSWORD.getState()));
	}

	private static void assertOwnerOnlyFileWithThePassword(EmbeddedPostgresServer server) throws IOException {
		Path file = EmbeddedPostgresServer.passwordFile(server.dataDirectory());
		assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
		assertThat(Files.readString(file).strip()).isEqualTo(server.password()).hasSizeGreaterThanOrEqualTo(43);
	}

	private static ProcessHandle postmaster(EmbeddedPostgresServer server) throws IOException {
		long pid = Long.parseLong(Files.readAllLines(server.dataDirectory().resolve("postmaster.pid")).get(0).trim());
		return ProcessHandle.of(pid).orElseThrow();
	}

	private EmbeddedPostgresServer start() throws Exception {
		return EmbeddedPostgresServer.start(this.directory.resolve("pg"), 0, false, Duration.ofSeconds(60));
	}

	private static Connection connect(EmbeddedPostgresServer server) throws SQLException {
		return DriverManager.getConnection(server.jdbcUrl(), server.username(), server.password());
	}

	private static void execute(EmbeddedPostgresServer server, String sql) throws SQLException {
		try (Connection connection = connect(server); Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

	private static String queryText(EmbeddedPostgresServer server, String sql) throws SQLException {
		try (Connection connection = connect(server);
				Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery(sql)) {
			assertThat(rows.next()).isTrue();
			return rows.getString(1);
		}
	}

	private final ApplicationContextRunner contexts = new ApplicationContextRunner()
		.withUserConfiguration(EmbeddedPostgresConfiguration.class);

	@Test
	void withoutADatasourceUrlAnEmbeddedPostgresBacksTheDataSourceWithBootsPoolSettings() {
		this.contexts
			.withPropertyValues("app.embedded-postgres.data-directory=" + this.directory.resolve("pg"),
					"spring.datasource.hikari.connection-init-sql=SET statement_timeout = '1234ms'")
			.run(context -> {
				assertThat(context).hasSingleBean(EmbeddedPostgresServer.class).hasSingleBean(DataSource.class);
				try (var connection = context.getBean(DataSource.class).getConnection();
						var rows = connection.createStatement().executeQuery("SHOW statement_timeout")) {
					assertThat(connection.getMetaData().getURL())
						.contains(":" + context.getBean(EmbeddedPostgresServer.class).port() + "/");
					rows.next();
					assertThat(rows.getString(1)).isEqualTo("1234ms");
				}
			});
	}

	@Test
	void aBlankDatasourceUrlCountsAsNone() {
		this.contexts
			.withPropertyValues("spring.datasource.url=",
					"app.embedded-postgres.data-directory=" + this.directory.resolve("pg"))
			.run(context -> assertThat(context).hasSingleBean(EmbeddedPostgresServer.class));
	}

	@Test
	void withADatasourceUrlNothingEmbeddedStarts() {
		this.contexts.withPropertyValues("spring.datasource.url=jdbc:postgresql://127.0.0.1:5432/app")
			.run(context -> assertThat(context).doesNotHaveBean(EmbeddedPostgresServer.class)
				.doesNotHaveBean(DataSource.class));
	}

	private static final String DESCRIPTION_INDEX_ON_FOLDED_CASE = "SELECT count(*) FROM pg_indexes "
			+ "WHERE indexname = 'profile_description_trgm_idx' AND indexdef LIKE '%lower(upper(description))%'";

	private static final String USERNAME_CHECK = "SELECT count(*) FROM pg_constraint "
			+ "WHERE conname = 'site_user_username_check' AND convalidated";

	// the deprecated Liquibase facade is the short way to roll back by count
	@SuppressWarnings("deprecation")
	@Test
	void everyChangesetRollsBackAndAppliesAgain() throws Exception {
		try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(this.directory.resolve("pg"), 0, true,
				Duration.ofSeconds(60)); Connection connection = connect(server)) {
			Database database = DatabaseFactory.getInstance()
				.findCorrectDatabaseImplementation(new JdbcConnection(connection));
			Liquibase liquibase = new Liquibase("db/changelog-master.yaml", new ClassLoaderResourceAccessor(),
					database);

			liquibase.update(new Contexts(), new LabelExpression());
			assertThat(count(connection, "SELECT count(*) FROM pg_trigger WHERE tgname = 'profile_changed'"))
				.isEqualTo(1);

			assertThat(count(connection, DESCRIPTION_INDEX_ON_FOLDED_CASE)).isEqualTo(1);
			assertThat(count(connection, USERNAME_CHECK)).isEqualTo(1);

			liquibase.rollback(1, (String) null);
			assertThat(count(connection, USERNAME_CHECK)).as("the username check, after rolling back its changeset")
				.isZero();

			liquibase.rollback(1, (String) null);
			assertThat(count(connection, DESCRIPTION_INDEX_ON_FOLDED_CASE))
				.as("the description index on the folded case, after rolling back its changeset")
				.isZero();
			assertThat(count(connection,
					"SELECT count(*) FROM pg_indexes WHERE indexname = 'profile_description_trgm_idx'"))
				.isEqualTo(1);

			liquibase.rollback(1, (String) null);
			assertThat(count(connection, "SELECT count(*) FROM pg_trigger WHERE tgname = 'profile_changed'"))
				.as("the notification trigger, after rolling back its changeset")
				.isZero();
			assertThat(count(connection, "SELECT count(*) FROM pg_proc WHERE proname = 'profile_notify_change'"))
				.isZero();

			liquibase.rollback(Integer.MAX_VALUE, (String) null);
			assertThat(count(connection,
					"SELECT count(*) FROM information_schema.tables WHERE table_name IN ('site_user', 'profile')"))
				.as("tables after rolling everything back")
				.isZero();

			liquibase.update(new Contexts(), new LabelExpression());
			assertThat(count(connection, "SELECT count(*) FROM pg_trigger WHERE tgname = 'profile_changed'"))
				.isEqualTo(1);
			assertThat(count(connection, DESCRIPTION_INDEX_ON_FOLDED_CASE)).isEqualTo(1);
			assertThat(count(connection, USERNAME_CHECK)).isEqualTo(1);
		}
	}

	private static long count(Connection connection, String sql) throws SQLException {
		try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
			rows.next();
			return rows.getLong(1);
		}
	}

}
