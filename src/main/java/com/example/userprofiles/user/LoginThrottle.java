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
 * Counts consecutive failed logIns per username in the database, so every instance
 * agrees: after {@code app.login.max-failures} (5) logIn for that username is refused for
 * {@code app.login.lockout} (1 minute), doubling with each further failure up to
 * {@code app.login.max-lockout} (1 hour). A success clears the count. Usernames that do
 * not exist are counted alike, so a lockout tells nothing about which accounts exist. A
 * wrong current password given to changePassword counts against the account's username as
 * a failed logIn does, and a lock refuses changePassword too, so a stolen token does not
 * let its holder guess the password freely.
 */
@Component
class LoginThrottle {

	// One more failure for the username, locking it once the count reaches :max.
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
		failure(COUNT_FAILURE, username).update();
	}

	/**
	 * Counts an attempt at {@code username}'s password as a failure before the password
	 * is checked, unless the username is locked; the caller then clears the count when
	 * the password was right ({@link #clear}), or takes the attempt back when it checked
	 * nothing ({@link #forgetAttempt}). Checking the lock and counting are one statement,
	 * so racing attempts are counted one after another without the transaction that
	 * {@link #serialise} holds through the slow hash: for changePassword, which holds no
	 * connection while it hashes.
	 * @return whether the attempt may go on: false while the username is locked
	 */
	boolean reserveAttempt(String username) {
		return failure(COUNT_FAILURE + "\nWHERE t.locked_until IS NULL OR t.locked_until <= now()", username)
			.update() == 1;
	}

	/**
	 * Takes back an attempt {@link #reserveAttempt} counted whose password was never
	 * checked (no turn at hashing in time), and the lock it may have set.
	 */
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

	/**
	 * Whether failures for {@code username} are counted: only for names an account could
	 * have, so guesses at names no account can have (too long, spaces, ...) leave no
	 * rows.
	 */
	static boolean isTrackable(String username) {
		return UserRules.isUsername(username);
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
