package com.example.userprofiles.graphql;

import graphql.analysis.MaxQueryComplexityInstrumentation;
import graphql.execution.instrumentation.Instrumentation;
import graphql.parser.ParserOptions;
import io.micrometer.observation.ObservationPredicate;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.graphql.autoconfigure.GraphQlSourceBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.graphql.execution.RuntimeWiringConfigurer;
import org.springframework.graphql.observation.DataFetcherObservationContext;

/**
 * How GraphQL documents are run: the scalars beyond GraphQL's own, a cache of parsed
 * documents, which fields are timed, and the limits a document passes first (parser
 * limits, then depth, cost and NUL characters). The limits come first among
 * instrumentations, so a refused document touches no data and starts no snapshot.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(LimitsProperties.class)
class GraphQlConfiguration {

	GraphQlConfiguration(LimitsProperties limits) {
		// JVM-wide: graphql-java has no other place for them
		ParserOptions.setDefaultOperationParserOptions(ParserOptions.getDefaultOperationParserOptions()
			.transform((builder) -> builder.maxCharacters(limits.maxCharacters()).maxTokens(limits.maxTokens())));
	}

	@Bean
	GraphQlSourceBuilderCustomizer documentCache() {
		DocumentCache cache = new DocumentCache();
		return builder -> builder.configureGraphQl(graphQl -> graphQl.preparsedDocumentProvider(cache));
	}

	/**
	 * {@code graphql.datafetcher} observations for root fields only: below the root a
	 * field runs once per node, and timing each adds little.
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

	@Bean
	@Order(Ordered.HIGHEST_PRECEDENCE)
	Instrumentation maxDepth(LimitsProperties limits) {
		return new DepthLimit(limits.maxDepth());
	}

	@Bean
	@Order(Ordered.HIGHEST_PRECEDENCE)
	Instrumentation maxCost(LimitsProperties limits) {
		return new MaxQueryComplexityInstrumentation(limits.maxCost(), new QueryCost());
	}

	@Bean
	@Order(Ordered.HIGHEST_PRECEDENCE)
	Instrumentation nulCharacters() {
		return new NulCharacters();
	}

}
