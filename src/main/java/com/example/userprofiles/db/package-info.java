@NullMarked
package com.example.userprofiles.db;

import org.jspecify.annotations.NullMarked;
