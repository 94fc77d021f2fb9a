package com.example.userprofiles.user;

import java.util.Map;

import com.example.userprofiles.auth.CurrentUser;
import com.example.userprofiles.graphql.Connection;
import com.example.userprofiles.graphql.GlobalId;
import com.example.userprofiles.graphql.Page;
import com.example.userprofiles.graphql.ReadAheads;
import graphql.GraphQLContext;
import graphql.schema.DataFetchingEnvironment;
import org.jspecify.annotations.Nullable;

import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.stereotype.Controller;

/** The user and credential fields of the schema. */
@Controller
class UserController {

	private final UserService service;

	private final UserRepository users;

	private final CurrentUser currentUser;

	private final ReadAheads readAheads;

	UserController(UserService service, UserRepository users, CurrentUser currentUser, ReadAheads readAheads) {
		this.service = service;
		this.users = users;
		this.currentUser = currentUser;
		this.readAheads = readAheads;
	}

	@QueryMapping
	@Nullable User me(DataFetchingEnvironment env) {
		ReadAheads.Selected ahead = this.readAheads.select(env, "User", "");
		return this.currentUser.id().flatMap(id -> this.users.findById(id, ahead)).orElse(null);
	}

	@QueryMapping
	@Nullable User user(@Argument String id, DataFetchingEnvironment env) {
		return this.users.findById(GlobalId.key(id, "User", "id"), this.readAheads.select(env, "User", ""))
			.orElse(null);
	}

	@QueryMapping
	@Nullable User userByUsername(@Argument String username, DataFetchingEnvironment env) {
		return this.users.findByUsername(username, this.readAheads.select(env, "User", "")).orElse(null);
	}

	@QueryMapping
	Connection<User> users(@Argument @Nullable Integer first, @Argument @Nullable String after,
			@Argument @Nullable Integer last, @Argument @Nullable String before,
			@Argument @Nullable Map<String, Object> filter, @Argument @Nullable UserOrder orderBy,
			DataFetchingEnvironment env) {
		return this.users.page(Page.of(first, after, last, before), UserFilter.of(filter), orderBy,
				this.readAheads.select(env, "User", "edges/node/", "nodes/"));
	}

	/** Only the user themselves and administrators see an email. */
	@SchemaMapping(typeName = "User")
	@Nullable String email(User user, GraphQLContext request) {
		return this.currentUser.canSeeEmail(user.id(), request) ? user.email() : null;
	}

	@SchemaMapping(typeName = "UserConnection")
	Integer totalCount(Object users) {
		return Connection.totalCount(users);
	}

	@MutationMapping
	User updateUser(@Argument UpdateUserInput input) {
		return this.service.update(GlobalId.key(input.id(), "User", "id"), input.username(), input.email());
	}

	@MutationMapping
	DeleteUserPayload deleteUser(@Argument String id) {
		return this.service.delete(GlobalId.key(id, "User", "id"));
	}

	@MutationMapping
	AuthPayload signUp(@Argument SignUpInput input, GraphQLContext request) {
		return signedIn(this.service.signUp(input), request);
	}

	@MutationMapping
	AuthPayload logIn(@Argument LogInInput input, GraphQLContext request) {
		return signedIn(this.service.logIn(input), request);
	}

	/** From now on the caller is the payload's user, who may see its own email. */
	private static AuthPayload signedIn(AuthPayload payload, GraphQLContext request) {
		CurrentUser.signedIn(request, payload.user().id());
		return payload;
	}

	@MutationMapping
	User changePassword(@Argument ChangePasswordInput input) {
		return this.service.changePassword(input);
	}

}
