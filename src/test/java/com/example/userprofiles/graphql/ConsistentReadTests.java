package com.example.userprofiles.graphql;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import com.example.userprofiles.support.Api;
import com.example.userprofiles.support.Api.Account;
import com.example.userprofiles.support.GraphQlHttpClient;
import com.example.userprofiles.support.GraphQlHttpClient.GraphQlResult;
import com.example.userprofiles.support.IntegrationTest;
import com.example.userprofiles.support.Interleaving;
import com.example.userprofiles.support.Interleaving.Outcome;
import com.example.userprofiles.support.SqlStatements;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One response is one consistent view of the database: a query and all its batch loads
 * read one snapshot, so users deleted meanwhile are either wholly in the answer or wholly
 * absent, and never leave a {@code Profile.user} null.
 */
@IntegrationTest
class ConsistentReadTests {

	private static final String PROFILES = """
			query($prefix: String!) {
			  profiles(first: 100, filter: { description: { startsWith: $prefix } }) {
			    totalCount
			    nodes { id user { id profile { id } } }
			  }
			}""";

	private static final String USERS = """
			query($prefix: String!) {
			  users(first: 100, filter: { username: { startsWith: $prefix } }) {
			    totalCount
			    nodes { id profile { id user { id } } }
			  }
			}""";

	private static final String SIGN_UP = "mutation($input: SignUpInput!) { signUp(input: $input) { token user { id } } }";

	private static final String CREATE = "mutation($d: String!) { createProfile(input: { description: $d }) { id } }";

	private static final String DELETE_USER = "mutation($id: ID!) { deleteUser(id: $id) { deletedUserId } }";

	@Autowired
	Api api;

	@Autowired
	Interleaving interleaving;

	@Autowired
	SqlStatements sql;

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void aQueryReadsInOneReadOnlyRepeatableReadTransactionAndAMutationDoesNot() {
		Account ann = this.api.signUp("snapshot-level");
		AtomicReference<String> inQuery = new AtomicReference<>();
		// on the request's thread, just before its page statement: inside its transaction
		this.sql.onceBefore(statement -> statement.contains("FROM site_user"), () -> inQuery.set(transactionMode()));
		this.sql.clear();
		this.api.anonymous().document(USERS).variable("prefix", ann.username()).execute().errors().verify();
		assertThat(inQuery.get()).isEqualTo("repeatable read, read only on");
		// one statement sets the level, sent with the driver's BEGIN
		assertThat(this.sql.transactionControl()).hasSize(1);

		AtomicReference<String> inMutation = new AtomicReference<>();
		this.sql.onceBefore(statement -> statement.startsWith("INSERT INTO profile"),
				() -> inMutation.set(transactionMode()));
		this.api.createProfile(ann, "no snapshot for a mutation");
		assertThat(inMutation.get()).isEqualTo("read committed, read only off");
	}

	@Test
	void aQueryOfOneStatementReadsWithoutATransactionAndOneOfTwoWithin() {
		Account bo = this.api.signUp("snapshot-one");
		assertThat(inTransactionAtUserStatement("query($id: ID!) { user(id: $id) { id profile { id } } }", bo))
			.as("a transaction around the point lookup")
			.isFalse();
		assertThat(
				inTransactionAtUserStatement("query($id: ID!) { user(id: $id) { id profile { id user { id } } } }", bo))
			.as("a transaction around the lookup and its batch")
			.isTrue();
	}

	/**
	 * Whether a transaction is active on the request's thread when {@code document}, run
	 * with {@code id} the account's, sends its statement on {@code site_user}.
	 */
	private @Nullable Boolean inTransactionAtUserStatement(String document, Account account) {
		AtomicReference<Boolean> active = new AtomicReference<>();
		this.sql.onceBefore(statement -> statement.contains("FROM site_user"),
				() -> active.set(TransactionSynchronizationManager.isActualTransactionActive()));
		this.api.anonymous().document(document).variable("id", account.gid()).execute().errors().verify();
		return active.get();
	}

	private String transactionMode() {
		return this.jdbc.queryForObject(
				"SELECT current_setting('transaction_isolation') || ', read only ' || current_setting('transaction_read_only')",
				String.class);
	}

