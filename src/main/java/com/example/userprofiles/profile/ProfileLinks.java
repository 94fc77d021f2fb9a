package com.example.userprofiles.profile;

import com.example.userprofiles.graphql.ReadAhead;
import com.example.userprofiles.user.User;
import com.example.userprofiles.user.UserRepository;
import com.example.userprofiles.user.UserRowMapper;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The two links between users and profiles, each declared once: {@code User.profile}
 * (null for a user without one) and {@code Profile.user} (always there: the foreign key
 * sees to it).
 */
@Configuration(proxyBeanMethods = false)
class ProfileLinks {

	@Bean
	ReadAhead<User, Profile> profileOfUser(ProfileRepository profiles) {
		return new ReadAhead<>("User", "profile", Profile.class, "profile", "site_user_id", ProfileRowMapper.COLUMNS,
				ProfileRowMapper::read, User::id, Profile::userId, profiles::findAllById);
	}

	@Bean
	ReadAhead<Profile, User> userOfProfile(UserRepository users) {
		return new ReadAhead<>("Profile", "user", User.class, "site_user", "id", UserRowMapper.COLUMNS,
				UserRowMapper::read, Profile::userId, User::id, users::findAllById);
	}

}
