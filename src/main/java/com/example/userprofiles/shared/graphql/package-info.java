/**
 * GraphQL pieces every feature shares: ids, cursor connections with keyset paging, string
 * filters, and one database snapshot per query.
 */
@NullMarked
package com.example.userprofiles.shared.graphql;

import org.jspecify.annotations.NullMarked;
