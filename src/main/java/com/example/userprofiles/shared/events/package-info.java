/** Handing events to many subscribers at once. */
@NullMarked
package com.example.userprofiles.shared.events;

import org.jspecify.annotations.NullMarked;
