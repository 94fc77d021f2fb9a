package com.example.userprofiles.shared.config;

import graphql.execution.instrumentation.Instrumentation;

import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.graphql.autoconfigure.GraphQlSourceBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.graphql.execution.RuntimeWiringConfigurer;

/**
 * How GraphQL documents are run: the scalars {@code schema.graphqls} declares beyond
 * GraphQL's own, a cache of parsed documents, and the instrumentations chained so that
 * per-field calls reach only those that act on fields.
 */
@Configuration(proxyBeanMethods = false)
class GraphQlConfiguration {

	@Bean
	GraphQlSourceBuilderCustomizer documentCache() {
		DocumentCache cache = new DocumentCache();
		return builder -> builder.configureGraphQl(graphQl -> graphQl.preparsedDocumentProvider(cache));
	}

	/**
	 * Replaces the chain Spring for GraphQL builds from the {@link Instrumentation} beans
	 * (the same beans, in the same order) with {@link InstrumentationChain}.
	 */
	@Bean
	GraphQlSourceBuilderCustomizer instrumentationChain(ObjectProvider<Instrumentation> instrumentations) {
		return builder -> builder.configureGraphQl(
				graphQl -> graphQl.instrumentation(InstrumentationChain.of(instrumentations.orderedStream().toList())));
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
