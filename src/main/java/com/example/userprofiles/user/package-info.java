@NullMarked
package com.example.userprofiles.user;

import org.jspecify.annotations.NullMarked;
