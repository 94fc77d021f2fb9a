package com.example.userprofiles.profile;

import java.util.Optional;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.util.function.SingletonSupplier;

/**
 * A committed change to a profile, as the {@code profileChanged} subscription sends it.
 *
 * @param read reads the profile as it is now (empty once it is deleted), at most once for
 * all the event's subscribers
 */
record ProfileChange(ChangeKind kind, long userId, Supplier<Optional<Profile>> read) {

	/**
	 * The change, its profile read when a subscriber first asks for it: on that
	 * subscriber's worker, not on the one thread that receives every notification, and
	 * not at all when no subscriber selects it.
	 */
	static ProfileChange readOnDemand(ChangeKind kind, long userId, Supplier<Optional<Profile>> read) {
		return new ProfileChange(kind, userId, SingletonSupplier.of(read));
	}

	/** The profile as it is when the event is sent; null once it is deleted. */
	@Nullable Profile profile() {
		return this.read.get().orElse(null);
	}

}
