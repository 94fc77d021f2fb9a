package com.example.userprofiles.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import com.example.userprofiles.support.Api;
import com.example.userprofiles.support.Api.Account;
import com.example.userprofiles.support.IntegrationTest;
import com.example.userprofiles.support.Tokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.graphql.test.tester.WebSocketGraphQlTester;
import org.springframework.jdbc.core.JdbcTemplate;

import static com.example.userprofiles.support.Api.expect;
import static com.example.userprofiles.support.Api.run;
import static org.assertj.core.api.Assertions.assertThat;

/** A WebSocket signs in once, yet each operation checks its token anew. */
@IntegrationTest
class WebSocketSignInTests {

	private static final String ME = "{ me { id } }";

	private static final String CHANGE_PASSWORD = "mutation($input: ChangePasswordInput!) { changePassword(input: $input) { id } }";

	private static final String DELETE_USER = "mutation($id: ID!) { deleteUser(id: $id) { deletedUserId } }";

	@Autowired
	Api api;

	@Autowired
	JdbcTemplate jdbc;

	private WebSocketGraphQlTester connection;

	@AfterEach
	void close() {
		if (this.connection != null) {
			this.connection.stop().block(Duration.ofSeconds(10));
		}
	}

	@Test
	void aPasswordChangeRevokesTheTokenOnAConnectionAlreadyOpen() {
		Account jo = this.api.signUp("ws-revoked");
		this.connection = connect("Bearer " + jo.token());
		expect(this.connection.document(ME).execute(), "me.id", jo.gid());

		expect(run(this.api.as(jo), CHANGE_PASSWORD, "input",
				Map.of("currentPassword", jo.password(), "newPassword", "a new password for jo")), "changePassword.id",
				jo.gid());

		this.connection.document(ME).execute().path("me").valueIsNull();
		this.connection.document(DELETE_USER)
			.variable("id", jo.gid())
			.execute()
			.errors()
			.satisfy(errors -> assertThat(errors).singleElement()
				.satisfies(error -> assertThat(error.getExtensions()).containsEntry("code", "UNAUTHENTICATED")));
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM site_user WHERE id = ?", Integer.class, jo.id()))
			.isOne();
	}

	@Test
	void aTokenThatExpiresWhileTheConnectionIsOpenNoLongerSignsItsOperationsIn() throws InterruptedException {
		Account ann = this.api.signUp("ws-expiring");
		// The decoder allows 60 s of clock skew: a token 50 s past its expiry still
		// passes (10 s to spare for connecting on a busy machine), 11 s later it does not
		Instant expiry = Instant.now().minusSeconds(50);
		String token = Tokens.mint(Tokens.SERVER_KEY,
				Tokens.claims(String.valueOf(ann.id()), expiry.minusSeconds(3600), expiry));
		this.connection = connect("Bearer " + token);
		expect(this.connection.document(ME).execute(), "me.id", ann.gid());

		Thread.sleep(Duration.between(Instant.now(), expiry.plusSeconds(61)).toMillis());

		this.connection.document(ME).execute().path("me").valueIsNull();
	}

	/** One connection, kept open for every operation its tester sends. */
	private WebSocketGraphQlTester connect(String authorization) {
		WebSocketGraphQlTester tester = this.api.subscriber(authorization);
		tester.start().block(Duration.ofSeconds(10));
		return tester;
	}

}
