package com.example.userprofiles.graphql;

import org.jspecify.annotations.Nullable;

/**
 * Where a page lies in its connection, as the Relay cursor-connection spec defines it.
 */
public record PageInfo(boolean hasNextPage, boolean hasPreviousPage, @Nullable String startCursor,
		@Nullable String endCursor) {
}
