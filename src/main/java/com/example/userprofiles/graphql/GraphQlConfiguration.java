package com.example.userprofiles.graphql;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import graphql.ExecutionResult;
import graphql.analysis.MaxQueryComplexityInstrumentation;
import graphql.analysis.MaxQueryDepthInstrumentation;
import graphql.execution.AbortExecutionException;
import graphql.execution.ExecutionContext;
import graphql.execution.instrumentation.ChainedInstrumentation;
import graphql.execution.instrumentation.ExecuteObjectInstrumentationContext;
import graphql.execution.instrumentation.FieldFetchingInstrumentationContext;
import graphql.execution.instrumentation.Instrumentation;
import graphql.execution.instrumentation.InstrumentationContext;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationExecuteOperationParameters;
import graphql.execution.instrumentation.parameters.InstrumentationExecutionStrategyParameters;
import graphql.execution.instrumentation.parameters.InstrumentationFieldCompleteParameters;
import graphql.execution.instrumentation.parameters.InstrumentationFieldFetchParameters;
import graphql.execution.instrumentation.parameters.InstrumentationFieldParameters;
import graphql.language.Field;
import graphql.language.Node;
import graphql.language.OperationDefinition;
import graphql.language.StringValue;
import graphql.parser.ParserOptions;
import graphql.schema.DataFetcher;
import io.micrometer.observation.ObservationPredicate;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.graphql.autoconfigure.GraphQlSourceBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.graphql.execution.RuntimeWiringConfigurer;
import org.springframework.graphql.observation.DataFetcherObservationContext;
import org.springframework.graphql.observation.GraphQlObservationInstrumentation;

