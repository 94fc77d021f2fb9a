package com.example.userprofiles.graphql;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import graphql.analysis.QueryComplexityCalculator;
import graphql.execution.CoercedVariables;
import graphql.parser.Parser;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.UnExecutableSchemaGenerator;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The costs the documentation quotes (SECURITY.md, {@link QueryCost}), worked out on the
 * real schema: a connection costs its statements whatever its page size, and only its
 * items grow with it.
 */
class QueryCostTests {

	private static final GraphQLSchema schema = schema();

	@Test
	void onePageOfAHundredUsersWithProfilesCostsAbout600() {
		assertThat(cost("{ users(first: 100) { edges { node { id username profile { description } } } } }"))
			.isEqualTo(602);
	}

	@Test
	void aCountCostsItsTwoStatementsWhateverThePageSize() {
		assertThat(cost("{ users(first: 0) { totalCount } }")).isEqualTo(202);
		assertThat(cost("{ users(last: 0) { totalCount } }")).isEqualTo(202);
		assertThat(cost("{ users(first: 100) { totalCount } }")).isEqualTo(202);
		assertThat(cost("{ profiles { totalCount } }")).isEqualTo(202);
	}

	@Test
	void anEmptyPageCostsItsStatementAndItsItemsAtLeastOnce() {
		assertThat(cost("{ users(first: 0) { nodes { id username } } }")).isEqualTo(1 + 100 + 1 + 2);
		assertThat(cost("{ users(first: 1) { nodes { id username } } }")).isEqualTo(1 + 100 + 1 + 2);
		assertThat(cost("{ users(first: 0) { pageInfo { hasNextPage } } }")).isEqualTo(1 + 100 + 2);
	}

	@Test
	void aPageSizeGivenAsAVariableCountsLikeALiteral() {
		String document = "query($n: Int) { users(first: $n) { nodes { id } } }";
		assertThat(cost(document, Map.of("n", 0))).isEqualTo(1 + 100 + 1 + 1);
		assertThat(cost(document, Map.of("n", 50))).isEqualTo(1 + 100 + 1 + 50);
		assertThat(cost(document, Map.of())).isEqualTo(1 + 100 + 1 + 20);
	}

	private static int cost(String document) {
		return cost(document, Map.of());
	}

	private static int cost(String document, Map<String, Object> variables) {
		return QueryComplexityCalculator.newCalculator()
			.fieldComplexityCalculator(new QueryCost())
			.schema(schema)
			.document(Parser.parse(document))
			.operationName(null)
			.variables(CoercedVariables.of(variables))
			.build()
			.calculate();
	}

	private static GraphQLSchema schema() {
		try (InputStream sdl = QueryCostTests.class.getResourceAsStream("/graphql/schema.graphqls")) {
			return UnExecutableSchemaGenerator.makeUnExecutableSchema(
					new SchemaParser().parse(new String(sdl.readAllBytes(), StandardCharsets.UTF_8)));
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
