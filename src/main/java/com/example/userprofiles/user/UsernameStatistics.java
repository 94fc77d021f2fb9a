package com.example.userprofiles.user;

import java.sql.Array;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.stereotype.Component;

/**
 * What PostgreSQL's own statistics say about usernames: whether a {@code startsWith}
 * prefix matches few enough users to read them all through the prefix index
 * ({@link UsernamePrefixMatches}, for pages of users and of profiles). PostgreSQL answers
 * that question itself when it plans a statement that shows it the prefix, but it then
 * plans the statement anew on every execution, which held W4 (a page of users by prefix)
 * to about three quarters of the throughput it has without (bench/RESULTS.md); a
 * statement that hides the prefix from the planner is planned once, but can only be safe
 * for a prefix known to match few users.
 * <p>
 * The statistics are {@code ANALYZE}'s histogram of the prefix index's expression,
 * {@code lower(username)}: bounds that split a sample of usernames into bins holding
 * equal numbers of users. When no bound begins with a prefix, the usernames beginning
 * with it lie inside one bin, so they are at most about one bin's share of the users (as
 * of the last {@code ANALYZE}, which autovacuum repeats as the table changes, and which
 * PostgreSQL's own estimates rest on as well). They are read in the background, at most
 * once a minute and only while prefixes are asked about; until they are, and when they
 * say nothing (a table never analyzed, bins too large), every prefix counts as one that
 * may match many.
 */
@Component
public class UsernameStatistics implements DisposableBean {

	/**
	 * The largest bin whose users are read whole: PostgreSQL's default of 100 bins holds
	 * 10,000 users each at 1,000,000 users; reading and sorting all 100,000 users took 87
	 * ms on the benchmark's machine (bench/RESULTS.md), so 25,000 should take about a
	 * quarter of that, about what PostgreSQL's own plan costs for a prefix it estimates
	 * at that many.
	 */
	static final double MAX_USERS_PER_BIN = 25_000;

	private static final long MAX_AGE_NANOS = TimeUnit.MINUTES.toNanos(1);

	private static final Logger logger = LoggerFactory.getLogger(UsernameStatistics.class);

	/**
	 * The histogram's bounds, folded as the index folds them, and the number of users
	 * PostgreSQL counted when it last analyzed the table (-1 or 0 before it has).
	 */
	static final String READ = """
			SELECT (SELECT histogram_bounds::text::text[] FROM pg_stats
			         WHERE schemaname = current_schema() AND tablename = 'site_user_username_prefix_idx') AS bounds,
			       (SELECT reltuples FROM pg_class WHERE oid = 'site_user'::regclass) AS users""";

	private final JdbcOperations jdbc;

	private final ExecutorService reader = Executors.newSingleThreadExecutor((task) -> {
		Thread thread = new Thread(task, "username-statistics");
		thread.setDaemon(true);
		return thread;
	});

	private final AtomicBoolean reading = new AtomicBoolean();

	private volatile Histogram histogram = Histogram.NONE;

	private volatile long readAt = System.nanoTime() - MAX_AGE_NANOS;

	UsernameStatistics(JdbcOperations jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Whether the users whose username starts with {@code prefix} (in any case) are known
	 * to be few; false when the statistics cannot tell.
	 */
	public boolean fewStartWith(String prefix) {
		if (System.nanoTime() - this.readAt >= MAX_AGE_NANOS) {
			readInTheBackground();
		}
		return this.histogram.fewStartWith(prefix);
	}

	/** Reads the statistics now, on the caller's thread. */
	void read() {
		try {
			this.histogram = this.jdbc.queryForObject(READ, (row, n) -> {
				Array bounds = row.getArray("bounds");
				return Histogram.of((bounds != null) ? (String[]) bounds.getArray() : null, row.getDouble("users"));
			});
		}
		catch (DataAccessException ex) {
			// the next minute tries again; requests meanwhile keep the last histogram
			logger.warn("Could not read the statistics of usernames: {}", ex.getMostSpecificCause().getMessage());
		}
		this.readAt = System.nanoTime();
	}

	private void readInTheBackground() {
		if (this.reading.compareAndSet(false, true)) {
			try {
				this.reader.execute(() -> {
					try {
						read();
					}
					finally {
						this.reading.set(false);
					}
				});
			}
			catch (RejectedExecutionException ex) {
				this.reading.set(false); // shutting down
			}
		}
	}

	@Override
	public void destroy() {
		this.reader.shutdownNow();
	}

	/**
	 * A histogram of folded usernames.
	 *
	 * @param bounds the bounds of its bins
	 * @param usersPerBin how many users each bin holds
	 */
	record Histogram(List<String> bounds, double usersPerBin) {

		static final Histogram NONE = new Histogram(List.of(), 0);

		static Histogram of(String @Nullable [] bounds, double users) {
			if (bounds == null || bounds.length < 2 || users <= 0) {
				return NONE;
			}
			return new Histogram(List.of(bounds), users / (bounds.length - 1));
		}

		boolean fewStartWith(String prefix) {
			if (this.bounds.isEmpty() || this.usersPerBin > MAX_USERS_PER_BIN) {
				return false;
			}
			String folded = foldedAscii(prefix);
			if (folded == null || folded.isEmpty()) {
				return false;
			}
			for (String bound : this.bounds) {
				if (bound.startsWith(folded)) {
					return false;
				}
			}
			return true;
		}

		/**
		 * The prefix in lower case, or null unless it is ASCII: usernames are ASCII
		 * ({@link UserRules}), and there PostgreSQL's {@code lower()} folds as this does
		 * (but in a Turkish locale, where a misjudged prefix with an I would cost time,
		 * not answers).
		 */
		private static @Nullable String foldedAscii(String prefix) {
			StringBuilder folded = new StringBuilder(prefix.length());
			for (int i = 0; i < prefix.length(); i++) {
				char c = prefix.charAt(i);
				if (c >= 0x80) {
					return null;
				}
				folded.append((c >= 'A' && c <= 'Z') ? (char) (c + ('a' - 'A')) : c);
			}
			return folded.toString();
		}

	}

}
