package com.example.userprofiles.profile;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import com.example.userprofiles.support.IntegrationTest;
import com.example.userprofiles.support.SecondInstance;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.context.SmartLifecycle;

import static org.assertj.core.api.Assertions.assertThat;

/** On shutdown, listening outlives the web server, so draining gets events. */
@IntegrationTest
class PostgresListenerLifecycleTests {

	// right after Spring Boot stops the web server (DEFAULT_PHASE - 2048)
	private static final int AFTER_THE_WEB_SERVER = SmartLifecycle.DEFAULT_PHASE - 2049;

	@Autowired
	ApplicationContext context;

	@Test
	void theListenerIsStillRunningWhenTheWebServerHasStopped() {
		AtomicReference<Boolean> webServerAccepting = new AtomicReference<>();
		AtomicReference<Boolean> listenerRunning = new AtomicReference<>();
		try (SecondInstance instance = SecondInstance.sharingTheDatabaseOf(this.context)) {
			PostgresListener listener = instance.context().getBean(PostgresListener.class);
			int port = Integer.parseInt(instance.context().getEnvironment().getRequiredProperty("local.server.port"));
			assertThat(accepts(port)).as("the web server accepts before the stop").isTrue();
			instance.context().getBeanFactory().registerSingleton("afterTheWebServer", new Probe(() -> {
				webServerAccepting.set(accepts(port));
				listenerRunning.set(listener.isRunning());
			}));
		}
		assertThat(webServerAccepting.get()).as("the web server accepts right after its stop").isFalse();
		assertThat(listenerRunning.get()).as("the listener runs right after the web server's stop").isTrue();
	}

	private static boolean accepts(int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	/**
	 * Runs {@code atStop} when the context stops the phase right after the web server.
	 */
	private static final class Probe implements SmartLifecycle {

		private final Runnable atStop;

		private final AtomicBoolean running = new AtomicBoolean(true);

		Probe(Runnable atStop) {
			this.atStop = atStop;
		}

		@Override
		public void start() {
			this.running.set(true);
		}

		@Override
		public void stop() {
			this.atStop.run();
			this.running.set(false);
		}

		@Override
		public boolean isRunning() {
			return this.running.get();
		}

		@Override
		public int getPhase() {
			return AFTER_THE_WEB_SERVER;
		}

	}

}
