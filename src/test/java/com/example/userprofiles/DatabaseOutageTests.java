package com.example.userprofiles;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.example.userprofiles.db.EmbeddedPostgresServer;
import com.example.userprofiles.support.Api;
import com.example.userprofiles.support.GraphQlHttpClient;
import com.example.userprofiles.support.GraphQlHttpClient.GraphQlResult;
import com.example.userprofiles.support.IntegrationTest;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.TransactionExecution;
import org.springframework.transaction.TransactionExecutionListener;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PostgreSQL stops under a write load and comes back: requests fail fast with
 * {@code SERVICE_UNAVAILABLE}, readiness says DOWN, the server recovers by itself, and no
 * acknowledged write is lost. The context has a database of its own.
 */
@IntegrationTest
@TestPropertySource(properties = "spring.datasource.hikari.pool-name=outage")
@Import(DatabaseOutageTests.CommitCounting.class)
@DirtiesContext
class DatabaseOutageTests {

	private static final String SIGN_UP = "mutation($input: SignUpInput!) { signUp(input: $input) { token user { id } } }";

	private static final String CREATE = "mutation($d: String!) { createProfile(input: { description: $d }) { id } }";

	private static final String UPDATE = "mutation($id: ID!, $d: String!) { updateProfile(input: { userId: $id, description: $d }) { id } }";

	private static final String POINT = "{ user(id: \"VXNlcjox\") { id profile { id } } }";

	private static final String COUNT = "{ users(first: 1) { totalCount nodes { id profile { id } } } }";

	/** Waits at most the pool's 3 s for a connection, plus slack. */
	private static final Duration FAST = Duration.ofSeconds(10);

	/** Serve again "within seconds" (typically well under one; slack as above). */
	private static final Duration RECOVERY = Duration.ofSeconds(15);

	@Autowired
	Api api;

	@Autowired
	EmbeddedPostgresServer postgres;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	Commits commits;

	private final ConcurrentLinkedQueue<Write> writes = new ConcurrentLinkedQueue<>();

	private final ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();

	private final AtomicLong slowestNanos = new AtomicLong();

	@Test
	void whenPostgresStopsAndReturnsRequestsFailFastThenServeAgainAndNoAcknowledgedWriteIsLost() throws Exception {
		GraphQlHttpClient client = new GraphQlHttpClient(this.api.baseUrl(), Duration.ofSeconds(15));
		String tag = Api.uniqueName("outage");
		AtomicBoolean loading = new AtomicBoolean(true);
		ExecutorService writers = Executors.newFixedThreadPool(4);
		List<Future<?>> running = new ArrayList<>();
		try {
			for (int w = 0; w < 4; w++) {
				String writer = tag + "-w" + w;
				running.add(writers.submit(() -> write(client, writer, loading)));
			}
			Thread.sleep(1000);

			this.postgres.stop();
			assertThat(timed(() -> client.get("/actuator/health")).statusCode()).isEqualTo(503);
			HttpResponse<String> readiness = client.get("/actuator/health/readiness");
			assertThat(readiness.statusCode()).isEqualTo(503);
			assertThat(readiness.body()).contains("\"DOWN\"");
			assertThat(client.get("/actuator/health/liveness").statusCode()).isEqualTo(200);
			GraphQlResult query = timed(() -> client.send(null, COUNT, Map.of(), "application/graphql-response+json"));
			// "data": null, so HTTP 200 even for application/graphql-response+json, which
			// answers 400 (the client's fault) to a response without data.
			assertThat(query.status()).isEqualTo(200);
			assertThat(query.body()).contains("\"data\":null");
			assertThat(query.code()).as("a query while the database is away").isEqualTo("SERVICE_UNAVAILABLE");
			// one statement, so no snapshot transaction: the field's own statement fails
			GraphQlResult point = timed(() -> client.send(null, POINT, Map.of()));
			assertThat(point.status()).isEqualTo(200);
			assertThat(point.code()).as("a point lookup while the database is away").isEqualTo("SERVICE_UNAVAILABLE");
			assertThat(point.body()).doesNotContain("SELECT", "Exception");
			Thread.sleep(1500);

			this.postgres.restart();
			long restarted = System.nanoTime();
			// served again by each pool, each after its own back-off
			while (!client.send(null, COUNT, Map.of()).ok() || !client.send(null, POINT, Map.of()).ok()
					|| client.get("/actuator/health").statusCode() != 200) {
				assertThat(Duration.ofNanos(System.nanoTime() - restarted)).as("time to serve again")
					.isLessThan(RECOVERY);
				Thread.sleep(100);
			}
			assertThat(client.get("/actuator/health").statusCode()).isEqualTo(200);
			assertThat(client.get("/actuator/health/readiness").statusCode()).isEqualTo(200);
			Thread.sleep(1000);
		}
		finally {
			loading.set(false);
			if (!this.postgres.isRunning()) {
				this.postgres.restart();
			}
			writers.shutdown();
		}
		for (Future<?> writer : running) {
			writer.get(30, TimeUnit.SECONDS);
		}

		List<Write> lost = this.writes.stream().filter(Write::acknowledged).filter(write -> !stored(write)).toList();
		List<Write> refusedButStored = this.writes.stream()
			.filter(write -> !write.acknowledged())
			.filter(this::stored)
			.toList();
		assertThat(this.problems).isEmpty();
		assertThat(Duration.ofNanos(this.slowestNanos.get())).as("the slowest request").isLessThan(FAST);
		assertThat(this.writes).as("writes acknowledged").anyMatch(Write::acknowledged);
		assertThat(this.writes).as("writes refused during the outage").anyMatch(write -> !write.acknowledged());
		assertThat(lost).as("acknowledged writes missing from the database").isEmpty();
		// A refused write whose COMMIT reached PostgreSQL as it shut down may be stored
		// (no one can tell); each such write is one of the failed commits.
		assertThat(this.commits.begun()).as("write transactions seen committing").isPositive();
		assertThat(refusedButStored.size()).as("refused writes stored all the same: %s", refusedButStored)
			.isLessThanOrEqualTo(this.commits.failed());
	}

