package com.example.userprofiles.user;

import java.util.List;
import java.util.Optional;

import com.example.userprofiles.shared.graphql.Page;
import org.jspecify.annotations.Nullable;

/** Users a page at a time, filtered and ordered, with keyset paging. */
public interface UserSearch {

	/**
	 * Up to {@code page.size() + 1} users of the filter in {@code order}, after and
	 * before the given keyset values, in the order of fetching (see {@code Keyset}).
	 */
	List<User> findPage(@Nullable UserFilter filter, UserOrder order, Page page, @Nullable List<?> after,
			@Nullable List<?> before, UserPrefetch prefetch);

	/** The user {@code id}, with what {@code prefetch} joins. */
	Optional<User> findOne(long id, UserPrefetch prefetch);

	/** The user named {@code username} in any case, with what {@code prefetch} joins. */
	Optional<User> findOneByUsername(String username, UserPrefetch prefetch);

	int count(@Nullable UserFilter filter);

}
