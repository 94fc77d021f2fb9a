package com.example.userprofiles.profile;

import com.example.userprofiles.graphql.ReadAhead;
import com.example.userprofiles.user.User;
import com.example.userprofiles.user.UserRowMapper;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The two links between users and profiles, read ahead by the statement that reads one
 * side when the operation selects the other; batch-loaded otherwise.
 */
@Configuration(proxyBeanMethods = false)
class ProfileLinks {

	@Bean
	ReadAhead<Profile> profileOfUser() {
		return new ReadAhead<>("User", "profile", "profile", "site_user_id", ProfileRowMapper.COLUMNS,
				ProfileRowMapper::read);
	}

	@Bean
	ReadAhead<User> userOfProfile() {
		return new ReadAhead<>("Profile", "user", "site_user", "id", UserRowMapper.COLUMNS, UserRowMapper::read);
	}

}
