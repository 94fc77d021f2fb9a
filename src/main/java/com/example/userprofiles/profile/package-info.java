@NullMarked
package com.example.userprofiles.profile;

import org.jspecify.annotations.NullMarked;
