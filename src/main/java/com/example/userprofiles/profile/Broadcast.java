package com.example.userprofiles.profile;

import java.util.function.Predicate;

import reactor.core.publisher.BufferOverflowStrategy;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * Hands each event to every current subscriber without waiting; one that stops reading
 * fills its own buffer and is cut off. Publish from one thread at a time.
 */
public final class Broadcast<T> {

	private final Sinks.Many<T> sink = Sinks.many().multicast().directBestEffort();

	private final int bufferPerSubscriber;

	public Broadcast(int bufferPerSubscriber) {
		this.bufferPerSubscriber = bufferPerSubscriber;
	}

	public void publish(T event) {
		// Each subscriber's buffer requests everything, so none is skipped as slow
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
