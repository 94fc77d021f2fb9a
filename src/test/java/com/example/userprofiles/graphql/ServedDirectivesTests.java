package com.example.userprofiles.graphql;

import com.example.userprofiles.support.Api;
import com.example.userprofiles.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.graphql.test.tester.GraphQlTester;

import static com.example.userprofiles.support.Api.expect;
import static com.example.userprofiles.support.Api.run;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The served schema's directives are those of {@code schema.graphqls} and GraphQL's own:
 * graphql-java's {@code @defer} and {@code @experimental_disableErrorPropagation} are
 * neither listed nor accepted.
 */
@IntegrationTest
class ServedDirectivesTests {

	@Autowired
	Api api;

	@Test
	void dateTimeNamesItsSpecificationAsTheSchemaFileDoes() {
		expect(run(this.api.anonymous(), "{ __type(name: \"DateTime\") { specifiedByURL } }"), "__type.specifiedByURL",
				"https://scalars.graphql.org/andimarek/date-time");
	}

	@Test
	void introspectionListsGraphQLsOwnDirectivesOnly() {
		run(this.api.anonymous(), "{ __schema { directives { name } } }").path("__schema.directives[*].name")
			.entityList(String.class)
			.containsExactly("include", "skip", "deprecated", "specifiedBy", "oneOf");
	}

	@ParameterizedTest
	@ValueSource(strings = { "{ ... @defer { __typename } }",
			"query Q @experimental_disableErrorPropagation { __typename }" })
	void aDocumentUsingAnUnservedDirectiveFailsValidationEachTimeItIsSent(String document) {
		String name = document.contains("defer") ? "defer" : "experimental_disableErrorPropagation";
		for (int attempt = 0; attempt < 2; attempt++) {
			GraphQlTester.Response response = run(this.api.anonymous(), document);
			response.errors().satisfy(errors -> {
				assertThat(errors).singleElement().satisfies(error -> {
					assertThat(error.getMessage()).contains("Unknown directive '" + name + "'");
					assertThat(error.getErrorType()).hasToString("ValidationError");
					assertThat(error.getExtensions()).containsEntry("code", "BAD_USER_INPUT");
					assertThat(error.getLocations()).isNotEmpty();
				});
			});
			response.path("__typename").pathDoesNotExist();
		}
	}

}
