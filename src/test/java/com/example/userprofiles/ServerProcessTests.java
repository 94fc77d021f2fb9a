package com.example.userprofiles;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.example.userprofiles.graphql.GlobalId;
import com.example.userprofiles.db.EmbeddedPostgresServer;
import com.example.userprofiles.support.GraphQlHttpClient;
import com.example.userprofiles.support.GraphQlHttpClient.GraphQlResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The jar survives SIGKILL and drains requests on SIGTERM. Run by Failsafe. */
class ServerProcessTests {

	private static final String SIGN_UP = "mutation($input: SignUpInput!) { signUp(input: $input) { token user { id username } } }";

	private static final String CREATE = "mutation($d: String!) { createProfile(input: { description: $d }) { id } }";

	private static final String UPDATE = "mutation($id: ID!, $d: String!) { updateProfile(input: { userId: $id, description: $d }) { id description } }";

	private static final String USER_BY_USERNAME = "query($u: String!) { userByUsername(username: $u) { id username } }";

	@TempDir
	Path directory;

	private final List<Process> started = new ArrayList<>();

	@AfterEach
	void stopWhatIsLeft() throws Exception {
		for (Process process : this.started) {
			if (process.isAlive()) {
				process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
			}
		}
		// A postmaster orphaned by a failed test: stop it by its pid, never by name.
		Optional<ProcessHandle> postmaster = postmaster(this.directory.resolve("pg"));
		if (postmaster.isPresent()) {
			postmaster.get().destroy();
			postmaster.get().onExit().get(30, TimeUnit.SECONDS);
		}
	}

	@Test
	void aServerKilledWithSigkillRestartsOnItsDataAndOnSigtermFinishesEveryRequestBeforeExiting() throws Exception {
		Path data = this.directory.resolve("pg");

		// 1. SIGKILL: the JVM dies at once; its PostgreSQL is left running.
		Server first = start(data, "first");
		List<String> beforeTheKill = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			String username = "before-kill-" + i;
			assertThat(first.client().send(null, SIGN_UP, signUpInput(username)).ok()).isTrue();
			beforeTheKill.add(username);
		}
		ProcessHandle orphan = postmaster(data).orElseThrow();
		first.process().destroyForcibly();
		assertThat(first.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
		assertThat(orphan.isAlive()).as("the killed server's PostgreSQL").isTrue();

		// 2. The next start stops the orphan and serves every acknowledged write.
		Server second = start(data, "second");
		assertThat(orphan.isAlive()).as("the orphaned PostgreSQL after the restart").isFalse();
		assertThat(Files.readString(second.log())).contains("left by an earlier run still holds");
		for (String username : beforeTheKill) {
			assertThat(
					second.client().send(null, USER_BY_USERNAME, Map.of("u", username)).at("userByUsername.username"))
				.isEqualTo(username);
		}

		// 3. SIGTERM while updates wait on a row lock the test holds
		GraphQlResult owner = second.client().send(null, SIGN_UP, signUpInput("profile-owner"));
		String token = (String) owner.at("signUp.token");
		String ownerId = (String) owner.at("signUp.user.id");
		assertThat(second.client().send(token, CREATE, Map.of("d", "before")).ok()).isTrue();
		ProcessHandle postmaster = postmaster(data).orElseThrow();
		int inFlight = 8;
		ExecutorService clients = Executors.newFixedThreadPool(inFlight);
		try (Connection lock = second.connect()) {
			lock.setAutoCommit(false);
			execute(lock, "SELECT 1 FROM profile WHERE site_user_id = " + GlobalId.key(ownerId, "User", "id")
					+ " FOR UPDATE");
			List<Future<GraphQlResult>> answers = new ArrayList<>();
			for (int i = 0; i < inFlight; i++) {
				String description = "update " + i;
				answers.add(clients
					.submit(() -> second.client().send(token, UPDATE, Map.of("id", ownerId, "d", description))));
			}
			awaitWaitingForTheLock(second, inFlight);

			long signalled = System.nanoTime();
			second.process().destroy();
			awaitNotAccepting(second.port(), Duration.ofSeconds(15));
			assertThat(answers).as("answered before the lock was released").noneMatch(Future::isDone);
			lock.commit();

			for (Future<GraphQlResult> answer : answers) {
				GraphQlResult result = answer.get(30, TimeUnit.SECONDS);
				assertThat(result.ok()).as("an update in progress at SIGTERM answered %s", result).isTrue();
				assertThat((String) result.at("updateProfile.description")).startsWith("update ");
			}
			assertThat(second.process().waitFor(30, TimeUnit.SECONDS)).as("exited within 30 s of SIGTERM").isTrue();
			assertThat(Duration.ofNanos(System.nanoTime() - signalled)).isLessThan(Duration.ofSeconds(30));
		}
		finally {
			clients.shutdownNow();
		}

		// 4. PostgreSQL stopped cleanly (no pid file), and an answered update is stored
		postmaster.onExit().get(10, TimeUnit.SECONDS);
		assertThat(data.resolve("postmaster.pid")).doesNotExist();
		assertThat(Files.readString(second.log())).contains("Embedded PostgreSQL stopped");
		assertThat(storedDescription(data, GlobalId.key(ownerId, "User", "id"))).startsWith("update ");
	}

