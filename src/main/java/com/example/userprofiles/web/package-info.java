/** What a request or message must look like to reach the GraphQL handlers; GraphiQL. */
@NullMarked
package com.example.userprofiles.web;

import org.jspecify.annotations.NullMarked;
