package com.example.userprofiles.shared.limits;

import java.util.List;

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

	private static final List<String> PAGE_SIZES = List.of("first", "last");

	/** Whether an argument of that name sets a page's size, and so the cost. */
	static boolean isPageSize(String argument) {
		return PAGE_SIZES.contains(argument);
	}

	private static int pageSize(FieldComplexityEnvironment environment) {
		for (String argument : PAGE_SIZES) {
			if (environment.getArguments().get(argument) instanceof Integer size) {
				// an invalid size is refused by the field itself; here it must only not
				// be cheap
				return Math.max(0, Math.min(size, Page.MAX_SIZE));
			}
		}
		return Page.DEFAULT_SIZE;
	}

}
