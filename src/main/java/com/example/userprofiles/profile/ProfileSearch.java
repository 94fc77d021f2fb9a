package com.example.userprofiles.profile;

import java.util.List;

import com.example.userprofiles.shared.graphql.Page;
import org.jspecify.annotations.Nullable;

/** Profiles a page at a time, in the order of their user's id, filtered. */
interface ProfileSearch {

	List<Profile> findPage(@Nullable ProfileFilter filter, Page page, @Nullable Long after, @Nullable Long before);

	int count(@Nullable ProfileFilter filter);

}
