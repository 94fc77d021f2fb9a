package com.example.userprofiles.profile;

import java.util.Map;

import com.example.userprofiles.graphql.Connection;
import com.example.userprofiles.graphql.GlobalId;
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

/** The profile fields of the schema; the links to users are in {@link ProfileLinks}. */
@Controller
class ProfileController {

	private final ProfileService service;

	private final ProfileRepository profiles;

	private final ProfileChanges changes;

	private final ReadAheads readAheads;

	ProfileController(ProfileService service, ProfileRepository profiles, ProfileChanges changes,
			ReadAheads readAheads) {
		this.service = service;
		this.profiles = profiles;
		this.changes = changes;
		this.readAheads = readAheads;
	}

	@QueryMapping
	@Nullable Profile profile(@Argument String userId, DataFetchingEnvironment env) {
		return this.profiles
			.findById(GlobalId.key(userId, "User", "userId"), this.readAheads.select(env, "Profile", ""))
			.orElse(null);
	}

	@QueryMapping
	Connection<Profile> profiles(@Argument @Nullable Integer first, @Argument @Nullable String after,
			@Argument @Nullable Integer last, @Argument @Nullable String before,
			@Argument @Nullable Map<String, Object> filter, DataFetchingEnvironment env) {
		return this.profiles.page(Page.of(first, after, last, before), ProfileFilter.of(filter),
				this.readAheads.select(env, "Profile", "edges/node/", "nodes/"));
	}

	@SubscriptionMapping
	Flux<ProfileChange> profileChanged(@Argument String userId) {
		return this.changes.of(GlobalId.key(userId, "User", "userId"));
	}

	/**
	 * The event's profile, read once for all subscribers; read here with its user when
	 * selected, so a user deleted between two reads cannot leave it without one.
	 */
	@SchemaMapping(typeName = "ProfileChange", field = "profile")
	@Nullable Profile profile(ProfileChange change, DataFetchingEnvironment env) {
		ReadAheads.Selected ahead = this.readAheads.select(env, "Profile", "");
		if (change.kind() == ProfileChange.Kind.DELETED) {
			return null;
		}
		return ahead.links().isEmpty() ? change.profile() : this.profiles.findById(change.userId(), ahead).orElse(null);
	}

	@SchemaMapping(typeName = "ProfileConnection")
	Integer totalCount(Object profiles) {
		return Connection.totalCount(profiles);
	}

	@MutationMapping
	Profile createProfile(@Argument CreateProfileInput input) {
		Long userId = (input.userId() != null) ? GlobalId.key(input.userId(), "User", "userId") : null;
		return this.service.create(userId, input.description());
	}

	@MutationMapping
	Profile updateProfile(@Argument UpdateProfileInput input) {
		return this.service.update(GlobalId.key(input.userId(), "User", "userId"), input.description());
	}

	@MutationMapping
	DeleteProfilePayload deleteProfile(@Argument String userId) {
		return this.service.delete(GlobalId.key(userId, "User", "userId"));
	}

}
