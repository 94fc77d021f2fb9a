package com.example.userprofiles.shared.config;

import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.parameters.InstrumentationFieldFetchParameters;
import graphql.schema.DataFetcher;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.graphql.observation.GraphQlObservationInstrumentation;

/**
 * Spring for GraphQL's observations, with {@code graphql.datafetcher} kept to the fields
 * of the operation's root ({@code users}, {@code signUp}, ...). Below the root a field is
 * fetched once per node: observing {@code User.profile} on each of a page's 50 users cost
 * a share of the server's CPU that grew with the page and told nothing the root field's
 * timing does not.
 */
class RootFieldObservations extends GraphQlObservationInstrumentation {

	RootFieldObservations(ObservationRegistry registry) {
		super(registry);
	}

	@Override
	public DataFetcher<?> instrumentDataFetcher(DataFetcher<?> dataFetcher,
			InstrumentationFieldFetchParameters parameters, @Nullable InstrumentationState state) {
		// Spring observes no trivial fetcher either; asking a trivial field for its step
		// info would build the DataFetchingEnvironment that graphql-java spares it
		if (parameters.isTrivialDataFetcher() || parameters.getExecutionStepInfo().getPath().getLevel() > 1) {
			return dataFetcher;
		}
		return super.instrumentDataFetcher(dataFetcher, parameters, state);
	}

}
