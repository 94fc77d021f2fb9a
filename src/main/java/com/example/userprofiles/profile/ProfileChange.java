package com.example.userprofiles.profile;

import java.util.Optional;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.util.function.SingletonSupplier;

/**
 * A committed change to a profile, as the {@code profileChanged} subscription sends it.
 *
 * @param read reads the profile as it is now, empty once deleted
 */
record ProfileChange(ChangeKind kind, long userId, Supplier<Optional<Profile>> read) {

	/**
	 * The change, its profile read once, when a subscriber first asks: on that
	 * subscriber's worker, not the thread that receives every notification.
	 */
	static ProfileChange readOnDemand(ChangeKind kind, long userId, Supplier<Optional<Profile>> read) {
		return new ProfileChange(kind, userId, SingletonSupplier.of(read));
	}

	/** The profile as it is when the event is sent; null once it is deleted. */
	@Nullable Profile profile() {
		return this.read.get().orElse(null);
	}

}
