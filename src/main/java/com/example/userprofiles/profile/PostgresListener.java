package com.example.userprofiles.profile;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * PostgreSQL {@code LISTEN} on one connection outside the pool, read by one thread that
 * passes each notification to its channel's handlers. A channel is listened to only while
 * someone here wants it; after a drop it reconnects, losing notifications meanwhile.
 */
@Component
public class PostgresListener implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(PostgresListener.class);

	private static final Duration POLL = Duration.ofMillis(100);

	private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

	// Stops after the web server, so subscriptions receive events while it drains
	private static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 3072;

	private final DataSource dataSource;

	private final String listenUrl;

	private final Map<String, List<Consumer<String>>> handlers = new ConcurrentHashMap<>();

	private final Object lock = new Object();

	// Guarded by lock: open listens per channel, and for each channel wanted or LISTENed
	// to, a future completed once it is LISTENed to
	private final Map<String, Integer> wanted = new HashMap<>();

	private final Map<String, CompletableFuture<Void>> listened = new HashMap<>();

	private volatile boolean running;

	private volatile @Nullable Thread thread;

	/** Listens through {@code listenUrl} if set (PgBouncer), else the pool's URL. */
	PostgresListener(DataSource dataSource, @Value("${app.database.listen-url:}") String listenUrl) {
		this.dataSource = dataSource;
		this.listenUrl = listenUrl;
	}

	/** Calls {@code handler} with each payload on {@code channel}, on one thread. */
	public void handle(String channel, Consumer<String> handler) {
		this.handlers.computeIfAbsent(channel, key -> new CopyOnWriteArrayList<>()).add(handler);
	}

	/** Listens to {@code channel} until every listen to it is closed. */
	public Listen listen(String channel) {
		synchronized (this.lock) {
			this.wanted.merge(channel, 1, Integer::sum);
			return new Listen(channel, this.listened.computeIfAbsent(channel, key -> new CompletableFuture<>()).copy());
		}
	}

	/** The channels PostgreSQL delivers to this instance now. */
	public Set<String> channels() {
		synchronized (this.lock) {
			return this.listened.keySet().stream().filter(this::isListened).collect(Collectors.toUnmodifiableSet());
		}
	}

	private void release(String channel) {
		synchronized (this.lock) {
			this.wanted.computeIfPresent(channel, (key, count) -> (count > 1) ? count - 1 : null);
		}
	}

	@Override
	public void start() {
		this.running = true;
		Thread listening = new Thread(this::run, "postgres-listen");
		listening.setDaemon(true);
		this.thread = listening;
		listening.start();
	}

	@Override
	public void stop() {
		this.running = false;
		Thread listening = this.thread;
		if (listening != null) {
			try {
				listening.join(POLL.multipliedBy(4).toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	private void run() {
		Duration backoff = Duration.ofMillis(250);
		while (this.running) {
			try (Connection connection = connect()) {
				connection.setAutoCommit(true);
				logger.info("Connected for database notifications");
				backoff = Duration.ofMillis(250);
				PGConnection postgres = connection.unwrap(PGConnection.class);
				while (this.running) {
					follow(connection);
					PGNotification[] notifications = postgres.getNotifications((int) POLL.toMillis());
					if (notifications != null) {
						for (PGNotification notification : notifications) {
							dispatch(notification);
						}
					}
				}
			}
			catch (SQLException | RuntimeException ex) {
				synchronized (this.lock) {
					this.listened.values().removeIf(CompletableFuture::isDone);
				}
				if (!this.running) {
					return;
				}
				logger.warn("Database notifications interrupted ({}); listening again in {} ms", ex.getMessage(),
						backoff.toMillis());
				try {
					Thread.sleep(backoff.toMillis());
				}
				catch (InterruptedException interrupted) {
					return;
				}
				backoff = (backoff.compareTo(MAX_BACKOFF) < 0) ? backoff.multipliedBy(2) : MAX_BACKOFF;
			}
		}
	}

	/**
	 * LISTENs to the channels wanted and UNLISTENs the others, which are forgotten first,
	 * so a listen arriving meanwhile waits for the next LISTEN.
	 */
	private void follow(Connection connection) throws SQLException {
		List<String> start;
		List<String> stop;
		synchronized (this.lock) {
			start = this.wanted.keySet().stream().filter(channel -> !isListened(channel)).toList();
			stop = this.listened.keySet().stream().filter(channel -> !this.wanted.containsKey(channel)).toList();
			stop.forEach(this.listened::remove);
		}
		if (start.isEmpty() && stop.isEmpty()) {
			return;
		}
		PGConnection postgres = connection.unwrap(PGConnection.class);
		try (Statement statement = connection.createStatement()) {
			for (String channel : stop) {
				statement.execute("UNLISTEN " + postgres.escapeIdentifier(channel));
			}
			for (String channel : start) {
				statement.execute("LISTEN " + postgres.escapeIdentifier(channel));
			}
		}
		logger.debug("Database notifications: listening on {}, no longer on {}", start, stop);
		synchronized (this.lock) {
			start.forEach(
					channel -> this.listened.computeIfAbsent(channel, key -> new CompletableFuture<>()).complete(null));
		}
	}

	private boolean isListened(String channel) {
		CompletableFuture<Void> ready = this.listened.get(channel);
		return ready != null && ready.isDone();
	}

	private void dispatch(PGNotification notification) {
		for (Consumer<String> handler : this.handlers.getOrDefault(notification.getName(), List.of())) {
			try {
				handler.accept(notification.getParameter());
			}
			catch (RuntimeException ex) {
				logger.error("A handler of database notifications on {} failed", notification.getName(), ex);
			}
		}
	}

	/** A connection like the pool's, but not from it. */
	private Connection connect() throws SQLException {
		HikariDataSource pool = this.dataSource.unwrap(HikariDataSource.class);
		Properties properties = new Properties();
		properties.putAll(pool.getDataSourceProperties());
		Optional.ofNullable(pool.getUsername()).ifPresent(user -> properties.setProperty("user", user));
		Optional.ofNullable(pool.getPassword()).ifPresent(password -> properties.setProperty("password", password));
		properties.setProperty("ApplicationName", "userprofiles-listen");
		properties.setProperty("tcpKeepAlive", "true");
		return DriverManager.getConnection(this.listenUrl.isBlank() ? pool.getJdbcUrl() : this.listenUrl, properties);
	}

	/** One wish to receive a channel's notifications, until closed. */
	public final class Listen implements AutoCloseable {

		private final String channel;

		private final CompletableFuture<Void> ready;

		private final AtomicBoolean open = new AtomicBoolean(true);

		private Listen(String channel, CompletableFuture<Void> ready) {
			this.channel = channel;
			this.ready = ready;
		}

		/** Completes once PostgreSQL delivers the channel's notifications here. */
		public CompletableFuture<Void> ready() {
			return this.ready;
		}

		/** Gives up this wish; the channel is UNLISTENed when nobody else wants it. */
		@Override
		public void close() {
			if (this.open.compareAndSet(true, false)) {
				this.ready.cancel(false);
				release(this.channel);
			}
		}

	}

}
