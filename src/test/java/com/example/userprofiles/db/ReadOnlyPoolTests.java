package com.example.userprofiles.db;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import com.example.userprofiles.support.IntegrationTest;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * The pool that query snapshots read from begins every transaction
 * {@code REPEATABLE READ READ ONLY} by its sessions' defaults, and refuses connections
 * that arrive without them rather than serve inconsistent reads.
 */
@IntegrationTest
class ReadOnlyPoolTests {

	@Autowired
	DataSource dataSource;

	@Test
	void itsTransactionsAreRepeatableReadAndReadOnlyWithoutAStatementToSayIt() throws Exception {
		try (HikariDataSource readOnly = ReadOnlyPool.readOnlyPoolLike(pool());
				Connection connection = readOnly.getConnection()) {
			connection.setAutoCommit(false);
			assertThat(text(connection, "SELECT current_setting('transaction_isolation')"))
				.isEqualTo("repeatable read");
			assertThat(text(connection, "SELECT current_setting('transaction_read_only')")).isEqualTo("on");
			assertThatException()
				.isThrownBy(() -> text(connection, "DELETE FROM site_user WHERE id = -1 RETURNING 'x'"))
				.withMessageContaining("read-only transaction");
			connection.rollback();
		}
	}

	@Test
	void sessionsThatLostTheirDefaultsOnTheWayAreRefused() {
		try (HikariDataSource readOnly = ReadOnlyPool.readOnlyPoolLike(pool())) {
			// what a pooler that drops the options startup parameter leaves
			readOnly.getDataSourceProperties().setProperty("options", "-c statement_timeout=5000");
			readOnly.setConnectionTimeout(1000);
			assertThatException().isThrownBy(readOnly::getConnection)
				.withStackTraceContaining("must begin REPEATABLE READ READ ONLY");
		}
	}

	@Test
	void itKeepsThePoolsOwnDriverSettings() {
		try (HikariDataSource readOnly = ReadOnlyPool.readOnlyPoolLike(pool())) {
			assertThat(readOnly.getDataSourceProperties().getProperty("options"))
				.startsWith(pool().getDataSourceProperties().getProperty("options"))
				.endsWith("-c default_transaction_isolation=repeatable\\ read -c default_transaction_read_only=on");
			assertThat(readOnly.getDataSourceProperties().getProperty("socketTimeout"))
				.isEqualTo(pool().getDataSourceProperties().getProperty("socketTimeout"));
			assertThat(readOnly.getJdbcUrl()).isEqualTo(pool().getJdbcUrl());
		}
	}

	private HikariDataSource pool() {
		try {
			return this.dataSource.unwrap(HikariDataSource.class);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String text(Connection connection, String sql) throws SQLException {
		try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
			rows.next();
			return rows.getString(1);
		}
	}

}
