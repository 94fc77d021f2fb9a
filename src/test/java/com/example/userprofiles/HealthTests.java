package com.example.userprofiles;

import java.util.Map;

import com.example.userprofiles.support.Api;
import com.example.userprofiles.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Actuator serves health, with the database check and the liveness and readiness groups,
 * and nothing else.
 */
@IntegrationTest
class HealthTests {

	@Autowired
	Api api;

	@Test
	void healthIsUpWithTheDatabaseCheckAndShowsNoDetails() {
		Map<String, Object> health = get("/actuator/health");

		assertThat(health).containsEntry("status", "UP");
		assertThat(health.get("components")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
			.containsEntry("db", Map.of("status", "UP"));
		assertThat(health.toString()).doesNotContainIgnoringCase("postgres").doesNotContain("validationQuery");
	}

	@Test
	void readinessIncludesTheDatabaseAndLivenessDoesNot() {
		Map<String, Object> readiness = get("/actuator/health/readiness");
		Map<String, Object> liveness = get("/actuator/health/liveness");

		assertThat(readiness).containsEntry("status", "UP");
		assertThat(readiness.get("components")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
			.containsOnlyKeys("db", "readinessState");
		assertThat(liveness).containsEntry("status", "UP");
		assertThat(liveness.get("components")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
			.containsOnlyKeys("livenessState");
	}

	@ParameterizedTest
	// health, info and prometheus are the exposed ones (OperationsTests covers the last
	// two)
	@ValueSource(
			strings = { "/actuator", "/actuator/env", "/actuator/beans", "/actuator/metrics", "/actuator/configprops",
					"/actuator/heapdump", "/actuator/shutdown", "/actuator/loggers", "/actuator/threaddump" })
	void noOtherEndpointIsExposed(String path) {
		this.api.http().get().uri(path).exchange().expectStatus().isNotFound();
	}

	private Map<String, Object> get(String path) {
		return this.api.http()
			.get()
			.uri(path)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(new ParameterizedTypeReference<Map<String, Object>>() {
			})
			.returnResult()
			.getResponseBody();
	}

}
