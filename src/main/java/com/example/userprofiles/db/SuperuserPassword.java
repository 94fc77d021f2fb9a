package com.example.userprofiles.db;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The embedded cluster's superuser password, kept in its data directory in a file only
 * its owner may read, and the {@code pg_hba.conf} rules that demand it.
 */
final class SuperuserPassword {

	private static final String FILE_NAME = "app-password";

	private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY = PosixFilePermissions
		.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

	private static final SecureRandom random = new SecureRandom();

	/**
	 * {@code trust} as the method of a rule, not inside a name such as {@code trusted}.
	 */
	private static final Pattern TRUST = Pattern.compile("(?<=\\s)trust(?=\\s|$)");

	private SuperuserPassword() {
	}

	static Path file(Path dataDirectory) {
		return dataDirectory.resolve(FILE_NAME);
	}

	/**
	 * Where the password waits while initdb runs: initdb wants an empty directory, so it
	 * cannot be inside yet.
	 */
	static Path pendingFile(Path dataDirectory) {
		return dataDirectory.resolveSibling(dataDirectory.getFileName() + ".initdb-password");
	}

	static String generate() {
		byte[] bytes = new byte[32];
		random.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	static String read(Path file) throws IOException {
		return Files.readString(file, StandardCharsets.UTF_8).strip();
	}

	/**
	 * Writes {@code password} to {@code file} so that no one else can ever read it: the
	 * file is made owner-only before anything is written, and appears whole, by renaming.
	 */
	static void write(Path file, String password) throws IOException {
		Path temporary = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".tmp", OWNER_ONLY);
		try {
			try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
				channel.write(ByteBuffer.wrap((password + "\n").getBytes(StandardCharsets.UTF_8)));
				// on disk before the cluster is told to demand it
				channel.force(true);
			}
			Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
		}
		finally {
			Files.deleteIfExists(temporary);
		}
	}

	/** Whether any rule of {@code pg_hba.conf} lets a client in without a password. */
	static boolean trustsAnyone(Path hbaFile) throws IOException {
		return Files.readAllLines(hbaFile, StandardCharsets.UTF_8)
			.stream()
			.anyMatch(line -> TRUST.matcher(rule(line)).find());
	}

	/**
	 * Rewrites every {@code trust} rule to {@code scram-sha-256}, leaving the rest of the
	 * file (comments, other rules) as it was.
	 */
	static void demandPasswords(Path hbaFile) throws IOException {
		List<String> lines = new ArrayList<>();
		for (String line : Files.readAllLines(hbaFile, StandardCharsets.UTF_8)) {
			String rule = rule(line);
			lines.add(TRUST.matcher(rule).replaceAll("scram-sha-256") + line.substring(rule.length()));
		}
		Path temporary = Files.createTempFile(hbaFile.getParent(), ".pg_hba", ".tmp", OWNER_ONLY);
		try {
			Files.write(temporary, lines, StandardCharsets.UTF_8);
			Files.move(temporary, hbaFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
		}
		finally {
			Files.deleteIfExists(temporary);
		}
	}

	/** The line without its comment; a method is never a line's first word. */
	private static String rule(String line) {
		int comment = line.indexOf('#');
		return comment < 0 ? line : line.substring(0, comment);
	}

}