	private Server start(Path data, String name) throws Exception {
		int port = freePort();
		int postgresPort = freePort();
		// Kept after the run, for whoever has to find out why a test failed.
		Path log = Files.createDirectories(Path.of("target", "process-tests")).resolve(name + ".log");
		String java = ProcessHandle.current().info().command().orElse("java");
		// The quick compiler only: a faster start, and nothing here measures speed.
		ProcessBuilder builder = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-jar",
				System.getProperty("app.jar", "target/userprofiles-0.1.0-SNAPSHOT.jar"), "--server.port=" + port,
				"--app.embedded-postgres.data-directory=" + data, "--app.embedded-postgres.port=" + postgresPort,
				"--app.jwt.secret=process-test-secret-0123456789abcdef0123456789")
			.redirectErrorStream(true)
			.redirectOutput(log.toFile());
		Process process = builder.start();
		this.started.add(process);
		Server server = new Server(process, port, postgresPort, data, log,
				new GraphQlHttpClient("http://127.0.0.1:" + port, Duration.ofSeconds(30)));
		awaitReady(server, Duration.ofSeconds(180));
		return server;
	}

	private static void awaitReady(Server server, Duration timeout) throws Exception {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			if (!server.process().isAlive()) {
				throw new AssertionError("The server exited while starting:\n" + tail(server.log()));
			}
			try {
				if (server.client().get("/actuator/health/readiness").statusCode() == 200) {
					return;
				}
			}
			catch (IOException ex) {
				// not listening yet
			}
			Thread.sleep(200);
		}
		throw new AssertionError("The server was not ready within " + timeout + ":\n" + tail(server.log()));
	}

	/** Waits until {@code count} other sessions wait for a lock (the one we hold). */
	private static void awaitWaitingForTheLock(Server server, int count) throws Exception {
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (System.nanoTime() < deadline) {
			// Its own connection: in the locking transaction the statistics would not
			// change.
			try (Connection watcher = server.connect();
					ResultSet rows = watcher.createStatement()
						.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'")) {
				rows.next();
				if (rows.getInt(1) >= count) {
					return;
				}
			}
			Thread.sleep(50);
		}
		throw new AssertionError(count + " requests never reached the locked row");
	}

	private static void execute(Connection connection, String sql) throws Exception {
		try (var statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

	/** Waits until a new connection to {@code port} is refused or left unanswered. */
	private static void awaitNotAccepting(int port, Duration timeout) throws Exception {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			try (Socket socket = new Socket()) {
				socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
			}
			catch (ConnectException | SocketTimeoutException ex) {
				// Refused, or left unanswered: either way no longer accepted.
				return;
			}
			Thread.sleep(10);
		}
		throw new AssertionError("Still accepting connections " + timeout + " after SIGTERM");
	}

	/** Reads the stored data with the server stopped: PostgreSQL alone, on its data. */
	private static String storedDescription(Path data, long userId) throws Exception {
		try (EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(data, 0, false, Duration.ofSeconds(60));
				Connection connection = DriverManager.getConnection(postgres.jdbcUrl(), postgres.username(),
						postgres.password());
				PreparedStatement select = connection
					.prepareStatement("SELECT description FROM profile WHERE site_user_id = ?")) {
			select.setLong(1, userId);
			try (ResultSet rows = select.executeQuery()) {
				assertThat(rows.next()).as("the profile is stored").isTrue();
				return rows.getString(1);
			}
		}
	}

	private static Optional<ProcessHandle> postmaster(Path data) throws IOException {
		Path pidFile = data.resolve("postmaster.pid");
		if (!Files.isRegularFile(pidFile)) {
			return Optional.empty();
		}
		long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
		return ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
	}

	private static Map<String, Object> signUpInput(String username) {
		return Map.of("input",
				Map.of("username", username, "email", username + "@example.com", "password", "password-" + username));
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	private static String tail(Path log) throws IOException {
		List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
		return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
	}

	private record Server(Process process, int port, int postgresPort, Path data, Path log, GraphQlHttpClient client) {

		/**
		 * A connection to the server's embedded PostgreSQL, with the password it keeps.
		 */
		Connection connect() throws Exception {
			String password = Files.readString(EmbeddedPostgresServer.passwordFile(this.data)).strip();
			return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + this.postgresPort + "/postgres",
					"postgres", password);
		}

	}

}
