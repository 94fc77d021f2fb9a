package com.example.userprofiles.profile;

import java.net.URI;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;

import com.example.userprofiles.support.Api.Account;
import com.example.userprofiles.support.Api;
import com.example.userprofiles.support.Eventually;
import com.example.userprofiles.support.ExternalProgram;
import com.example.userprofiles.support.IntegrationTest;
import com.example.userprofiles.support.SecondInstance;
import com.example.userprofiles.support.SqlStatements;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;
import reactor.core.Disposable;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.graphql.client.SubscriptionErrorException;
import org.springframework.graphql.test.tester.GraphQlTester;
import org.springframework.graphql.test.tester.WebSocketGraphQlTester;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.reactive.socket.client.StandardWebSocketClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * {@code profileChanged} events come from the database, from any instance; a channel is
 * listened to while wanted, and a slow subscriber is cut off alone.
 */
@IntegrationTest
class ProfileChangedSubscriptionTests {

	private static final String SUBSCRIPTION = Api.document("profileChanged");

	private static SecondInstance second;

	@Autowired
	Api api;

	@Autowired
	ApplicationContext context;

	@Autowired
	ProfileChanges changes;

	@Autowired
	DataSource dataSource;

	@Autowired
	PostgresListener listener;

	@Autowired
	SqlStatements sql;

	@AfterAll
	static void stopTheSecondInstance() {
		if (second != null) {
			second.close();
		}
	}

	@Test
	void aGraphqlWsSubscriberOnOneInstanceSeesCreatedUpdatedDeletedMadeThroughAnotherInOrder() {
		if (second == null) {
			second = SecondInstance.sharingTheDatabaseOf(this.context);
		}

		ExternalProgram.Run run = ExternalProgram
			.node(Duration.ofMinutes(3), Map.of(), "subscription.mjs", this.api.baseUrl(), second.baseUrl())
			.succeeded();

		assertThat(run.output()).contains("CREATED, UPDATED, DELETED in order across instances");
	}

	@Test
	void deleteProfileSendsDeletedWithANullProfileAndOtherUsersChangesAreNotSent() throws Exception {
		Account alice = this.api.signUp("subscriber");
		Account bob = this.api.signUp("other");
		int before = subscriptions();
		CompletableFuture<List<Map<String, Object>>> received = events(this.api.subscriber(null), SUBSCRIPTION, alice)
			.take(2)
			.collectList()
			.toFuture();
		awaitSubscriptions(before + 1);
		this.api.createProfile(bob, "not Alice's");
		this.api.createProfile(alice, "Alice's");
		this.api.as(alice)
			.document("mutation($u: ID!) { deleteProfile(userId: $u) { deletedProfileId } }")
			.variable("u", alice.gid())
			.executeAndVerify();

		List<Map<String, Object>> changes = received.get(60, TimeUnit.SECONDS);
		Map<String, Object> user = new HashMap<>(Map.of("id", alice.gid(), "username", alice.username()));
		user.put("email", null);
		assertThat(changes.get(0)).containsEntry("kind", "CREATED")
			.containsEntry("userId", alice.gid())
			.containsEntry("profile", Map.of("id", alice.profileGid(), "description", "Alice's", "user", user));
		assertThat(changes.get(1)).containsEntry("kind", "DELETED")
			.containsEntry("userId", alice.gid())
			.containsEntry("profile", null);
		awaitSubscriptions(before);
	}

	@Test
	void anEventWhoseUserIsDeletedWhileItIsReadHasANullProfileRatherThanAnError() throws Exception {
		Account erin = this.api.signUp("deletedwhileread");
		this.api.createProfile(erin, "before");
		int before = subscriptions();
		CompletableFuture<Map<String, Object>> received = firstEvent(this.api.subscriber(null), SUBSCRIPTION, erin);
		awaitSubscriptions(before + 1);
		// the account goes, committed elsewhere, just before the event's user is read
		this.sql.onceBefore(statement -> statement.contains("FROM site_user"),
				() -> CompletableFuture.runAsync(() -> this.db.update("DELETE FROM site_user WHERE id = ?", erin.id()))
					.join());

		this.db.update("UPDATE profile SET description = 'changed' WHERE site_user_id = ?", erin.id());

		assertThat(received.get(60, TimeUnit.SECONDS)).containsEntry("kind", "UPDATED")
			.containsEntry("userId", erin.gid())
			.containsEntry("profile", null);
		this.sql.clearHooks();
		awaitSubscriptions(before);
	}

