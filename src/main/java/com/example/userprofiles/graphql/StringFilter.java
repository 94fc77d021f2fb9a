package com.example.userprofiles.graphql;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;

/**
 * The GraphQL {@code StringFilter}: case-insensitive conditions on one text column, all
 * of which must hold. Both sides are compared with their case folded ({@link #fold}). The
 * input is always data: it is bound as a parameter, and {@code %}, {@code _} and
 * {@code \} are escaped so they match themselves in {@code LIKE}.
 */
public record StringFilter(@Nullable String equals, @Nullable String startsWith, @Nullable String contains) {

	/**
	 * The filter in {@code field} of an input object as graphql-java coerced it (the
	 * schema has already checked its shape), or null when the field is absent or null.
	 * Filters are read by hand rather than bound by Spring's argument binder, which looks
	 * up a record's constructor by reflection on every request (6% of the server's CPU on
	 * the prefix-filter benchmark).
	 */
	public static @Nullable StringFilter in(Map<String, ?> input, String field) {
		return (input.get(field) instanceof Map<?, ?> filter) ? new StringFilter((String) filter.get("equals"),
				(String) filter.get("startsWith"), (String) filter.get("contains")) : null;
	}

	/**
	 * How a column's case is folded; both sides of each comparison are folded alike.
	 */
	public enum Folding {

		/**
		 * A column that holds only ASCII (usernames): {@code lower()} folds it, and its
		 * indexes are on {@code lower()}.
		 */
		ASCII("lower(", ")"),

		/**
		 * Any text: in upper case, then in lower case. {@code lower()} alone keeps apart
		 * the lower-case letters that share one upper case, so a text missed its own
		 * upper case: Greek {@code ς} (a sigma ending a word) and {@code σ} are both
		 * {@code Σ}, and "ΟΔΟΣ" did not match "οδος". Indexes that serve such a filter
		 * (the description's trigram index) are on this expression.
		 */
		ANY("lower(upper(", "))");

		private final String before;

		private final String after;

		Folding(String before, String after) {
			this.before = before;
			this.after = after;
		}

		/** The SQL expression {@code text} with its case folded. */
		public String of(String text) {
			return this.before + text + this.after;
		}

	}

	/**
	 * Adds this filter's SQL conditions on {@code column}, its case folded by
	 * {@code folding}, to {@code where}, binding its values in {@code params} under names
	 * starting with {@code name}.
	 */
	public void appendTo(List<String> where, MapSqlParameterSource params, String column, Folding folding,
			String name) {
		appendTo(where, params, column, folding, name, false);
	}

	/**
	 * As {@link #appendTo(List, MapSqlParameterSource, String, Folding, String)}; with
	 * {@code prefixIndexed}, the folded column has a {@code text_pattern_ops} index, and
	 * {@code startsWith} also becomes a byte-wise range on it: PostgreSQL can use such an
	 * index for {@code LIKE 'prefix%'} only when it sees the prefix, which a prepared
	 * statement's generic plan does not, but it can always use it for a range.
	 */
	public void appendTo(List<String> where, MapSqlParameterSource params, String column, Folding folding, String name,
			boolean prefixIndexed) {
		String folded = folding.of(column);
		if (this.equals != null) {
			where.add(folded + " = " + folding.of(":" + name + "Equals"));
			params.addValue(name + "Equals", this.equals);
		}
		if (this.startsWith != null && prefixIndexed) {
			// every text starting with the prefix sorts between it and the prefix
			// followed by the highest code point, byte-wise (~>=~, ~<~); starts_with is
			// exact at the range's far end, and unlike LIKE no trigram index offers to
			// serve it, which drew the generic plan into ANDing that index in (3 ms
			// instead of 0.2). Without starts_with PostgreSQL ran the statement faster,
			// but estimated the range alone at ~200 rows and then walked the primary key,
			// filtering, instead of using the prefix index (QueryPlanTests)
			String prefix = folding.of(":" + name + "Prefix");
			where.add("starts_with(" + folded + ", " + prefix + ") AND " + folded + " ~>=~ " + prefix + " AND " + folded
					+ " ~<~ (" + prefix + " || chr(1114111))");
			params.addValue(name + "Prefix", this.startsWith);
		}
		else if (this.startsWith != null) {
			where.add(folded + " LIKE " + folding.of(":" + name + "StartsWith") + " || '%' ESCAPE '\\'");
			params.addValue(name + "StartsWith", escapeLike(this.startsWith));
		}
		if (this.contains != null) {
			where.add(folded + " LIKE " + folding.of(":" + name + "Contains") + " ESCAPE '\\'");
			params.addValue(name + "Contains", "%" + escapeLike(this.contains) + "%");
		}
	}

	static String escapeLike(String text) {
		return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
	}

}
