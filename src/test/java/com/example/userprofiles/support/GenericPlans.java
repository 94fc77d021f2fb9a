package com.example.userprofiles.support;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import com.example.userprofiles.support.SqlStatements.Executed;

import org.springframework.jdbc.core.JdbcTemplate;

/** The plan a prepared statement uses once it goes generic. */
public final class GenericPlans {

	private GenericPlans() {
	}

	/** The statement's plan under {@code plan_cache_mode = force_generic_plan}. */
	public static String of(JdbcTemplate jdbc, Executed statement) {
		String values = String.join(", ", statement.parameters().stream().map(GenericPlans::literal).toList());
		return jdbc.execute((Connection connection) -> {
			try (Statement sql = connection.createStatement()) {
				sql.execute("SET plan_cache_mode = force_generic_plan");
				sql.execute("PREPARE plan_under_test AS " + numbered(statement.sql()));
				StringBuilder plan = new StringBuilder();
				try (ResultSet rows = sql.executeQuery("EXPLAIN EXECUTE plan_under_test(" + values + ")")) {
					while (rows.next()) {
						plan.append(rows.getString(1)).append('\n');
					}
				}
				finally {
					sql.execute("DEALLOCATE plan_under_test");
					sql.execute("RESET plan_cache_mode");
				}
				return plan.toString();
			}
		});
	}

	/** The statement with its parameters numbered, as the driver sends it. */
	public static String numbered(String sql) {
		StringBuilder numbered = new StringBuilder();
		int n = 0;
		for (char c : sql.toCharArray()) {
			numbered.append((c == '?') ? "$" + (++n) : String.valueOf(c));
		}
		return numbered.toString();
	}

	/** {@code value} as an SQL literal. */
	public static String literal(Object value) {
		return (value instanceof Number) ? value.toString() : "'" + String.valueOf(value).replace("'", "''") + "'";
	}

}
