package com.example.userprofiles.shared.error;

import org.jspecify.annotations.Nullable;

/**
 * A failure the client caused and may read about: the message is written for the client,
 * and {@link #field()} names the input field at fault, if one is.
 */
public abstract class ApiException extends RuntimeException {

	private final @Nullable String field;

	protected ApiException(String message, @Nullable String field) {
		super(message, null, false, false);
		this.field = field;
	}

	public abstract ErrorCode code();

	public @Nullable String field() {
		return this.field;
	}

}
