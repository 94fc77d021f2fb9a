package com.example.userprofiles.user;

import java.sql.ResultSet;
import java.sql.SQLException;

import org.jspecify.annotations.Nullable;

/**
 * A field of {@code User} that another feature resolves with a batch loader, read instead
 * in the statement that finds the users: a {@code LEFT JOIN} and a few columns. Its value
 * for each user primes the field's {@code DataLoader}, so a page of users with that field
 * costs one statement, not two, and the batch loader stays for every other way a user is
 * reached. Implemented where the field is owned (the profile package for
 * {@code User.profile}), so users still know nothing of profiles.
 */
public interface UserJoin {

	/** The field of {@code User} it reads ({@code profile}). */
	String field();

	/**
	 * The join, on {@code site_user.id}. Its columns must not share a name with one of
	 * {@code site_user}, as the user query's conditions name those unqualified: join a
	 * subquery that renames them.
	 */
	String join();

	/** Its columns, for the select list. */
	String columns();

	/** The field's value in the current row; null where the join found nothing. */
	@Nullable Object read(ResultSet row) throws SQLException;

}
