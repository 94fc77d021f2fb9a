package com.example.userprofiles.profile;

import com.example.userprofiles.shared.graphql.StringFilter;
import org.jspecify.annotations.Nullable;

/** The GraphQL {@code ProfileFilter}. */
record ProfileFilter(@Nullable StringFilter username, @Nullable StringFilter description) {
}
