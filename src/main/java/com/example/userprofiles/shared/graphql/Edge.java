package com.example.userprofiles.shared.graphql;

/** An item of a connection with its cursor. */
public record Edge<T>(String cursor, T node) {
}
