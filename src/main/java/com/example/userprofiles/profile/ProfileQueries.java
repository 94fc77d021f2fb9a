package com.example.userprofiles.profile;

import java.util.Optional;

import com.example.userprofiles.graphql.Connection;
import com.example.userprofiles.graphql.Page;
import com.example.userprofiles.graphql.ReadAheads;
import org.jspecify.annotations.Nullable;

/**
 * The repository's statements that are built per request, one each: keyset pages of
 * profiles by user id, and single profiles, with the links the operation reads ahead.
 */
interface ProfileQueries {

	/** A page of profiles, by user id. */
	Connection<Profile> page(Page page, @Nullable ProfileFilter filter, ReadAheads.Selected ahead);

	/** The profile of the user {@code userId}, with the links {@code ahead} reads. */
	Optional<Profile> findById(long userId, ReadAheads.Selected ahead);

}
