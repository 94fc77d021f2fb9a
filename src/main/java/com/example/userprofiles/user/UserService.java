package com.example.userprofiles.user;

import java.util.OptionalInt;
import java.util.function.Supplier;

import com.example.userprofiles.auth.CurrentUser;
import com.example.userprofiles.error.ApiException;
import com.example.userprofiles.error.ErrorCode;
import com.example.userprofiles.error.Constraints;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.jdbc.core.JdbcAggregateOperations;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The changes a user makes to their own account, checked against who sends them. */
@Service
public class UserService {

	private final UserRepository users;

	private final JdbcAggregateOperations aggregates;

	private final CurrentUser currentUser;

	UserService(UserRepository users, JdbcAggregateOperations aggregates, CurrentUser currentUser) {
		this.users = users;
		this.aggregates = aggregates;
		this.currentUser = currentUser;
	}

	/** The user {@code id}, if the signed-in user may change it. */
	public User requireManageable(long id, String field) {
		long viewer = this.currentUser.requireOwnerOrAdmin(id, field);
		return this.users.findById(id).orElseThrow(() -> missing(id, viewer, field));
	}

	User requireCurrent() {
		return this.users.findById(this.currentUser.requireId()).orElseThrow(CurrentUser::notSignedIn);
	}

	@Transactional
	public User update(long id, @Nullable String username, @Nullable String email) {
		User user = requireManageable(id, "id");
		String newUsername = (username != null) ? UserRules.username(username) : null;
		String newEmail = (email != null) ? UserRules.email(email) : null;
		if (newUsername == null && newEmail == null) {
			return user;
		}
		return translatingConflicts(() -> this.users.updateNameAndEmail(id, newUsername, newEmail, Timestamps.now()))
			.orElseThrow(() -> missing(id, this.currentUser.requireId(), "id"));
	}

	/** Unless the password changed since {@code user} was read: then UNAUTHENTICATED. */
	User changePasswordHash(User user, String passwordHash) {
		return this.users.updatePasswordHash(user.id(), user.tokenVersion(), passwordHash, Timestamps.now())
			.orElseThrow(CurrentUser::notSignedIn);
	}

	/** One statement, checking the token version for one's own account. */
	public DeleteUserPayload delete(long id) {
		OptionalInt version = this.currentUser.claimedVersion(id);
		if (version.isPresent() && this.users.deleteUserByIdAndTokenVersion(id, version.getAsInt())) {
			return new DeleteUserPayload(id);
		}
		long viewer = this.currentUser.requireOwnerOrAdmin(id, "id");
		if (!this.users.deleteUserById(id)) {
			throw missing(id, viewer, "id");
		}
		return new DeleteUserPayload(id);
	}

	private static RuntimeException missing(long id, long viewer, String field) {
		return (id == viewer) ? CurrentUser.notSignedIn()
				: new ApiException(ErrorCode.NOT_FOUND, "There is no such user", field);
	}

	User insert(User user) {
		return translatingConflicts(() -> this.aggregates.insert(user));
	}

	/** The unique indexes decide what is taken, so races cannot both win. */
	private static <T> T translatingConflicts(Supplier<T> write) {
		try {
			return write.get();
		}
		catch (DataIntegrityViolationException ex) {
			String constraint = Constraints.violated(ex).orElse("");
			if (constraint.equals("site_user_username_key")) {
				throw new ApiException(ErrorCode.CONFLICT, "That username is taken", "username");
			}
			if (constraint.equals("site_user_email_key")) {
				throw new ApiException(ErrorCode.CONFLICT, "That email address is already in use", "email");
			}
			throw ex;
		}
	}

}
