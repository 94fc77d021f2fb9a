package com.example.userprofiles.profile;

/** The GraphQL {@code DeleteProfilePayload}. */
record DeleteProfilePayload(long deletedProfileId) {
}
