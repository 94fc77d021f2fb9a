package com.example.userprofiles.profile;

import java.util.Optional;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.util.function.SingletonSupplier;

/**
 * A committed change to a profile, as the {@code profileChanged} subscription sends it.
 *
 * @param read reads the profile once, when a subscriber first asks, on its worker; empty
 * once deleted
 */
record ProfileChange(Kind kind, long userId, Supplier<Optional<Profile>> read) {

	ProfileChange {
		read = SingletonSupplier.of(read);
	}

	@Nullable Profile profile() {
		return this.read.get().orElse(null);
	}

	/** The {@code ChangeKind} enum of the schema. */
	enum Kind {

		CREATED, UPDATED, DELETED

	}

}
