package com.example.userprofiles.graphql;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;
import java.util.function.IntSupplier;

/**
 * A page of a list as a Relay connection. {@code totalCount} costs a statement of its
 * own: {@code counter} runs it, from a controller's {@code totalCount} mapping, only when
 * a client selects that field (a record accessor that read the database would be taken
 * for one that does not, and escape the query's snapshot).
 */
public record Connection<T>(List<Edge<T>> edges, PageInfo pageInfo, IntSupplier counter) {

	/**
	 * The connection for rows fetched with {@link Keyset}: up to {@code page.size() + 1}
	 * rows in the order of fetching (reversed for a backward page), the extra row only
	 * telling that more exist.
	 */
	public static <T> Connection<T> of(List<T> fetched, Page page, Function<T, String> cursorOf, IntSupplier counter) {
		boolean more = fetched.size() > page.size();
		List<T> items = new ArrayList<>(more ? fetched.subList(0, page.size()) : fetched);
		if (page.backward()) {
			Collections.reverse(items);
		}
		List<Edge<T>> edges = items.stream().map(item -> new Edge<>(item, cursorOf)).toList();
		// Relay lets a server answer either side cheaply: a cursor given there means an
		// item (the cursor's own, unless deleted since) lies beyond the page. That holds
		// on the side the page is read towards too: a forward page that stops at
		// 'before' has that user after it however few it holds, as a backward one that
		// stops at 'after' has that user before it.
		boolean hasNext = (!page.backward() && more) || page.before() != null;
		boolean hasPrevious = (page.backward() && more) || page.after() != null;
		PageInfo info = new PageInfo(hasNext, hasPrevious, edges.isEmpty() ? null : edges.get(0).cursor(),
				edges.isEmpty() ? null : edges.get(edges.size() - 1).cursor());
		return new Connection<>(edges, info, counter);
	}

	public List<T> nodes() {
		return this.edges.stream().map(Edge::node).toList();
	}

}
