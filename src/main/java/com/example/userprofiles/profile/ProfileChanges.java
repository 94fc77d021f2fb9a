package com.example.userprofiles.profile;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import com.example.userprofiles.error.ServiceUnavailableException;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Profile changes as the database announces them (the {@code profile_changed} trigger of
 * {@code db/changes/006-profile-change-notifications.yaml}), so every instance sees every
 * change, including the profiles that {@code ON DELETE CASCADE} removes. Each change is
 * handed to all its subscribers on this instance, its profile read at most once for them.
 */
@Component
class ProfileChanges {

	static final String CHANNEL = "profile_changed";

	// Events a subscriber may fall behind by before it is cut off.
	private static final int BUFFER_PER_SUBSCRIBER = 256;

	private static final Logger logger = LoggerFactory.getLogger(ProfileChanges.class);

	private final ProfileRepository profiles;

	private final PostgresListener listener;

	private final Broadcast<ProfileChange> broadcast = new Broadcast<>(BUFFER_PER_SUBSCRIBER);

	// How many subscriptions on this instance watch each user's profile
	private final Map<Long, Integer> watched = new ConcurrentHashMap<>();

	private final Duration listenWait;

	/**
	 * @param listenWait how long a new subscription waits at most for the channel to be
	 * listened to before it ends with {@code SERVICE_UNAVAILABLE}
	 */
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
	 * The changes to the profile of {@code userId} from the moment the channel is
	 * listened to: this instance LISTENs only while it has subscribers. When the channel
	 * cannot be listened to in time (the database, or the listen URL, cannot be reached),
	 * the subscription ends with {@code SERVICE_UNAVAILABLE} rather than waiting for
	 * events that would never come, so the client knows to subscribe again.
	 */
	Flux<ProfileChange> of(long userId) {
		Flux<ProfileChange> changes = this.broadcast.subscribe(change -> change.userId() == userId)
			// Each event is then run through the subscription's document, whose fields
			// may read the database: on a worker, not on the one thread that receives
			// every notification, so a subscriber whose event waits delays no other
			.publishOn(Schedulers.boundedElastic(), 1)
			.doOnSubscribe(subscription -> this.watched.merge(userId, 1, Integer::sum))
			.doFinally(signal -> this.watched.computeIfPresent(userId, (id, count) -> (count > 1) ? count - 1 : null));
		return Flux.using(() -> this.listener.listen(CHANNEL),
				listen -> Mono.fromFuture(listen.ready(), true)
					.timeout(this.listenWait, Mono.defer(this::notListening))
					.thenMany(changes),
				PostgresListener.Listen::close);
	}

	private Mono<Void> notListening() {
		logger.warn("A profileChanged subscription ended: {} not listened to within {}", CHANNEL, this.listenWait);
		return Mono.error(new ServiceUnavailableException());
	}

	/**
	 * Open subscriptions on this instance; each counts once it receives events (it is
	 * counted after the channel is listened to and it has joined the broadcast).
	 */
	int subscriberCount() {
		return this.watched.values().stream().mapToInt(Integer::intValue).sum();
	}

	/**
	 * A notification's payload is {@code KIND:userId}, for example {@code UPDATED:42}.
	 */
	private void onNotification(String payload) {
		ProfileChange change = parse(payload);
		if (change != null) {
			this.broadcast.publish(change);
		}
	}

	/**
	 * The change, its profile to be read once for all its subscribers that select it;
	 * null when nobody here watches that profile.
	 */
	private @Nullable ProfileChange parse(String payload) {
		int colon = payload.indexOf(':');
		try {
			ChangeKind kind = ChangeKind.valueOf(payload.substring(0, colon));
			long userId = Long.parseLong(payload.substring(colon + 1));
			if (!this.watched.containsKey(userId)) {
				return null;
			}
			return ProfileChange.readOnDemand(kind, userId,
					(kind != ChangeKind.DELETED) ? () -> this.profiles.findById(userId) : Optional::empty);
		}
		catch (IllegalArgumentException | IndexOutOfBoundsException ex) {
			logger.warn("Ignoring a malformed {} notification: {}", CHANNEL, payload);
			return null;
		}
	}

}
