package com.example.userprofiles.profile;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import com.example.userprofiles.support.Eventually;
import com.example.userprofiles.support.IntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A channel is LISTENed to on the database only while some listen wants it, and its
 * notifications reach the handlers once the listen is ready.
 */
@IntegrationTest
class PostgresListenerTests {

	@Autowired
	PostgresListener listener;

	@Autowired
	DataSource dataSource;

	private final List<String> received = new CopyOnWriteArrayList<>();

	private String channel;

	private JdbcTemplate sql;

	@BeforeEach
	void handleAChannelOfItsOwn() {
		this.channel = "listener_test_" + UUID.randomUUID().toString().replace("-", "");
		this.listener.handle(this.channel, this.received::add);
		this.sql = new JdbcTemplate(this.dataSource);
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
		this.sql.queryForObject("SELECT pg_notify(?, ?)::text", String.class, this.channel, payload);
	}

	private List<String> lastStatementsOfListeningConnections() {
		return this.sql.queryForList(
				"SELECT query FROM pg_stat_activity WHERE application_name = 'userprofiles-listen'", String.class);
	}

}
