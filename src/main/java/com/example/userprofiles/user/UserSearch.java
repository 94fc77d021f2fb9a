package com.example.userprofiles.user;

import java.util.List;

import com.example.userprofiles.shared.graphql.Page;
import org.jspecify.annotations.Nullable;

/** Users a page at a time, filtered and ordered, with keyset paging. */
public interface UserSearch {

	/**
	 * Up to {@code page.size() + 1} users of the filter in {@code order}, after and
	 * before the given keyset values, in the order of fetching (see {@code Keyset}).
	 */
	List<User> findPage(@Nullable UserFilter filter, UserOrder order, Page page, @Nullable List<?> after,
			@Nullable List<?> before);

	int count(@Nullable UserFilter filter);

}
