package com.example.userprofiles.db;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.Set;

/**
 * A hot standby streaming from an embedded primary, made as {@code pg_basebackup -R}
 * would, which the embedded binaries lack: the low-level backup API around a copy of the
 * data directory, then {@code standby.signal} and {@code primary_conninfo}. A physical
 * slot keeps the primary's WAL until the standby has it.
 */
final class StreamingStandby {

	static final String SLOT = "read_replica_tests";

	static final String APPLICATION = "read-replica-tests";

	// what pg_basebackup leaves out: the server's own run-time files, and WAL, which
	// streams
	private static final Set<String> LEFT_OUT = Set.of("postmaster.pid", "postmaster.opts", "epg-lock", "backup_label",
			"tablespace_map");

	private static final Set<String> EMPTIED = Set.of("pg_wal", "pg_replslot", "pg_stat_tmp", "pg_dynshmem",
			"pg_notify", "pg_serial", "pg_snapshots", "pg_subtrans", "log");

	private StreamingStandby() {
	}

	/**
	 * Copies {@code primary} into {@code directory} as a standby of it and starts it on
	 * any free port.
	 */
	static EmbeddedPostgresServer of(EmbeddedPostgresServer primary, Path directory) throws Exception {
		try (Connection connection = connect(primary); Statement statement = connection.createStatement()) {
			statement.execute("SELECT pg_create_physical_replication_slot('" + SLOT + "', true)");
			statement.execute("SELECT pg_backup_start('read-replica-tests', true)");
			copy(primary.dataDirectory(), directory);
			try (ResultSet stop = statement.executeQuery("SELECT labelfile FROM pg_backup_stop()")) {
				stop.next();
				Files.writeString(directory.resolve("backup_label"), stop.getString(1));
			}
		}
		Files.createFile(directory.resolve("standby.signal"));
		Files.writeString(directory.resolve("postgresql.auto.conf"), """
				primary_conninfo = 'host=127.0.0.1 port=%d user=%s password=%s application_name=replica'
				primary_slot_name = '%s'
				""".formatted(primary.port(), primary.username(), primary.password(), SLOT), StandardOpenOption.APPEND);
		return EmbeddedPostgresServer.start(directory, 0, false, Duration.ofSeconds(60));
	}

	/**
	 * A connection of the test's own, named {@value #APPLICATION} in the server's log.
	 */
	static Connection connect(EmbeddedPostgresServer server) throws SQLException {
		Properties properties = new Properties();
		properties.setProperty("user", server.username());
		properties.setProperty("password", server.password());
		properties.setProperty("ApplicationName", APPLICATION);
		return DriverManager.getConnection(server.jdbcUrl(), properties);
	}

	private static void copy(Path from, Path to) throws IOException {
		Files.createDirectories(to);
		Files.setPosixFilePermissions(to, PosixFilePermissions.fromString("rwx------"));
		Files.walkFileTree(from, new SimpleFileVisitor<>() {

			@Override
			public FileVisitResult preVisitDirectory(Path directory, BasicFileAttributes attributes)
					throws IOException {
				Path target = to.resolve(from.relativize(directory).toString());
				Files.createDirectories(target);
				Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwx------"));
				boolean emptied = !directory.equals(from) && EMPTIED.contains(from.relativize(directory).toString());
				if (emptied) {
					if (directory.getFileName().toString().equals("pg_wal")) {
						Files.createDirectories(target.resolve("archive_status"));
						Files.createDirectories(target.resolve("summaries"));
					}
					return FileVisitResult.SKIP_SUBTREE;
				}
				return FileVisitResult.CONTINUE;
			}

			@Override
			public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
				if (LEFT_OUT.contains(file.getFileName().toString())
						|| file.getFileName().toString().equals("pg_internal.init")) {
					return FileVisitResult.CONTINUE;
				}
				try {
					Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.COPY_ATTRIBUTES);
				}
				catch (NoSuchFileException ex) {
					// removed while copied: the backup's WAL replay makes up for it
				}
				return FileVisitResult.CONTINUE;
			}

			@Override
			public FileVisitResult visitFileFailed(Path file, IOException ex) throws IOException {
				if (ex instanceof NoSuchFileException) {
					return FileVisitResult.CONTINUE;
				}
				throw new UncheckedIOException(ex);
			}

		});
	}

}
