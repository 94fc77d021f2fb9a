package com.example.userprofiles.user;

import com.example.userprofiles.auth.CurrentUser;
import graphql.GraphQLContext;

import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.stereotype.Controller;

/** The credential mutations of the schema. */
@Controller
class AuthController {

	private final AuthService auth;

	AuthController(AuthService auth) {
		this.auth = auth;
	}

	@MutationMapping
	AuthPayload signUp(@Argument SignUpInput input, GraphQLContext request) {
		return signedIn(this.auth.signUp(input), request);
	}

	@MutationMapping
	AuthPayload logIn(@Argument LogInInput input, GraphQLContext request) {
		return signedIn(this.auth.logIn(input), request);
	}

	/** From now on the caller is the payload's user, who may see its own email. */
	private static AuthPayload signedIn(AuthPayload payload, GraphQLContext request) {
		CurrentUser.signedIn(request, payload.user().id());
		return payload;
	}

	@MutationMapping
	User changePassword(@Argument ChangePasswordInput input) {
		return this.auth.changePassword(input);
	}

}
