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
	 * Only the user themselves, else {@code FORBIDDEN}.
	 * @return the signed-in user's id
	 */
	public long requireOwner(long targetUserId, String field) {
		long id = this.currentUser.requireId();
		if (id != targetUserId) {
			throw forbidden(id, field);
		}
		return id;
	}

	/** As {@link #requireOwner}, or an administrator. */
	public long requireOwnerOrAdmin(long targetUserId, String field) {
		long id = this.currentUser.requireId();
		if (id != targetUserId && !this.currentUser.isAdmin()) {
			throw forbidden(id, field);
		}
		return id;
	}

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
