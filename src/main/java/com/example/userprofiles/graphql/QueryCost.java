package com.example.userprofiles.graphql;

import java.util.List;

import graphql.analysis.FieldComplexityCalculator;
import graphql.analysis.FieldComplexityEnvironment;
import graphql.schema.GraphQLNamedType;
import graphql.schema.GraphQLTypeUtil;
import org.jspecify.annotations.Nullable;

/**
 * What a field costs, for {@code MaxQueryComplexityInstrumentation}: 1 plus its
 * selections. A connection's page statement and its {@code totalCount} cost
 * {@link #STATEMENT} each whatever the page size, since even {@code first: 0} sends them;
 * its {@code edges} and {@code nodes} cost their selections once per item asked for, as
 * {@code Query.nodes} does once per id.
 */
final class QueryCost implements FieldComplexityCalculator {

	/** What one statement costs: as much as the fields of 100 rows. */
	static final int STATEMENT = 100;

	private static final List<String> PAGE_SIZES = List.of("first", "last");

	private static final List<String> ITEMS = List.of("edges", "nodes");

	@Override
	public int calculate(FieldComplexityEnvironment environment, int childComplexity) {
		GraphQLNamedType type = (GraphQLNamedType) GraphQLTypeUtil
			.unwrapAll(environment.getFieldDefinition().getType());
		if (environment.getArguments().get("ids") instanceof List<?> ids) {
			// Query.nodes: its selections once per id
			return 1 + ids.size() * Math.max(childComplexity, 1);
		}
		if (isConnection(type.getName())) {
			return 1 + STATEMENT + childComplexity;
		}
		if (isConnection(environment.getParentType().getName())) {
			String field = environment.getFieldDefinition().getName();
			if (field.equals("totalCount")) {
				return 1 + STATEMENT;
			}
			if (ITEMS.contains(field)) {
				return 1 + pageSize(environment.getParentEnvironment()) * Math.max(childComplexity, 1);
			}
		}
		return 1 + childComplexity;
	}

	private static boolean isConnection(String typeName) {
		return typeName.endsWith("Connection");
	}

	/** The size of the page the connection field asks for, between 1 and the maximum. */
	private static int pageSize(@Nullable FieldComplexityEnvironment connection) {
		if (connection != null) {
			for (String argument : PAGE_SIZES) {
				if (connection.getArguments().get(argument) instanceof Integer size) {
					// the field refuses an invalid size; here it must only not be cheap
					return Math.max(1, Math.min(size, Page.MAX_SIZE));
				}
			}
		}
		return Page.DEFAULT_SIZE;
	}

}
