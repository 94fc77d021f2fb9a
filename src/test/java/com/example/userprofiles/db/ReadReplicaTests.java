package com.example.userprofiles.db;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import com.example.userprofiles.Application;
import com.example.userprofiles.support.Api;
import com.example.userprofiles.support.Eventually;
import com.example.userprofiles.support.GraphQlHttpClient;
import com.example.userprofiles.support.GraphQlHttpClient.GraphQlResult;
import com.example.userprofiles.support.SqlStatements;
import com.example.userprofiles.support.TestSupportImports;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.FileSystemUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real streaming standby as the read replica, with a primary of its own and a server of
 * its own: queries without a token are served by the standby (counted in its statement
 * log), with a token and every mutation by the primary, and a standby that lags, stops,
 * cuts a query off, or is not there at start sends reads to the primary with no failed
 * request.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(OutputCaptureExtension.class)
class ReadReplicaTests {

	private static final Duration MAX_LAG = Duration.ofSeconds(1);

	private static final String SIGN_UP = "mutation($input: SignUpInput!) { signUp(input: $input) { token user { id } } }";

	private static final String BY_USERNAME = "query($u: String!) { userByUsername(username: $u) { username } }";

	// two root fields: two statements in one snapshot transaction
	private static final String TWO_STATEMENTS = """
			query CutOff($u: String!) {
			  one: userByUsername(username: $u) { username }
			  two: users(first: 1, filter: { username: { startsWith: $u } }) { nodes { username } }
			}""";

	@TempDir
	static Path directory;

	private EmbeddedPostgresServer primary;

	private EmbeddedPostgresServer standby;

	private ConfigurableApplicationContext server;

	private GraphQlHttpClient client;

	@BeforeAll
	void startPrimaryStandbyAndServer() throws Exception {
		this.primary = EmbeddedPostgresServer.start(directory.resolve("primary"), 0, true, Duration.ofSeconds(60));
		// every statement in each server's own log, which the standby's copy inherits
		try (Connection connection = StreamingStandby.connect(this.primary);
				Statement statement = connection.createStatement()) {
			statement.execute("ALTER SYSTEM SET logging_collector = on");
			statement.execute("ALTER SYSTEM SET log_directory = 'log'");
			statement.execute("ALTER SYSTEM SET log_filename = 'postgresql.log'");
			statement.execute("ALTER SYSTEM SET log_statement = 'all'");
			// the application's name on each line, to tell this test's own statements
			// apart
			statement.execute("ALTER SYSTEM SET log_line_prefix = '%m [%p] %a: '");
		}
		this.primary.restart();
		this.standby = StreamingStandby.of(this.primary, directory.resolve("standby"));
		this.server = start("jdbc:postgresql://127.0.0.1:" + this.standby.port() + "/postgres");
		this.client = new GraphQlHttpClient(baseUrl(this.server), Duration.ofSeconds(30));
	}

	@AfterAll
	void stopAll() throws IOException {
		if (this.server != null) {
			this.server.close();
		}
		if (this.standby != null) {
			this.standby.close();
		}
		if (this.primary != null) {
			this.primary.close();
		}
	}

	@BeforeEach
	void standbyIsServing() throws Exception {
		if (!this.standby.isRunning()) {
			this.standby.restart();
		}
		try (Connection connection = StreamingStandby.connect(this.standby);
				Statement statement = connection.createStatement()) {
			statement.execute("SELECT pg_wal_replay_resume()");
		}
		Eventually.until("the replica serving", () -> serving(this.client) == 1);
	}

