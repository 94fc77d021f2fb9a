package com.example.userprofiles.profile;

import com.example.userprofiles.shared.graphql.StatementField;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The profile fields that send a statement of their own, with the users their statement
 * reads too where {@link ProfileController} looks for them, and the two batch-loaded
 * links between users and profiles.
 */
@Configuration(proxyBeanMethods = false)
class ProfileStatements {

	@Bean
	StatementField profileStatement() {
		return StatementField.of("Query", "profile", ProfileController.USER_OF_PROFILE);
	}

	@Bean
	StatementField profilesStatement() {
		return StatementField.of("Query", "profiles", ProfileController.USERS_OF_PAGE);
	}

	@Bean
	StatementField profileCountStatement() {
		return StatementField.of("ProfileConnection", "totalCount");
	}

	@Bean
	StatementField profileOfUserStatement() {
		return StatementField.of("User", "profile");
	}

	@Bean
	StatementField userOfProfileStatement() {
		return StatementField.of("Profile", "user");
	}

}
