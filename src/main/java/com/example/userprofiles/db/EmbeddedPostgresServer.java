package com.example.userprofiles.db;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.util.FileSystemUtils;

/**
 * A real PostgreSQL from the binaries on the classpath, its data outliving the process,
 * with durable commits (zonky turns them off for tests). Its superuser needs the password
 * kept in the data directory: zonky's clusters would let any local account in. The
 * context stops it after the pool, not a shutdown hook under requests still finishing.
 */
public final class EmbeddedPostgresServer implements Closeable {

	private static final Logger logger = LoggerFactory.getLogger(EmbeddedPostgresServer.class);

	private static final String USER = "postgres";

	private final Path dataDirectory;

	private final int port;

	private final Duration startupTimeout;

	private final boolean throwaway;

	private final String password;

	private @Nullable EmbeddedPostgres postgres;

	private EmbeddedPostgresServer(Path dataDirectory, int port, Duration startupTimeout, boolean throwaway,
			String password) {
		this.dataDirectory = dataDirectory;
		this.port = port;
		this.startupTimeout = startupTimeout;
		this.throwaway = throwaway;
		this.password = password;
	}

	/**
	 * Starts PostgreSQL, creating the cluster on first use; port 0 picks one. A
	 * {@code clean} cluster is deleted at {@link #close()}.
	 */
	public static EmbeddedPostgresServer start(Path dataDirectory, int port, boolean clean, Duration startupTimeout)
			throws IOException {
		Path directory = dataDirectory.toAbsolutePath().normalize();
		Files.createDirectories(directory);
		if (clean) {
			// deleted at close: never make a throwaway cluster of existing data
			try (var entries = Files.list(directory)) {
				if (entries.findAny().isPresent()) {
					throw new IllegalStateException("A clean start needs an empty data directory: " + directory);
				}
			}
		}
		refuseIfInUse(directory);
		stopLeftoverPostmaster(directory);
		int chosen = port;
		if (chosen == 0) {
			try (ServerSocket socket = new ServerSocket(0)) {
				chosen = socket.getLocalPort();
			}
		}
		EmbeddedPostgresServer server = new EmbeddedPostgresServer(directory, chosen, startupTimeout, clean,
				password(directory));
		try {
			server.startPostgres();
		}
		catch (IOException | RuntimeException ex) {
			// a postmaster left running would hold the directory until the JVM ends
			try {
				server.stop();
			}
			catch (IOException stopFailure) {
				ex.addSuppressed(stopFailure);
			}
			throw ex;
		}
		return server;
	}

