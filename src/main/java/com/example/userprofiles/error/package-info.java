@NullMarked
package com.example.userprofiles.error;

import org.jspecify.annotations.NullMarked;
