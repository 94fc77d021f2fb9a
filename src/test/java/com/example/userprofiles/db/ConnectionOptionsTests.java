package com.example.userprofiles.db;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import javax.sql.DataSource;

import com.example.userprofiles.support.IntegrationTest;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An operator's own {@code options} in the JDBC URL, which the driver takes over the data
 * source's property, no longer drops the server's: the statement timeout and the
 * read-only pool's session defaults apply with it.
 */
@IntegrationTest
class ConnectionOptionsTests {

	private static final String OPERATORS = "options=-c%20search_path%3Dpublic%20-c%20lock_timeout%3D777";

	@Autowired
	DataSource dataSource;

	@Test
	void theStatementTimeoutAppliesBesideTheOptionsOfTheUrl() throws Exception {
		try (HikariDataSource pool = poolWithOperatorsOptions()) {
			new StatementTimeout(Duration.ofMillis(4321)).postProcessBeforeInitialization(pool, "dataSource");
			try (Connection connection = pool.getConnection()) {
				assertThat(text(connection, "SELECT current_setting('statement_timeout')")).isEqualTo("4321ms");
				assertThat(text(connection, "SELECT current_setting('lock_timeout')")).isEqualTo("777ms");
			}
			assertThat(pool.getJdbcUrl()).doesNotContain("options").contains("connectTimeout=5&tcpKeepAlive=true");
		}
	}

	@Test
	void theReadOnlyPoolKeepsItsSessionDefaultsBesideTheOptionsOfTheUrl() throws Exception {
		try (HikariDataSource pool = poolWithOperatorsOptions();
				HikariDataSource readOnly = ReadOnlyPool.readOnlyPoolLike(pool);
				Connection connection = readOnly.getConnection()) {
			connection.setAutoCommit(false);
			assertThat(text(connection, "SELECT current_setting('transaction_isolation')"))
				.isEqualTo("repeatable read");
			assertThat(text(connection, "SELECT current_setting('lock_timeout')")).isEqualTo("777ms");
			connection.rollback();
		}
	}

	@Test
	void theServersOptionsComeLastSoTheyWinOverTheSameSettingInTheUrl() throws Exception {
		try (HikariDataSource pool = new HikariDataSource()) {
			pool.setJdbcUrl("jdbc:postgresql://db.example/app?options=-c%20statement_timeout%3D0&ssl=true");
			pool.addDataSourceProperty("options", "-c lock_timeout=100");
			ConnectionOptions.add(pool, "-c statement_timeout=5000");
			assertThat(pool.getJdbcUrl()).isEqualTo("jdbc:postgresql://db.example/app?ssl=true");
			assertThat(pool.getDataSourceProperties().getProperty("options"))
				.isEqualTo("-c statement_timeout=0 -c lock_timeout=100 -c statement_timeout=5000");
		}
	}

	/** A new pool to the test database whose URL carries options of its own. */
	private HikariDataSource poolWithOperatorsOptions() throws SQLException {
		HikariDataSource server = this.dataSource.unwrap(HikariDataSource.class);
		String url = server.getJdbcUrl();
		HikariDataSource pool = new HikariDataSource();
		pool.setJdbcUrl(url + (url.contains("?") ? "&" : "?") + OPERATORS + "&connectTimeout=5&tcpKeepAlive=true");
		pool.setUsername(server.getUsername());
		pool.setPassword(server.getPassword());
		pool.setMaximumPoolSize(1);
		return pool;
	}

	private static String text(Connection connection, String sql) throws SQLException {
		try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
			rows.next();
			return rows.getString(1);
		}
	}

}
