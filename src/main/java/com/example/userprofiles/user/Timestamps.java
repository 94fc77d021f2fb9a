package com.example.userprofiles.user;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/** Times in microseconds, as PostgreSQL keeps them, so a value reads back equal. */
public final class Timestamps {

	private Timestamps() {
	}

	public static OffsetDateTime now() {
		return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
	}

}
