package com.example.userprofiles.profile;

import java.util.Optional;
import java.util.OptionalInt;

import com.example.userprofiles.auth.CurrentUser;
import com.example.userprofiles.error.ApiException;
import com.example.userprofiles.error.ErrorCode;
import com.example.userprofiles.error.Constraints;
import com.example.userprofiles.user.Timestamps;
import com.example.userprofiles.user.UserService;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.jdbc.core.JdbcAggregateOperations;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/** The changes a user makes to their own profile, and what a description must be. */
@Service
class ProfileService {

	private static final int MAX_DESCRIPTION_LENGTH = 10_000;

	private final ProfileRepository profiles;

	private final JdbcAggregateOperations aggregates;

	private final UserService users;

	private final CurrentUser currentUser;

	private final TransactionTemplate transactions;

	ProfileService(ProfileRepository profiles, JdbcAggregateOperations aggregates, UserService users,
			CurrentUser currentUser, TransactionTemplate transactions) {
		this.profiles = profiles;
		this.aggregates = aggregates;
		this.users = users;
		this.currentUser = currentUser;
		this.transactions = transactions;
	}

	Profile create(@Nullable Long userId, String description) {
		return this.transactions.execute(status -> {
			long owner = (userId != null) ? this.currentUser.requireOwner(userId, "userId")
					: this.currentUser.requireId();
			Profile profile = Profile.create(owner, description(description));
			try {
				return this.aggregates.insert(profile);
			}
			catch (DataIntegrityViolationException ex) {
				String constraint = Constraints.violated(ex).orElse("");
				if (constraint.equals("profile_pkey")) {
					throw new ApiException(ErrorCode.CONFLICT, "This user already has a profile", "userId");
				}
				if (constraint.equals("profile_site_user_id_fkey")) {
					// the token's user is gone
					throw CurrentUser.notSignedIn();
				}
				throw ex;
			}
		});
	}

	/** One statement, checking the token version for one's own profile. */
	Profile update(long userId, String description) {
		OptionalInt version = this.currentUser.claimedVersion(userId);
		if (version.isPresent() && accepts(description)) {
			Optional<Profile> updated = this.profiles.updateDescriptionIfTokenVersion(userId, version.getAsInt(),
					description, Timestamps.now());
			if (updated.isPresent()) {
				return updated.get();
			}
		}
		this.users.requireManageable(userId, "userId");
		String checked = description(description);
		return this.profiles.updateDescription(userId, checked, Timestamps.now()).orElseThrow(() -> {
			// the user may have been deleted meanwhile, taking the profile with it
			this.users.requireManageable(userId, "userId");
			return noProfile();
		});
	}

	DeleteProfilePayload delete(long userId) {
		return this.transactions.execute(status -> {
			this.users.requireManageable(userId, "userId");
			if (!this.profiles.deleteByUserId(userId)) {
				throw noProfile();
			}
			return new DeleteProfilePayload(userId);
		});
	}

	private static String description(String description) {
		if (!accepts(description)) {
			throw new ApiException(ErrorCode.BAD_USER_INPUT, description.isBlank() ? "The description must not be blank"
					: "The description has at most 10,000 characters", "description");
		}
		return description;
	}

	private static boolean accepts(String description) {
		return !description.isBlank() && description.codePointCount(0, description.length()) <= MAX_DESCRIPTION_LENGTH;
	}

	private static ApiException noProfile() {
		return new ApiException(ErrorCode.NOT_FOUND, "This user has no profile", "userId");
	}

}
