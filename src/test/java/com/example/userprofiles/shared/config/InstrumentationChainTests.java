package com.example.userprofiles.shared.config;

import java.util.ArrayList;
import java.util.List;

import com.example.userprofiles.shared.config.InstrumentationChain.FieldHook;
import graphql.execution.instrumentation.ChainedInstrumentation;
import graphql.execution.instrumentation.Instrumentation;
import graphql.execution.instrumentation.InstrumentationContext;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimpleInstrumentationContext;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationFieldFetchParameters;
import graphql.execution.instrumentation.parameters.InstrumentationFieldParameters;
import graphql.schema.DataFetcher;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.graphql.observation.GraphQlObservationInstrumentation;

import static org.assertj.core.api.Assertions.assertThat;

class InstrumentationChainTests {

	private final List<String> calls = new ArrayList<>();

	private final Instrumentation first = new SimplePerformantInstrumentation() {
	};

	private final Instrumentation second = new SimplePerformantInstrumentation() {
	};

	private final Instrumentation fieldTimer = new SimplePerformantInstrumentation() {
		@Override
		public InstrumentationContext<Object> beginFieldExecution(InstrumentationFieldParameters parameters,
				InstrumentationState state) {
			InstrumentationChainTests.this.calls.add("beginFieldExecution");
			return SimpleInstrumentationContext.noOp();
		}
	};

	private final Instrumentation fetchTimer = new SimplePerformantInstrumentation() {
		@Override
		public InstrumentationContext<Object> beginFieldFetch(InstrumentationFieldFetchParameters parameters,
				InstrumentationState state) {
			return SimpleInstrumentationContext.noOp();
		}
	};

	private final Instrumentation fetcherWrapper = new SimplePerformantInstrumentation() {
		@Override
		public DataFetcher<?> instrumentDataFetcher(DataFetcher<?> dataFetcher,
				InstrumentationFieldFetchParameters parameters, InstrumentationState state) {
			InstrumentationChainTests.this.calls.add("instrumentDataFetcher");
			return (environment) -> "wrapped";
		}
	};

	@Test
	void instrumentationsWithoutFieldHooksAreChainedTogetherWhereTheFirstOfThemStood() {
		Instrumentation chain = InstrumentationChain.of(List.of(this.first, this.fieldTimer, this.second));

		assertThat(chain).isInstanceOf(InstrumentationChain.class);
		List<Instrumentation> members = ((ChainedInstrumentation) chain).getInstrumentations();
		assertThat(members).hasSize(2);
		assertThat(members.get(0)).isInstanceOf(InstrumentationChain.class);
		assertThat(((ChainedInstrumentation) members.get(0)).getInstrumentations()).containsExactly(this.first,
				this.second);
		assertThat(members.get(1)).isSameAs(this.fieldTimer);
	}

	@Test
	void anInstrumentationWithAFieldHookKeepsItsPlace() {
		Instrumentation chain = InstrumentationChain.of(List.of(this.fieldTimer, this.first, this.second));

		List<Instrumentation> members = ((ChainedInstrumentation) chain).getInstrumentations();
		assertThat(members.get(0)).isSameAs(this.fieldTimer);
		assertThat(members.get(1)).isInstanceOf(InstrumentationChain.class);
	}

	@Test
	void aLoneInstrumentationIsNotChained() {
		assertThat(InstrumentationChain.of(List.of(this.fieldTimer))).isSameAs(this.fieldTimer);
	}

	@Test
	void aFieldHookNoMemberImplementsAnswersNothingAndOneThatIsImplementedReachesItsMember() throws Exception {
		InstrumentationChain chain = (InstrumentationChain) InstrumentationChain
			.of(List.of(this.first, this.fieldTimer, this.fetcherWrapper));
		InstrumentationState state = chain.createStateAsync(null).join();

		assertThat(chain.beginFieldFetching(null, state)).isNull();
		assertThat(chain.beginFieldCompletion(null, state)).isNull();
		assertThat(chain.beginFieldListCompletion(null, state)).isNull();
		assertThat(chain.beginExecuteObject(null, state)).isNull();
		assertThat(chain.beginFieldExecution(null, state)).isNotNull();
		DataFetcher<?> fetcher = chain.instrumentDataFetcher((environment) -> "plain", null, state);
		assertThat(this.calls).containsExactly("beginFieldExecution", "instrumentDataFetcher");
		// the member's wrapper, not the fetcher handed in
		assertThat(fetcher.get(null)).isEqualTo("wrapped");
	}

	@Test
	void aChainWithoutFieldHooksLeavesDataFetchersAsTheyAre() throws Exception {
		InstrumentationChain group = (InstrumentationChain) InstrumentationChain.of(List.of(this.first, this.second));
		DataFetcher<?> plain = (environment) -> "plain";

		assertThat(group.instrumentDataFetcher(plain, null, group.createStateAsync(null).join())).isSameAs(plain);
		assertThat(group.beginFieldExecution(null, null)).isNull();
	}

	@Test
	void theFieldHooksOfSpringsObservationAndOfOldStyleFetchTimersAreFound() {
		assertThat(InstrumentationChain.hooksOf(new GraphQlObservationInstrumentation(ObservationRegistry.create())))
			.containsExactly(FieldHook.DATA_FETCHER);
		assertThat(InstrumentationChain.hooksOf(this.fetchTimer)).containsExactly(FieldHook.FIELD_FETCH,
				FieldHook.FIELD_FETCHING);
		assertThat(InstrumentationChain.hooksOf(this.first)).isEmpty();
	}

	@Test
	void aChainOfGraphqlJavasOwnCountsAsImplementingEveryHook() {
		assertThat(InstrumentationChain.hooksOf(new ChainedInstrumentation(List.of(this.first))))
			.containsExactlyInAnyOrder(FieldHook.values());
	}

}
