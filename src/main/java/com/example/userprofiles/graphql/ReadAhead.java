package com.example.userprofiles.graphql;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A one-to-one link between two aggregates, declared once, as a bean, by the feature that
 * owns it, and resolved one way ({@link ReadAheads}): the statement that reads the
 * parents reads the linked row too when the operation selects it, and a batch load of the
 * linked rows by key is the fallback wherever nothing was read ahead.
 *
 * @param type the GraphQL type that has the field ({@code User})
 * @param field the field the link resolves ({@code profile})
 * @param valueType the type of the field's value
 * @param table the linked table
 * @param key the linked table's column that holds the parent's key
 * @param columns the linked columns, the key first, in the order {@code reader} reads
 * them
 * @param reader reads the linked value from a row, from a given column on
 * @param parentKey the parent's key
 * @param valueKey the linked value's key, the parent's key it links to
 * @param findAll the linked values of a batch of keys, as a batch load reads them
 */
public record ReadAhead<P, V>(String type, String field, Class<V> valueType, String table, String key, String columns,
		RowReader<V> reader, Function<P, Long> parentKey, Function<V, Long> valueKey,
		Function<Collection<Long>, List<V>> findAll) {

	/** Reads a value from a row, from column {@code first} on. */
	@FunctionalInterface
	public interface RowReader<T> {

		T read(ResultSet row, int first) throws SQLException;

	}

	/**
	 * The table a statement reads parents from: its alias there, the key links join on,
	 * and how a row is read, {@code columns} wide.
	 */
	public record Parents<P>(String alias, String key, RowReader<P> reader, int columns) {

	}

	/** The name of the field's {@code DataLoader}. */
	String name() {
		return this.type + "." + this.field;
	}

	int columnCount() {
		return this.columns.split(",").length;
	}

	/** The batch load: each parent's linked value; a parent without one is left out. */
	Map<P, V> loadAll(Collection<P> parents) {
		Map<Long, V> byKey = new HashMap<>();
		this.findAll.apply(parents.stream().map(this.parentKey).distinct().toList())
			.forEach(value -> byKey.put(this.valueKey.apply(value), value));
		Map<P, V> values = new HashMap<>();
		for (P parent : parents) {
			V value = byKey.get(this.parentKey.apply(parent));
			if (value != null) {
				values.put(parent, value);
			}
		}
		return values;
	}

}
