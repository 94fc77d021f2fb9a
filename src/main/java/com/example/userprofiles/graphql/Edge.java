package com.example.userprofiles.graphql;

import java.util.function.Function;

/** An item of a connection, its cursor encoded only if a client selects it. */
public record Edge<T>(T node, Function<T, String> cursorOf) {

	public String cursor() {
		return this.cursorOf.apply(this.node);
	}

}
