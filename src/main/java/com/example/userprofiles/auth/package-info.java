@NullMarked
package com.example.userprofiles.auth;

import org.jspecify.annotations.NullMarked;
