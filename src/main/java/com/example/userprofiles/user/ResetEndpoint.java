package com.example.userprofiles.user;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.annotation.WebEndpoint;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@code POST /actuator/reset}: empties the server for end-to-end tests, so every run
 * starts from no accounts, no profiles, ids from 1 and no log-in throttling. It exists
 * only with {@code app.testing.reset-enabled=true}, and never under the {@code prod}
 * profile.
 */
@Component
@WebEndpoint(id = "reset")
@ConditionalOnBooleanProperty("app.testing.reset-enabled")
class ResetEndpoint {

	private static final Logger logger = LoggerFactory.getLogger(ResetEndpoint.class);

	private final JdbcClient jdbc;

	private final LoginThrottle throttle;

	private final TransactionTemplate transaction;

	ResetEndpoint(JdbcClient jdbc, LoginThrottle throttle, TransactionTemplate transaction, Environment environment) {
		if (environment.matchesProfiles("prod")) {
			throw new IllegalStateException("app.testing.reset-enabled (APP_TESTING_RESET_ENABLED) is true under "
					+ "the prod profile: POST /actuator/reset would let anyone delete every account. "
					+ "Leave it unset in production");
		}
		this.jdbc = jdbc;
		this.throttle = throttle;
		this.transaction = transaction;
	}

	/** Both or neither: a failed reset leaves the data as it was. */
	@WriteOperation
	void reset() {
		this.transaction.executeWithoutResult(status -> {
			// Profiles go by the cascade; TRUNCATE fires no row triggers, so subscribers
			// hear nothing
			this.jdbc.sql("TRUNCATE site_user RESTART IDENTITY CASCADE").update();
			this.throttle.forgetAll();
		});
		logger.warn("Reset: every account and profile deleted, ids start at 1 again, log-in throttle cleared");
	}

}
