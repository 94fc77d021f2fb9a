package com.example.userprofiles.profile;

import java.sql.ResultSet;
import java.sql.SQLException;

import com.example.userprofiles.user.UserJoin;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * {@code User.profile} read in the statement that finds the users, when the operation
 * selects it there: {@code users(...) { edges { node { profile { ... } } } }} is one
 * statement. The profile's columns are renamed ({@code profile_description}, ...), so the
 * user query's own conditions and order ({@code created_at}, ...) stay unambiguous.
 */
@Component
class ProfileJoin implements UserJoin {

	private static final ProfileRowMapper ROWS = new ProfileRowMapper("profile_");

	@Override
	public String field() {
		return "profile";
	}

	/**
	 * A lateral subquery, looked up by the profile's primary key for each user of the
	 * page. As a plain join PostgreSQL may merge the page with the whole profile index
	 * from its start, which costs more the deeper the page.
	 */
	@Override
	public String join() {
		return "LEFT JOIN LATERAL (SELECT " + ROWS.selectList()
				+ " FROM profile WHERE profile.site_user_id = site_user.id LIMIT 1) AS joined_profile ON true";
	}

	@Override
	public String columns() {
		return "joined_profile.*";
	}

	@Override
	public @Nullable Object read(ResultSet row) throws SQLException {
		return ROWS.mapIfPresent(row);
	}

}
