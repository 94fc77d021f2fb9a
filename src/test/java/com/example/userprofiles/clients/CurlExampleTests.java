package com.example.userprofiles.clients;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.example.userprofiles.support.Api;
import com.example.userprofiles.support.ExternalProgram;
import com.example.userprofiles.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's plain-{@code curl} example ({@code examples/flow.sh}) works as written.
 */
@IntegrationTest
class CurlExampleTests {

	@Autowired
	Api api;

	@Test
	void theCurlExampleRunsTheWholeFlow() {
		ExternalProgram.Run run = ExternalProgram
			.run(Duration.ofMinutes(2), Path.of("."), Map.of(), List.of("bash", "examples/flow.sh", this.api.baseUrl()))
			.succeeded();

		assertThat(run.output()).contains("\"deletedUserId\"")
			.contains("\"profile\":null")
			.contains("The whole flow answered as expected.");
	}

}
