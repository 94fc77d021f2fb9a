package com.example.userprofiles.profile;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import com.example.userprofiles.error.ApiException;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.BufferOverflowStrategy;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Profile changes as the database's {@code profile_changed} trigger announces them, so
 * every instance sees every change, cascaded deletes included.
 */
@Component
class ProfileChanges {

	static final String CHANNEL = "profile_changed";

	// Events a subscriber may fall behind by before it is cut off
	private static final int BUFFER_PER_SUBSCRIBER = 256;

	private static final Logger logger = LoggerFactory.getLogger(ProfileChanges.class);

	private final ProfileRepository profiles;

	private final PostgresListener listener;

	// Published to from the listener's one thread
	private final Sinks.Many<ProfileChange> sink = Sinks.many().multicast().directBestEffort();

	// How many subscriptions on this instance watch each user's profile
	private final Map<Long, Integer> watched = new ConcurrentHashMap<>();

	private final Duration listenWait;

	ProfileChanges(ProfileRepository profiles, PostgresListener listener, MeterRegistry meters,
			@Value("${app.database.listen-wait}") Duration listenWait) {
		this.profiles = profiles;
		this.listener = listener;
		this.listenWait = listenWait;
		listener.handle(CHANNEL, this::onNotification);
		Gauge.builder("graphql.subscriptions.active", this, ProfileChanges::subscriberCount)
			.description("Open profileChanged subscriptions on this instance")
			.tag("field", "profileChanged")
			.register(meters);
	}

	/**
	 * The changes to the profile of {@code userId}, or {@code SERVICE_UNAVAILABLE} if the
	 * channel is not listened to within {@code app.database.listen-wait}.
	 */
	Flux<ProfileChange> of(long userId) {
		Flux<ProfileChange> changes = this.sink.asFlux()
			.filter(change -> change.userId() == userId)
			// Asks the sink for everything, so it skips no one as slow; a subscriber that
			// stops reading fills its own buffer and is cut off alone
			.onBackpressureBuffer(BUFFER_PER_SUBSCRIBER, dropped -> {
			}, BufferOverflowStrategy.ERROR)
			// Fields may read the database: on a worker, so none waits for another
			.publishOn(Schedulers.boundedElastic(), 1)
			.doOnSubscribe(subscription -> this.watched.merge(userId, 1, Integer::sum))
			.doFinally(signal -> this.watched.computeIfPresent(userId, (id, count) -> (count > 1) ? count - 1 : null));
		return Flux.using(() -> this.listener.listen(CHANNEL),
				listen -> Mono.fromFuture(listen.ready(), true).timeout(this.listenWait, Mono.defer(() -> {
					logger.warn("A profileChanged subscription ended: {} not listened to within {}", CHANNEL,
							this.listenWait);
					return Mono.error(ApiException.serviceUnavailable());
				})).thenMany(changes), PostgresListener.Listen::close);
	}

	/** Subscriptions on this instance that receive events. */
	int subscriberCount() {
		return this.watched.values().stream().mapToInt(Integer::intValue).sum();
	}

	/** Publishes a {@code KIND:userId} notification if anyone here watches it. */
	private void onNotification(String payload) {
		int colon = payload.indexOf(':');
		try {
			ProfileChange.Kind kind = ProfileChange.Kind.valueOf(payload.substring(0, colon));
			long userId = Long.parseLong(payload.substring(colon + 1));
			if (this.watched.containsKey(userId)) {
				this.sink.tryEmitNext(new ProfileChange(kind, userId,
						(kind != ProfileChange.Kind.DELETED) ? () -> this.profiles.findById(userId) : Optional::empty));
			}
		}
		catch (IllegalArgumentException | IndexOutOfBoundsException ex) {
			logger.warn("Ignoring a malformed {} notification: {}", CHANNEL, payload);
		}
	}

}
