@NullMarked
package com.example.userprofiles.shared.db;

import org.jspecify.annotations.NullMarked;
