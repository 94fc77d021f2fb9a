package com.example.userprofiles.graphql;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Limits on GraphQL documents ({@code app.limits.*}).
 *
 * @param maxCost the highest {@link QueryCost} a document may have
 * @param credentialFields the fields that check or set a password: one per document
 * @param maxOperationsPerConnection the most operations a WebSocket may have open
 * @param maxRequestSize the largest request body, and WebSocket message in characters
 */
@ConfigurationProperties("app.limits")
public record LimitsProperties(@DefaultValue("12") int maxDepth, @DefaultValue("5000") int maxCost,
		@DefaultValue("65536") int maxCharacters, @DefaultValue("5000") int maxTokens, @DefaultValue( {
				"signUp", "logIn", "changePassword" }) List<String> credentialFields,
		@DefaultValue("100") int maxOperationsPerConnection, @DefaultValue("256KB") DataSize maxRequestSize){
}
