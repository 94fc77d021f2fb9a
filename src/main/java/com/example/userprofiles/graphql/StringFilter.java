package com.example.userprofiles.graphql;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;

/**
 * The GraphQL {@code StringFilter}: case-insensitive conditions on one text column, all
 * of which must hold. Values are bound as parameters, with {@code %}, {@code _} and
 * {@code \} escaped so that they match themselves in {@code LIKE}.
 */
public record StringFilter(@Nullable String equals, @Nullable String startsWith, @Nullable String contains) {

	/**
	 * The filter in {@code field} of an input object as graphql-java coerced it, or null.
	 * Read by hand: Spring's argument binder reflects on the record on every request.
	 */
	public static @Nullable StringFilter in(Map<String, ?> input, String field) {
		return (input.get(field) instanceof Map<?, ?> filter) ? new StringFilter((String) filter.get("equals"),
				(String) filter.get("startsWith"), (String) filter.get("contains")) : null;
	}

	/** How a column's case is folded; both sides of each comparison are folded alike. */
	public enum Folding {

		/** Only ASCII, as in usernames: {@code lower()}, as its indexes are. */
		ASCII("lower(", ")"),

		/**
		 * Any text: upper case, then lower case, since {@code lower()} alone keeps apart
		 * letters that share an upper case (Greek {@code ς} and {@code σ}).
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
	 * Adds this filter's conditions on {@code column} to {@code where}, binding values
	 * under names starting with {@code name}. With {@code prefixIndexed}, the folded
	 * column has a {@code text_pattern_ops} index and {@code startsWith} becomes a range
	 * on it: a generic plan cannot see a {@code LIKE} prefix, so it would not use the
	 * index.
	 */
	public void appendTo(List<String> where, MapSqlParameterSource params, String column, Folding folding, String name,
			boolean prefixIndexed) {
		String folded = folding.of(column);
		if (this.equals != null) {
			where.add(folded + " = " + folding.of(":" + name + "Equals"));
			params.addValue(name + "Equals", this.equals);
		}
		if (this.startsWith != null && prefixIndexed) {
			// Texts with the prefix sort byte-wise between it and it followed by the
			// highest code point; starts_with keeps the range exact and, unlike LIKE,
			// draws no trigram index into the plan (QueryPlanTests).
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

	private static String escapeLike(String text) {
		return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
	}

}
