package com.example.userprofiles.graphql;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import graphql.Directives;
import graphql.GraphQLError;
import graphql.execution.AbortExecutionException;
import graphql.execution.instrumentation.InstrumentationContext;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationValidationParameters;
import graphql.language.Directive;
import graphql.language.Node;
import graphql.schema.DataFetcher;
import graphql.schema.FieldCoordinates;
import graphql.schema.GraphQLCodeRegistry;
import graphql.schema.GraphQLDirective;
import graphql.schema.idl.RuntimeWiring;
import graphql.validation.ValidationError;
import graphql.validation.ValidationErrorType;
import org.jspecify.annotations.Nullable;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.graphql.execution.RuntimeWiringConfigurer;
import org.springframework.stereotype.Component;

/**
 * Keeps {@code @defer} and {@code @experimental_disableErrorPropagation} out of the
 * served schema. graphql-java 25 adds both to every schema and has no switch to leave
 * them out, but {@code schema.graphqls} declares neither and this server delivers nothing
 * incrementally. So introspection does not list them, and a document that uses one fails
 * validation as an unknown directive, as it would on a schema without them.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
final class UndeclaredDirectives extends SimplePerformantInstrumentation implements RuntimeWiringConfigurer {

	static final Set<String> NAMES = Set.of(Directives.DeferDirective.getName(),
			Directives.ExperimentalDisableErrorPropagationDirective.getName());

	/**
	 * {@code __Schema.directives} without them: graphql-java's own fetcher yields to
	 * ours.
	 */
	@Override
	public void configure(RuntimeWiring.Builder wiring) {
		DataFetcher<List<GraphQLDirective>> declared = environment -> environment.getGraphQLSchema()
			.getDirectives()
			.stream()
			.filter(directive -> !NAMES.contains(directive.getName()))
			.toList();
		wiring.codeRegistry(GraphQLCodeRegistry.newCodeRegistry()
			.dataFetcher(FieldCoordinates.coordinates("__Schema", "directives"), declared));
	}

	/**
	 * Refuses a document that uses one, with the error graphql-java's validation gives an
	 * unknown directive. The refused document is not kept by the document cache.
	 */
	@Override
	public @Nullable InstrumentationContext<List<ValidationError>> beginValidation(
			InstrumentationValidationParameters parameters, @Nullable InstrumentationState state) {
		List<GraphQLError> errors = new ArrayList<>();
		collectUses(parameters.getDocument(), errors);
		if (!errors.isEmpty()) {
			throw new AbortExecutionException(errors);
		}
		return null;
	}

	private static void collectUses(Node<?> node, List<GraphQLError> errors) {
		if (node instanceof Directive directive && NAMES.contains(directive.getName())) {
			errors.add(ValidationError.newValidationError()
				.validationErrorType(ValidationErrorType.UnknownDirective)
				.sourceLocation(directive.getSourceLocation())
				.description(
						"Validation error (UnknownDirective) : Unknown directive '%s'".formatted(directive.getName()))
				.build());
		}
		node.getChildren().forEach(child -> collectUses(child, errors));
	}

}
