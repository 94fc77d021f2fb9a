package com.example.userprofiles.user;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

import com.example.userprofiles.graphql.Connection;
import com.example.userprofiles.graphql.Page;
import com.example.userprofiles.graphql.ReadAheads;
import org.jspecify.annotations.Nullable;

/**
 * The repository's statements that are built per request, one each: keyset pages of
 * users, and users by key, with the links the operation reads ahead.
 */
interface UserQueries {

	/** A page of users, by id unless {@code orderBy} says otherwise. */
	Connection<User> page(Page page, @Nullable UserFilter filter, @Nullable UserOrder orderBy,
			ReadAheads.Selected ahead);

	/** The user {@code id}, with the links {@code ahead} reads. */
	default Optional<User> findById(long id, ReadAheads.Selected ahead) {
		return findAllById(List.of(id), ahead).stream().findFirst();
	}

	/**
	 * The users of {@code ids} that exist, in no order, with the links {@code ahead}
	 * reads.
	 */
	List<User> findAllById(Collection<Long> ids, ReadAheads.Selected ahead);

	/**
	 * The user named {@code username} in any case, with the links {@code ahead} reads.
	 */
	Optional<User> findByUsername(String username, ReadAheads.Selected ahead);

}
