package com.example.userprofiles.support;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

import org.springframework.jdbc.core.JdbcTemplate;

/** Makes one request happen in the middle of another, at a given statement. */
public class Interleaving {

	private final SqlStatements statements;

	private final JdbcTemplate jdbc;

	Interleaving(SqlStatements statements, JdbcTemplate jdbc) {
		this.statements = statements;
		this.jdbc = jdbc;
	}

	/** Runs {@code intruder} just before the {@code at} statement of {@code main}. */
	public <T> Outcome<T> before(Predicate<String> at, Callable<T> main, Callable<T> intruder) throws Exception {
		return run(true, at, main, intruder);
	}

	/** Like {@link #before}, right after the statement. */
	public <T> Outcome<T> after(Predicate<String> at, Callable<T> main, Callable<T> intruder) throws Exception {
		return run(false, at, main, intruder);
	}

	private <T> Outcome<T> run(boolean before, Predicate<String> at, Callable<T> main, Callable<T> intruder)
			throws Exception {
		ExecutorService threads = Executors.newFixedThreadPool(2);
		CompletableFuture<T> intruding = new CompletableFuture<>();
		AtomicBoolean steppedIn = new AtomicBoolean();
		Runnable stepIn = () -> {
			steppedIn.set(true);
			threads.submit(() -> {
				try {
					intruding.complete(intruder.call());
				}
				catch (Throwable ex) {
					intruding.completeExceptionally(ex);
				}
			});
			// Polled from another thread: on this one the query would join the request's
			// transaction.
			CompletableFuture
				.runAsync(() -> Eventually.until("the intruding request answered or waiting for a lock",
						Duration.ofSeconds(10), () -> intruding.isDone() || waitingForALock()), threads)
				.join();
		};
		if (before) {
			this.statements.onceBefore(at, stepIn);
		}
		else {
			this.statements.onceAfter(at, stepIn);
		}
		try {
			T mainResult = main.call();
			if (!steppedIn.get()) {
				throw new AssertionError("The request never reached the statement to step in at");
			}
			return new Outcome<>(mainResult, intruding.get(30, TimeUnit.SECONDS));
		}
		finally {
			this.statements.clearHooks();
			threads.shutdown();
		}
	}

	private boolean waitingForALock() {
		Integer waiting = this.jdbc.queryForObject(
				"SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()",
				Integer.class);
		return waiting != null && waiting > 0;
	}

	/** What each request answered. */
	public record Outcome<T>(T main, T intruder) {
	}

}