	/** One writer: signs up users, gives each a profile and changes it. */
	private Void write(GraphQlHttpClient client, String writer, AtomicBoolean loading) throws Exception {
		for (int n = 0; loading.get(); n++) {
			String username = writer + "-" + n;
			GraphQlResult signUp = send(client, null, SIGN_UP, Map.of("input", Map.of("username", username, "email",
					username + "@example.com", "password", "password-" + username)));
			this.writes.add(new Write("signUp", username, null, signUp.ok()));
			if (!signUp.ok()) {
				continue;
			}
			String token = (String) signUp.at("signUp.token");
			String id = (String) signUp.at("signUp.user.id");
			GraphQlResult create = send(client, token, CREATE, Map.of("d", "created " + username));
			this.writes.add(new Write("createProfile", username, "created " + username, create.ok()));
			if (create.ok()) {
				GraphQlResult update = send(client, token, UPDATE, Map.of("id", id, "d", "updated " + username));
				this.writes.add(new Write("updateProfile", username, "updated " + username, update.ok()));
			}
		}
		return null;
	}

	private GraphQlResult send(GraphQlHttpClient client, String token, String document, Map<String, ?> variables)
			throws Exception {
		GraphQlResult result = timed(() -> client.send(token, document, variables));
		if (result.status() != 200 || (!result.ok() && !"SERVICE_UNAVAILABLE".equals(codeOf(result)))) {
			this.problems.add("Unexpected answer: " + result);
		}
		return result;
	}

	private <T> T timed(Request<T> request) throws Exception {
		long start = System.nanoTime();
		try {
			return request.send();
		}
		finally {
			this.slowestNanos.accumulateAndGet(System.nanoTime() - start, Math::max);
		}
	}

	private static String codeOf(GraphQlResult result) {
		return (result.errors().size() == 1) ? result.code() : "errors: " + result.errors();
	}

	private boolean stored(Write write) {
		return switch (write.mutation()) {
			case "signUp" -> count("SELECT count(*) FROM site_user WHERE username = ?", write.username()) == 1;
			case "createProfile" ->
				count("SELECT count(*) FROM profile p JOIN site_user u ON u.id = p.site_user_id WHERE u.username = ?",
						write.username()) == 1;
			// A refused update leaves the description the profile was created with.
			case "updateProfile" -> count("""
					SELECT count(*) FROM profile p JOIN site_user u ON u.id = p.site_user_id
					WHERE u.username = ? AND p.description = ?""", write.username(), write.description()) == 1;
			default -> throw new IllegalArgumentException(write.mutation());
		};
	}

	private int count(String sql, Object... arguments) {
		Integer count = this.jdbc.queryForObject(sql, Integer.class, arguments);
		return (count != null) ? count : -1;
	}

	/** Counts the commits of write transactions, and those that failed. */
	static class Commits implements TransactionExecutionListener {

		private final AtomicInteger begun = new AtomicInteger();

		private final AtomicInteger succeeded = new AtomicInteger();

		@Override
		public void beforeCommit(TransactionExecution transaction) {
			if (!transaction.isReadOnly()) {
				this.begun.incrementAndGet();
			}
		}

		@Override
		public void afterCommit(TransactionExecution transaction, @Nullable Throwable commitFailure) {
			if (!transaction.isReadOnly() && commitFailure == null) {
				this.succeeded.incrementAndGet();
			}
		}

		int begun() {
			return this.begun.get();
		}

		int failed() {
			return this.begun.get() - this.succeeded.get();
		}

	}

	@TestConfiguration(proxyBeanMethods = false)
	static class CommitCounting {

		/** Spring Boot adds listener beans to the transaction manager it configures. */
		@Bean
		Commits commits() {
			return new Commits();
		}

	}

	private record Write(String mutation, String username, String description, boolean acknowledged) {
	}

	@FunctionalInterface
	private interface Request<T> {

		T send() throws Exception;

	}

}
