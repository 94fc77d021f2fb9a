/**
 * Limits on what one request may ask of the server: document size, depth, cost, and how
 * many credential checks one document may hold. Each refuses before anything touches the
 * database.
 */
@NullMarked
package com.example.userprofiles.graphql;

import org.jspecify.annotations.NullMarked;
