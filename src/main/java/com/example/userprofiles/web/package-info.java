/**
 * The GraphQL endpoint's edges over HTTP and WebSocket, around Spring Boot's handlers:
 * what a request or message must look like to run at all, and the GraphiQL page.
 */
@NullMarked
package com.example.userprofiles.web;

import org.jspecify.annotations.NullMarked;
