package com.example.userprofiles.graphql;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;
import java.util.function.IntSupplier;

import org.jspecify.annotations.Nullable;

/**
 * A page of a list as a Relay connection, with its edges and page info. {@code counter}
 * runs the {@code totalCount} statement only when a controller mapping asks, within the
 * query's snapshot.
 */
public record Connection<T>(List<Edge<T>> edges, PageInfo pageInfo, IntSupplier counter) {

	/**
	 * The connection for up to {@code page.size() + 1} rows, the last telling more exist.
	 */
	public static <T> Connection<T> of(List<T> fetched, Page page, Function<T, String> cursorOf, IntSupplier counter) {
		boolean more = fetched.size() > page.size();
		List<T> items = new ArrayList<>(more ? fetched.subList(0, page.size()) : fetched);
		if (page.backward()) {
			Collections.reverse(items);
		}
		List<Edge<T>> edges = items.stream().map(item -> new Edge<>(item, cursorOf)).toList();
		// As Relay allows: a cursor given on a side means an item lies beyond it
		boolean hasNext = (!page.backward() && more) || page.before() != null;
		boolean hasPrevious = (page.backward() && more) || page.after() != null;
		PageInfo info = new PageInfo(hasNext, hasPrevious, edges.isEmpty() ? null : edges.get(0).cursor(),
				edges.isEmpty() ? null : edges.get(edges.size() - 1).cursor());
		return new Connection<>(edges, info, counter);
	}

	/**
	 * The {@code totalCount} of a connection field's value, a statement of its own, for a
	 * controller mapping (so it is counted as one, within the snapshot). Under a failed
	 * page Spring for GraphQL puts a connection of its own, with no count.
	 */
	@SuppressWarnings("NullAway")
	public static Integer totalCount(Object connection) {
		return (connection instanceof Connection<?> ours) ? ours.counter().getAsInt() : null;
	}

	public List<T> nodes() {
		return this.edges.stream().map(Edge::node).toList();
	}

	/** An item of a connection, its cursor encoded only if a client selects it. */
	public record Edge<T>(T node, Function<T, String> cursorOf) {

		public String cursor() {
			return this.cursorOf.apply(this.node);
		}

	}

	/** Where a page lies in its connection. */
	public record PageInfo(boolean hasNextPage, boolean hasPreviousPage, @Nullable String startCursor,
			@Nullable String endCursor) {
	}

}
