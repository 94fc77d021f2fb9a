package com.example.userprofiles.user;

import org.jspecify.annotations.Nullable;

/**
 * The GraphQL {@code DeleteUserPayload}: the keys of the user and of the profile the
 * database deleted with it, if there was one.
 */
public record DeleteUserPayload(long deletedUserId, @Nullable Long deletedProfileId) {

}
