package com.example.userprofiles;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import tools.jackson.databind.json.JsonMapper;

import com.example.userprofiles.graphql.GlobalId;
import com.example.userprofiles.db.EmbeddedPostgresServer;
import com.example.userprofiles.support.GraphQlHttpClient;
import com.example.userprofiles.support.RecordingWebSocket;
import com.example.userprofiles.support.GraphQlHttpClient.GraphQlResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The jar survives SIGKILL and drains requests on SIGTERM. Run by Failsafe. */
class ServerProcessTests {

	private static final String SIGN_UP = "mutation($input: SignUpInput!) { signUp(input: $input) { token user { id username } } }";

	private static final String CREATE = "mutation($d: String!) { createProfile(input: { description: $d }) { id } }";

	private static final String UPDATE = "mutation($id: ID!, $d: String!) { updateProfile(input: { userId: $id, description: $d }) { id } }";

	private static final String CREATE_DESCRIBED = "mutation($d: String!) { createProfile(input: { description: $d }) { description } }";

	private static final String PROFILE_CHANGED = "subscription($id: ID!) { profileChanged(userId: $id) { kind } }";

	/** The jar's {@code server.tomcat.threads.max}. */
	private static final int REQUEST_THREADS = 8;

	private static final JsonMapper JSON = JsonMapper.builder().build();

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
	void aServerKilledWithSigkillRestartsOnItsDataAndOnSigtermStopsItsPostgresCleanly() throws Exception {
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

		// 3. SIGTERM: it stops, and stops its PostgreSQL (the drain: the next test)
		GraphQlResult owner = second.client().send(null, SIGN_UP, signUpInput("profile-owner"));
		String token = (String) owner.at("signUp.token");
		String ownerId = (String) owner.at("signUp.user.id");
		assertThat(second.client().send(token, CREATE, Map.of("d", "before the stop")).ok()).isTrue();
		ProcessHandle postmaster = postmaster(data).orElseThrow();
		second.process().destroy();
		assertThat(second.process().waitFor(30, TimeUnit.SECONDS)).as("exited within 30 s of SIGTERM").isTrue();

		// 4. PostgreSQL stopped cleanly (no pid file), and an answered mutation is stored
		postmaster.onExit().get(10, TimeUnit.SECONDS);
		assertThat(data.resolve("postmaster.pid")).doesNotExist();
		assertThat(Files.readString(second.log())).contains("Embedded PostgreSQL stopped");
		assertThat(storedDescriptions(data)).containsEntry(GlobalId.key(ownerId, "User", "id"), "before the stop");
	}

