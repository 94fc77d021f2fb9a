package com.example.userprofiles.profile;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.example.userprofiles.graphql.Connection;
import com.example.userprofiles.graphql.Ids;
import com.example.userprofiles.graphql.Page;
import com.example.userprofiles.graphql.ReadAhead;
import com.example.userprofiles.user.User;
import com.example.userprofiles.user.UserRepository;
import graphql.schema.DataFetchingEnvironment;
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
 * The profile fields of the schema, and the two links between users and profiles,
 * batch-loaded unless the statement reading one side read the other ahead
 * ({@link ProfileLinks}).
 */
@Controller
class ProfileController {

	private final ProfileService service;

	private final ProfileRepository profiles;

	private final UserRepository users;

	private final ProfileChanges changes;

	private final List<ReadAhead<?>> links;

	ProfileController(ProfileService service, ProfileRepository profiles, UserRepository users, ProfileChanges changes,
			List<ReadAhead<?>> links) {
		this.service = service;
		this.profiles = profiles;
		this.users = users;
		this.changes = changes;
		this.links = links;
	}

	@QueryMapping
	@Nullable Profile profile(@Argument String userId, DataFetchingEnvironment env) {
		return this.profiles.findById(Ids.parse(userId, "userId"), ReadAhead.select(this.links, env, "Profile", ""))
			.orElse(null);
	}

	@QueryMapping
	Connection<Profile> profiles(@Argument @Nullable Integer first, @Argument @Nullable String after,
			@Argument @Nullable Integer last, @Argument @Nullable String before,
			@Argument @Nullable Map<String, Object> filter, DataFetchingEnvironment env) {
		return this.service.page(Page.of(first, after, last, before), ProfileFilter.of(filter),
				ReadAhead.select(this.links, env, "Profile", "edges/node/", "nodes/"));
	}

	/** {@code User.profile}: null for a user without one. */
	@BatchMapping(typeName = "User", field = "profile")
	Map<User, Profile> profile(List<User> users) {
		Map<Long, Profile> byUserId = this.profiles.findAllById(users.stream().map(User::id).distinct().toList())
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

	/** Public, like the queries; {@code User.email} follows its usual rule. */
	@SubscriptionMapping
	Flux<ProfileChange> profileChanged(@Argument String userId) {
		return this.changes.of(Ids.parse(userId, "userId"));
	}

	/**
	 * The event's profile, read once for all its subscribers; where the subscription
	 * selects its user, read here with its user in one statement, so a user deleted
	 * between two reads cannot leave a profile without its user.
	 */
	@SchemaMapping(typeName = "ProfileChange", field = "profile")
	@Nullable Profile profile(ProfileChange change, DataFetchingEnvironment env) {
		ReadAhead.Selected ahead = ReadAhead.select(this.links, env, "Profile", "");
		if (change.kind() == ChangeKind.DELETED) {
			return null;
		}
		return ahead.links().isEmpty() ? change.profile() : this.profiles.findById(change.userId(), ahead).orElse(null);
	}

	/**
	 * A statement of its own, sent only when selected. Under a failed page Spring for
	 * GraphQL puts a connection of its own, with no count.
	 */
	@SchemaMapping(typeName = "ProfileConnection")
	@SuppressWarnings("NullAway")
	Integer totalCount(Object profiles) {
		return (profiles instanceof Connection<?> connection) ? connection.counter().getAsInt() : null;
	}

	@MutationMapping
	Profile createProfile(@Argument CreateProfileInput input) {
		Long userId = (input.userId() != null) ? Ids.parse(input.userId(), "userId") : null;
		return this.service.create(userId, input.description());
	}

	@MutationMapping
	Profile updateProfile(@Argument UpdateProfileInput input) {
		return this.service.update(Ids.parse(input.userId(), "userId"), input.description());
	}

	@MutationMapping
	DeleteProfilePayload deleteProfile(@Argument String userId) {
		return this.service.delete(Ids.parse(userId, "userId"));
	}

}
