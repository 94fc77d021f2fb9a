package com.example.userprofiles.shared.config;

import io.micrometer.observation.ObservationRegistry;

import org.springframework.boot.graphql.autoconfigure.GraphQlSourceBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.graphql.execution.RuntimeWiringConfigurer;

/**
 * How GraphQL documents are run: the scalars {@code schema.graphqls} declares beyond
 * GraphQL's own, and a cache of parsed documents.
 */
@Configuration(proxyBeanMethods = false)
class GraphQlConfiguration {

	@Bean
	GraphQlSourceBuilderCustomizer documentCache() {
		DocumentCache cache = new DocumentCache();
		return builder -> builder.configureGraphQl(graphQl -> graphQl.preparsedDocumentProvider(cache));
	}

	/** In place of Spring Boot's: see {@link RootFieldObservations}. */
	@Bean
	RootFieldObservations graphQlObservationInstrumentation(ObservationRegistry registry) {
		return new RootFieldObservations(registry);
	}

	@Bean
	RuntimeWiringConfigurer scalars() {
		return wiring -> wiring.scalar(DateTimeScalar.create());
	}

}