	private synchronized void startPostgres() throws IOException {
		// zonky would take whatever answers on the port for its server, or wait for ever
		try (ServerSocket socket = new ServerSocket()) {
			socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), this.port));
		}
		catch (IOException ex) {
			throw new IllegalStateException(
					"Port " + this.port + " on 127.0.0.1 is already in use; set"
							+ " app.embedded-postgres.port (APP_EMBEDDED_POSTGRES_PORT) to a free port, or 0 for any",
					ex);
		}
		boolean existing = Files.exists(this.dataDirectory.resolve("PG_VERSION"));
		this.postgres = launch();
		if (SuperuserPassword.trustsAnyone(this.dataDirectory.resolve("pg_hba.conf"))) {
			demandThePassword(this.postgres);
		}
		logger.info(
				"Embedded PostgreSQL is running on 127.0.0.1:{} with {} data in {}; it lets in only"
						+ " clients with the password in {}",
				this.port, existing ? "its existing" : "new", this.dataDirectory,
				SuperuserPassword.file(this.dataDirectory));
	}

	private EmbeddedPostgres launch() throws IOException {
		EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
			.setDataDirectory(this.dataDirectory)
			.setCleanDataDirectory(false)
			.setRegisterShutdownHook(false)
			.setPort(this.port)
			.setPGStartupWait(this.startupTimeout)
			.setServerConfig("listen_addresses", "127.0.0.1")
			.setServerConfig("synchronous_commit", "on")
			.setServerConfig("fsync", "on")
			.setServerConfig("full_page_writes", "on")
			.setLocaleConfig("locale", "C.UTF-8")
			// zonky's own readiness check signs in too
			.setConnectConfig("password", this.password)
			// after any initdb, before the server starts: the new password moves in
			.setDataDirectoryCustomizer(directory -> adoptPendingPassword(directory.toPath()));
		// zonky runs initdb when postgresql.conf is missing
		if (!Files.exists(this.dataDirectory.resolve("postgresql.conf"))) {
			Path pending = SuperuserPassword.pendingFile(this.dataDirectory);
			SuperuserPassword.write(pending, this.password);
			// zonky runs initdb with -A trust and passes its locale settings on as
			// --name=value options; initdb takes the last --auth
			builder.setLocaleConfig("auth", "scram-sha-256").setLocaleConfig("pwfile", pending.toString());
		}
		try {
			return builder.start();
		}
		catch (IOException | RuntimeException ex) {
			if (!Files.exists(this.dataDirectory.resolve("postgresql.conf"))) {
				// initdb failed: the next start makes another
				Files.deleteIfExists(SuperuserPassword.pendingFile(this.dataDirectory));
			}
			throw ex;
		}
	}

	/**
	 * A cluster made before passwords (zonky's {@code trust}) gets one: the password is
	 * already in its file, so an interrupted conversion is done again at the next start.
	 */
	private void demandThePassword(EmbeddedPostgres running) throws IOException {
		try (Connection connection = DriverManager.getConnection(jdbcUrl(), USER, this.password)) {
			// hashed here: the password itself never reaches the server or its log
			connection.unwrap(PGConnection.class).alterUserPassword(USER, this.password.toCharArray(), "scram-sha-256");
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not give the embedded PostgreSQL's superuser a password", ex);
		}
		SuperuserPassword.demandPasswords(this.dataDirectory.resolve("pg_hba.conf"));
		// a restart rather than a reload: no connection made from now on gets in on trust
		running.close();
		this.postgres = null;
		this.postgres = launch();
		logger.warn(
				"The embedded PostgreSQL in {} let in any local connection without a password; its superuser"
						+ " now has one, kept in {} (readable by its owner only)",
				this.dataDirectory, SuperuserPassword.file(this.dataDirectory));
	}

	public String jdbcUrl() {
		return "jdbc:postgresql://127.0.0.1:" + this.port + "/postgres?user=" + USER;
	}

	/** The superuser the server signs in as. */
	public String username() {
		return USER;
	}

	/** The superuser's password, from {@link #passwordFile(Path)}. */
	public String password() {
		return this.password;
	}

	/**
	 * The file, readable by its owner only, that keeps the password the embedded cluster
	 * in {@code dataDirectory} demands.
	 */
	public static Path passwordFile(Path dataDirectory) {
		return SuperuserPassword.file(dataDirectory);
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

	/** Stops PostgreSQL cleanly (open transactions roll back); the data stays. */
	public synchronized void stop() throws IOException {
		if (this.postgres != null) {
			this.postgres.close();
			this.postgres = null;
			logger.info("Embedded PostgreSQL stopped; its data stays in {}", this.dataDirectory);
		}
	}

	/** Starts PostgreSQL again on the same port and data, as after an outage. */
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
	 * The password of the cluster in {@code directory}, made for a new or older cluster
	 * and kept in its file before the cluster demands it.
	 */
	private static String password(Path directory) throws IOException {
		Path file = SuperuserPassword.file(directory);
		if (!Files.exists(directory.resolve("postgresql.conf"))) {
			// a new cluster: initdb takes it
			return SuperuserPassword.generate();
		}
		adoptPendingPassword(directory);
		if (Files.exists(file)) {
			return SuperuserPassword.read(file);
		}
		if (SuperuserPassword.trustsAnyone(directory.resolve("pg_hba.conf"))) {
			String password = SuperuserPassword.generate();
			SuperuserPassword.write(file, password);
			return password;
		}
		throw new IllegalStateException("The embedded PostgreSQL in " + directory + " demands a password but its file "
				+ file + " is missing; restore it from a backup of that directory");
	}

	/** Moves the password initdb took into the data directory it now may join. */
	private static void adoptPendingPassword(Path directory) {
		Path pending = SuperuserPassword.pendingFile(directory);
		try {
			if (Files.exists(pending) && Files.exists(directory.resolve("postgresql.conf"))) {
				SuperuserPassword.write(SuperuserPassword.file(directory), SuperuserPassword.read(pending));
				Files.delete(pending);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * A running server holds zonky's lock file until its JVM ends: then the postmaster
	 * there is another server's live database, not a leftover to stop.
	 */
	private static void refuseIfInUse(Path directory) throws IOException {
		Path lockFile = directory.resolve("epg-lock");
		if (!Files.exists(lockFile)) {
			return;
		}
		try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
			FileLock lock = channel.tryLock();
			if (lock != null) {
				lock.release();
				return;
			}
		}
		catch (OverlappingFileLockException ex) {
			// held by a server in this JVM
		}
		throw new IllegalStateException("The data directory " + directory
				+ " is already in use by another running server; stop it first, or set"
				+ " app.embedded-postgres.data-directory (APP_EMBEDDED_POSTGRES_DATA_DIRECTORY) to another directory");
	}

	/** A postmaster outlives a killed JVM; stop it, and the next start recovers. */
	private static void stopLeftoverPostmaster(Path directory) {
		Path pidFile = directory.resolve("postmaster.pid");
		if (!Files.isRegularFile(pidFile)) {
			return;
		}
		try {
			List<String> lines = Files.readAllLines(pidFile);
			if (lines.size() < 2 || !Path.of(lines.get(1).trim()).equals(directory)) {
				return;
			}
			ProcessHandle.of(Long.parseLong(lines.get(0).trim()))
				.filter(process -> process.info().command().filter(command -> command.endsWith("postgres")).isPresent())
				.ifPresent(process -> {
					logger.warn("A PostgreSQL server (pid {}) left by an earlier run still holds {}; stopping it",
							process.pid(), directory);
					process.destroy();
					try {
						process.onExit().get(30, TimeUnit.SECONDS);
					}
					catch (Exception ex) {
						process.destroyForcibly();
					}
				});
		}
		catch (IOException | RuntimeException ex) {
			// not a postmaster of ours: nothing to stop
		}
	}

}
