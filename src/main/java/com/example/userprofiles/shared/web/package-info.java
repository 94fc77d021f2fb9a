/**
 * HTTP-level pieces in front of GraphQL: what a request must look like to be read at all.
 */
@NullMarked
package com.example.userprofiles.shared.web;

import org.jspecify.annotations.NullMarked;
