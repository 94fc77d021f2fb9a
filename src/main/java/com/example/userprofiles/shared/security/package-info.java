@NullMarked
package com.example.userprofiles.shared.security;

import org.jspecify.annotations.NullMarked;
