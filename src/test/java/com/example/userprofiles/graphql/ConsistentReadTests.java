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

import com.example.userprofiles.graphql.GlobalId;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import static org.assertj.core.api.Assertions.assertThat;

/** A query and its batch loads read one snapshot: users are wholly in or out. */
@IntegrationTest
class ConsistentReadTests {

	private static final String PROFILES = Api.document("snapshotProfiles");

	private static final String USERS = Api.document("snapshotUsers");

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

	/** Whether a transaction is active when {@code document} reads site_user. */
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

	/** A user deleted after its page was read is still wholly in the answer. */
	@ParameterizedTest
	@CsvSource(delimiter = '|',
			value = { "profiles|FROM profile p|user|profile", "users|AS site_user LEFT JOIN|profile|user" })
	void aUserDeletedAfterThePageWasReadIsStillWhollyInTheAnswerAndItsCount(String list, String page, String link,
			String back) throws Exception {
		Account kim = this.api.signUp("snapshot-" + list);
		this.api.createProfile(kim, kim.username());
		GraphQlHttpClient client = this.api.client();

		Outcome<GraphQlResult> outcome = this.interleaving.after(sql -> sql.contains(page),
				() -> client.send(null, list.equals("users") ? USERS : PROFILES, Map.of("prefix", kim.username())),
				() -> client.send(kim.token(), DELETE_USER, Map.of("id", kim.gid())));

		assertThat(outcome.intruder().ok()).as("deleteUser answered %s", outcome.intruder()).isTrue();
		assertThat(outcome.main().ok()).as("the query answered %s", outcome.main()).isTrue();
		assertThat(outcome.main().at(list + ".totalCount")).isEqualTo(1);
		String own = list.equals("users") ? kim.gid() : kim.profileGid();
		String other = list.equals("users") ? kim.profileGid() : kim.gid();
		assertThat(outcome.main().at(list + ".nodes"))
			.isEqualTo(List.of(Map.of("id", own, link, Map.of("id", other, back, Map.of("id", own)))));
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
						check(profiles, "profiles", "user", "profile", problems);
						check(users, "users", "profile", "user", problems);
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

	/** A page agrees with its count, and each node's link links back. */
	private static void check(GraphQlResult result, String list, String link, String back,
			ConcurrentLinkedQueue<String> problems) {
		if (!result.ok()) {
			problems.add(list + " answered " + result);
			return;
		}
		List<?> nodes = (List<?>) result.at(list + ".nodes");
		if (nodes.size() != Math.min((Integer) result.at(list + ".totalCount"), 100)) {
			problems.add("a page that disagrees with its totalCount: " + result);
		}
		for (Object node : nodes) {
			Map<?, ?> linked = (Map<?, ?>) ((Map<?, ?>) node).get(link);
			Map<?, ?> linkedBack = (linked != null) ? (Map<?, ?>) linked.get(back) : null;
			if (linkedBack == null || !((Map<?, ?>) node).get("id").equals(linkedBack.get("id"))) {
				problems.add("a " + link + " missing or linked to another: " + result);
			}
		}
	}

	/** Signs up {@code count} users with a profile each, 8 at a time. */
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
					Account account = new Account(GlobalId.key((String) signUp.at("signUp.user.id"), "User", "id"),
							username, username + "@example.com", "password-" + username,
							(String) signUp.at("signUp.token"));
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
