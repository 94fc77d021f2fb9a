package com.example.userprofiles.graphql;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import graphql.language.Field;
import graphql.language.FragmentDefinition;
import graphql.language.FragmentSpread;
import graphql.language.InlineFragment;
import graphql.language.Selection;
import graphql.language.SelectionSet;
import graphql.schema.DataFetchingEnvironment;
import org.dataloader.DataLoader;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.RowMapper;

/**
 * A one-to-one link that the statement reading its parents also reads when the operation
 * selects it. Each value read primes the field's {@code @BatchMapping} loader (named
 * {@code Type.field}), so the batch load has nothing left to do; elsewhere the batch load
 * still resolves the field. Each link is declared once, as a bean, by its feature.
 *
 * @param type the GraphQL type that has the field
 * @param field the field the link resolves
 * @param table the linked table
 * @param key the linked table's column that holds the parent's key
 * @param columns the linked columns, in the order {@code reader} reads them
 * @param reader reads the linked value from a row, from a given column on
 */
public record ReadAhead<T>(String type, String field, String table, String key, String columns, RowReader<T> reader) {

	/** Reads a value from a row, from column {@code first} on. */
	@FunctionalInterface
	public interface RowReader<T> {

		T read(ResultSet row, int first) throws SQLException;

	}

	/**
	 * The links of {@code type} that the field being fetched selects at one of
	 * {@code paths}: {@code ""} where the field returns the parent itself,
	 * {@code "edges/node/"} and {@code "nodes/"} for a connection of parents.
	 */
	public static Selected select(List<ReadAhead<?>> links, DataFetchingEnvironment env, String type, String... paths) {
		List<ReadAhead<?>> selected = new ArrayList<>();
		List<DataLoader<Object, @Nullable Object>> loaders = new ArrayList<>();
		for (ReadAhead<?> link : links) {
			DataLoader<Object, @Nullable Object> loader = env.getDataLoader(link.type() + "." + link.field());
			if (link.type().equals(type) && loader != null && selects(env, link.field(), paths)) {
				selected.add(link);
				loaders.add(loader);
			}
		}
		return new Selected(selected, loaders);
	}

	private static boolean selects(DataFetchingEnvironment env, String field, String... paths) {
		for (String path : paths) {
			if (selects(env, (path + field).split("/"))) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Whether the field being fetched selects the path of field {@code names}. Read from
	 * the document, each fragment once per level: {@code env.getSelectionSet()} expands
	 * every spread, which nested fragments make exponential.
	 */
	private static boolean selects(DataFetchingEnvironment env, String[] names) {
		List<SelectionSet> level = new ArrayList<>();
		for (Field field : env.getMergedField().getFields()) {
			add(level, field.getSelectionSet());
		}
		for (String name : names) {
			List<SelectionSet> next = new ArrayList<>();
			Set<String> visited = new HashSet<>();
			for (int i = 0; i < level.size(); i++) {
				for (Selection<?> selection : level.get(i).getSelections()) {
					if (selection instanceof Field field && field.getName().equals(name)) {
						next.add(field.getSelectionSet());
					}
					else if (selection instanceof InlineFragment inline) {
						add(level, inline.getSelectionSet());
					}
					else if (selection instanceof FragmentSpread spread && visited.add(spread.getName())) {
						FragmentDefinition fragment = env.getFragmentsByName().get(spread.getName());
						add(level, (fragment != null) ? fragment.getSelectionSet() : null);
					}
				}
			}
			if (next.isEmpty()) {
				return false;
			}
			next.removeIf(Objects::isNull);
			level = next;
		}
		return true;
	}

	private static void add(List<SelectionSet> sets, @Nullable SelectionSet set) {
		if (set != null) {
			sets.add(set);
		}
	}

	/** The links one statement reads, with the loaders their values prime. */
	public record Selected(List<ReadAhead<?>> links, List<DataLoader<Object, @Nullable Object>> loaders) {

		/**
		 * {@code sql} as {@code alias}, with the links joined around it on its column
		 * {@code key} in {@code order}: outside it, so only its own rows are joined, not
		 * every row a filter matches before the limit.
		 */
		public String around(String sql, String alias, String key, String order) {
			if (this.links.isEmpty()) {
				return sql;
			}
			StringBuilder columns = new StringBuilder();
			StringBuilder joins = new StringBuilder();
			for (int i = 0; i < this.links.size(); i++) {
				ReadAhead<?> link = this.links.get(i);
				columns.append(", ahead").append(i).append(".*");
				joins.append(" LEFT JOIN LATERAL (SELECT " + link.columns() + " FROM " + link.table() + " WHERE "
						+ link.table() + "." + link.key() + " = " + alias + "." + key + ") AS ahead" + i + " ON true");
			}
			return "SELECT " + alias + ".*" + columns + " FROM (" + sql + ") AS " + alias + joins + order;
		}

		/**
		 * Reads each parent from the first {@code parentColumns} columns, and primes the
		 * loaders with the linked values after them (null where a link found no row).
		 */
		public <P> RowMapper<P> rows(RowReader<P> parent, int parentColumns) {
			return (row, number) -> {
				P value = parent.read(row, 1);
				int first = parentColumns + 1;
				for (int i = 0; i < this.links.size(); i++) {
					ReadAhead<?> link = this.links.get(i);
					row.getObject(first);
					this.loaders.get(i).prime(value, row.wasNull() ? null : link.reader().read(row, first));
					first += link.columns().split(",").length;
				}
				return value;
			};
		}

	}

}