	@Test
	void eventsFlowAgainAfterTheListeningConnectionIsCut() throws Exception {
		Account carol = this.api.signUp("relisten");
		int before = subscriptions();
		CompletableFuture<Map<String, Object>> received = firstEvent(this.api.subscriber(null), SUBSCRIPTION, carol);
		awaitSubscriptions(before + 1);
		List<Integer> cut = this.db.queryForList(
				"SELECT pid FROM pg_stat_activity WHERE application_name = 'userprofiles-listen' AND pid <> pg_backend_pid()",
				Integer.class);
		assertThat(cut).as("listening connections").isNotEmpty();
		cut.forEach(pid -> this.db.queryForObject("SELECT pg_terminate_backend(?)", Boolean.class, pid));
		Eventually.until("a new connection listening to " + ProfileChanges.CHANNEL,
				() -> this.db.queryForList(
						"SELECT pid FROM pg_stat_activity WHERE application_name = 'userprofiles-listen' AND query = ?",
						Integer.class, "LISTEN \"" + ProfileChanges.CHANNEL + "\"")
					.stream()
					.anyMatch(pid -> !cut.contains(pid)));

		this.api.createProfile(carol, "after the cut");

		assertThat(received.get(60, TimeUnit.SECONDS)).containsEntry("kind", "CREATED")
			.containsEntry("userId", carol.gid());
		awaitSubscriptions(before);
	}

	@Test
	void theInstanceListensToProfileChangesOnlyWhileItHasSubscribers() {
		Eventually.until("no listening without subscribers",
				() -> !this.listener.channels().contains(ProfileChanges.CHANNEL) && subscriptions() == 0);
		Account erin = this.api.signUp("listenswhile");

		Disposable subscription = events(this.api.subscriber(null), SUBSCRIPTION, erin).subscribe();
		awaitSubscriptions(1);
		assertThat(this.listener.channels()).contains(ProfileChanges.CHANNEL);

		subscription.dispose();
		awaitSubscriptions(0);
		Eventually.until("the channel UNLISTENed after the last subscriber left",
				() -> !this.listener.channels().contains(ProfileChanges.CHANNEL));
	}

	@Test
	void theInitPayloadsTokenShowsTheUsersOwnEmailAndAnInvalidTokenLeavesTheConnectionAnonymous() throws Exception {
		Account dora = this.api.signUp("initpayload");
		int before = subscriptions();
		CompletableFuture<Map<String, Object>> signedIn = firstEvent(this.api.subscriber("Bearer " + dora.token()),
				SUBSCRIPTION, dora);
		CompletableFuture<Map<String, Object>> forged = firstEvent(this.api.subscriber("Bearer " + dora.token() + "x"),
				SUBSCRIPTION, dora);
		awaitSubscriptions(before + 2);

		this.api.createProfile(dora, "seen twice");

		assertThat(signedIn.get(60, TimeUnit.SECONDS)).extracting("profile.user.email").isEqualTo(dora.email());
		Map<String, Object> anonymous = forged.get(60, TimeUnit.SECONDS);
		assertThat(anonymous).extracting("profile.user.email").isNull();
		assertThat(anonymous).extracting("profile.description").isEqualTo("seen twice");
		awaitSubscriptions(before);
	}

	@Test
	void aSubscriberWhoseEventWaitsOnTheDatabaseDelaysNoOtherSubscriber() throws Exception {
		Account slow = this.api.signUp("slow-subscriber");
		Account quick = this.api.signUp("quick-subscriber");
		this.api.createProfile(slow, "slow's");
		this.api.createProfile(quick, "quick's");
		int before = subscriptions();
		// the slow subscriber's events read site_user (Profile.user), the quick one's not
		CompletableFuture<Map<String, Object>> slowEvent = firstEvent(this.api.subscriber(null), SUBSCRIPTION, slow);
		CompletableFuture<Map<String, Object>> quickEvent = firstEvent(this.api.subscriber(null),
				"subscription($userId: ID!) { profileChanged(userId: $userId) { kind profile { description } } }",
				quick);
		awaitSubscriptions(before + 2);

		try (Connection locker = this.dataSource.getConnection()) {
			locker.setAutoCommit(false);
			try (Statement lock = locker.createStatement()) {
				// every read of site_user now waits, up to the statement timeout
				lock.execute("LOCK TABLE site_user IN ACCESS EXCLUSIVE MODE");
			}
			this.db.update("UPDATE profile SET description = 'slow, changed' WHERE site_user_id = ?", slow.id());
			this.db.update("UPDATE profile SET description = 'quick, changed' WHERE site_user_id = ?", quick.id());

			assertThat(quickEvent.get(3, TimeUnit.SECONDS)).extracting("profile.description")
				.isEqualTo("quick, changed");
			assertThat(slowEvent).isNotDone();
			locker.rollback();
		}
		assertThat(slowEvent.get(30, TimeUnit.SECONDS)).extracting("profile.user.username").isEqualTo(slow.username());
		awaitSubscriptions(before);
	}

