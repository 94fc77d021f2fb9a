package com.example.userprofiles.shared.graphql;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;

/**
 * The GraphQL {@code StringFilter}: case-insensitive conditions on one text column, all
 * of which must hold. The input is always data: it is bound as a parameter, and
 * {@code %}, {@code _} and {@code \} are escaped so they match themselves in
 * {@code LIKE}.
 */
public record StringFilter(@Nullable String equals, @Nullable String startsWith, @Nullable String contains) {

	/**
	 * Adds this filter's SQL conditions on {@code column} to {@code where}, binding its
	 * values in {@code params} under names starting with {@code name}.
	 */
	public void appendTo(List<String> where, MapSqlParameterSource params, String column, String name) {
		if (this.equals != null) {
			where.add("lower(" + column + ") = lower(:" + name + "Equals)");
			params.addValue(name + "Equals", this.equals);
		}
		if (this.startsWith != null) {
			where.add("lower(" + column + ") LIKE lower(:" + name + "StartsWith) ESCAPE '\\'");
			params.addValue(name + "StartsWith", escapeLike(this.startsWith) + "%");
		}
		if (this.contains != null) {
			where.add("lower(" + column + ") LIKE lower(:" + name + "Contains) ESCAPE '\\'");
			params.addValue(name + "Contains", "%" + escapeLike(this.contains) + "%");
		}
	}

	static String escapeLike(String text) {
		return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
	}

}
