package com.example.userprofiles.graphql;

import java.util.function.Function;

/**
 * An item of a connection. Its cursor is encoded only when a client selects it: most
 * pages are read for their nodes alone.
 */
public record Edge<T>(T node, Function<T, String> cursorOf) {

	public String cursor() {
		return this.cursorOf.apply(this.node);
	}

}
