package com.example.userprofiles.auth;

import com.example.userprofiles.support.Api;
import com.example.userprofiles.support.Api.Account;
import com.example.userprofiles.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/** Changing the password ends every session opened before it. */
@IntegrationTest
class TokenVersionTests {

	@Autowired
	Api api;

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void changingThePasswordMakesEarlierTokensInvalid() {
		Account bob = this.api.signUp("rotated");
		String otherDevice = logIn(bob.username(), bob.password());

		this.api.as(bob)
			.document(
					"mutation($c: String!) { changePassword(input: { currentPassword: $c, newPassword: \"brand-new-password\" }) { id } }")
			.variable("c", bob.password())
			.execute()
			.path("changePassword.id")
			.entity(String.class)
			.isEqualTo(bob.gid());

		for (String earlier : new String[] { bob.token(), otherDevice }) {
			this.api.as(earlier).document("{ me { id } }").execute().path("me").valueIsNull();
			Api.assertError(this.api.as(earlier)
				.document("mutation { createProfile(input: { description: \"x\" }) { id } }")
				.execute(), "createProfile", "UNAUTHENTICATED", null);
		}
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM profile WHERE site_user_id = ?", Integer.class,
				bob.id()))
			.isZero();
		String fresh = logIn(bob.username(), "brand-new-password");
		this.api.as(fresh).document("{ me { id } }").execute().path("me.id").entity(String.class).isEqualTo(bob.gid());
	}

	private String logIn(String username, String password) {
		return this.api.anonymous()
			.document("mutation($u: String!, $p: String!) { logIn(input: { username: $u, password: $p }) { token } }")
			.variable("u", username)
			.variable("p", password)
			.execute()
			.path("logIn.token")
			.entity(String.class)
			.get();
	}

}
