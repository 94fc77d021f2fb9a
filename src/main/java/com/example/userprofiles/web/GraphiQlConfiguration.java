package com.example.userprofiles.web;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.graphql.server.webmvc.GraphiQlHandler;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * GraphiQL at {@code /graphiql}, from files this server serves. Spring for GraphQL's own
 * page loads GraphiQL from a CDN, which fails wherever browsers cannot reach it (closed
 * networks, strict content security policies); this page is the same handler with a page
 * whose scripts come from {@code static/graphiql-assets/}. Spring's page is switched off
 * ({@code spring.graphql.graphiql.enabled=false}). {@code app.graphiql.enabled=false}
 * turns this one off (the {@code prod} profile does).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "app.graphiql.enabled", matchIfMissing = true)
class GraphiQlConfiguration {

	@Bean
	RouterFunction<ServerResponse> graphiQlRoute() {
		GraphiQlHandler handler = new GraphiQlHandler("/graphql", "/graphql",
				new ClassPathResource("web/graphiql.html"));
		return RouterFunctions.route().GET("/graphiql", handler::handleRequest).build();
	}

}
