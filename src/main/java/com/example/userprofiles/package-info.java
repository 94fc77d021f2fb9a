/**
 * Accounts and their one-to-one profiles over GraphQL on PostgreSQL. Features live in
 * {@code user}, {@code profile} and {@code auth}; {@code shared} holds what they have in
 * common and depends on none of them.
 */
@NullMarked
package com.example.userprofiles;

import org.jspecify.annotations.NullMarked;
