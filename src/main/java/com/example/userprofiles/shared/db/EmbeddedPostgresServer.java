package com.example.userprofiles.shared.db;

import java.io.Closeable;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server run from the binaries on the classpath, on a data directory
 * that outlives the process. Production-safe settings: zonky's test defaults turn
 * {@code synchronous_commit} off, which could lose acknowledged writes, so it is turned
 * back on.
 */
public final class EmbeddedPostgresServer implements Closeable {

	private static final Logger logger = LoggerFactory.getLogger(EmbeddedPostgresServer.class);

	private final EmbeddedPostgres postgres;

	private final Path dataDirectory;

	private EmbeddedPostgresServer(EmbeddedPostgres postgres, Path dataDirectory) {
		this.postgres = postgres;
		this.dataDirectory = dataDirectory;
	}

	/**
	 * Starts PostgreSQL on {@code dataDirectory}, creating the cluster on first use.
	 * @param port 0 for any free port
	 */
	public static EmbeddedPostgresServer start(Path dataDirectory, int port, boolean clean, Duration startupTimeout)
			throws IOException {
		Path directory = dataDirectory.toAbsolutePath().normalize();
		Files.createDirectories(directory);
		stopLeftoverPostmaster(directory);
		int chosenPort = (port != 0) ? port : freePort();
		boolean existing = Files.exists(directory.resolve("PG_VERSION")) && !clean;
		EmbeddedPostgres postgres = EmbeddedPostgres.builder()
			.setDataDirectory(directory)
			.setCleanDataDirectory(clean)
			.setPort(chosenPort)
			.setPGStartupWait(startupTimeout)
			.setServerConfig("listen_addresses", "127.0.0.1")
			.setServerConfig("synchronous_commit", "on")
			.setServerConfig("fsync", "on")
			.setServerConfig("full_page_writes", "on")
			.setLocaleConfig("locale", "C.UTF-8")
			.start();
		logger.info("Embedded PostgreSQL is running on 127.0.0.1:{} with {} data in {}", chosenPort,
				existing ? "its existing" : "new", directory);
		return new EmbeddedPostgresServer(postgres, directory);
	}

	public String jdbcUrl() {
		return this.postgres.getJdbcUrl("postgres", "postgres");
	}

	public int port() {
		return this.postgres.getPort();
	}

	public Path dataDirectory() {
		return this.dataDirectory;
	}

	/** Stops PostgreSQL cleanly ({@code pg_ctl stop -m fast}). */
	@Override
	public void close() throws IOException {
		this.postgres.close();
		logger.info("Embedded PostgreSQL stopped; its data stays in {}", this.dataDirectory);
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

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
