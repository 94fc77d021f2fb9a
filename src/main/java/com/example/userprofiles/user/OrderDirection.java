package com.example.userprofiles.user;

/** The GraphQL {@code OrderDirection}. */
public enum OrderDirection {

	ASC, DESC

}
