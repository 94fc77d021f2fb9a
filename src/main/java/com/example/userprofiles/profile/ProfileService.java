package com.example.userprofiles.profile;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import com.example.userprofiles.auth.CurrentUser;
import com.example.userprofiles.error.ApiException;
import com.example.userprofiles.error.ErrorCode;
import com.example.userprofiles.error.Constraints;
import com.example.userprofiles.graphql.Connection;
import com.example.userprofiles.graphql.Cursor;
import com.example.userprofiles.graphql.Page;
import com.example.userprofiles.graphql.ReadAheads;
import com.example.userprofiles.user.Timestamps;
import com.example.userprofiles.user.UserService;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.jdbc.core.JdbcAggregateOperations;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Reading profiles, the changes a user makes to their own profile, and what a
 * description must be.
 */
@Service
class ProfileService {

	private static final String CURSOR_KIND = "profiles";

	private static final int MAX_DESCRIPTION_LENGTH = 10_000;

	private final ProfileRepository profiles;

	private final JdbcAggregateOperations aggregates;

	private final UserService users;

	private final CurrentUser currentUser;

	ProfileService(ProfileRepository profiles, JdbcAggregateOperations aggregates, UserService users,
			CurrentUser currentUser) {
		this.profiles = profiles;
		this.aggregates = aggregates;
		this.users = users;
		this.currentUser = currentUser;
	}

	Connection<Profile> page(Page page, @Nullable ProfileFilter filter, ReadAheads.Selected ahead) {
		Long after = (page.after() != null) ? keysetValue(page.after(), "after") : null;
		Long before = (page.before() != null) ? keysetValue(page.before(), "before") : null;
		List<Profile> fetched = this.profiles.findPage(filter, page, after, before, ahead);
		return Connection.of(fetched, page, ProfileService::cursorOf, () -> this.profiles.count(filter));
	}

	@Transactional
	Profile create(@Nullable Long userId, String description) {
		long owner = (userId != null) ? this.currentUser.requireOwner(userId, "userId") : this.currentUser.requireId();
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

	@Transactional
	DeleteProfilePayload delete(long userId) {
		this.users.requireManageable(userId, "userId");
		if (!this.profiles.deleteByUserId(userId)) {
			throw noProfile();
		}
		return new DeleteProfilePayload(userId);
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

	private static String cursorOf(Profile profile) {
		return Cursor.encode(CURSOR_KIND, List.of(String.valueOf(profile.userId())));
	}

	private static Long keysetValue(String cursor, String argument) {
		String value = Cursor.decode(cursor, CURSOR_KIND, 1, argument).get(0);
		try {
			return Long.parseLong(value);
		}
		catch (NumberFormatException ex) {
			throw new ApiException(ErrorCode.BAD_USER_INPUT, "'" + argument + "' is not a cursor of this list",
					argument);
		}
	}

}
