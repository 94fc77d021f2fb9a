package com.example.userprofiles.graphql;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

import com.example.userprofiles.error.ApiException;
import com.example.userprofiles.error.ErrorCode;

/**
 * Opaque cursors: an item's keyset values with the kind of list and order they belong to,
 * so a cursor from another list or order is refused rather than misread.
 */
public final class Cursor {

	private static final String VERSION = "c1";

	private Cursor() {
	}

	public static String encode(String kind, List<String> values) {
		StringBuilder text = new StringBuilder(VERSION).append(':').append(kind);
		for (String value : values) {
			text.append(':').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
		}
		return Base64.getUrlEncoder().withoutPadding().encodeToString(text.toString().getBytes(StandardCharsets.UTF_8));
	}

	/** The values of a cursor of {@code kind}; else {@code BAD_USER_INPUT}. */
	public static List<String> decode(String cursor, String kind, int valueCount, String argument) {
		try {
			String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
			String[] parts = text.split(":", -1);
			if (parts.length == valueCount + 2 && parts[0].equals(VERSION) && parts[1].equals(kind)) {
				List<String> values = Arrays.stream(parts, 2, parts.length)
					.map(part -> URLDecoder.decode(part, StandardCharsets.UTF_8))
					.toList();
				// else forged: PostgreSQL text holds no NUL
				if (values.stream().noneMatch(value -> value.indexOf('\0') >= 0)) {
					return values;
				}
			}
		}
		catch (IllegalArgumentException ex) {
			// not base64 or not URL-encoded
		}
		throw new ApiException(ErrorCode.BAD_USER_INPUT, "'" + argument + "' is not a cursor of this list and order",
				argument);
	}

}
