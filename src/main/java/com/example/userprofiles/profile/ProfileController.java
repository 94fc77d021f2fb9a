package com.example.userprofiles.profile;

import java.util.Map;

import com.example.userprofiles.graphql.Connection;
import com.example.userprofiles.graphql.Ids;
import com.example.userprofiles.graphql.Page;
import com.example.userprofiles.graphql.ReadAheads;
import graphql.schema.DataFetchingEnvironment;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;

import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.graphql.data.method.annotation.SubscriptionMapping;
import org.springframework.stereotype.Controller;

/**
 * The profile fields of the schema. The two links between users and profiles are declared
 * in {@link ProfileLinks}.
 */
@Controller
class ProfileController {

	private final ProfileService profiles;

	private final ProfileChanges changes;

	private final ReadAheads readAheads;

	ProfileController(ProfileService profiles, ProfileChanges changes, ReadAheads readAheads) {
		this.profiles = profiles;
		this.changes = changes;
		this.readAheads = readAheads;
	}

	@QueryMapping
	@Nullable Profile profile(@Argument String userId, DataFetchingEnvironment env) {
		return this.profiles.findByUserId(Ids.parse(userId, "userId"), this.readAheads.select(env, "Profile", ""))
			.orElse(null);
	}

	@QueryMapping
	Connection<Profile> profiles(@Argument @Nullable Integer first, @Argument @Nullable String after,
			@Argument @Nullable Integer last, @Argument @Nullable String before,
			@Argument @Nullable Map<String, Object> filter, DataFetchingEnvironment env) {
		return this.profiles.page(Page.of(first, after, last, before), ProfileFilter.of(filter),
				this.readAheads.select(env, "Profile", "edges/node/", "nodes/"));
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
		ReadAheads.Selected ahead = this.readAheads.select(env, "Profile", "");
		if (change.kind() == ChangeKind.DELETED) {
			return null;
		}
		return ahead.links().isEmpty() ? change.profile()
				: this.profiles.findByUserId(change.userId(), ahead).orElse(null);
	}

	/**
	 * A statement of its own, sent only when selected. Under a page that failed, Spring
	 * for GraphQL puts an empty connection of its own: no count there, as for any field
	 * read from that connection.
	 */
	@SchemaMapping(typeName = "ProfileConnection")
	@SuppressWarnings("NullAway") // null only under a failed page, as said
	Integer totalCount(Object profiles) {
		return (profiles instanceof Connection<?> connection) ? connection.counter().getAsInt() : null;
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
