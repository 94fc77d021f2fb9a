package com.example.userprofiles.graphql;

import org.jspecify.annotations.Nullable;

/** Where a page lies in its connection (Relay cursor connections). */
public record PageInfo(boolean hasNextPage, boolean hasPreviousPage, @Nullable String startCursor,
		@Nullable String endCursor) {
}
