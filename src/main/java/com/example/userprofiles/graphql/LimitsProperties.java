package com.example.userprofiles.graphql;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Limits on GraphQL documents ({@code app.limits.*}).
 *
 * @param maxDepth the deepest field nesting a query may have
 * @param maxCost the highest cost a document may have ({@link QueryCost})
 * @param maxCharacters the longest document, in characters
 * @param maxTokens the most parser tokens a document may have
 * @param credentialFields the mutation fields that check or set a password, at most one
 * per document
 * @param maxOperationsPerConnection the most operations one WebSocket connection may have
 * open at once: its subscriptions, and its queries and mutations still running
 */
@ConfigurationProperties("app.limits")
public record LimitsProperties(@DefaultValue("12") int maxDepth, @DefaultValue("5000") int maxCost,
		@DefaultValue("65536") int maxCharacters, @DefaultValue("5000") int maxTokens, @DefaultValue( {
				"signUp", "logIn", "changePassword" }) List<String> credentialFields,
		@DefaultValue("100") int maxOperationsPerConnection){
}
