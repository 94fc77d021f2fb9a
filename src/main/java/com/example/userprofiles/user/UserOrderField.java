package com.example.userprofiles.user;

/** The GraphQL {@code UserOrderField}. */
public enum UserOrderField {

	ID, USERNAME, CREATED_AT

}