	@Test
	void anonymousQueriesAreServedByTheReplicaAndNoneByThePrimary() throws Exception {
		String username = signUp(null).username();
		String marker = Api.uniqueName("replica-read");
		// the standby has the account once it has replayed the sign-up
		Eventually.until("the account on the standby", () -> has(this.standby, username));
		for (int i = 0; i < 20; i++) {
			GraphQlResult read = send(null, BY_USERNAME, Map.of("u", username + i + marker));
			assertThat(read.ok()).as("%s", read).isTrue();
		}
		assertThat(ok(send(null, BY_USERNAME, Map.of("u", username))).at("userByUsername.username"))
			.isEqualTo(username);

		Eventually.until("20 reads in the standby's log", () -> occurrences(this.standby, marker) == 20);
		// the primary's log is written in order: a later statement there means none is
		// pending
		String control = Api.uniqueName("control");
		ok(send(signUp(null).token(), BY_USERNAME, Map.of("u", control)));
		Eventually.until("the control read in the primary's log", () -> occurrences(this.primary, control) == 1);
		assertThat(occurrences(this.primary, marker)).as("the reads in the primary's log").isZero();
		// Hikari's gauges are sampled at most once a second: the first scrape may predate
		// the reads
		Eventually.until("the standby's pool in the metrics",
				() -> metric(this.client, "hikaricp_connections{", "pool=\"replica\"") > 0);
	}

	@Test
	void aSignedInUserReadsTheirOwnWriteAtOnceFromThePrimary() throws Exception {
		Account account = signUp(null);
		Eventually.until("the account on the standby", () -> has(this.standby, account.username()));
		String before = Api.uniqueName("before");
		read(this.standby, before);
		pauseReplay();
		String description = Api.uniqueName("own write");
		for (int i = 0; i < 5; i++) {
			String written = description + i;
			ok(send(account.token(), i == 0
					? "mutation($d: String!) { createProfile(input: { description: $d }) { id } }"
					: "mutation($id: ID!, $d: String!) { updateProfile(input: { userId: $id, description: $d }) { id } }",
					i == 0 ? Map.of("d", written) : Map.of("id", account.gid(), "d", written)));
			GraphQlResult me = ok(send(account.token(), "{ me { username profile { description } } }", Map.of()));
			assertThat(me.at("me.profile.description")).as("read right after write %d", i).isEqualTo(written);
		}
		assertThat(count(this.standby, "SELECT count(*) FROM profile WHERE description LIKE '" + description + "%'"))
			.as("the standby, its replay paused, has none of the writes")
			.isZero();
		resumeReplay();
		String after = Api.uniqueName("after");
		read(this.standby, after);
		assertThat(appStatementsBetween(this.standby, before, after))
			.as("statements of the signed-in user on the standby")
			.isEmpty();
	}

	@Test
	void mutationsNeverTouchTheReplica() throws Exception {
		String before = Api.uniqueName("before");
		read(this.standby, before);
		Account account = signUp(null);
		ok(send(null, "mutation($u: String!, $p: String!) { logIn(input: { username: $u, password: $p }) { token } }",
				Map.of("u", account.username(), "p", account.password())));
		ok(send(account.token(),
				"mutation($d: String!) { createProfile(input: { description: $d }) { id user { username } } }",
				Map.of("d", "mutated")));
		ok(send(account.token(),
				"mutation($id: ID!) { updateProfile(input: { userId: $id, description: \"again\" }) { description } }",
				Map.of("id", account.gid())));
		ok(send(account.token(), "mutation($id: ID!) { deleteUser(id: $id) { deletedUserId } }",
				Map.of("id", account.gid())));
		String after = Api.uniqueName("after");
		read(this.standby, after);
		assertThat(appStatementsBetween(this.standby, before, after)).as("statements of mutations on the standby")
			.isEmpty();
		// the same window on the primary holds them, so the check above can see them
		String afterOnPrimary = Api.uniqueName("after");
		ok(send(signUp(null).token(), BY_USERNAME, Map.of("u", afterOnPrimary)));
		Eventually.until("the control read in the primary's log", () -> occurrences(this.primary, afterOnPrimary) == 1);
		assertThat(appStatementsBetween(this.primary, account.username(), afterOnPrimary)).hasSizeGreaterThan(4);
	}

