package com.example.userprofiles.graphql;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.example.userprofiles.error.ApiException;
import com.example.userprofiles.error.ErrorCode;
import graphql.schema.DataFetchingEnvironment;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.LightDataFetcher;
import org.jspecify.annotations.Nullable;

/**
 * A global object id (GraphQL Global Object Identification): Base64 of {@code Type:key}.
 * Unique across types, so a client cache keyed by id alone keeps a user and its profile,
 * which share a key, apart. Only the canonical form is read, so each object has one id.
 */
public record GlobalId(String type, long key) {

	private static final Pattern FORM = Pattern.compile("([A-Z][A-Za-z]*):([1-9][0-9]{0,18})");

	public String encode() {
		return Base64.getEncoder().encodeToString((this.type + ":" + this.key).getBytes(StandardCharsets.UTF_8));
	}

	/** The global id {@code id}, or empty if it is not one this server makes. */
	public static Optional<GlobalId> decode(String id) {
		String text;
		try {
			text = new String(Base64.getDecoder().decode(id), StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			return Optional.empty();
		}
		Matcher matcher = FORM.matcher(text);
		if (!matcher.matches()) {
			return Optional.empty();
		}
		try {
			GlobalId decoded = new GlobalId(matcher.group(1), Long.parseLong(matcher.group(2)));
			return decoded.encode().equals(id) ? Optional.of(decoded) : Optional.empty();
		}
		catch (NumberFormatException ex) {
			return Optional.empty();
		}
	}

	/**
	 * The key of {@code id}, the value of {@code argument}, which must be the id of a
	 * {@code type}; else {@code BAD_USER_INPUT} naming the argument.
	 */
	public static long key(String id, String type, String argument) {
		return decode(id).filter(decoded -> decoded.type().equals(type))
			.orElseThrow(() -> new ApiException(ErrorCode.BAD_USER_INPUT,
					"'" + argument + "' is not the id of a " + type + ": give the `id` that this API returned",
					argument))
			.key();
	}

	/**
	 * The field holding the global id of a {@code type} whose key is {@code key(source)},
	 * null where the key is.
	 */
	public static <S> LightDataFetcher<@Nullable String> field(Class<S> source, String type,
			Function<S, @Nullable Long> key) {
		return light(source, value -> {
			Long k = key.apply(value);
			return (k != null) ? new GlobalId(type, k).encode() : null;
		});
	}

	/**
	 * The {@code databaseId} field: the key as an {@code Int}, or an error, never a
	 * wrapped number, for a key beyond it.
	 */
	public static <S> LightDataFetcher<Integer> databaseId(Class<S> source, ToLongFunction<S> key) {
		return light(source, value -> {
			long k = key.applyAsLong(value);
			if (k > Integer.MAX_VALUE) {
				throw new ApiException(ErrorCode.INTERNAL_SERVER_ERROR,
						"This key, " + k + ", is beyond an Int: use the object's `id`", "databaseId");
			}
			return (int) k;
		});
	}

	private static <S, T> LightDataFetcher<T> light(Class<S> source, Function<S, T> read) {
		return new LightDataFetcher<>() {

			@Override
			public T get(GraphQLFieldDefinition field, Object value, Supplier<DataFetchingEnvironment> env) {
				return read.apply(source.cast(value));
			}

			@Override
			public T get(DataFetchingEnvironment env) {
				return read.apply(source.cast(env.getSource()));
			}

		};
	}

}
