package com.example.userprofiles.profile;

import org.jspecify.annotations.Nullable;

/**
 * A committed change to a profile, as the {@code profileChanged} subscription sends it.
 *
 * @param profile the profile as it is when the event is sent; null once it is deleted
 */
record ProfileChange(ChangeKind kind, long userId, @Nullable Profile profile) {
}
