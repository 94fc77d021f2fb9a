package com.example.userprofiles.profile;

import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.example.userprofiles.shared.graphql.Connection;
import com.example.userprofiles.shared.graphql.Ids;
import com.example.userprofiles.shared.graphql.Page;
import com.example.userprofiles.shared.graphql.Selections;
import com.example.userprofiles.user.User;
import com.example.userprofiles.user.UserService;
import graphql.schema.DataFetchingEnvironment;
import org.dataloader.DataLoader;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;

import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.BatchMapping;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.graphql.data.method.annotation.SubscriptionMapping;
import org.springframework.stereotype.Controller;

/**
 * The profile fields of the schema, and {@code Profile.user}, one of the two links
 * between users and profiles (the other is {@link UserProfileField}). Both links are
 * batch-loaded: a page of N users with their profiles costs one query for the page and
 * one for all N profiles, not N. Where the query that finds the users (or the profiles)
 * can read the other side too, it does, and primes the batch loader instead
 * ({@link ProfileJoin}, {@link #usersSelected}): one statement in all.
 */
@Controller
class ProfileController {

	// Spring for GraphQL names a @BatchMapping's loader after its type and field
	private static final String USER_LOADER = "Profile.user";

	/** Where {@code profile} selects its user: the profile's statement reads it too. */
	static final String[] USER_OF_PROFILE = { "user" };

	/**
	 * Where {@code profiles} selects the users of its page, read in the page's statement.
	 */
	static final String[] USERS_OF_PAGE = { "edges/node/user", "nodes/user" };

	private final ProfileService profiles;

	private final UserService users;

	private final ProfileChanges changes;

	ProfileController(ProfileService profiles, UserService users, ProfileChanges changes) {
		this.profiles = profiles;
		this.users = users;
		this.changes = changes;
	}

	@QueryMapping
	@Nullable Profile profile(@Argument String userId, DataFetchingEnvironment env) {
		long id = Ids.parse(userId, "userId");
		BiConsumer<Profile, User> users = usersSelected(env, USER_OF_PROFILE);
		return ((users != null) ? this.profiles.findByUserIdWithUser(id, users) : this.profiles.findByUserId(id))
			.orElse(null);
	}

	@QueryMapping
	Connection<Profile> profiles(@Argument @Nullable Integer first, @Argument @Nullable String after,
			@Argument @Nullable Integer last, @Argument @Nullable String before,
			@Argument @Nullable Map<String, Object> filter, DataFetchingEnvironment env) {
		return this.profiles.page(Page.of(first, after, last, before), ProfileFilter.of(filter),
				usersSelected(env, USERS_OF_PAGE));
	}

	/**
	 * When the operation selects {@code Profile.user} at one of {@code paths}, what
	 * primes that field's loader with the user read in the profiles' own statement, so
	 * the batch below has nothing left to load.
	 */
	private static @Nullable BiConsumer<Profile, User> usersSelected(DataFetchingEnvironment env, String... paths) {
		for (String path : paths) {
			if (Selections.selects(env, path)) {
				DataLoader<Profile, User> loader = env.getDataLoader(USER_LOADER);
				return (loader != null) ? loader::prime : null;
			}
		}
		return null;
	}

	/** {@code Profile.user}: every profile has its user (the foreign key sees to it). */
	@BatchMapping(typeName = "Profile", field = "user")
	Map<Profile, User> user(List<Profile> profiles) {
		Map<Long, User> byId = this.users.findAllById(profiles.stream().map(Profile::userId).distinct().toList())
			.stream()
			.collect(Collectors.toMap(User::id, Function.identity()));
		return profiles.stream()
			.filter(profile -> byId.containsKey(profile.userId()))
			.collect(Collectors.toMap(Function.identity(), profile -> byId.get(profile.userId()), (a, b) -> a));
	}

	/**
	 * Public, like the queries: anyone may read profiles, and {@code User.email} in the
	 * payload follows the rule it follows there.
	 */
	@SubscriptionMapping
	Flux<ProfileChange> profileChanged(@Argument String userId) {
		return this.changes.of(Ids.parse(userId, "userId"));
	}

	/**
	 * The event's profile, read once for all its subscribers when the first asks; where
	 * the subscription selects its user, the profile is read here instead, with its user
	 * in the same statement, so the two agree. Read apart, a user deleted between the two
	 * reads (the cascade taking the profile too) left a profile without its user: an
	 * {@code INTERNAL_SERVER_ERROR} where the schema promises one. Now such an event's
	 * {@code profile} is null, as for any profile deleted since. It is read on the
	 * subscriber's worker, as the batch of users was, so a subscriber whose read waits
	 * delays no other.
	 */
	@SchemaMapping(typeName = "ProfileChange", field = "profile")
	@Nullable Profile profile(ProfileChange change, DataFetchingEnvironment env) {
		BiConsumer<Profile, User> users = usersSelected(env, USER_OF_PROFILE);
		if (change.kind() == ChangeKind.DELETED) {
			return null;
		}
		if (users == null) {
			return change.profile();
		}
		return this.profiles.findByUserIdWithUser(change.userId(), users).orElse(null);
	}

	@MutationMapping
	Profile createProfile(@Argument CreateProfileInput input) {
		Long userId = (input.userId() != null) ? Ids.parse(input.userId(), "userId") : null;
		return this.profiles.create(userId, input.description());
	}

	@MutationMapping
	Profile updateProfile(@Argument UpdateProfileInput input) {
		return this.profiles.update(Ids.parse(input.userId(), "userId"), input.description());
	}

	@MutationMapping
	DeleteProfilePayload deleteProfile(@Argument String userId) {
		return this.profiles.delete(Ids.parse(userId, "userId"));
	}

}
