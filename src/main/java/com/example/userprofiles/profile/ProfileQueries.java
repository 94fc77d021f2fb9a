package com.example.userprofiles.profile;

import java.util.List;
import java.util.Optional;

import com.example.userprofiles.graphql.Page;
import com.example.userprofiles.graphql.ReadAheads;
import org.jspecify.annotations.Nullable;

/**
 * Statements built per request: keyset pages of profiles by user id, and single profiles
 * with the links the operation reads ahead.
 */
interface ProfileQueries {

	/** Up to {@code page.size() + 1} profiles, with the links {@code ahead} reads. */
	List<Profile> findPage(@Nullable ProfileFilter filter, Page page, @Nullable Long after, @Nullable Long before,
			ReadAheads.Selected ahead);

	/** The profile of the user {@code userId}, with the links {@code ahead} reads. */
	Optional<Profile> findById(long userId, ReadAheads.Selected ahead);

	int count(@Nullable ProfileFilter filter);

}
