package com.example.userprofiles.graphql;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import graphql.TrivialDataFetcher;
import graphql.language.Field;
import graphql.language.FragmentDefinition;
import graphql.language.FragmentSpread;
import graphql.language.InlineFragment;
import graphql.language.Selection;
import graphql.language.SelectionSet;
import graphql.schema.DataFetchingEnvironment;
import graphql.schema.idl.RuntimeWiring;
import org.dataloader.DataLoader;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.core.ResolvableType;
import org.springframework.graphql.execution.BatchLoaderRegistry;
import org.springframework.graphql.execution.RuntimeWiringConfigurer;
import org.springframework.graphql.execution.SelfDescribingDataFetcher;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcOperations;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.stereotype.Component;

/**
 * Resolves every {@link ReadAhead} link: a batch loader and a data fetcher per link, and
 * what a statement that reads the parents needs to read the links ahead
 * ({@link #select}). A value read ahead primes the link's {@code DataLoader}, and the
 * fetcher answers it at once; any other parent goes to the batch.
 */
@Component
public class ReadAheads implements RuntimeWiringConfigurer {

	private final List<ReadAhead<?, ?>> links;

	ReadAheads(List<ReadAhead<?, ?>> links, BatchLoaderRegistry loaders) {
		this.links = links;
		links.forEach(link -> register(link, loaders));
	}

	private static <P, V> void register(ReadAhead<P, V> link, BatchLoaderRegistry loaders) {
		loaders.<P, V>forName(link.name())
			.registerMappedBatchLoader((parents, environment) -> Mono.fromCallable(() -> link.loadAll(parents)));
	}

	@Override
	public void configure(RuntimeWiring.Builder wiring) {
		this.links.forEach(link -> wiring.type(link.type(), type -> type.dataFetcher(link.field(), new Fetcher(link))));
	}

	/** Whether {@code type.field} is a link. */
	boolean isLink(String type, String field) {
		return this.links.stream().anyMatch(link -> link.type().equals(type) && link.field().equals(field));
	}

	/**
	 * The links of {@code type} that the field being fetched selects at one of
	 * {@code paths}: {@code ""} where it returns the parents themselves,
	 * {@code "edges/node/"} and {@code "nodes/"} for a connection of them.
	 */
	public Selected select(DataFetchingEnvironment env, String type, String... paths) {
		List<ReadAhead<?, ?>> selected = new ArrayList<>();
		List<DataLoader<Object, @Nullable Object>> loaders = new ArrayList<>();
		for (ReadAhead<?, ?> link : this.links) {
			DataLoader<Object, @Nullable Object> loader = env.getDataLoader(link.name());
			if (link.type().equals(type) && loader != null
					&& Arrays.stream(paths).anyMatch(path -> selects(env, (path + link.field()).split("/")))) {
				selected.add(link);
				loaders.add(loader);
			}
		}
		return new Selected(selected, loaders);
	}

	/** Whether the field being fetched selects the path of field {@code names}. */
	private static boolean selects(DataFetchingEnvironment env, String[] names) {
		List<Field> level = env.getMergedField().getFields();
		for (String name : names) {
			List<SelectionSet> sets = level.stream().map(Field::getSelectionSet).filter(Objects::nonNull).toList();
			level = fields(sets, env.getFragmentsByName()).stream().filter(f -> f.getName().equals(name)).toList();
			if (level.isEmpty()) {
				return false;
			}
		}
		return true;
	}

	/**
	 * The fields of {@code sets}, through fragments, each fragment looked through once:
	 * fragments that each spread the next twice would otherwise hold 2^n fields.
	 */
	static List<Field> fields(List<SelectionSet> sets, Map<String, FragmentDefinition> fragments) {
		List<Field> fields = new ArrayList<>();
		List<SelectionSet> all = new ArrayList<>(sets);
		Set<String> visited = new HashSet<>();
		for (int i = 0; i < all.size(); i++) {
			for (Selection<?> selection : all.get(i).getSelections()) {
				if (selection instanceof Field field) {
					fields.add(field);
				}
				else if (selection instanceof InlineFragment inline) {
					all.add(inline.getSelectionSet());
				}
				else if (selection instanceof FragmentSpread spread && visited.add(spread.getName())
						&& fragments.containsKey(spread.getName())) {
					all.add(fragments.get(spread.getName()).getSelectionSet());
				}
			}
		}
		return fields;
	}