	@Test
	void aLaggingReplicaIsSkippedUntilItCatchesUp(CapturedOutput output) throws Exception {
		double fallbacks = metric(this.client, "app_database_replica_fallbacks_total{", "reason=\"skipped\"");
		pauseReplay();
		Account account = signUp(null);
		Eventually.until("the replica skipped", Duration.ofSeconds(10), () -> serving(this.client) == 0);
		assertThat(output).contains("Read replica skipped: it lags");
		assertThat(metric(this.client, "app_database_replica_lag_seconds{", "")).isGreaterThan(1.0);
		// only the primary has the account: the standby's replay is paused
		assertThat(has(this.standby, account.username())).isFalse();
		assertThat(ok(send(null, BY_USERNAME, Map.of("u", account.username()))).at("userByUsername.username"))
			.isEqualTo(account.username());
		assertThat(metric(this.client, "app_database_replica_fallbacks_total{", "reason=\"skipped\""))
			.isGreaterThan(fallbacks);

		resumeReplay();
		String out = output.getOut();
		assertThat(out.indexOf("Read replica serving: reads of clients without a token go to it",
				out.indexOf("Read replica skipped: it lags")))
			.as("serving again, logged after the skip")
			.isPositive();
		assertThat(metric(this.client, "app_database_replica_lag_seconds{", "")).isLessThanOrEqualTo(1.0);
		String marker = account.username() + "-again";
		ok(send(null, BY_USERNAME, Map.of("u", marker)));
		Eventually.until("the read in the standby's log", () -> occurrences(this.standby, marker) == 1);
	}

	@Test
	void aQueryCutOffOnTheReplicaRunsAgainOnThePrimary(CapturedOutput output) throws Exception {
		Account account = signUp(null);
		Eventually.until("the account on the standby", () -> has(this.standby, account.username()));
		double failed = metric(this.client, "app_database_replica_fallbacks_total{", "reason=\"failed\"");
		SqlStatements statements = this.server.getBean(SqlStatements.class);
		AtomicBoolean cut = new AtomicBoolean();
		// after the query's first statement, its standby connection is ended
		statements.onceAfter(sql -> sql.contains("site_user"), () -> {
			try (Connection connection = StreamingStandby.connect(this.standby);
					Statement statement = connection.createStatement()) {
				statement.execute("SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity"
						+ " WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()");
				cut.set(true);
			}
			catch (SQLException ex) {
				throw new IllegalStateException(ex);
			}
		});
		GraphQlResult result = send(null, TWO_STATEMENTS, Map.of("u", account.username()));
		statements.clearHooks();

		assertThat(cut).isTrue();
		assertThat(result.ok()).as("%s", result).isTrue();
		assertThat(result.at("one.username")).isEqualTo(account.username());
		assertThat(result.at("two.nodes")).isEqualTo(List.of(Map.of("username", account.username())));
		assertThat(metric(this.client, "app_database_replica_fallbacks_total{", "reason=\"failed\""))
			.isEqualTo(failed + 1);
		assertThat(output)
			.containsPattern("Read replica skipped: it (failed a query on its connection|cannot be reached)");
		assertThat(Pattern.compile("GraphQL query CutOff ").matcher(output.getOut()).results().count())
			.as("request log lines of the query run twice")
			.isEqualTo(1);
	}

