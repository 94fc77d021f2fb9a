package com.example.userprofiles.graphql;

import io.micrometer.observation.ObservationPredicate;

import org.springframework.boot.graphql.autoconfigure.GraphQlSourceBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.graphql.execution.RuntimeWiringConfigurer;
import org.springframework.graphql.observation.DataFetcherObservationContext;

/**
 * How GraphQL documents are run: the scalars {@code schema.graphqls} declares beyond
 * GraphQL's own, a cache of parsed documents, and which fields are timed.
 */
@Configuration(proxyBeanMethods = false)
class GraphQlConfiguration {

	@Bean
	GraphQlSourceBuilderCustomizer documentCache() {
		DocumentCache cache = new DocumentCache();
		return builder -> builder.configureGraphQl(graphQl -> graphQl.preparsedDocumentProvider(cache));
	}

	/**
	 * Spring Boot's {@code graphql.datafetcher} observations, for the fields of the
	 * operation's root only ({@code users}, {@code signUp}, ...): below the root a field
	 * is fetched once per node, and timing each tells nothing the root field's does not.
	 */
	@Bean
	ObservationPredicate rootDataFetchersOnly() {
		return (name, context) -> !(context instanceof DataFetcherObservationContext fetch)
				|| fetch.getEnvironment().getExecutionStepInfo().getPath().getLevel() == 1;
	}

	@Bean
	RuntimeWiringConfigurer scalars() {
		return wiring -> wiring.scalar(DateTimeScalar.create());
	}

}