	@Test
	void aUserDeletedAfterTheProfilePageWasReadIsStillWhollyInTheAnswer() throws Exception {
		Account kim = this.api.signUp("snapshot-profiles");
		this.api.createProfile(kim, kim.username());
		GraphQlHttpClient client = this.api.client();

		Outcome<GraphQlResult> outcome = this.interleaving.after(sql -> sql.contains("FROM profile p"),
				() -> client.send(null, PROFILES, Map.of("prefix", kim.username())),
				() -> client.send(kim.token(), DELETE_USER, Map.of("id", kim.gid())));

		assertThat(outcome.intruder().ok()).as("deleteUser answered %s", outcome.intruder()).isTrue();
		assertThat(outcome.main().ok()).as("the query answered %s", outcome.main()).isTrue();
		assertThat(outcome.main().at("profiles.totalCount")).isEqualTo(1);
		assertThat(outcome.main().at("profiles.nodes")).isEqualTo(
				List.of(Map.of("id", kim.gid(), "user", Map.of("id", kim.gid(), "profile", Map.of("id", kim.gid())))));
	}

	@Test
	void aUserDeletedAfterTheUserPageWasReadKeepsItsProfileAndCountInTheAnswer() throws Exception {
		Account lou = this.api.signUp("snapshot-users");
		this.api.createProfile(lou, "Lou's");
		GraphQlHttpClient client = this.api.client();

		// the page, which joins the profiles (ProfileJoin); the count comes after it
		Outcome<GraphQlResult> outcome = this.interleaving.after(sql -> sql.contains("AS site_user LEFT JOIN"),
				() -> client.send(null, USERS, Map.of("prefix", lou.username())),
				() -> client.send(lou.token(), DELETE_USER, Map.of("id", lou.gid())));

		assertThat(outcome.intruder().ok()).as("deleteUser answered %s", outcome.intruder()).isTrue();
		assertThat(outcome.main().ok()).as("the query answered %s", outcome.main()).isTrue();
		assertThat(outcome.main().at("users.totalCount")).isEqualTo(1);
		assertThat(outcome.main().at("users.nodes")).isEqualTo(
				List.of(Map.of("id", lou.gid(), "profile", Map.of("id", lou.gid(), "user", Map.of("id", lou.gid())))));
	}

	@Test
	void readersRacing120DeletesAlwaysSeeWholeUsersAndNoError() throws Exception {
		String tag = Api.uniqueName("snap");
		List<Account> accounts = createUsersWithProfiles(tag, 120);
		GraphQlHttpClient client = this.api.client();
		AtomicBoolean deleting = new AtomicBoolean(true);
		ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
		AtomicInteger reads = new AtomicInteger();
		AtomicInteger readsOfAnIntermediateState = new AtomicInteger();
		ExecutorService threads = Executors.newFixedThreadPool(9);
		try {
			List<Future<?>> readers = new ArrayList<>();
			for (int i = 0; i < 3; i++) {
				readers.add(threads.submit(() -> {
					while (deleting.get()) {
						GraphQlResult profiles = client.send(null, PROFILES, Map.of("prefix", tag));
						GraphQlResult users = client.send(null, USERS, Map.of("prefix", tag));
						checkProfiles(profiles, problems);
						checkUsers(users, problems);
						reads.addAndGet(2);
						for (GraphQlResult result : List.of(profiles, users)) {
							Object count = result
								.at(result.data().containsKey("users") ? "users.totalCount" : "profiles.totalCount");
							if (count instanceof Integer n && n > 0 && n < 120) {
								readsOfAnIntermediateState.incrementAndGet();
							}
						}
					}
					return null;
				}));
			}
			List<Callable<Void>> deleters = new ArrayList<>();
			for (int d = 0; d < 6; d++) {
				int first = d;
				deleters.add(() -> {
					for (int i = first; i < accounts.size(); i += 6) {
						Account account = accounts.get(i);
						GraphQlResult deleted = client.send(account.token(), DELETE_USER, Map.of("id", account.gid()));
						if (!deleted.ok()) {
							problems.add("deleteUser answered " + deleted);
						}
					}
					return null;
				});
			}
			for (Future<Void> deleter : threads.invokeAll(deleters, 60, TimeUnit.SECONDS)) {
				deleter.get();
			}
			deleting.set(false);
			for (Future<?> reader : readers) {
				reader.get(60, TimeUnit.SECONDS);
			}
		}
		finally {
			deleting.set(false);
			threads.shutdownNow();
		}

		assertThat(problems).isEmpty();
		assertThat(reads.get()).isPositive();
		// Otherwise the readers never overlapped the deletes, and the test proved
		// nothing.
		assertThat(readsOfAnIntermediateState.get()).as("reads during the deletes").isPositive();
		assertThat(client.send(null, USERS, Map.of("prefix", tag)).at("users.totalCount")).isEqualTo(0);
	}

