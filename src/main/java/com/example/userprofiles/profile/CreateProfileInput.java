package com.example.userprofiles.profile;

import org.jspecify.annotations.Nullable;

/** The GraphQL {@code CreateProfileInput}; without {@code userId}, the caller's. */
record CreateProfileInput(@Nullable String userId, String description) {
}
