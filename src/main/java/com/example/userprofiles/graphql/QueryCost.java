package com.example.userprofiles.graphql;

import java.util.List;

import graphql.analysis.FieldComplexityCalculator;
import graphql.analysis.FieldComplexityEnvironment;
import graphql.schema.GraphQLNamedType;
import graphql.schema.GraphQLTypeUtil;
import org.jspecify.annotations.Nullable;

/**
 * What a field costs, to graphql-java's {@code MaxQueryComplexityInstrumentation}: 1,
 * plus its selections. A connection field also costs its page statement, and its
 * {@code totalCount} the {@code count(*)} it runs, {@link #STATEMENT} each whatever the
 * page size: an empty page ({@code first: 0}) still sends both, and a count reads every
 * row the filter matches. Its items ({@code edges}, {@code nodes}) cost their selections
 * once per item of the page it asks for, and at least once. So one page of 100 users with
 * their profiles costs about 600, and 60 such pages (about 36,000) are refused; a count
 * alone costs about 200, so a document holds at most 24 of them.
 */
final class QueryCost implements FieldComplexityCalculator {

	/**
	 * What one statement costs, whatever it returns: as much as the fields of 100 rows,
	 * for a round trip, a plan and, for a count, every row it reads.
	 */
	static final int STATEMENT = 100;

	private static final List<String> PAGE_SIZES = List.of("first", "last");

	private static final List<String> ITEMS = List.of("edges", "nodes");

	@Override
	public int calculate(FieldComplexityEnvironment environment, int childComplexity) {
		GraphQLNamedType type = (GraphQLNamedType) GraphQLTypeUtil
			.unwrapAll(environment.getFieldDefinition().getType());
		if (isConnection(type.getName())) {
			// its page statement
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
					// an invalid size is refused by the field itself; here it must
					// only not be cheap
					return Math.max(1, Math.min(size, Page.MAX_SIZE));
				}
			}
		}
		return Page.DEFAULT_SIZE;
	}

}
