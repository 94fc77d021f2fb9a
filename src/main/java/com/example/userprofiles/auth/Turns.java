package com.example.userprofiles.auth;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import com.example.userprofiles.error.ApiException;
import com.example.userprofiles.error.ErrorCode;

/** Turns at password work in arrival order; none within the wait: TOO_MANY_REQUESTS. */
public final class Turns {

	private static final String BUSY = "The server is busy checking passwords; try again in a moment";

	private final Semaphore turns;

	private final long waitNanos;

	public Turns(int count, Duration wait) {
		if (count < 1) {
			throw new IllegalArgumentException("At least one turn must be allowed at once");
		}
		this.turns = new Semaphore(count, true);
		this.waitNanos = wait.toNanos();
	}

	public <T> T take(Supplier<T> work) {
		boolean acquired;
		try {
			acquired = this.turns.tryAcquire(this.waitNanos, TimeUnit.NANOSECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			acquired = false;
		}
		if (!acquired) {
			throw new ApiException(ErrorCode.TOO_MANY_REQUESTS, BUSY);
		}
		try {
			return work.get();
		}
		finally {
			this.turns.release();
		}
	}

}