	@Test
	void aProfileIsReadForAnEventOnlyWhenASubscriberSelectsIt() throws Exception {
		Account grace = this.api.signUp("kindonly");
		this.api.createProfile(grace, "before");
		int before = subscriptions();
		CompletableFuture<Map<String, Object>> kindOnly = firstEvent(this.api.subscriber(null),
				"subscription($userId: ID!) { profileChanged(userId: $userId) { kind userId } }", grace);
		awaitSubscriptions(before + 1);
		this.sql.clear();
		this.db.update("UPDATE profile SET description = 'changed' WHERE site_user_id = ?", grace.id());

		assertThat(kindOnly.get(60, TimeUnit.SECONDS)).containsEntry("kind", "UPDATED");
		assertThat(profileReads()).isZero();
		awaitSubscriptions(before);

		// and once for all the subscribers that select it
		CompletableFuture<List<Map<String, Object>>> both = Flux
			.merge(List.of(1, 2)
				.stream()
				.map(n -> events(this.api.subscriber(null),
						"subscription($userId: ID!) { profileChanged(userId: $userId) { profile { description } } }",
						grace)
					.next())
				.toList())
			.collectList()
			.toFuture();
		awaitSubscriptions(before + 2);
		this.sql.clear();
		this.db.update("UPDATE profile SET description = 'changed again' WHERE site_user_id = ?", grace.id());

		assertThat(both.get(60, TimeUnit.SECONDS)).extracting("profile.description")
			.containsExactly("changed again", "changed again");
		assertThat(profileReads()).isOne();
		awaitSubscriptions(before);
	}

	/** The statements since the last clear that read the profile table. */
	private long profileReads() {
		return this.sql.executed()
			.stream()
			.map(statement -> statement.sql().toLowerCase(Locale.ROOT).replace("\"", ""))
			.filter(sql -> sql.startsWith("select") && sql.contains("from profile"))
			.count();
	}

	private static Flux<Map<String, Object>> events(GraphQlTester subscriber, String document, Account user) {
		return subscriber.document(document)
			.variable("userId", user.gid())
			.executeSubscription()
			.toFlux("profileChanged", MAP);
	}

	/** The first event of the subscription; it fails on an event with errors. */
	private static CompletableFuture<Map<String, Object>> firstEvent(GraphQlTester subscriber, String document,
			Account user) {
		return events(subscriber, document, user).next().toFuture();
	}

	private int subscriptions() {
		return this.changes.subscriberCount();
	}

