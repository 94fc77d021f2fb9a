package com.example.userprofiles.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/** A program outside the JVM, its output kept and its run bounded in time. */
public final class ExternalProgram {

	private ExternalProgram() {
	}

	/** What a run printed (stdout and stderr together) and how it ended. */
	public record Run(int exitCode, String output) {

		/** Asserts a zero exit code, showing the output otherwise. */
		public Run succeeded() {
			assertThat(this.exitCode).as("exit code; the program printed:%n%s", this.output).isZero();
			return this;
		}

	}

	/** Runs a script of the Node project in {@code e2e/} (installed by the build). */
	public static Run node(Duration timeout, Map<String, String> environment, String script, String... arguments) {
		List<String> command = new java.util.ArrayList<>(List.of("node", script));
		command.addAll(List.of(arguments));
		return run(timeout, Path.of("e2e"), environment, command);
	}

	public static Run run(Duration timeout, Path directory, Map<String, String> environment, List<String> command) {
		ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
		builder.environment().putAll(environment);
		Process process;
		try {
			process = builder.start();
		}
		catch (IOException ex) {
			// Say what is missing instead of a bare "Cannot run program".
			throw new IllegalStateException(
					"Could not start " + command.get(0) + " (needed on the PATH: see the README's requirements)", ex);
		}
		ByteArrayOutputStream output = new ByteArrayOutputStream();
		Thread reader = new Thread(() -> copy(process.getInputStream(), output), "output of " + command.get(0));
		reader.start();
		try {
			if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				process.descendants().forEach(ProcessHandle::destroyForcibly);
				process.destroyForcibly();
				reader.join(5_000);
				fail("%s did not finish within %s; it printed:%n%s", command, timeout, text(output));
			}
			reader.join(5_000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			process.descendants().forEach(ProcessHandle::destroyForcibly);
			process.destroyForcibly();
			throw new IllegalStateException(ex);
		}
		String printed = text(output);
		System.out.println("--- " + String.join(" ", command) + " ---");
		System.out.println(printed);
		return new Run(process.exitValue(), printed);
	}

	private static void copy(InputStream in, ByteArrayOutputStream out) {
		try (in) {
			in.transferTo(out);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String text(ByteArrayOutputStream output) {
		synchronized (output) {
			return output.toString(StandardCharsets.UTF_8);
		}
	}

}
