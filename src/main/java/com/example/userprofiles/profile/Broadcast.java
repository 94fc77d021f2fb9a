package com.example.userprofiles.profile;

import java.util.function.Predicate;

import reactor.core.publisher.BufferOverflowStrategy;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * Hands each published event to every current subscriber without waiting for any of them.
 * Each subscriber has a buffer of its own; one that stops reading (a stalled or vanished
 * WebSocket client) fills only its own buffer and is then cut off with an error, while
 * the others go on receiving. Publish from one thread at a time.
 *
 * @param <T> the events
 */
public final class Broadcast<T> {

	private final Sinks.Many<T> sink = Sinks.many().multicast().directBestEffort();

	private final int bufferPerSubscriber;

	public Broadcast(int bufferPerSubscriber) {
		this.bufferPerSubscriber = bufferPerSubscriber;
	}

	/** Never blocks: subscribers that cannot take the event now have it buffered. */
	public void publish(T event) {
		// OK, or FAIL_ZERO_SUBSCRIBER when nobody listens: either way nothing waits. Each
		// subscriber's buffer asks for everything, so none is ever skipped as slow.
		this.sink.tryEmitNext(event);
	}

	/** The events from now on that match {@code filter}. */
	public Flux<T> subscribe(Predicate<? super T> filter) {
		return this.sink.asFlux().filter(filter).onBackpressureBuffer(this.bufferPerSubscriber, dropped -> {
		}, BufferOverflowStrategy.ERROR);
	}

	public int subscriberCount() {
		return this.sink.currentSubscriberCount();
	}

}
