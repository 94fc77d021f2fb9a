/**
 * GraphQL values every feature shares: ids, cursor connections with keyset paging, string
 * filters.
 */
@NullMarked
package com.example.userprofiles.shared.graphql;

import org.jspecify.annotations.NullMarked;
