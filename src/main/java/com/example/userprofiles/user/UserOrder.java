package com.example.userprofiles.user;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;

import com.example.userprofiles.error.ApiException;
import com.example.userprofiles.error.ErrorCode;
import com.example.userprofiles.graphql.Cursor;
import com.example.userprofiles.graphql.Keyset;
import org.jspecify.annotations.Nullable;

import org.springframework.data.domain.Sort.Direction;

/**
 * The GraphQL {@code UserOrder} and {@code UserOrderField} ({@code OrderDirection} binds
 * to Spring Data's {@link Direction}), with the keyset (ties broken by id, so pages are
 * stable) and the cursor of a user.
 */
public record UserOrder(Field field, @Nullable Direction direction) {

	public static final UserOrder DEFAULT = new UserOrder(Field.ID, Direction.ASC);

	// The range of PostgreSQL's timestamptz
	private static final OffsetDateTime EARLIEST = OffsetDateTime.of(-4712, 11, 24, 0, 0, 0, 0, ZoneOffset.UTC);

	private static final OffsetDateTime AFTER_LATEST = OffsetDateTime.of(294277, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);

	Keyset keyset() {
		List<String> keys = switch (this.field) {
			case ID -> List.of("id");
			case USERNAME -> List.of("lower(username)", "id");
			case CREATED_AT -> List.of("created_at", "id");
		};
		return new Keyset(keys, this.direction == Direction.DESC);
	}

	String cursorOf(User user) {
		List<String> values = switch (this.field) {
			case ID -> List.of(String.valueOf(user.id()));
			case USERNAME -> List.of(user.username().toLowerCase(Locale.ROOT), String.valueOf(user.id()));
			case CREATED_AT -> List.of(user.createdAt().toString(), String.valueOf(user.id()));
		};
		return Cursor.encode(cursorKind(), values);
	}

	/** The keyset values in {@code cursor}, or {@code BAD_USER_INPUT}. */
	List<?> keysetValues(String cursor, String argument) {
		List<String> values = Cursor.decode(cursor, cursorKind(), (this.field == Field.ID) ? 1 : 2, argument);
		try {
			return switch (this.field) {
				case ID -> List.of(Long.parseLong(values.get(0)));
				case USERNAME -> List.of(values.get(0), Long.parseLong(values.get(1)));
				case CREATED_AT -> List.of(createdAt(values.get(0), argument), Long.parseLong(values.get(1)));
			};
		}
		catch (NumberFormatException | DateTimeParseException ex) {
			throw notACursor(argument);
		}
	}

	/** A cursor's creation time: refused unless UTC and within timestamptz. */
	private static OffsetDateTime createdAt(String value, String argument) {
		OffsetDateTime time = OffsetDateTime.parse(value);
		if (!time.getOffset().equals(ZoneOffset.UTC) || time.isBefore(EARLIEST) || !time.isBefore(AFTER_LATEST)) {
			throw notACursor(argument);
		}
		return time;
	}

	private static ApiException notACursor(String argument) {
		return new ApiException(ErrorCode.BAD_USER_INPUT, "'" + argument + "' is not a cursor of this list and order",
				argument);
	}

	private String cursorKind() {
		return "users-" + this.field + "-" + ((this.direction == Direction.DESC) ? "DESC" : "ASC");
	}

	public enum Field {

		ID, USERNAME, CREATED_AT

	}

}
