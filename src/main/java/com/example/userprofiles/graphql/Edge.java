package com.example.userprofiles.graphql;

import java.util.function.Function;

/**
 * An item of a connection with its cursor. The cursor is made when a client asks for it:
 * most pages are read for their nodes alone, and encoding each row's cursor cost a share
 * of the server's CPU on a 50-user page (bench/RESULTS.md).
 */
public final class Edge<T> {

	private final T node;

	private final Function<T, String> cursorOf;

	Edge(T node, Function<T, String> cursorOf) {
		this.node = node;
		this.cursorOf = cursorOf;
	}

	public T node() {
		return this.node;
	}

	public String cursor() {
		return this.cursorOf.apply(this.node);
	}

}
