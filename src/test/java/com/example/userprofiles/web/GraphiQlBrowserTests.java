package com.example.userprofiles.web;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import com.example.userprofiles.support.Api;
import com.example.userprofiles.support.Api.Account;
import com.example.userprofiles.support.ExternalProgram;
import com.example.userprofiles.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/** GraphiQL at {@code /graphiql} in Chromium, driven by Playwright. */
@IntegrationTest
class GraphiQlBrowserTests {

	// The vendored files and the npm packages they come from (e2e/vendor-graphiql.mjs)
	private static final Map<String, String> ASSETS = Map.of("graphiql.min.js", "graphiql/graphiql.min.js",
			"graphiql.min.css", "graphiql/graphiql.min.css", "react.production.min.js",
			"react/umd/react.production.min.js", "react-dom.production.min.js",
			"react-dom/umd/react-dom.production.min.js", "plugin-explorer.umd.js",
			"@graphiql/plugin-explorer/dist/index.umd.js", "plugin-explorer.css",
			"@graphiql/plugin-explorer/dist/style.css");

	@Autowired
	Api api;

	@Test
	void graphiqlRunsAQueryBuiltInTheExplorerAndASubscriptionInChromiumAndSendsTheAuthorizationHeader()
			throws IOException {
		// Two users of their own, for the query built in the Explorer to find and no
		// other
		String prefix = Api.prefix("graphiql");
		Account account = this.api.signUpNamed(prefix + "ann");
		Account other = this.api.signUpNamed(prefix + "bob");
		Path screenshot = Path.of("target", "graphiql.png").toAbsolutePath();
		Files.deleteIfExists(screenshot);

		ExternalProgram.Run run = ExternalProgram
			.node(Duration.ofMinutes(2),
					Map.of("TOKEN", account.token(), "USERNAME", account.username(), "USER_ID", account.gid(), "PREFIX",
							prefix, "USERNAMES", account.username() + "," + other.username()),
					"graphiql.mjs", this.api.baseUrl(), screenshot.toString())
			.succeeded();

		assertThat(run.output()).contains("without a token, me is null")
			.contains("with the Authorization header, me is " + account.username())
			.contains("the Explorer builds a query of users from ticked fields")
			.contains("the built query runs and shows the users " + account.username() + "," + other.username())
			.contains("a subscription shows the event of a profile updated over HTTP");
		assertThat(screenshot).isNotEmptyFile();
	}

	@Test
	void theServedGraphiqlExplorerAndReactAreTheFilesOfTheLockedNpmPackages() throws Exception {
		HttpClient http = HttpClient.newHttpClient();
		for (Map.Entry<String, String> asset : ASSETS.entrySet()) {
			HttpResponse<byte[]> response = http
				.send(HttpRequest.newBuilder(URI.create(this.api.baseUrl() + "/graphiql-assets/" + asset.getKey()))
					.build(), HttpResponse.BodyHandlers.ofByteArray());
			assertThat(response.statusCode()).isEqualTo(200);
			byte[] served = response.body();
			byte[] locked = Files.readAllBytes(Path.of("e2e", "node_modules", asset.getValue()));
			assertThat(served).as("%s (run npm run vendor-graphiql in e2e/)", asset.getKey()).isEqualTo(locked);
		}
	}

}
