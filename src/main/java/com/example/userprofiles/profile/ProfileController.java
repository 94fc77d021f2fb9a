package com.example.userprofiles.profile;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.example.userprofiles.shared.graphql.Connection;
import com.example.userprofiles.shared.graphql.Ids;
import com.example.userprofiles.shared.graphql.Page;
import com.example.userprofiles.user.User;
import com.example.userprofiles.user.UserService;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;

import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.BatchMapping;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SubscriptionMapping;
import org.springframework.stereotype.Controller;

/**
 * The profile fields of the schema, and the two links between users and profiles. Both
 * links are batch-loaded: a page of N users with their profiles costs one query for the
 * page and one for all N profiles, not N.
 */
@Controller
class ProfileController {

	private final ProfileService profiles;

	private final UserService users;

	private final ProfileChanges changes;

	ProfileController(ProfileService profiles, UserService users, ProfileChanges changes) {
		this.profiles = profiles;
		this.users = users;
		this.changes = changes;
	}

	@QueryMapping
	@Nullable Profile profile(@Argument String userId) {
		return this.profiles.findByUserId(Ids.parse(userId, "userId")).orElse(null);
	}

	@QueryMapping
	Connection<Profile> profiles(@Argument @Nullable Integer first, @Argument @Nullable String after,
			@Argument @Nullable Integer last, @Argument @Nullable String before,
			@Argument @Nullable ProfileFilter filter) {
		return this.profiles.page(Page.of(first, after, last, before), filter);
	}

	/**
	 * {@code User.profile}: a user without a profile is left out of the map, so its field
	 * is null.
	 */
	@BatchMapping(typeName = "User", field = "profile")
	Map<User, Profile> profile(List<User> users) {
		Map<Long, Profile> byUserId = this.profiles.findAllByUserId(users.stream().map(User::id).distinct().toList())
			.stream()
			.collect(Collectors.toMap(Profile::userId, Function.identity()));
		return users.stream()
			.filter(user -> byUserId.containsKey(user.id()))
			.collect(Collectors.toMap(Function.identity(), user -> byUserId.get(user.id()), (a, b) -> a));
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
