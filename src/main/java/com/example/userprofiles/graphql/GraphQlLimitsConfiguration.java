package com.example.userprofiles.graphql;

import graphql.analysis.MaxQueryComplexityInstrumentation;
import graphql.execution.instrumentation.Instrumentation;
import graphql.parser.ParserOptions;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * The limits every GraphQL document passes before it runs: parser limits while it is
 * read, then depth and cost (graphql-java's instrumentations) before execution. A refused
 * document gets one {@code BAD_USER_INPUT} error and touches no data. Over WebSocket, the
 * operations a connection has open at once are limited too ({@code TOO_MANY_REQUESTS}
 * over it). The limits come first in the chain Spring for GraphQL builds from the
 * instrumentation beans' order, so a refusal comes before any other instrumentation
 * starts work, such as a query's snapshot transaction.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(LimitsProperties.class)
class GraphQlLimitsConfiguration {

	GraphQlLimitsConfiguration(LimitsProperties limits) {
		// JVM-wide: graphql-java parses every operation with these, unless a request's
		// context names others
		ParserOptions.setDefaultOperationParserOptions(ParserOptions.getDefaultOperationParserOptions()
			.transform((builder) -> builder.maxCharacters(limits.maxCharacters()).maxTokens(limits.maxTokens())));
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
