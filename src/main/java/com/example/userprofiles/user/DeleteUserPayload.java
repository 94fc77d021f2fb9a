package com.example.userprofiles.user;

/** The GraphQL {@code DeleteUserPayload}. */
public record DeleteUserPayload(long deletedUserId) {
}
