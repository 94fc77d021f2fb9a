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

	/**
	 * Adds this filter's conditions on {@code column} to {@code where}, binding values
	 * under names starting with {@code name}. Both sides are folded to upper case, then
	 * lower case, since {@code lower()} alone keeps apart letters that share an upper
	 * case (Greek {@code ς} and {@code σ}).
	 */
	public void appendTo(List<String> where, MapSqlParameterSource params, String column, String name) {
		String folded = fold(column);
		if (this.equals != null) {
			where.add(folded + " = " + fold(":" + name + "Equals"));
			params.addValue(name + "Equals", this.equals);
		}
		if (this.startsWith != null) {
			where.add(folded + " LIKE " + fold(":" + name + "StartsWith") + " || '%' ESCAPE '\\'");
			params.addValue(name + "StartsWith", escapeLike(this.startsWith));
		}
		if (this.contains != null) {
			where.add(folded + " LIKE " + fold(":" + name + "Contains") + " ESCAPE '\\'");
			params.addValue(name + "Contains", containing(this.contains));
		}
	}

	private static String fold(String text) {
		return "lower(upper(" + text + "))";
	}

	/** A {@code LIKE} pattern matching texts that contain {@code text}. */
	public static String containing(String text) {
		return "%" + escapeLike(text) + "%";
	}

	private static String escapeLike(String text) {
		return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
	}

}
