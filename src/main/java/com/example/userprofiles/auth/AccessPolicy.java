package com.example.userprofiles.auth;

import com.example.userprofiles.error.ApiException;
import com.example.userprofiles.error.ErrorCode;
import graphql.GraphQLContext;

import org.springframework.stereotype.Component;

/** Who may do what, each rule once. */
@Component
public class AccessPolicy {

	private final CurrentUser currentUser;

	private final AccountDirectory accounts;

	AccessPolicy(CurrentUser currentUser, AccountDirectory accounts) {
		this.currentUser = currentUser;
		this.accounts = accounts;
	}

	/**
	 * Only the user themselves: {@code UNAUTHENTICATED} without a valid token or when its
	 * user is gone, {@code FORBIDDEN} for anyone else.
	 * @param field the input field that named the target, for the error
	 * @return the signed-in user's id
	 */
	public long requireOwner(long targetUserId, String field) {
		long id = this.currentUser.requireId();
		if (id != targetUserId) {
			throw forbidden(id, field);
		}
		return id;
	}

	/**
	 * The user themselves or an administrator.
	 * @param field the input field that named the target, for the error
	 * @return the signed-in user's id
	 */
	public long requireOwnerOrAdmin(long targetUserId, String field) {
		long id = this.currentUser.requireId();
		if (id != targetUserId && !this.currentUser.isAdmin()) {
			throw forbidden(id, field);
		}
		return id;
	}

	/** A user's email is for that user and administrators only. */
	public boolean canSeeEmail(long userId, GraphQLContext request) {
		return this.currentUser.is(userId, request) || this.currentUser.isAdmin();
	}

	// A token that outlived its account authenticates no one
	private RuntimeException forbidden(long viewerId, String field) {
		if (this.accounts.account(viewerId).isEmpty()) {
			return CurrentUser.notSignedIn();
		}
		return new ApiException(ErrorCode.FORBIDDEN, "You can only change your own account and profile", field);
	}

}
