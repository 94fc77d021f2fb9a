/**
 * What the server says about the requests it serves: one log line per GraphQL request.
 */
@NullMarked
package com.example.userprofiles.shared.logging;

import org.jspecify.annotations.NullMarked;
