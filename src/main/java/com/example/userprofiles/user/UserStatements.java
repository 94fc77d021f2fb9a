package com.example.userprofiles.user;

import java.util.List;

import com.example.userprofiles.shared.graphql.StatementField;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The user fields that send a statement of their own, with the fields their statement
 * joins ({@link UserJoin}) at the paths {@link UserController} looks for them.
 */
@Configuration(proxyBeanMethods = false)
class UserStatements {

	@Bean
	StatementField meStatement() {
		return StatementField.of("Query", "me");
	}

	@Bean
	StatementField userStatement(List<UserJoin> joins) {
		return StatementField.of("Query", "user", UserPrefetch.joined(joins, UserPrefetch.ONE_USER));
	}

	@Bean
	StatementField userByUsernameStatement(List<UserJoin> joins) {
		return StatementField.of("Query", "userByUsername", UserPrefetch.joined(joins, UserPrefetch.ONE_USER));
	}

	@Bean
	StatementField usersStatement(List<UserJoin> joins) {
		return StatementField.of("Query", "users", UserPrefetch.joined(joins, UserPrefetch.PAGE_OF_USERS));
	}

	@Bean
	StatementField userCountStatement() {
		return StatementField.of("UserConnection", "totalCount");
	}

}
