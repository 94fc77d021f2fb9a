package com.example.userprofiles.profile;

import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;

import com.example.userprofiles.user.User;

import com.example.userprofiles.shared.graphql.Page;
import org.jspecify.annotations.Nullable;

/** Profiles a page at a time, in the order of their user's id, filtered. */
interface ProfileSearch {

	/**
	 * Up to {@code page.size() + 1} profiles; with {@code users}, each profile's user is
	 * read in the same statement and handed to it.
	 */
	List<Profile> findPage(@Nullable ProfileFilter filter, Page page, @Nullable Long after, @Nullable Long before,
			@Nullable BiConsumer<Profile, User> users);

	/** The profile of the user {@code userId}, and its user handed to {@code users}. */
	Optional<Profile> findOneWithUser(long userId, BiConsumer<Profile, User> users);

	int count(@Nullable ProfileFilter filter);

}
