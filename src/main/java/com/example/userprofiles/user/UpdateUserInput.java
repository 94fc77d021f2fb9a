package com.example.userprofiles.user;

import org.jspecify.annotations.Nullable;

/** The GraphQL {@code UpdateUserInput}: absent fields stay as they are. */
public record UpdateUserInput(String id, @Nullable String username, @Nullable String email) {
}
