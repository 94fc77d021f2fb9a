package com.example.userprofiles.graphql;

import java.util.List;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;

/**
 * Keyset ("seek") paging over a list ordered by {@code keys}, the last of which is
 * unique: a page is a range condition on the keys plus {@code LIMIT}, so page 2,000 costs
 * what page 1 costs, and pages stay stable while rows are added or removed (no
 * {@code OFFSET}).
 *
 * @param keys the SQL expressions of the order, the last one unique
 * @param descending whether the list runs from the largest keys
 */
public record Keyset(List<String> keys, boolean descending) {

	/**
	 * Adds the conditions of {@code after} and {@code before} (their keyset values, in
	 * the order of {@link #keys}) to {@code where}.
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
	 * {@code ORDER BY ... LIMIT} for {@code page}: one row more than the page, to learn
	 * whether more exist. A backward page is fetched from its end, so the order flips.
	 * The limit is written into the statement (a page size is a checked int, at most
	 * {@link Page#MAX_SIZE}): as a parameter, PostgreSQL kept planning a first page of
	 * users anew on every execution, since a plan for an unknown limit looks dearer.
	 */
	public String orderAndLimit(Page page) {
		return order(page) + " LIMIT " + (page.size() + 1);
	}

	/**
	 * The {@code ORDER BY} of {@link #orderAndLimit}, alone: for a query around the
	 * page's, which must keep its order.
	 */
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
		StringBuilder row = new StringBuilder("(");
		for (int i = 0; i < values.size(); i++) {
			String name = prefix + i;
			params.addValue(name, values.get(i));
			row.append((i > 0) ? ", :" : ":").append(name);
		}
		return row.append(')').toString();
	}

}
