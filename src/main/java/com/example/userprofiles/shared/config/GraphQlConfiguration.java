package com.example.userprofiles.shared.config;

import graphql.scalars.ExtendedScalars;
import graphql.schema.GraphQLScalarType;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.graphql.execution.RuntimeWiringConfigurer;

/** The scalars that {@code schema.graphqls} declares beyond GraphQL's own. */
@Configuration(proxyBeanMethods = false)
class GraphQlConfiguration {

	// The schema file's description; graphql-java serves the runtime scalar's own, so it is set
	// here too (SchemaTests checks that the served schema equals the file).
	private static final String DATE_TIME_DESCRIPTION = "An RFC 3339 date-time with an offset, for example `2026-11-25T13:16:21.123456Z`.";

	@Bean
	RuntimeWiringConfigurer scalars() {
		GraphQLScalarType dateTime = ExtendedScalars.DateTime.transform(scalar -> scalar.description(DATE_TIME_DESCRIPTION));
		return wiring -> wiring.scalar(dateTime);
	}

}
