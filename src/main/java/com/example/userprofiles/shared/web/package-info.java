/** The HTTP side of the server beyond the GraphQL endpoint: the GraphiQL page. */
@NullMarked
package com.example.userprofiles.shared.web;

import org.jspecify.annotations.NullMarked;
