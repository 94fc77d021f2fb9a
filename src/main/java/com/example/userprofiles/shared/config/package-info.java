@NullMarked
package com.example.userprofiles.shared.config;

import org.jspecify.annotations.NullMarked;
