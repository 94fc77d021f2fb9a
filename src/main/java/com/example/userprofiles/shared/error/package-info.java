@NullMarked
package com.example.userprofiles.shared.error;

import org.jspecify.annotations.NullMarked;
