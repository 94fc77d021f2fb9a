package com.example.userprofiles.web;

import java.time.Duration;
import java.util.concurrent.Executor;

import org.apache.catalina.Container;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.core.StandardContext;
import org.apache.coyote.AbstractProtocol;
import org.apache.coyote.http11.AbstractHttp11Protocol;
import org.apache.tomcat.util.threads.ThreadPoolExecutor;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.boot.web.server.context.WebServerGracefulShutdownLifecycle;
import org.springframework.context.SmartLifecycle;
import org.springframework.web.socket.CloseStatus;

/**
 * Drains the server on SIGTERM before Spring Boot's graceful shutdown stops accepting.
 * That shutdown pauses Tomcat, which then closes unanswered every connection whose
 * request still waits for a thread or in the accept queue, and it waits only for requests
 * already running. So until the request threads have no work and none waiting, this keeps
 * accepting and answering, each answer with {@code Connection: close} so clients
 * reconnect elsewhere. Spring Boot has already set readiness to refusing traffic, so the
 * readiness probe answers 503 meanwhile. Subscriptions end at once, with 1012.
 */
final class ShutdownDrain implements SmartLifecycle, TomcatConnectorCustomizer {

	/** Stops just before Spring Boot's graceful shutdown (later phases stop first). */
	static final int PHASE = WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE + 1;

	private static final Logger logger = LoggerFactory.getLogger(ShutdownDrain.class);

	private static final Duration POLL = Duration.ofMillis(10);

	// A request between the accept queue and the request threads (accepted, read, not yet
	// queued) shows in no count for an instant, so the server counts as drained only once
	// it has had no work for this long
	private static final Duration QUIET = Duration.ofMillis(200);

	// 1012 Service Restart rather than 1001 Going Away: it says the service restarts,
	// so a client may reconnect; browsers also send 1001 when they leave a page.
	// graphql-ws (Apollo Client's transport) reconnects on both, and gives up on 1011.
	private static final CloseStatus RECONNECT = CloseStatus.SERVICE_RESTARTED;

	private final Duration timeout;

	private final ObjectProvider<GraphQlTransportWsHandler> subscriptions;

	private volatile @Nullable Connector connector;

	private volatile boolean running;

	private volatile @Nullable Integer keepAliveBeforeDrain;

	ShutdownDrain(Duration timeout, ObjectProvider<GraphQlTransportWsHandler> subscriptions) {
		this.timeout = timeout;
		this.subscriptions = subscriptions;
	}

	@Override
	public void customize(Connector connector) {
		this.connector = connector;
	}

	/**
	 * Undoes a drain when a stopped context starts again (as Spring's test framework does
	 * with the contexts it pauses): keep-alive and subscriptions are back.
	 */
	@Override
	public void start() {
		Integer keepAlive = this.keepAliveBeforeDrain;
		if (keepAlive != null && this.connector != null
				&& this.connector.getProtocolHandler() instanceof AbstractHttp11Protocol<?> http) {
			http.setMaxKeepAliveRequests(keepAlive);
			this.keepAliveBeforeDrain = null;
		}
		this.subscriptions.ifAvailable(GraphQlTransportWsHandler::reopen);
		this.running = true;
	}

	@Override
	public void stop() {
		drain();
		this.running = false;
	}

	/** Drains on a thread of its own, so Spring's shutdown timeout bounds it. */
	@Override
	public void stop(Runnable callback) {
		new Thread(() -> {
			try {
				stop();
			}
			finally {
				callback.run();
			}
		}, "shutdown-drain").start();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	private void drain() {
		Connector connector = this.connector;
		AbstractProtocol<?> protocol = (connector != null
				&& connector.getProtocolHandler() instanceof AbstractProtocol<?> found) ? found : null;
		if (protocol instanceof AbstractHttp11Protocol<?> http) {
			// Read by Tomcat for each request: from now on every answer closes its
			// connection
			this.keepAliveBeforeDrain = http.getMaxKeepAliveRequests();
			http.setMaxKeepAliveRequests(1);
		}
		this.subscriptions.ifAvailable((handler) -> handler.closeAll(RECONNECT));
		if (connector == null || protocol == null) {
			return;
		}
		if (protocol.getExecutor() instanceof ThreadPoolExecutor threads) {
			logger.info("Draining: {} requests running, {} waiting for a thread", threads.getActiveCount(),
					threads.getQueue().size());
		}
		long start = System.nanoTime();
		long quietSince = start;
		try {
			while (System.nanoTime() - start < this.timeout.toNanos()) {
				long now = System.nanoTime();
				if (busy(protocol.getExecutor(), connector)) {
					quietSince = now;
				}
				else if (now - quietSince >= QUIET.toNanos()) {
					logger.info("Drained in {} ms", Duration.ofNanos(now - start).toMillis());
					return;
				}
				Thread.sleep(POLL.toMillis());
			}
			logger.warn("Requests still in progress or waiting {} after the shutdown began", this.timeout);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Whether a request runs, waits for a thread, or waits for its asynchronous result.
	 */
	private static boolean busy(Executor executor, Connector connector) {
		if (executor instanceof ThreadPoolExecutor threads
				&& (threads.getActiveCount() > 0 || !threads.getQueue().isEmpty())) {
			return true;
		}
		for (Container host : connector.getService().getContainer().findChildren()) {
			for (Container context : host.findChildren()) {
				if (context instanceof StandardContext standard && standard.getInProgressAsyncCount() > 0) {
					return true;
				}
			}
		}
		return false;
	}

}