	@Test
	void onSigtermEveryRequestThatReachedTheServerIsAnsweredBeforeItRefusesConnections() throws Exception {
		Path data = this.directory.resolve("pg");
		Server server = start(data, "drain");
		int creates = 12;
		int queries = 24;
		List<String> usernames = new ArrayList<>();
		List<String> tokens = new ArrayList<>();
		List<Long> userIds = new ArrayList<>();
		for (int i = 0; i < creates; i++) {
			GraphQlResult user = server.client().send(null, SIGN_UP, signUpInput("drained-" + i));
			usernames.add("drained-" + i);
			tokens.add((String) user.at("signUp.token"));
			userIds.add(GlobalId.key((String) user.at("signUp.user.id"), "User", "id"));
		}
		GraphQlResult watched = server.client().send(null, SIGN_UP, signUpInput("watched"));
		try (Subscriber subscriber = Subscriber.connect(server.port()); Connection lock = server.connect()) {
			// A live subscription: it receives an event before the signal (it listens
			// within moments of the subscribe, so a change may come before it does)
			String watchedToken = (String) watched.at("signUp.token");
			String watchedId = (String) watched.at("signUp.user.id");
			assertThat(server.client().send(watchedToken, CREATE, Map.of("d", "watched")).ok()).isTrue();
			subscriber.subscribe(watchedId);
			for (int i = 0; !subscriber.received("\"next\""); i++) {
				assertThat(i).as("updates sent without an event").isLessThan(100);
				assertThat(
						server.client().send(watchedToken, UPDATE, Map.of("id", watchedId, "d", "watched " + i)).ok())
					.isTrue();
				Thread.sleep(100);
			}

			// With the users' rows held, each createProfile waits on its foreign key: the
			// first ones hold every request thread, and all the rest wait for a thread.
			lock.setAutoCommit(false);
			execute(lock, "SELECT 1 FROM site_user WHERE id IN ("
					+ String.join(",", userIds.stream().map(String::valueOf).toList()) + ") FOR UPDATE");
			List<Exchange> exchanges = new ArrayList<>();
			for (int i = 0; i < creates; i++) {
				exchanges
					.add(Exchange.post(server.port(), tokens.get(i), CREATE_DESCRIBED, Map.of("d", "drained " + i)));
			}
			awaitWaitingForTheLock(server, REQUEST_THREADS);
			for (int i = 0; i < queries; i++) {
				exchanges
					.add(Exchange.post(server.port(), null, USER_BY_USERNAME, Map.of("u", usernames.get(i % creates))));
			}
			assertThat(exchanges).hasSizeGreaterThanOrEqualTo(3 * REQUEST_THREADS);

			// Every request is written whole to its connection (on loopback: into the
			// server's socket buffer) before the signal. The subscription closing shows
			// that the drain has begun; the readiness probe goes in behind the requests.
			long signalled = System.nanoTime();
			server.process().destroy();
			assertThat(subscriber.closeCode()).as("the subscription's close code").isEqualTo(1012);
			Exchange readiness = Exchange.get(server.port(), "/actuator/health/readiness");
			assertThat(exchanges).as("answered before the lock was released").noneMatch(Exchange::answered);
			lock.commit();

			// Every answer read before any is judged, so a failure shows them all
			List<String> unanswered = new ArrayList<>();
			List<String> wrong = new ArrayList<>();
			List<String> keptAlive = new ArrayList<>();
			for (int i = 0; i < exchanges.size(); i++) {
				Response response;
				try {
					response = exchanges.get(i).read();
				}
				catch (IOException ex) {
					unanswered.add(i + ": " + ex.getMessage());
					continue;
				}
				Object expected = (i < creates) ? "drained " + i : usernames.get((i - creates) % creates);
				Object answered = response.at((i < creates) ? "createProfile.description" : "userByUsername.username");
				if (response.status() != 200 || !expected.equals(answered)) {
					wrong.add(i + ": " + response);
				}
				// Waiting for a thread at the signal, it answers with Connection: close
				if (i >= creates && !"close".equals(response.headers().get("connection"))) {
					keptAlive.add(i + ": " + response.headers());
				}
			}
			assertThat(unanswered).as("of %d requests in progress at SIGTERM, unanswered", exchanges.size()).isEmpty();
			assertThat(wrong).as("answered without their data").isEmpty();
			assertThat(keptAlive).as("kept alive").isEmpty();
			Response ready = readiness.read();
			assertThat(ready.status()).as("readiness while draining: %s", ready).isEqualTo(503);

			awaitNotAccepting(server.port(), Duration.ofSeconds(15));
			assertThat(server.process().waitFor(30, TimeUnit.SECONDS)).as("exited within 30 s of SIGTERM").isTrue();
			assertThat(Duration.ofNanos(System.nanoTime() - signalled)).isLessThan(Duration.ofSeconds(30));
		}

		// Each mutation stored once: one profile per user, with its description
		Map<Long, String> stored = storedDescriptions(data);
		for (int i = 0; i < creates; i++) {
			assertThat(stored).containsEntry(userIds.get(i), "drained " + i);
		}
		assertThat(stored).hasSize(creates + 1);
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

	/** Every stored profile's description by user id, read with the server stopped. */
	private static Map<Long, String> storedDescriptions(Path data) throws Exception {
		try (EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(data, 0, false, Duration.ofSeconds(60));
				Connection connection = DriverManager.getConnection(postgres.jdbcUrl(), postgres.username(),
						postgres.password());
				ResultSet rows = connection.createStatement()
					.executeQuery("SELECT site_user_id, description FROM profile")) {
			Map<Long, String> descriptions = new HashMap<>();
			while (rows.next()) {
				descriptions.put(rows.getLong(1), rows.getString(2));
			}
			return descriptions;
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

	/**
	 * An answer read off a connection: status, headers (names in lower case) and body.
	 */
	private record Response(int status, Map<String, String> headers, String body) {

		Object at(String path) {
			Object value = JSON.readValue(this.body, Map.class).get("data");
			for (String key : path.split("\\.")) {
				if (!(value instanceof Map<?, ?> map)) {
					return null;
				}
				value = map.get(key);
			}
			return value;
		}

	}

	/**
	 * One HTTP/1.1 request on a connection of its own, written whole before the
	 * constructor returns, so the test knows it reached the server; its answer is read
	 * later.
	 */
	private static final class Exchange {

		private final Socket socket;

		private Exchange(int port, String request) throws IOException {
			this.socket = new Socket();
			this.socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
			this.socket.setSoTimeout(30_000);
			this.socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
			this.socket.getOutputStream().flush();
		}

		static Exchange post(int port, String token, String document, Map<String, ?> variables) throws IOException {
			String body = JSON.writeValueAsString(Map.of("query", document, "variables", variables));
			return new Exchange(port,
					"POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\n"
							+ "Content-Type: application/json\r\nAccept: application/json\r\n"
							+ ((token != null) ? "Authorization: Bearer " + token + "\r\n" : "") + "Content-Length: "
							+ body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body);
		}

		static Exchange get(int port, String path) throws IOException {
			return new Exchange(port, "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
		}

		boolean answered() {
			try {
				return this.socket.getInputStream().available() > 0;
			}
			catch (IOException ex) {
				return true;
			}
		}

		/** The answer, or an IOException if the connection ended without one. */
		Response read() throws IOException {
			try (Socket socket = this.socket) {
				InputStream in = new BufferedInputStream(socket.getInputStream());
				String statusLine = line(in);
				if (statusLine.isEmpty()) {
					throw new IOException("the connection closed without an answer");
				}
				Map<String, String> headers = new HashMap<>();
				for (String header = line(in); !header.isEmpty(); header = line(in)) {
					int colon = header.indexOf(':');
					headers.put(header.substring(0, colon).trim().toLowerCase(Locale.ROOT),
							header.substring(colon + 1).trim());
				}
				byte[] body;
				if (headers.containsKey("content-length")) {
					body = in.readNBytes(Integer.parseInt(headers.get("content-length")));
				}
				else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
					ByteArrayOutputStream chunks = new ByteArrayOutputStream();
					for (int size = Integer.parseInt(line(in), 16); size > 0; size = Integer.parseInt(line(in), 16)) {
						chunks.write(in.readNBytes(size));
						line(in);
					}
					body = chunks.toByteArray();
				}
				else {
					body = in.readAllBytes();
				}
				return new Response(Integer.parseInt(statusLine.split(" ")[1]), headers,
						new String(body, StandardCharsets.UTF_8));
			}
		}

		private static String line(InputStream in) throws IOException {
			StringBuilder line = new StringBuilder();
			for (int b = in.read(); b != -1 && b != '\n'; b = in.read()) {
				if (b != '\r') {
					line.append((char) b);
				}
			}
			return line.toString();
		}

	}

	/**
	 * A graphql-transport-ws connection, keeping the messages it receives and its close
	 * code.
	 */
	private static final class Subscriber extends RecordingWebSocket {

		static Subscriber connect(int port) throws Exception {
			Subscriber subscriber = new Subscriber();
			subscriber.open(URI.create("ws://127.0.0.1:" + port + "/graphql"));
			subscriber.send(Map.of("type", "connection_init"));
			subscriber.awaitMessage("connection_ack");
			return subscriber;
		}

		void subscribe(String userId) throws Exception {
			send(Map.of("type", "subscribe", "id", "1", "payload",
					Map.of("query", PROFILE_CHANGED, "variables", Map.of("id", userId))));
		}

		private void send(Map<String, ?> message) throws Exception {
			sendText(JSON.writeValueAsString(message));
		}

		boolean received(String text) {
			return messages().stream().anyMatch(message -> message.contains(text));
		}

		void awaitMessage(String text) throws InterruptedException {
			long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
			while (messages().stream().noneMatch(message -> message.contains(text))) {
				if (System.nanoTime() > deadline) {
					throw new AssertionError("No message with " + text + " among " + messages());
				}
				Thread.sleep(20);
			}
		}

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
