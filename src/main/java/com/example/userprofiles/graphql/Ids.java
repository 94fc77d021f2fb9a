package com.example.userprofiles.graphql;

import com.example.userprofiles.error.ApiException;
import com.example.userprofiles.error.ErrorCode;

/** GraphQL {@code ID}s of users and profiles: the decimal {@code site_user.id}. */
public final class Ids {

	private Ids() {
	}

	public static long parse(String id, String field) {
		try {
			long value = Long.parseLong(id);
			if (value > 0) {
				return value;
			}
		}
		catch (NumberFormatException ex) {
			// refused below
		}
		throw new ApiException(ErrorCode.BAD_USER_INPUT, "'" + field + "' is not a valid id", field);
	}

}
