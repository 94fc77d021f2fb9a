package com.example.userprofiles.user;

import com.example.userprofiles.auth.Turns;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Supplier;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Counts consecutive failed password checks per username (known or not) in the database:
 * after {@code app.login.max-failures} the username is locked for
 * {@code app.login.lockout}, doubling with each further failure up to
 * {@code app.login.max-lockout}.
 */
@Component
class LoginThrottle {

	// One more failure, locking the username once the count reaches :max
	private static final String COUNT_FAILURE = """
			INSERT INTO login_throttle AS t (username_key, failures, locked_until, updated_at)
			VALUES (:key, 1, CASE WHEN 1 >= :max THEN now() + :lockout * interval '1 millisecond' END, now())
			ON CONFLICT (username_key) DO UPDATE SET
			  failures = t.failures + 1,
			  locked_until = CASE WHEN t.failures + 1 >= :max
			    THEN now() + least(:lockout * power(2, least(t.failures + 1 - :max, 30)), :maxLockout)
			      * interval '1 millisecond'
			  END,
			  updated_at = now()""";

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

	/** At most {@code app.login.max-concurrent} at once: each holds a connection. */
	<T> T limitingConcurrency(Supplier<T> check) {
		return this.checks.take(check);
	}

	/** Serialises checks of one username across instances until the transaction ends. */
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
		failure(COUNT_FAILURE, username).update();
	}

	/**
	 * Counts a failure before the check; the caller then clears or forgets it.
	 * @return false while the username is locked
	 */
	boolean reserveAttempt(String username) {
		return failure(COUNT_FAILURE + "\nWHERE t.locked_until IS NULL OR t.locked_until <= now()", username)
			.update() == 1;
	}

	/** Takes back an attempt whose password was never checked, and its lock. */
	void forgetAttempt(String username) {
		this.jdbc.sql("""
				UPDATE login_throttle SET
				  failures = failures - 1,
				  locked_until = CASE WHEN failures - 1 >= :max THEN locked_until END,
				  updated_at = now()
				WHERE username_key = :key AND failures > 0""")
			.param("key", key(username))
			.param("max", this.maxFailures)
			.update();
	}

	private JdbcClient.StatementSpec failure(String sql, String username) {
		return this.jdbc.sql(sql)
			.param("key", key(username))
			.param("max", this.maxFailures)
			.param("lockout", this.lockout.toMillis())
			.param("maxLockout", this.maxLockout.toMillis());
	}

	void clear(String username) {
		this.jdbc.sql("DELETE FROM login_throttle WHERE username_key = :key").param("key", key(username)).update();
	}

	/** Forgets every count and lock (a reset for tests: {@link ResetEndpoint}). */
	void forgetAll() {
		this.jdbc.sql("TRUNCATE login_throttle").update();
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
