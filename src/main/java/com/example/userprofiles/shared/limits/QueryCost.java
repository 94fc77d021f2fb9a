package com.example.userprofiles.shared.limits;

import graphql.analysis.FieldComplexityCalculator;
import graphql.analysis.FieldComplexityEnvironment;
import graphql.schema.GraphQLNamedType;
import graphql.schema.GraphQLTypeUtil;

import com.example.userprofiles.shared.graphql.Page;

/**
 * What a field costs: 1, plus its selections; for a connection, its selections once per
 * item of the page it asks for. So 60 aliased pages of 100 users with their profiles cost
 * about 36,000 and are refused, while one such page costs about 600.
 */
final class QueryCost implements FieldComplexityCalculator {

	@Override
	public int calculate(FieldComplexityEnvironment environment, int childComplexity) {
		GraphQLNamedType type = (GraphQLNamedType) GraphQLTypeUtil
			.unwrapAll(environment.getFieldDefinition().getType());
		if (!type.getName().endsWith("Connection")) {
			return 1 + childComplexity;
		}
		return 1 + pageSize(environment) * Math.max(childComplexity, 1);
	}

	private static int pageSize(FieldComplexityEnvironment environment) {
		for (String argument : new String[] { "first", "last" }) {
			if (environment.getArguments().get(argument) instanceof Integer size) {
				// an invalid size is refused by the field itself; here it must only not
				// be cheap
				return Math.max(0, Math.min(size, Page.MAX_SIZE));
			}
		}
		return Page.DEFAULT_SIZE;
	}

}
