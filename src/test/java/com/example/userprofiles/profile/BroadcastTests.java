package com.example.userprofiles.profile;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;
import reactor.core.Disposable;
import reactor.core.publisher.BaseSubscriber;

import static org.assertj.core.api.Assertions.assertThat;

class BroadcastTests {

	@Test
	void aSubscriberThatStopsReadingIsCutOffWhileTheOthersReceiveEverything() {
		Broadcast<Integer> broadcast = new Broadcast<>(16);
		List<Integer> received = new ArrayList<>();
		broadcast.subscribe(any -> true).subscribe(received::add);
		List<Integer> stalledReceived = new ArrayList<>();
		AtomicReference<Throwable> stalledError = new AtomicReference<>();
		// Takes one event and then asks for no more: a client that stopped reading.
		BaseSubscriber<Integer> stalled = new BaseSubscriber<>() {
			@Override
			protected void hookOnSubscribe(Subscription subscription) {
				request(1);
			}

			@Override
			protected void hookOnNext(Integer value) {
				stalledReceived.add(value);
			}

			@Override
			protected void hookOnError(Throwable error) {
				stalledError.set(error);
			}
		};
		broadcast.subscribe(any -> true).subscribe(stalled);
		assertThat(broadcast.subscriberCount()).isEqualTo(2);

		long start = System.nanoTime();
		for (int i = 0; i < 1000; i++) {
			broadcast.publish(i);
		}
		Duration publishing = Duration.ofNanos(System.nanoTime() - start);

		assertThat(received).hasSize(1000).startsWith(0, 1, 2).endsWith(998, 999);
		assertThat(publishing).isLessThan(Duration.ofSeconds(2));
		assertThat(broadcast.subscriberCount()).as("the stalled subscriber was cut off").isEqualTo(1);
		// Should it read again, it gets what its buffer held, then the reason it was cut
		// off.
		stalled.request(Long.MAX_VALUE);
		assertThat(stalledReceived).hasSize(1 + 16).startsWith(0, 1);
		assertThat(stalledError.get()).isNotNull();
	}

	@Test
	void eachSubscriberGetsOnlyTheEventsItsFilterAccepts() {
		Broadcast<Integer> broadcast = new Broadcast<>(16);
		List<Integer> even = new ArrayList<>();
		List<Integer> odd = new ArrayList<>();
		broadcast.subscribe(i -> i % 2 == 0).subscribe(even::add);
		broadcast.subscribe(i -> i % 2 == 1).subscribe(odd::add);

		for (int i = 0; i < 6; i++) {
			broadcast.publish(i);
		}

		assertThat(even).containsExactly(0, 2, 4);
		assertThat(odd).containsExactly(1, 3, 5);
	}

	@Test
	void aSubscriberThatLeavesIsForgottenAndPublishingWithNoSubscribersIsFine() {
		Broadcast<Integer> broadcast = new Broadcast<>(16);
		Disposable subscription = broadcast.subscribe(any -> true).subscribe();
		assertThat(broadcast.subscriberCount()).isEqualTo(1);

		subscription.dispose();
		broadcast.publish(1);

		assertThat(broadcast.subscriberCount()).isZero();
	}

}