	@Test
	void stoppingTheReplicaUnderAnonymousReadsFailsNone(CapturedOutput output) throws Exception {
		Account account = signUp(null);
		Eventually.until("the account on the standby", () -> has(this.standby, account.username()));
		double failed = metric(this.client, "app_database_replica_fallbacks_total{", "reason=\"failed\"");
		ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
		AtomicInteger answered = new AtomicInteger();
		AtomicBoolean reading = new AtomicBoolean(true);
		ExecutorService readers = Executors.newFixedThreadPool(4);
		List<Future<?>> running = new ArrayList<>();
		try {
			for (int r = 0; r < 4; r++) {
				String document = (r % 2 == 0) ? BY_USERNAME : TWO_STATEMENTS;
				running.add(readers.submit(() -> {
					while (reading.get()) {
						GraphQlResult result = send(null, document, Map.of("u", account.username()));
						if (!result.ok() || result.body().indexOf(account.username()) < 0) {
							failures.add(result.toString());
						}
						answered.incrementAndGet();
					}
					return null;
				}));
			}
			Thread.sleep(1500);
			int beforeStop = answered.get();
			this.standby.stop();
			Eventually.until("the replica skipped", Duration.ofSeconds(10), () -> serving(this.client) == 0);
			int atStop = answered.get();
			Thread.sleep(1500);
			reading.set(false);
			for (Future<?> reader : running) {
				reader.get(30, TimeUnit.SECONDS);
			}
			System.out.printf(
					"Replica stopped under reads: %d answered before the stop, %d until it was skipped,"
							+ " %d in all; %.0f run again on the primary%n",
					beforeStop, atStop - beforeStop, answered.get(),
					metric(this.client, "app_database_replica_fallbacks_total{", "reason=\"failed\"") - failed);
			assertThat(beforeStop).as("reads before the stop").isGreaterThan(10);
			assertThat(answered.get()).as("reads in all").isGreaterThan(atStop);
		}
		finally {
			reading.set(false);
			readers.shutdownNow();
		}
		assertThat(failures).as("failed reads").isEmpty();
		assertThat(output).containsPattern("Read replica skipped: it (cannot be reached|failed a query)");
		assertThat(metric(this.client, "app_database_replica_lag_seconds{", "")).isNaN();

		this.standby.restart();
		Eventually.until("the replica serving again", () -> serving(this.client) == 1);
		// replay waits for a standby's reads (max_standby_streaming_delay, 30 s) past the
		// statement timeout, so none is cancelled
		assertThat(log(this.standby)).doesNotContain("conflict with recovery");
	}