	/** A subscription counts once the server has subscribed to the events. */
	private void awaitSubscriptions(int count) {
		Eventually.until(count + " subscriptions", () -> subscriptions() == count);
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private static final Class<Map<String, Object>> MAP = (Class) Map.class;

	@Test
	void aSubscriptionThatCannotBeListenedToEndsWithServiceUnavailable() {
		// Nothing listens on port 1 of the loopback: every connection is refused
		try (SecondInstance cutOff = SecondInstance.sharingTheDatabaseOf(this.context,
				"--app.database.listen-url=jdbc:postgresql://127.0.0.1:1/postgres", "--app.database.listen-wait=1s")) {
			WebSocketGraphQlTester subscriber = WebSocketGraphQlTester
				.builder(URI.create(cutOff.baseUrl().replace("http", "ws") + "/graphql"), new StandardWebSocketClient())
				.build();

			SubscriptionErrorException ended = catchThrowableOfType(SubscriptionErrorException.class,
					() -> subscriber.document("subscription { profileChanged(userId: \"VXNlcjox\") { kind } }")
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

	private final List<String> received = new CopyOnWriteArrayList<>();

	private String channel;

	private JdbcTemplate db;

	@BeforeEach
	void handleAChannelOfItsOwn() {
		this.channel = "listener_test_" + UUID.randomUUID().toString().replace("-", "");
		this.listener.handle(this.channel, this.received::add);
		this.db = new JdbcTemplate(this.dataSource);
	}

	@Test
	void aReadyListenReceivesNotificationsAndTheLastCloseUnlistens() throws Exception {
		PostgresListener.Listen first = this.listener.listen(this.channel);
		first.ready().get(30, TimeUnit.SECONDS);
		assertThat(this.listener.channels()).contains(this.channel);
		assertThat(lastStatementsOfListeningConnections()).contains("LISTEN \"" + this.channel + "\"");

		PostgresListener.Listen second = this.listener.listen(this.channel);
		assertThat(second.ready()).as("ready at once: the channel is already listened to").isDone();
		notify("one");
		Eventually.until("the first notification", () -> this.received.contains("one"));

		first.close();
		first.close();
		notify("two");
		Eventually.until("a notification while the second listen is open", () -> this.received.contains("two"));
		assertThat(this.listener.channels()).contains(this.channel);

		second.close();
		Eventually.until("the channel UNLISTENed",
				() -> lastStatementsOfListeningConnections().contains("UNLISTEN \"" + this.channel + "\""));
		assertThat(this.listener.channels()).doesNotContain(this.channel);
	}

	@Test
	void aListenClosedBeforeItIsReadyIsCancelledAndReleasesTheChannel() {
		PostgresListener.Listen listen = this.listener.listen(this.channel);
		listen.close();

		assertThat(listen.ready()).isCancelled();
		PostgresListener.Listen later = this.listener.listen(this.channel);
		Eventually.until("a later listen ready", () -> later.ready().isDone());
		later.close();
		Eventually.until("the channel left", () -> !this.listener.channels().contains(this.channel));
	}

	private void notify(String payload) {
		this.db.queryForObject("SELECT pg_notify(?, ?)::text", String.class, this.channel, payload);
	}

	private List<String> lastStatementsOfListeningConnections() {
		return this.db.queryForList("SELECT query FROM pg_stat_activity WHERE application_name = 'userprofiles-listen'",
				String.class);
	}

	@Test
	void aSubscriberThatStopsReadingIsCutOffWhileTheOthersReceiveEverything() {
		long userId = this.api.signUp("stalled").id();
		int before = subscriptions();
		List<ProfileChange> received = new CopyOnWriteArrayList<>();
		Disposable reading = this.changes.of(userId).subscribe(received::add);
		List<ProfileChange> stalledReceived = new CopyOnWriteArrayList<>();
		AtomicReference<Throwable> stalledError = new AtomicReference<>();
		// Takes one event and then asks for no more: a client that stopped reading.
		BaseSubscriber<ProfileChange> stalled = new BaseSubscriber<>() {
			@Override
			protected void hookOnSubscribe(Subscription subscription) {
				request(1);
			}

			@Override
			protected void hookOnNext(ProfileChange change) {
				stalledReceived.add(change);
			}

			@Override
			protected void hookOnError(Throwable error) {
				stalledError.set(error);
			}
		};
		this.changes.of(userId).subscribe(stalled);
		awaitSubscriptions(before + 2);

		// more than a subscriber's buffer of 256, one transaction each, so none is
		// merged;
		// in bursts of 100 that the reader takes in before the next, so that it is never
		// a buffer behind itself, however late its thread runs
		for (int burst = 1; burst <= 3; burst++) {
			for (int i = 0; i < 100; i++) {
				this.db.queryForObject("SELECT pg_notify(?, ?)::text", String.class, ProfileChanges.CHANNEL,
						"UPDATED:" + userId);
			}
			int sent = burst * 100;
			Eventually.until("every event for the subscriber that reads", () -> received.size() == sent);
		}
		// Should it read again, it gets what its buffer held, then the reason it was cut
		// off.
		stalled.request(Long.MAX_VALUE);
		Eventually.until("the stalled subscriber cut off", () -> stalledError.get() != null);
		assertThat(stalledReceived).hasSizeGreaterThan(1).hasSizeLessThan(300);
		assertThat(subscriptions()).isEqualTo(before + 1);
		reading.dispose();
		awaitSubscriptions(before);
	}

}