/**
 * How GraphQL documents are run: the scalars beyond GraphQL's own, a cache of parsed
 * documents that also serves Apollo's persisted queries and trusted documents, which
 * fields are timed, and the limits a document passes first (parser limits, then depth,
 * cost and NUL characters). The limits come first among instrumentations, so a refused
 * document touches no data and starts no snapshot.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ LimitsProperties.class, TrustedDocumentsProperties.class })
class GraphQlConfiguration {

	GraphQlConfiguration(LimitsProperties limits) {
		// JVM-wide: graphql-java has no other place for them
		ParserOptions.setDefaultOperationParserOptions(ParserOptions.getDefaultOperationParserOptions()
			.transform((builder) -> builder.maxCharacters(limits.maxCharacters()).maxTokens(limits.maxTokens())));
	}

	/**
	 * Parsed documents kept, Apollo's automatic persisted queries and trusted documents.
	 * The manifest is read here, so that a bad one stops the start.
	 */
	@Bean
	GraphQlSourceBuilderCustomizer documentCache(TrustedDocumentsProperties trusted) {
		DocumentCache cache = new DocumentCache(TrustedDocuments.load(trusted));
		return builder -> builder.configureGraphQl(graphQl -> graphQl.preparsedDocumentProvider(cache));
	}

	/**
	 * {@code graphql.datafetcher} observations for root fields only: below the root a
	 * field runs once per node, and timing each adds little.
	 */
	@Bean
	ObservationPredicate rootDataFetchersOnly() {
		return (name, context) -> !(context instanceof DataFetcherObservationContext fetch)
				|| fetch.getEnvironment().getExecutionStepInfo().getPath().getLevel() == 1;
	}

	/**
	 * The instrumentations chained as Spring for GraphQL chains them, except that those
	 * acting on whole operations (all but Spring's observations) are one member, first,
	 * that skips the per-field hooks: graphql-java otherwise calls every member's hooks
	 * for every field and object of the answer.
	 */
	@Bean
	GraphQlSourceBuilderCustomizer instrumentations(ObjectProvider<Instrumentation> instrumentations) {
		return builder -> builder.configureGraphQl(graphQl -> {
			List<Instrumentation> chain = new ArrayList<>();
			chain.add(new OperationInstrumentations(instrumentations.orderedStream()
				.filter(instrumentation -> !(instrumentation instanceof GraphQlObservationInstrumentation))
				.toList()));
			instrumentations.orderedStream()
				.filter(GraphQlObservationInstrumentation.class::isInstance)
				.forEach(chain::add);
			graphQl.instrumentation(new ChainedInstrumentation(chain));
		});
	}

	@Bean
	RuntimeWiringConfigurer scalars() {
		return wiring -> wiring.scalar(DateTimeScalar.create());
	}

	@Bean
	@Order(Ordered.HIGHEST_PRECEDENCE)
	Instrumentation maxDepth(LimitsProperties limits) {
		return new DepthLimit(limits.maxDepth());
	}

	@Bean
	@Order(Ordered.HIGHEST_PRECEDENCE)
	Instrumentation maxCost(LimitsProperties limits) {
		return new MaxQueryComplexityInstrumentation(limits.maxCost(), new QueryCost());
	}

	@Bean
	@Order(Ordered.HIGHEST_PRECEDENCE)
	Instrumentation nulCharacters() {
		return new NulCharacters();
	}

	/**
	 * graphql-java's depth limit, except for introspection: GraphiQL's introspection
	 * query nests deep, and graphql-java's good-faith introspection checks already bound
	 * it.
	 */
	static final class DepthLimit extends MaxQueryDepthInstrumentation {

		DepthLimit(int maxDepth) {
			super(maxDepth);
		}

		@Override
		public @Nullable InstrumentationContext<ExecutionResult> beginExecuteOperation(
				InstrumentationExecuteOperationParameters parameters, @Nullable InstrumentationState state) {
			if (isIntrospection(parameters.getExecutionContext().getOperationDefinition())) {
				return null;
			}
			return super.beginExecuteOperation(parameters, state);
		}

		@Override
		protected AbortExecutionException mkAbortException(int depth, int maxDepth) {
			return new AbortExecutionException(
					"The query nests " + depth + " fields deep; at most " + maxDepth + " are allowed");
		}

		/** Whether the operation selects introspection fields ({@code __schema}) only. */
		private static boolean isIntrospection(OperationDefinition operation) {
			return operation.getSelectionSet()
				.getSelections()
				.stream()
				.allMatch((selection) -> selection instanceof Field field && field.getName().startsWith("__"));
		}

	}

	/**
	 * Refuses a document whose strings (literals or variables) hold a NUL character
	 * before it runs: PostgreSQL text cannot hold one, and the failure would abort the
	 * query's snapshot for every field after it.
	 */
	static final class NulCharacters extends SimplePerformantInstrumentation {

		@Override
		public @Nullable InstrumentationContext<ExecutionResult> beginExecuteOperation(
				InstrumentationExecuteOperationParameters parameters, @Nullable InstrumentationState state) {
			ExecutionContext context = parameters.getExecutionContext();
			if (holdsNul(context.getCoercedVariables().toMap()) || holdsNul(context.getDocument())) {
				throw new AbortExecutionException("Strings may not hold a NUL character (\\u0000)");
			}
			return super.beginExecuteOperation(parameters, state);
		}

		/** Whether a string, a document node, or a variable's value holds a NUL. */
		private static boolean holdsNul(@Nullable Object value) {
			if (value instanceof StringValue literal) {
				return holdsNul(literal.getValue());
			}
			if (value instanceof String string) {
				return string.indexOf('\0') >= 0;
			}
			if (value instanceof Node<?> node) {
				return node.getChildren().stream().anyMatch(NulCharacters::holdsNul);
			}
			if (value instanceof Map<?, ?> map) {
				value = map.values();
			}
			return value instanceof Collection<?> items && items.stream().anyMatch(NulCharacters::holdsNul);
		}

	}

	/** Instrumentations of whole operations, chained without the per-field hooks. */
	static final class OperationInstrumentations extends ChainedInstrumentation {

		OperationInstrumentations(List<Instrumentation> instrumentations) {
			super(instrumentations);
		}

		@Override
		public @Nullable ExecuteObjectInstrumentationContext beginExecuteObject(
				InstrumentationExecutionStrategyParameters parameters, @Nullable InstrumentationState state) {
			return null;
		}

		@Override
		public @Nullable InstrumentationContext<Object> beginFieldExecution(InstrumentationFieldParameters parameters,
				@Nullable InstrumentationState state) {
			return null;
		}

		@Override
		public @Nullable FieldFetchingInstrumentationContext beginFieldFetching(
				InstrumentationFieldFetchParameters parameters, @Nullable InstrumentationState state) {
			return null;
		}

		@Override
		public @Nullable InstrumentationContext<Object> beginFieldCompletion(
				InstrumentationFieldCompleteParameters parameters, @Nullable InstrumentationState state) {
			return null;
		}

		@Override
		public @Nullable InstrumentationContext<Object> beginFieldListCompletion(
				InstrumentationFieldCompleteParameters parameters, @Nullable InstrumentationState state) {
			return null;
		}

		@Override
		public DataFetcher<?> instrumentDataFetcher(DataFetcher<?> dataFetcher,
				InstrumentationFieldFetchParameters parameters, @Nullable InstrumentationState state) {
			return dataFetcher;
		}

	}

}
