package com.example.userprofiles.graphql;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import graphql.GraphQLContext;
import graphql.execution.CoercedVariables;
import graphql.language.Value;
import graphql.scalars.ExtendedScalars;
import graphql.schema.Coercing;
import graphql.schema.GraphQLScalarType;
import org.jspecify.annotations.Nullable;

/**
 * The {@code DateTime} scalar of graphql-java-extended-scalars, but written with the
 * microseconds PostgreSQL keeps, so a value read back is the value stored.
 */
final class DateTimeScalar {

	// graphql-java serves the runtime scalar's description: it must be the schema file's
	static final String DESCRIPTION = "An RFC 3339 date-time with an offset, for example `2026-11-25T13:16:21.123456Z`.";

	private DateTimeScalar() {
	}

	@SuppressWarnings("unchecked")
	static GraphQLScalarType create() {
		Coercing<OffsetDateTime, String> parsing = (Coercing<OffsetDateTime, String>) ExtendedScalars.DateTime
			.getCoercing();
		Coercing<OffsetDateTime, String> coercing = new Coercing<>() {

			@Override
			public String serialize(Object value, GraphQLContext context, Locale locale) {
				if (value instanceof OffsetDateTime dateTime) {
					return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(dateTime);
				}
				return parsing.serialize(value, context, locale);
			}

			@Override
			public @Nullable OffsetDateTime parseValue(Object input, GraphQLContext context, Locale locale) {
				return parsing.parseValue(input, context, locale);
			}

			@Override
			public @Nullable OffsetDateTime parseLiteral(Value<?> input, CoercedVariables variables,
					GraphQLContext context, Locale locale) {
				return parsing.parseLiteral(input, variables, context, locale);
			}

			@Override
			public Value<?> valueToLiteral(Object input, GraphQLContext context, Locale locale) {
				return parsing.valueToLiteral(input, context, locale);
			}

		};
		return ExtendedScalars.DateTime.transform(scalar -> scalar.description(DESCRIPTION).coercing(coercing));
	}

}
