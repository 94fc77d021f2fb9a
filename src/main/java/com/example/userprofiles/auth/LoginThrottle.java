package com.example.userprofiles.auth;

import java.time.Duration;
import java.util.Locale;
import java.util.function.Supplier;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Counts consecutive failed logIns per username in the database, so every instance
 * agrees: after {@code app.login.max-failures} (5) logIn for that username is refused for
 * {@code app.login.lockout} (1 minute), doubling with each further failure up to
 * {@code app.login.max-lockout} (1 hour). A success clears the count. Usernames that do
 * not exist are counted alike, so a lockout tells nothing about which accounts exist.
 */
@Component
class LoginThrottle {

	private final JdbcClient jdbc;

	private final int maxFailures;

	private final Duration lockout;

	private final Duration maxLockout;

	private final Turns checks;

	LoginThrottle(JdbcClient jdbc, @Value("${app.login.max-failures:5}") int maxFailures,
			@Value("${app.login.lockout:1m}") Duration lockout,
			@Value("${app.login.max-lockout:1h}") Duration maxLockout,
			@Value("${app.login.max-concurrent:4}") int maxConcurrent) {
		this.jdbc = jdbc;
		this.checks = new Turns(maxConcurrent, Duration.ofSeconds(5));
		this.maxFailures = maxFailures;
		this.lockout = lockout;
		this.maxLockout = maxLockout;
	}

	/**
	 * Runs {@code check} when fewer than {@code app.login.max-concurrent} (4) password
	 * checks are running on this instance, waiting up to 5 s for a turn; else
	 * {@code TOO_MANY_REQUESTS}. Each check holds a pooled connection through its slow
	 * hash, so a burst of logIns must not take them all; the hash itself also waits for a
	 * turn of the password encoder ({@link BoundedPasswordEncoder}).
	 */
	<T> T limitingConcurrency(Supplier<T> check) {
		return this.checks.take(check);
	}

	/**
	 * Serialises logIns of one username across instances until the transaction ends, so
	 * concurrent guesses are counted one after another and cannot all slip in before the
	 * lock.
	 */
	void serialise(String username) {
		this.jdbc.sql("SELECT pg_advisory_xact_lock(hashtext(:key))").param("key", key(username)).query().singleRow();
	}

	boolean isLocked(String username) {
		return this.jdbc
			.sql("SELECT EXISTS (SELECT 1 FROM login_throttle WHERE username_key = :key AND locked_until > now())")
			.param("key", key(username))
			.query(Boolean.class)
			.single();
	}

	void recordFailure(String username) {
		this.jdbc.sql("""
				INSERT INTO login_throttle AS t (username_key, failures, locked_until, updated_at)
				VALUES (:key, 1, CASE WHEN 1 >= :max THEN now() + :lockout * interval '1 millisecond' END, now())
				ON CONFLICT (username_key) DO UPDATE SET
				  failures = t.failures + 1,
				  locked_until = CASE WHEN t.failures + 1 >= :max
				    THEN now() + least(:lockout * power(2, least(t.failures + 1 - :max, 30)), :maxLockout)
				      * interval '1 millisecond'
				  END,
				  updated_at = now()""")
			.param("key", key(username))
			.param("max", this.maxFailures)
			.param("lockout", this.lockout.toMillis())
			.param("maxLockout", this.maxLockout.toMillis())
			.update();
	}

	void clear(String username) {
		this.jdbc.sql("DELETE FROM login_throttle WHERE username_key = :key").param("key", key(username)).update();
	}

	/** Whether {@code username} can be tracked at all: longer ones match no account. */
	static boolean isTrackable(String username) {
		return username.length() <= 100;
	}

	/** Forgets counts that have been quiet for a day and lock nothing. */
	@Scheduled(fixedDelayString = "${app.login.cleanup-interval:1h}",
			initialDelayString = "${app.login.cleanup-interval:1h}")
	void forgetOldFailures() {
		this.jdbc.sql("""
				DELETE FROM login_throttle
				WHERE updated_at < now() - interval '1 day' AND (locked_until IS NULL OR locked_until < now())""")
			.update();
	}

	private static String key(String username) {
		return username.toLowerCase(Locale.ROOT);
	}

}
