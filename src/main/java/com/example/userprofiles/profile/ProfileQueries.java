package com.example.userprofiles.profile;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

import com.example.userprofiles.graphql.Connection;
import com.example.userprofiles.graphql.Page;
import com.example.userprofiles.graphql.ReadAheads;
import org.jspecify.annotations.Nullable;

/**
 * The repository's statements that are built per request, one each: keyset pages of
 * profiles by user id, and profiles by key, with the links the operation reads ahead.
 */
public interface ProfileQueries {

	/** A page of profiles, by user id. */
	Connection<Profile> page(Page page, @Nullable ProfileFilter filter, ReadAheads.Selected ahead);

	/** The profile of the user {@code userId}, with the links {@code ahead} reads. */
	default Optional<Profile> findById(long userId, ReadAheads.Selected ahead) {
		return findAllById(List.of(userId), ahead).stream().findFirst();
	}

	/**
	 * The profiles of the users {@code userIds} that have one, in no order, with the
	 * links {@code ahead} reads.
	 */
	List<Profile> findAllById(Collection<Long> userIds, ReadAheads.Selected ahead);

}
