package com.example.userprofiles.db;

import java.io.Closeable;
import java.sql.Connection;
import java.util.Properties;

import com.zaxxer.hikari.HikariDataSource;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.jdbc.datasource.LazyConnectionDataSourceProxy;
import org.springframework.stereotype.Component;

/**
 * A second pool, for read-only transactions: its sessions begin every transaction
 * {@code REPEATABLE READ} and {@code READ ONLY} (PostgreSQL's
 * {@code default_transaction_isolation} and {@code default_transaction_read_only}, set
 * once per connection when it opens). A query's snapshot
 * ({@code QuerySnapshotInstrumentation}) then costs no statement of its own: the driver
 * sends its {@code BEGIN} with the first query, and the {@code COMMIT} is the only other
 * round trip. Setting the level in each transaction instead cost a round trip per query,
 * a fifth of a point lookup's time (bench/RESULTS.md).
 * <p>
 * The application's {@code DataSource} (Spring Boot's pool, or the embedded database's)
 * becomes a {@link LazyConnectionDataSourceProxy} over both: it takes a pooled connection
 * only once a transaction is set up, so it knows whether the transaction is read-only and
 * which pool to take it from. Every other transaction, and everything outside one, uses
 * the original pool, at PostgreSQL's default level ({@code READ COMMITTED}). The second
 * pool copies the first's settings (URL, credentials, driver properties such as the
 * statement timeout, size and timeouts).
 */
@Component
class ReadOnlyPool implements BeanPostProcessor, Ordered {

	private static final String SESSION_DEFAULTS = "-c default_transaction_isolation=repeatable\\ read"
			+ " -c default_transaction_read_only=on";

	/**
	 * Run on each new connection of the read-only pool: a connection pooler that drops
	 * the {@code options} startup parameter (PgBouncer with {@code options} in
	 * {@code ignore_startup_parameters}) would otherwise turn every query's snapshot into
	 * statements that each see the latest commit, silently. This way the pool refuses the
	 * connection, queries answer {@code SERVICE_UNAVAILABLE}, and the log says why.
	 */
	static final String CHECK_SESSION_DEFAULTS = """
			DO $$ BEGIN
			  IF current_setting('default_transaction_isolation') <> 'repeatable read'
			      OR current_setting('default_transaction_read_only') <> 'on' THEN
			    RAISE EXCEPTION 'The read-only pool''s sessions must begin REPEATABLE READ READ ONLY, but the options startup parameter did not reach PostgreSQL (behind PgBouncer: see docs/deploying.md)';
			  END IF;
			END $$""";

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof HikariDataSource pool) {
			return new Routing(pool, readOnlyPoolLike(pool));
		}
		return bean;
	}

	/** First, so whatever else wraps the data source wraps both pools. */
	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

	static HikariDataSource readOnlyPoolLike(HikariDataSource pool) {
		HikariDataSource readOnly = new HikariDataSource();
		readOnly.setPoolName(((pool.getPoolName() != null) ? pool.getPoolName() : "pool") + "-read-only");
		readOnly.setJdbcUrl(pool.getJdbcUrl());
		readOnly.setUsername(pool.getUsername());
		readOnly.setPassword(pool.getPassword());
		if (pool.getDriverClassName() != null) {
			readOnly.setDriverClassName(pool.getDriverClassName());
		}
		Properties properties = new Properties();
		properties.putAll(pool.getDataSourceProperties());
		readOnly.setDataSourceProperties(properties);
		ConnectionOptions.add(readOnly, SESSION_DEFAULTS);
		readOnly.setConnectionInitSql(CHECK_SESSION_DEFAULTS);
		readOnly.setReadOnly(true);
		// -1 until the pool starts: unset, so Hikari's defaults
		if (pool.getMaximumPoolSize() > 0) {
			readOnly.setMaximumPoolSize(pool.getMaximumPoolSize());
		}
		if (pool.getMinimumIdle() >= 0) {
			readOnly.setMinimumIdle(pool.getMinimumIdle());
		}
		readOnly.setConnectionTimeout(pool.getConnectionTimeout());
		readOnly.setValidationTimeout(pool.getValidationTimeout());
		readOnly.setIdleTimeout(pool.getIdleTimeout());
		readOnly.setMaxLifetime(pool.getMaxLifetime());
		readOnly.setKeepaliveTime(pool.getKeepaliveTime());
		return readOnly;
	}

	/** Both pools behind one data source; closing it closes both. */
	static final class Routing extends LazyConnectionDataSourceProxy implements Closeable {

		private final HikariDataSource pool;

		private final HikariDataSource readOnlyPool;

		Routing(HikariDataSource pool, HikariDataSource readOnlyPool) {
			this.pool = pool;
			this.readOnlyPool = readOnlyPool;
			setTargetDataSource(pool);
			setReadOnlyDataSource(readOnlyPool);
			// PostgreSQL's and the driver's defaults, given so that no connection
			// is taken at start-up to find them out
			setDefaultAutoCommit(true);
			setDefaultTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
			afterPropertiesSet();
		}

		@Override
		public void close() {
			try {
				this.readOnlyPool.close();
			}
			finally {
				this.pool.close();
			}
		}

	}

}
