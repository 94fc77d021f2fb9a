/**
 * The HTTP side of the server around the GraphQL endpoint: what a request must look like
 * to be read at all, and the GraphiQL page.
 */
@NullMarked
package com.example.userprofiles.web;

import org.jspecify.annotations.NullMarked;
