package com.example.userprofiles.user;

import java.util.List;
import java.util.Optional;

import com.example.userprofiles.graphql.Page;
import com.example.userprofiles.graphql.ReadAheads;
import org.jspecify.annotations.Nullable;

/**
 * Statements built per request: keyset pages of users, and single users with the links
 * the operation reads ahead.
 */
interface UserQueries {

	/** Up to {@code page.size() + 1} users between the keyset values, as fetched. */
	List<User> findPage(@Nullable UserFilter filter, UserOrder order, Page page, @Nullable List<?> after,
			@Nullable List<?> before, ReadAheads.Selected ahead);

	/** The user {@code id}, with the links {@code ahead} reads. */
	Optional<User> findById(long id, ReadAheads.Selected ahead);

	/**
	 * The user named {@code username} in any case, with the links {@code ahead} reads.
	 */
	Optional<User> findByUsername(String username, ReadAheads.Selected ahead);

	int count(@Nullable UserFilter filter);

}
