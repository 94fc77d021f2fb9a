package com.example.userprofiles.db;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * The streaming standby that serves reads a caller routes to it ({@link #beginReads}),
 * and whether it may: one thread checks it in the background, and a standby that lags
 * more than the limit, cannot be reached or is not in recovery is skipped, its reads
 * going to the primary. The lag is measured from WAL positions, not from
 * {@code pg_last_xact_replay_timestamp()}, which grows while the primary is idle: each
 * check notes the primary's position and when it was read, and the lag is the age of the
 * oldest position the standby has not replayed yet.
 */
public final class ReadReplica implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(ReadReplica.class);

	// Stops after the web server has drained, as the primary's pool does
	private static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 3072;

	private static final Duration MIN_CHECK_INTERVAL = Duration.ofMillis(100);

	// A standby that gives no connection at once is skipped, not waited for
	private static final long CONNECTION_TIMEOUT_MS = 500;

	// 250 s of a stalled standby at 4 checks a second; then the newest is replaced
	private static final int MAX_SAMPLES = 1000;

	private static final String NOT_CHECKED = "has not been checked yet";

	private final String url;

	private final Duration maxLag;

	private final Duration checkInterval;

	private final ObjectProvider<MeterRegistry> registry;

	private final ThreadLocal<Boolean> routed = new ThreadLocal<>();

	private final Object lock = new Object();

	// Changed under lock: why reads go to the primary, null while they go to the standby
	private volatile @Nullable String skipped = NOT_CHECKED;

	// Guarded by lock
	private boolean checked;

	// The checker thread's own: the primary's WAL positions and when each was read
	private final Deque<Sample> samples = new ArrayDeque<>();

	private volatile double lagSeconds = Double.NaN;

	private final AtomicLong skippedReads = new AtomicLong();

	private final AtomicLong failedReads = new AtomicLong();

	private @Nullable DataSource primary;

	private @Nullable HikariDataSource pool;

	private @Nullable ScheduledExecutorService checker;

	ReadReplica(String url, Duration maxLag, ObjectProvider<MeterRegistry> registry) {
		if (maxLag.isNegative() || maxLag.isZero()) {
			throw new IllegalStateException("app.database.replica-max-lag must be positive, not " + maxLag);
		}
		this.url = url;
		this.maxLag = maxLag;
		this.checkInterval = max(maxLag.dividedBy(4), MIN_CHECK_INTERVAL);
		this.registry = registry;
	}

	/**
	 * The primary's pool, behind a data source that hands this thread a standby
	 * connection while {@link #beginReads} is in force.
	 */
	DataSource route(DataSource primary) {
		if (this.primary != null) {
			throw new IllegalStateException(
					"A read replica serves one primary pool, and a second data source was made");
		}
		this.primary = primary;
		return new ReplicaRoutingDataSource(primary, this);
	}

	/**
	 * Sends this thread's connections to the standby until {@link #endReads}, if it is
	 * not skipped.
	 * @return whether the reads go to the standby; if not, they are counted as sent to
	 * the primary
	 */
	public boolean beginReads() {
		if (this.skipped != null) {
			this.skippedReads.incrementAndGet();
			return false;
		}
		this.routed.set(Boolean.TRUE);
		return true;
	}

	public void endReads() {
		this.routed.remove();
	}

	/**
	 * A read routed to the standby failed for want of a connection and runs again on the
	 * primary: the standby is skipped until the next check finds it well.
	 */
	public void failed() {
		this.failedReads.incrementAndGet();
		skip("failed a query on its connection");
	}

	/** A standby connection for this thread, or null for the primary. */
	@Nullable Connection connection() {
		HikariDataSource pool = this.pool;
		if (this.routed.get() == null || this.skipped != null || pool == null) {
			return null;
		}
		try {
			return pool.getConnection();
		}
		catch (SQLException ex) {
			this.failedReads.incrementAndGet();
			skip("cannot be reached: " + reason(ex));
			return null;
		}
	}

	@Override
	public void start() {
		DataSource primary = this.primary;
		if (primary == null) {
			throw new IllegalStateException("The read replica has no primary to measure its lag against");
		}
		MeterRegistry registry = this.registry.getIfAvailable();
		this.pool = pool(primary, registry);
		if (registry != null) {
			bind(registry);
		}
		// not the URL, which may hold a password
		logger.info("Read replica set: reads of clients without a token go to it while it lags at most {} ms"
				+ " (checked every {} ms)", this.maxLag.toMillis(), this.checkInterval.toMillis());
		// once before requests come, so that they find the standby already checked
		check();
		ScheduledExecutorService checker = Executors.newSingleThreadScheduledExecutor(runnable -> {
			Thread thread = new Thread(runnable, "read-replica-check");
			thread.setDaemon(true);
			return thread;
		});
		checker.scheduleWithFixedDelay(this::check, this.checkInterval.toMillis(), this.checkInterval.toMillis(),
				TimeUnit.MILLISECONDS);
		this.checker = checker;
	}

	/**
	 * A read-only pool signing in as the primary's does, with its settings but a short
	 * wait for a connection.
	 */
	private HikariDataSource pool(DataSource primary, @Nullable MeterRegistry registry) {
		HikariDataSource settings;
		try {
			settings = primary.unwrap(HikariDataSource.class);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("A read replica needs the primary's pool to be Hikari's", ex);
		}
		HikariConfig config = new HikariConfig();
		config.setPoolName("replica");
		config.setJdbcUrl(this.url);
		config.setUsername(settings.getUsername());
		config.setPassword(settings.getPassword());
		config.setMaximumPoolSize(settings.getMaximumPoolSize());
		config.setConnectionInitSql(settings.getConnectionInitSql());
		config.setReadOnly(true);
		config.setConnectionTimeout(CONNECTION_TIMEOUT_MS);
		config.setValidationTimeout(Math.min(settings.getValidationTimeout(), CONNECTION_TIMEOUT_MS / 2));
		// the server starts, and serves from the primary, while the standby is away
		config.setInitializationFailTimeout(-1);
		Properties properties = new Properties();
		properties.putAll(settings.getDataSourceProperties());
		// in seconds, the driver's least: a silent standby is not waited for
		properties.setProperty("connectTimeout", "1");
		config.setDataSourceProperties(properties);
		if (registry != null) {
			config.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(registry));
		}
		return new HikariDataSource(config);
	}

	private void bind(MeterRegistry registry) {
		Gauge.builder("app.database.replica.lag", this, replica -> replica.lagSeconds)
			.baseUnit("seconds")
			.description("How far the read replica's replay is behind the primary (NaN when it cannot be measured)")
			.register(registry);
		Gauge.builder("app.database.replica.serving", this, replica -> (replica.skipped == null) ? 1 : 0)
			.description("1 while reads of clients without a token go to the read replica, 0 while it is skipped")
			.register(registry);
		FunctionCounter.builder("app.database.replica.fallbacks", this.skippedReads, AtomicLong::get)
			.tag("reason", "skipped")
			.description("Queries of clients without a token sent to the primary because the replica was skipped")
			.register(registry);
		FunctionCounter.builder("app.database.replica.fallbacks", this.failedReads, AtomicLong::get)
			.tag("reason", "failed")
			.description("Queries of clients without a token sent to the primary after the replica failed them")
			.register(registry);
	}

	/** One check: the primary's position, then how far the standby has replayed. */
	private void check() {
		HikariDataSource pool = this.pool;
		DataSource primary = this.primary;
		if (pool == null || primary == null) {
			return;
		}
		try (Connection connection = primary.getConnection();
				Statement statement = connection.createStatement();
				ResultSet position = statement.executeQuery("SELECT pg_current_wal_lsn() - '0/0'")) {
			position.next();
			note(new Sample(position.getLong(1), System.nanoTime()));
		}
		catch (SQLException | RuntimeException ex) {
			// without it, the lag is measured against the positions already noted
			logger.debug("Could not read the primary's WAL position: {}", ex.getMessage());
		}
		try {
			measure(pool);
		}
		catch (SQLException | RuntimeException ex) {
			try {
				// once more: the pool has dropped a connection the standby had closed
				measure(pool);
			}
			catch (SQLException | RuntimeException again) {
				this.lagSeconds = Double.NaN;
				skip("cannot be reached: " + reason(again));
			}
		}
	}

	/** How far the standby has replayed, and what follows from it. */
	private void measure(HikariDataSource pool) throws SQLException {
		try (Connection connection = pool.getConnection();
				Statement statement = connection.createStatement();
				ResultSet replay = statement
					.executeQuery("SELECT pg_is_in_recovery(), pg_last_wal_replay_lsn() - '0/0'")) {
			replay.next();
			long now = System.nanoTime();
			if (!replay.getBoolean(1)) {
				this.lagSeconds = Double.NaN;
				skip("is not in recovery: it was promoted, or it is not a standby");
				return;
			}
			long replayed = replay.getLong(2);
			while (!this.samples.isEmpty() && this.samples.peekFirst().position() <= replayed) {
				this.samples.removeFirst();
			}
			long lag = this.samples.isEmpty() ? 0 : now - this.samples.peekFirst().nanos();
			this.lagSeconds = lag / 1e9;
			if (lag > this.maxLag.toNanos()) {
				skip(String.format(Locale.ROOT, "lags %.2f s behind the primary, more than the %.2f s allowed",
						lag / 1e9, this.maxLag.toMillis() / 1e3));
			}
			else {
				serve();
			}
		}
	}

	/**
	 * The driver's message rather than the pool's, which only says it waited: the last
	 * {@link SQLException} among the causes.
	 */
	private static String reason(Throwable ex) {
		String message = ex.getMessage();
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof SQLException && cause.getMessage() != null) {
				message = cause.getMessage();
			}
		}
		return message;
	}

	private void note(Sample sample) {
		Sample newest = this.samples.peekLast();
		if (newest != null && newest.position() >= sample.position()) {
			// the primary has written nothing since: the older time stands
			return;
		}
		if (this.samples.size() >= MAX_SAMPLES) {
			// the oldest times are the ones the lag is read from
			this.samples.removeLast();
		}
		this.samples.addLast(sample);
	}

	private void skip(String reason) {
		synchronized (this.lock) {
			if (this.skipped == null || !this.checked) {
				logger.warn("Read replica skipped: it {}; reads of clients without a token go to the primary", reason);
			}
			this.skipped = reason;
			this.checked = true;
		}
	}

	private void serve() {
		synchronized (this.lock) {
			if (this.skipped != null) {
				logger.info("Read replica serving: reads of clients without a token go to it (lag {} ms)",
						Math.round(this.lagSeconds * 1000));
			}
			this.skipped = null;
			this.checked = true;
		}
	}

	@Override
	public void stop() {
		synchronized (this.lock) {
			this.skipped = "is closed";
		}
		ScheduledExecutorService checker = this.checker;
		if (checker != null) {
			checker.shutdownNow();
			try {
				checker.awaitTermination(5, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			this.checker = null;
		}
		HikariDataSource pool = this.pool;
		if (pool != null) {
			pool.close();
		}
	}

	@Override
	public boolean isRunning() {
		return this.checker != null;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	private static Duration max(Duration a, Duration b) {
		return (a.compareTo(b) >= 0) ? a : b;
	}

	/** The primary's WAL position (bytes) and {@link System#nanoTime()} when read. */
	private record Sample(long position, long nanos) {
	}

	/** A read replica is set: {@code app.database.replica-url} is not blank. */
	public static final class Configured implements Condition {

		@Override
		public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
			return StringUtils.hasText(context.getEnvironment().getProperty("app.database.replica-url"));
		}

	}

}
