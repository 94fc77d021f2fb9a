package com.example.userprofiles.user;

import com.example.userprofiles.shared.graphql.StringFilter;
import org.jspecify.annotations.Nullable;

/** The GraphQL {@code UserFilter}. */
public record UserFilter(@Nullable StringFilter username) {
}
