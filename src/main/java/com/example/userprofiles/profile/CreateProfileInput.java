package com.example.userprofiles.profile;

import org.jspecify.annotations.Nullable;

/**
 * The GraphQL {@code CreateProfileInput}; without {@code userId}, the signed-in user's
 * profile.
 */
record CreateProfileInput(@Nullable String userId, String description) {
}
