package com.example.userprofiles.shared.graphql;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import graphql.execution.ExecutionContext;
import graphql.language.Field;
import graphql.language.FragmentDefinition;
import graphql.language.FragmentSpread;
import graphql.language.InlineFragment;
import graphql.language.OperationDefinition;
import graphql.language.Selection;
import graphql.language.SelectionSet;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLFieldsContainer;
import graphql.schema.GraphQLSchema;
import graphql.schema.GraphQLType;
import graphql.schema.GraphQLTypeUtil;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * How many SQL statements a query operation can send at most, counted from its document
 * before it runs: one per selected {@link StatementField}, except the fields a statement
 * above them joins. {@code @skip} and {@code @include} are not evaluated (a field they
 * leave out still counts), so the count can only be too high, never too low. An operation
 * is counted once ({@link OperationMemo}), and within the count each fragment once per
 * place it is spread from: a document of fragments that each spread the next twice holds
 * 2^n fields when every spread is walked, and 30 such fragments (2 KB) held a core for
 * minutes.
 */
@Component
class QueryStatements {

	private final Map<String, Map<String, StatementField>> fieldsByType = new HashMap<>();

	private final OperationMemo counts = new OperationMemo();

	QueryStatements(List<StatementField> fields) {
		fields.forEach(field -> this.fieldsByType.computeIfAbsent(field.type(), (type) -> new HashMap<>())
			.put(field.field(), field));
	}

	/** Whether the operation being executed sends one statement or none. */
	boolean atMostOne(ExecutionContext context) {
		return this.counts.get(context, (operation) -> count(operation.getGraphQLSchema(),
				operation.getOperationDefinition(), operation.getFragmentsByName())) <= 1;
	}

	/** The statements {@code operation} can send, counted up to two. */
	int count(GraphQLSchema schema, OperationDefinition operation, Map<String, FragmentDefinition> fragments) {
		GraphQLFieldsContainer root = switch (operation.getOperation()) {
			case QUERY -> schema.getQueryType();
			case MUTATION -> schema.getMutationType();
			case SUBSCRIPTION -> schema.getSubscriptionType();
		};
		return (root != null) ? Math.min(2, count(schema, operation.getSelectionSet(), root, null, "",
				new Fragments(fragments, new HashMap<>()), 0)) : 2;
	}

	/**
	 * The statements the fields of {@code set} send, {@code owner} being the nearest
	 * statement field above them and {@code path} theirs below it.
	 */
	private int count(GraphQLSchema schema, @Nullable SelectionSet set, GraphQLFieldsContainer type,
			@Nullable StatementField owner, String path, Fragments fragments, int nesting) {
		if (set == null) {
			return 0;
		}
		if (nesting > Selections.MAX_FRAGMENT_NESTING) {
			return 2;
		}
		int count = 0;
		for (Selection<?> selection : set.getSelections()) {
			if (count > 1) {
				return count;
			}
			if (selection instanceof Field field) {
				count += count(schema, field, type, owner, path, fragments);
			}
			else if (selection instanceof InlineFragment inline) {
				GraphQLFieldsContainer on = (inline.getTypeCondition() != null)
						? container(schema.getType(inline.getTypeCondition().getName()), type) : type;
				count += count(schema, inline.getSelectionSet(), on, owner, path, fragments, nesting + 1);
			}
			else if (selection instanceof FragmentSpread spread) {
				FragmentDefinition fragment = fragments.definitions().get(spread.getName());
				if (fragment != null) {
					GraphQLFieldsContainer on = container(schema.getType(fragment.getTypeCondition().getName()), type);
					// The same fragment spread where the same fields are counted counts
					// the same: worked out once
					Visit visit = new Visit(spread.getName(), on.getName(), owner, path, nesting + 1);
					Integer known = fragments.counted().get(visit);
					if (known == null) {
						known = count(schema, fragment.getSelectionSet(), on, owner, path, fragments, nesting + 1);
						fragments.counted().put(visit, known);
					}
					count += known;
				}
			}
		}
		return count;
	}

	private int count(GraphQLSchema schema, Field field, GraphQLFieldsContainer type, @Nullable StatementField owner,
			String path, Fragments fragments) {
		if (field.getName().startsWith("__")) {
			// introspection and __typename read the schema, not the database
			return 0;
		}
		GraphQLFieldDefinition definition = type.getFieldDefinition(field.getName());
		if (definition == null) {
			// validation has refused the document already
			return 2;
		}
		String at = path.isEmpty() ? field.getName() : path + "/" + field.getName();
		GraphQLType fieldType = GraphQLTypeUtil.unwrapAll(definition.getType());
		GraphQLFieldsContainer below = (fieldType instanceof GraphQLFieldsContainer container) ? container : null;
		StatementField statement = this.fieldsByType.getOrDefault(type.getName(), Map.of()).get(field.getName());
		if (statement == null) {
			return (below != null) ? count(schema, field.getSelectionSet(), below, owner, at, fragments, 0) : 0;
		}
		int own = (owner != null && owner.joined().contains(at)) ? 0 : 1;
		return own + ((below != null) ? count(schema, field.getSelectionSet(), below, statement, "", fragments, 0) : 0);
	}

	/** The document's fragments, and what each counted where it was spread. */
	private record Fragments(Map<String, FragmentDefinition> definitions, Map<Visit, Integer> counted) {
	}

	/** A fragment spread in one place: what the count of its fields depends on. */
	private record Visit(String fragment, String type, @Nullable StatementField owner, String path, int nesting) {
	}

	private static GraphQLFieldsContainer container(@Nullable GraphQLType type, GraphQLFieldsContainer otherwise) {
		return (type instanceof GraphQLFieldsContainer container) ? container : otherwise;
	}

}
