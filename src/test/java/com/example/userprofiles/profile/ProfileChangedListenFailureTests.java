package com.example.userprofiles.profile;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import com.example.userprofiles.support.IntegrationTest;
import com.example.userprofiles.support.SecondInstance;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.graphql.client.SubscriptionErrorException;
import org.springframework.graphql.test.tester.WebSocketGraphQlTester;
import org.springframework.web.reactive.socket.client.StandardWebSocketClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * A subscription whose instance cannot LISTEN ends with an error the client can act on,
 * rather than waiting for events that would never come.
 */
@IntegrationTest
class ProfileChangedListenFailureTests {

	@Autowired
	ApplicationContext context;

	@Test
	void aSubscriptionThatCannotBeListenedToEndsWithServiceUnavailable() {
		// Nothing listens on port 1 of the loopback: every connection is refused
		try (SecondInstance cutOff = SecondInstance.sharingTheDatabaseOf(this.context,
				"--app.database.listen-url=jdbc:postgresql://127.0.0.1:1/postgres", "--app.database.listen-wait=1s")) {
			WebSocketGraphQlTester subscriber = WebSocketGraphQlTester
				.builder(URI.create(cutOff.baseUrl().replace("http", "ws") + "/graphql"), new StandardWebSocketClient())
				.build();

			SubscriptionErrorException ended = catchThrowableOfType(SubscriptionErrorException.class,
					() -> subscriber.document("subscription { profileChanged(userId: \"1\") { kind } }")
						.executeSubscription()
						.toFlux("profileChanged", Map.class)
						.blockFirst(Duration.ofSeconds(30)));

			assertThat(ended).as("the subscription's end").isNotNull();
			assertThat(ended.getErrors()).singleElement().satisfies(error -> {
				assertThat(error.getExtensions()).containsEntry("code", "SERVICE_UNAVAILABLE");
				assertThat(error.getMessage()).doesNotContain("127.0.0.1", "jdbc", "Exception");
			});
			PostgresListener listener = cutOff.context().getBean(PostgresListener.class);
			assertThat(listener.channels()).isEmpty();
			assertThat(cutOff.context().getBean(ProfileChanges.class).subscriberCount()).isZero();
		}
	}

}
