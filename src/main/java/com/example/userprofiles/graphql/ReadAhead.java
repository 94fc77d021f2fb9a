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
 * A one-to-one link that the statement reading its parents reads too, when the operation
 * selects it: {@code User.profile} below a page of users, {@code Profile.user} below a
 * profile. The statement joins the linked row by its key, and each value read primes the
 * field's {@code DataLoader} (named {@code Type.field}, as Spring for GraphQL names a
 * {@code @BatchMapping}'s), so the batch load has nothing left to do; it stays the way
 * for every other place the field is reached. Each link is declared once, as a bean, by
 * the feature that owns it.
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
	 * Whether the field being fetched selects the path of field {@code names}, read from
	 * the document: graphql-java's {@code env.getSelectionSet()} expands every fragment
	 * spread, so a small document of fragments that each spread the next twice held a
	 * core for a minute. Here each fragment is looked through at most once per level.
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

	/**
	 * The links one statement reads, with the loaders their values prime.
	 */
	public record Selected(List<ReadAhead<?>> links, List<DataLoader<Object, @Nullable Object>> loaders) {

		public static final Selected NONE = new Selected(List.of(), List.of());

		/** The linked columns, each after a comma, for the end of a select list. */
		public String columns() {
			StringBuilder columns = new StringBuilder();
			for (int i = 0; i < this.links.size(); i++) {
				columns.append(", ahead").append(i).append(".*");
			}
			return columns.toString();
		}

		/**
		 * The joins, on the parent's key {@code parentKey}: each a lateral lookup by the
		 * linked table's key, so only the parents' own rows are looked up.
		 */
		public String joins(String parentKey) {
			StringBuilder joins = new StringBuilder();
			for (int i = 0; i < this.links.size(); i++) {
				ReadAhead<?> link = this.links.get(i);
				joins.append(" LEFT JOIN LATERAL (SELECT ")
					.append(link.columns())
					.append(" FROM ")
					.append(link.table())
					.append(" WHERE ")
					.append(link.table())
					.append('.')
					.append(link.key())
					.append(" = ")
					.append(parentKey)
					.append(") AS ahead")
					.append(i)
					.append(" ON true");
			}
			return joins.toString();
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
