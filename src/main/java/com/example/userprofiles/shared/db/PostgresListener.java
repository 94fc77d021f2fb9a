package com.example.userprofiles.shared.db;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

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
 * PostgreSQL {@code LISTEN} for this instance: one connection of its own, opened with the
 * pool's settings but outside the pool (a pooled connection is handed to others between
 * uses, and a listening one must not be), read by one thread that passes each
 * notification to the handlers of its channel. When the connection drops, it reconnects
 * and listens again; notifications sent while it was away are lost, so clients re-read
 * after a reconnect of theirs too.
 */
@Component
public class PostgresListener implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(PostgresListener.class);

	private static final Duration POLL = Duration.ofMillis(500);

	private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

	private final DataSource dataSource;

	private final String listenUrl;

	private final Map<String, List<Consumer<String>>> handlers = new ConcurrentHashMap<>();

	private volatile boolean running;

	private volatile @Nullable Thread thread;

	/**
	 * @param listenUrl a JDBC URL for this connection alone, when the pool's goes through
	 * something that cannot keep a {@code LISTEN} (PgBouncer in transaction mode) or to a
	 * server that refuses it (a read replica); empty: the pool's URL
	 */
	PostgresListener(DataSource dataSource, @Value("${app.database.listen-url:}") String listenUrl) {
		this.dataSource = dataSource;
		this.listenUrl = listenUrl;
	}

	/**
	 * Calls {@code handler} with the payload of every notification on {@code channel}, on
	 * the listening thread (so in the order PostgreSQL committed them). Register before
	 * the context starts.
	 */
	public void listen(String channel, Consumer<String> handler) {
		this.handlers.computeIfAbsent(channel, key -> new CopyOnWriteArrayList<>()).add(handler);
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

	private void run() {
		Duration backoff = Duration.ofMillis(250);
		while (this.running) {
			try (Connection connection = connect()) {
				listenOn(connection);
				logger.info("Listening for database notifications on {}", this.handlers.keySet());
				backoff = Duration.ofMillis(250);
				PGConnection postgres = connection.unwrap(PGConnection.class);
				while (this.running) {
					PGNotification[] notifications = postgres.getNotifications((int) POLL.toMillis());
					if (notifications != null) {
						for (PGNotification notification : notifications) {
							dispatch(notification);
						}
					}
				}
			}
			catch (SQLException | RuntimeException ex) {
				if (!this.running) {
					return;
				}
				logger.warn("Database notifications interrupted ({}); listening again in {} ms", ex.getMessage(),
						backoff.toMillis());
				sleep(backoff);
				backoff = (backoff.compareTo(MAX_BACKOFF) < 0) ? backoff.multipliedBy(2) : MAX_BACKOFF;
			}
		}
	}

	private void listenOn(Connection connection) throws SQLException {
		connection.setAutoCommit(true);
		try (Statement statement = connection.createStatement()) {
			for (String channel : this.handlers.keySet()) {
				statement.execute("LISTEN " + quoted(channel));
			}
		}
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
		if (pool.getUsername() != null) {
			properties.setProperty("user", pool.getUsername());
		}
		if (pool.getPassword() != null) {
			properties.setProperty("password", pool.getPassword());
		}
		properties.setProperty("ApplicationName", "userprofiles-listen");
		properties.setProperty("tcpKeepAlive", "true");
		return DriverManager.getConnection(this.listenUrl.isBlank() ? pool.getJdbcUrl() : this.listenUrl, properties);
	}

	private static String quoted(String channel) {
		return "\"" + channel.replace("\"", "\"\"") + "\"";
	}

	private static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
