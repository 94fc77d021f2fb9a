package com.example.userprofiles.graphql;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;

/**
 * Keyset ("seek") paging: a page is a range condition on the order's keys plus
 * {@code LIMIT}, so a late page costs what the first does and pages stay stable while
 * rows come and go.
 *
 * @param keys the SQL expressions of the order, the last one unique
 * @param descending whether the list runs from the largest keys
 */
public record Keyset(List<String> keys, boolean descending) {

	/** {@code " WHERE a AND b"} for {@code conditions}, or nothing without any. */
	public static String where(List<String> conditions) {
		return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
	}

	/**
	 * Adds the conditions of {@code after} and {@code before}, keyset values in the order
	 * of {@link #keys}, to {@code where}.
	 */
	public void appendBounds(List<String> where, MapSqlParameterSource params, @Nullable List<?> after,
			@Nullable List<?> before) {
		if (after != null) {
			where.add(row(this.keys) + (this.descending ? " < " : " > ") + bind(params, "after", after));
		}
		if (before != null) {
			where.add(row(this.keys) + (this.descending ? " > " : " < ") + bind(params, "before", before));
		}
	}

	/**
	 * {@code ORDER BY ... LIMIT}, one row more than the page to learn whether more exist;
	 * a backward page is fetched from its end. The limit is a literal: as a parameter,
	 * PostgreSQL replanned the statement on every execution.
	 */
	public String orderAndLimit(Page page) {
		return order(page) + " LIMIT " + (page.size() + 1);
	}

	/** The {@code ORDER BY} alone, for a query around the page's. */
	public String order(Page page) {
		boolean fromLargest = this.descending != page.backward();
		return " ORDER BY " + this.keys.stream()
			.map(key -> key + (fromLargest ? " DESC" : " ASC"))
			.collect(Collectors.joining(", "));
	}

	private static String row(List<String> expressions) {
		return "(" + String.join(", ", expressions) + ")";
	}

	private static String bind(MapSqlParameterSource params, String prefix, List<?> values) {
		List<String> names = new ArrayList<>();
		for (int i = 0; i < values.size(); i++) {
			params.addValue(prefix + i, values.get(i));
			names.add(":" + prefix + i);
		}
		return row(names);
	}

}