	private static void checkProfiles(GraphQlResult result, ConcurrentLinkedQueue<String> problems) {
		if (!result.ok()) {
			problems.add("profiles answered " + result);
			return;
		}
		List<?> nodes = (List<?>) result.at("profiles.nodes");
		int total = (Integer) result.at("profiles.totalCount");
		if (nodes.size() != Math.min(total, 100)) {
			problems.add("a page that disagrees with its totalCount: " + result);
		}
		for (Object node : nodes) {
			Map<?, ?> profile = (Map<?, ?>) node;
			Map<?, ?> user = (Map<?, ?>) profile.get("user");
			Map<?, ?> usersProfile = (user != null) ? (Map<?, ?>) user.get("profile") : null;
			if (usersProfile == null || !profile.get("id").equals(usersProfile.get("id"))) {
				problems.add("a profile whose user is missing or has another profile: " + result);
			}
		}
	}

	private static void checkUsers(GraphQlResult result, ConcurrentLinkedQueue<String> problems) {
		if (!result.ok()) {
			problems.add("users answered " + result);
			return;
		}
		List<?> nodes = (List<?>) result.at("users.nodes");
		int total = (Integer) result.at("users.totalCount");
		if (nodes.size() != Math.min(total, 100)) {
			problems.add("a page that disagrees with its totalCount: " + result);
		}
		for (Object node : nodes) {
			Map<?, ?> user = (Map<?, ?>) node;
			// Every user of the test has a profile until it is deleted with its user.
			Map<?, ?> profile = (Map<?, ?>) user.get("profile");
			Map<?, ?> profilesUser = (profile != null) ? (Map<?, ?>) profile.get("user") : null;
			if (profilesUser == null || !user.get("id").equals(profilesUser.get("id"))) {
				problems.add("a user without its profile, or a profile of another user: " + result);
			}
		}
	}

	/**
	 * Signs up {@code count} users with a profile each, 8 at a time, through the client
	 * that waits up to 30 s for an answer (the tester's 5 s is short for a busy machine).
	 */
	private List<Account> createUsersWithProfiles(String tag, int count) throws Exception {
		GraphQlHttpClient client = this.api.client();
		ExecutorService threads = Executors.newFixedThreadPool(8);
		try {
			List<Callable<Account>> creations = new ArrayList<>();
			for (int i = 0; i < count; i++) {
				String username = tag + "-" + i;
				creations.add(() -> {
					GraphQlResult signUp = client.send(null, SIGN_UP, Map.of("input", Map.of("username", username,
							"email", username + "@example.com", "password", "password-" + username)));
					assertThat(signUp.ok()).as("signUp answered %s", signUp).isTrue();
					Account account = new Account(Long.parseLong((String) signUp.at("signUp.user.id")), username,
							username + "@example.com", "password-" + username, (String) signUp.at("signUp.token"));
					GraphQlResult create = client.send(account.token(), CREATE, Map.of("d", username));
					assertThat(create.ok()).as("createProfile answered %s", create).isTrue();
					return account;
				});
			}
			List<Account> accounts = new ArrayList<>();
			for (Future<Account> creation : threads.invokeAll(creations, 120, TimeUnit.SECONDS)) {
				accounts.add(creation.get());
			}
			return accounts;
		}
		finally {
			threads.shutdownNow();
		}
	}

}