	@Test
	void aReplicaThatCannotBeReachedAtStartLeavesTheServerServingFromThePrimary(CapturedOutput output)
			throws Exception {
		int nobody;
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			nobody = socket.getLocalPort();
		}
		try (ConfigurableApplicationContext second = start("jdbc:postgresql://127.0.0.1:" + nobody + "/postgres")) {
			GraphQlHttpClient client = new GraphQlHttpClient(baseUrl(second), Duration.ofSeconds(30));
			assertThat(output).contains("Read replica skipped: it cannot be reached");
			assertThat(client.get("/actuator/health/readiness").statusCode()).isEqualTo(200);
			String username = Api.uniqueName("no-replica");
			GraphQlResult signUp = ok(client.send(null, SIGN_UP, Map.of("input", Map.of("username", username, "email",
					username + "@example.com", "password", "password-" + username))));
			assertThat(signUp.at("signUp.user.id")).isNotNull();
			assertThat(ok(client.send(null, BY_USERNAME, Map.of("u", username))).at("userByUsername.username"))
				.isEqualTo(username);
			assertThat(serving(client)).isZero();
			assertThat(metric(client, "app_database_replica_fallbacks_total{", "reason=\"skipped\"")).isPositive();
		}
	}

	@Test
	void withoutAReplicaUrlNothingIsAdded() {
		new ApplicationContextRunner().withUserConfiguration(ReadReplicaConfiguration.class)
			.withPropertyValues("app.database.replica-url= ")
			.withBean("dataSource", HikariDataSource.class, HikariDataSource::new)
			.run(context -> {
				assertThat(context).doesNotHaveBean(ReadReplica.class);
				assertThat(context.getBean(DataSource.class)).isExactlyInstanceOf(HikariDataSource.class);
			});
	}

	private ConfigurableApplicationContext start(String replicaUrl) {
		return new SpringApplicationBuilder(Application.class, Support.class).profiles("test")
			.run("--server.port=0", "--spring.main.banner-mode=off",
					"--spring.datasource.url=" + this.primary.jdbcUrl(),
					"--spring.datasource.username=" + this.primary.username(),
					"--spring.datasource.password=" + this.primary.password(),
					"--app.database.replica-url=" + replicaUrl,
					"--app.database.replica-max-lag=" + MAX_LAG.toMillis() + "ms");
	}

	private static String baseUrl(ConfigurableApplicationContext context) {
		return "http://127.0.0.1:" + context.getEnvironment().getRequiredProperty("local.server.port");
	}

	private GraphQlResult send(String token, String document, Map<String, ?> variables) throws Exception {
		return this.client.send(token, document, variables);
	}

	private static GraphQlResult ok(GraphQlResult result) {
		assertThat(result.ok()).as("%s", result).isTrue();
		return result;
	}

	private Account signUp(String prefix) throws Exception {
		String username = Api.uniqueName((prefix != null) ? prefix : "replica");
		String password = "password-" + username;
		GraphQlResult result = ok(send(null, SIGN_UP, Map.of("input",
				Map.of("username", username, "email", username + "@example.com", "password", password))));
		return new Account(username, password, (String) result.at("signUp.token"),
				(String) result.at("signUp.user.id"));
	}

	/** An anonymous read of {@code marker}, once the standby's log shows it. */
	private void read(EmbeddedPostgresServer server, String marker) throws Exception {
		ok(send(null, BY_USERNAME, Map.of("u", marker)));
		Eventually.until("the read in the log", () -> occurrences(server, marker) == 1);
	}

	private void pauseReplay() throws SQLException {
		try (Connection connection = StreamingStandby.connect(this.standby);
				Statement statement = connection.createStatement()) {
			statement.execute("SELECT pg_wal_replay_pause()");
		}
	}

	private void resumeReplay() throws SQLException {
		try (Connection connection = StreamingStandby.connect(this.standby);
				Statement statement = connection.createStatement()) {
			statement.execute("SELECT pg_wal_replay_resume()");
		}
		Eventually.until("the replica serving again", Duration.ofSeconds(10), () -> serving(this.client) == 1);
	}

	private static boolean has(EmbeddedPostgresServer server, String username) {
		return count(server, "SELECT count(*) FROM site_user WHERE username = '" + username + "'") == 1;
	}

	private static long count(EmbeddedPostgresServer server, String sql) {
		try (Connection connection = StreamingStandby.connect(server);
				Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery(sql)) {
			result.next();
			return result.getLong(1);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String log(EmbeddedPostgresServer server) {
		try {
			return Files.readString(server.dataDirectory().resolve("log/postgresql.log"));
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Lines of the server's statement log holding {@code text}. */
	private static long occurrences(EmbeddedPostgresServer server, String text) {
		return log(server).lines().filter(line -> line.contains(text)).count();
	}

	/**
	 * The statements on the application's tables logged after the first line holding
	 * {@code from} and before the first after it holding {@code to}.
	 */
	private static List<String> appStatementsBetween(EmbeddedPostgresServer server, String from, String to) {
		List<String> lines = log(server).lines().toList();
		int start = indexOf(lines, from, 0);
		int end = indexOf(lines, to, start);
		assertThat(start).as("'%s' in the log", from).isNotNegative();
		assertThat(end).as("'%s' in the log", to).isNotNegative();
		Pattern statement = Pattern.compile("LOG:  (execute [^:]*|statement): .*\\b(site_user|profile)\\b");
		// a statement's parameters are its message's DETAIL line: the line before is its
		// own
		return lines.subList(start + 1, end - 1)
			.stream()
			.filter(line -> statement.matcher(line).find() && !line.contains(StreamingStandby.APPLICATION + ":"))
			.toList();
	}

	private static int indexOf(List<String> lines, String text, int from) {
		for (int i = Math.max(from, 0); i < lines.size(); i++) {
			if (lines.get(i).contains(text)) {
				return i;
			}
		}
		return -1;
	}

	private static double serving(GraphQlHttpClient client) {
		return metric(client, "app_database_replica_serving{", "");
	}

	/**
	 * The value of the Prometheus sample starting with {@code name} and holding
	 * {@code tag}.
	 */
	private static double metric(GraphQlHttpClient client, String name, String tag) {
		HttpResponse<String> response;
		try {
			response = client.get("/actuator/prometheus");
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		Matcher sample = Pattern
			.compile("(?m)^" + Pattern.quote(name) + "[^}]*" + Pattern.quote(tag) + "[^}]*} (\\S+)$")
			.matcher(response.body());
		assertThat(sample.find()).as("%s%s in %s", name, tag, response.body()).isTrue();
		return Double.parseDouble(sample.group(1));
	}

	/** The test support beans: the statements sent, to step in between two. */
	@TestSupportImports
	static class Support {

	}

	private record Account(String username, String password, String token, String gid) {
	}

}
