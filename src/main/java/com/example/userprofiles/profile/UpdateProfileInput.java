package com.example.userprofiles.profile;

/** The GraphQL {@code UpdateProfileInput}. */
record UpdateProfileInput(String userId, String description) {
}
