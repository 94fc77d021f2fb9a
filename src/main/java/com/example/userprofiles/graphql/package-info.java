/**
 * GraphQL plumbing the features share: paging, filters, read-ahead links, the query
 * snapshot, and limits on what one document may ask.
 */
@NullMarked
package com.example.userprofiles.graphql;

import org.jspecify.annotations.NullMarked;
