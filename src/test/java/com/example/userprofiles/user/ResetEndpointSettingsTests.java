package com.example.userprofiles.user;

import com.example.userprofiles.support.Api;
import com.example.userprofiles.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

/**
 * {@code /actuator/reset} is absent unless {@code app.testing.reset-enabled}, and the
 * server refuses to start with it under the {@code prod} profile.
 */
@IntegrationTest
class ResetEndpointSettingsTests {

	private final ApplicationContextRunner contexts = new ApplicationContextRunner()
		.withUserConfiguration(ResetEndpoint.class)
		.withBean(JdbcClient.class, () -> mock(JdbcClient.class))
		.withBean(LoginThrottle.class, () -> mock(LoginThrottle.class))
		.withBean(TransactionTemplate.class, () -> new TransactionTemplate(mock(PlatformTransactionManager.class)));

	@Autowired
	Api api;

	@Test
	void theEndpointIsAbsentByDefault() {
		this.api.http().post().uri("/actuator/reset").exchange().expectStatus().isNotFound();
		this.contexts.run(context -> assertThat(context).doesNotHaveBean(ResetEndpoint.class));
	}

	@Test
	void theEndpointIsMadeWhenEnabled() {
		this.contexts.withPropertyValues("app.testing.reset-enabled=true")
			.run(context -> assertThat(context).hasSingleBean(ResetEndpoint.class));
	}

	@Test
	void startingWithItEnabledUnderTheProdProfileFails() {
		this.contexts.withPropertyValues("app.testing.reset-enabled=true", "spring.profiles.active=test,prod")
			.run(context -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(IllegalStateException.class)
				.hasMessageContaining("APP_TESTING_RESET_ENABLED")
				.hasMessageContaining("prod profile"));
	}

}