	/**
	 * A link's field: the value read ahead at once, without a future, else the batch's.
	 */
	private record Fetcher(
			ReadAhead<?, ?> link) implements TrivialDataFetcher<Object>, SelfDescribingDataFetcher<Object> {

		@Override
		public @Nullable Object get(DataFetchingEnvironment env) {
			DataLoader<Object, @Nullable Object> loader = env.getDataLoader(this.link.name());
			Object parent = Objects.requireNonNull(env.getSource());
			CompletableFuture<@Nullable Object> known = Objects.requireNonNull(loader)
				.getIfCompleted(parent)
				.orElse(null);
			return (known != null && !known.isCompletedExceptionally()) ? known.join() : loader.load(parent);
		}

		@Override
		public ResolvableType getReturnType() {
			return ResolvableType.forClass(this.link.valueType());
		}

		@Override
		public String getDescription() {
			return "ReadAhead " + this.link.name();
		}

		@Override
		public boolean usesDataLoader() {
			return true;
		}

	}

	/** The links one statement reads ahead, with the loaders their values prime. */
	public record Selected(List<ReadAhead<?, ?>> links, List<DataLoader<Object, @Nullable Object>> loaders) {

		/**
		 * The rows of {@code sql}, a statement reading {@code parents}, with the links
		 * joined around it, in {@code order}.
		 */
		public <P> List<P> query(NamedParameterJdbcOperations jdbc, ReadAhead.Parents<P> parents, String sql,
				SqlParameterSource params, String order) {
			return jdbc.query(around(sql, parents.alias(), parents.key(), order), params,
					rows(parents.reader(), parents.columns()));
		}

		/**
		 * {@code sql} as {@code alias}, each link joined around it by {@code key}, in
		 * {@code order}: outside, so only the page's rows are joined. {@code OFFSET 0}
		 * keeps each link a subquery of its own: pulled up into a join, it took
		 * PostgreSQL longer to plan a statement planned per execution (W4's prefix).
		 */
		private String around(String sql, String alias, String key, String order) {
			if (this.links.isEmpty()) {
				return sql;
			}
			StringBuilder columns = new StringBuilder();
			StringBuilder joins = new StringBuilder();
			for (int i = 0; i < this.links.size(); i++) {
				ReadAhead<?, ?> link = this.links.get(i);
				columns.append(", ahead").append(i).append(".*");
				joins.append(" LEFT JOIN LATERAL (SELECT " + link.columns() + " FROM " + link.table() + " WHERE "
						+ link.table() + "." + link.key() + " = " + alias + "." + key + " OFFSET 0) AS ahead" + i
						+ " ON true");
			}
			return "SELECT " + alias + ".*" + columns + " FROM (" + sql + ") AS " + alias + joins + order;
		}

		/**
		 * Reads each parent from the first {@code parentColumns} columns, and primes the
		 * loaders with the linked values after them (null where a link found no row).
		 */
		private <P> RowMapper<P> rows(ReadAhead.RowReader<P> parent, int parentColumns) {
			int[] columnCounts = this.links.stream().mapToInt(ReadAhead::columnCount).toArray();
			return (row, number) -> {
				P value = parent.read(row, 1);
				int first = parentColumns + 1;
				for (int i = 0; i < this.links.size(); i++) {
					ReadAhead<?, ?> link = this.links.get(i);
					row.getObject(first);
					this.loaders.get(i).prime(value, row.wasNull() ? null : link.reader().read(row, first));
					first += columnCounts[i];
				}
				return value;
			};
		}

	}

}
