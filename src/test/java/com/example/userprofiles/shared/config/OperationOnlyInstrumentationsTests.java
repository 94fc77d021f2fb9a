package com.example.userprofiles.shared.config;

import java.util.List;

import graphql.execution.instrumentation.ChainedInstrumentation;
import graphql.execution.instrumentation.Instrumentation;
import graphql.execution.instrumentation.InstrumentationContext;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimpleInstrumentationContext;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationFieldParameters;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.graphql.observation.GraphQlObservationInstrumentation;

import static org.assertj.core.api.Assertions.assertThat;

class OperationOnlyInstrumentationsTests {

	private final Instrumentation first = new SimplePerformantInstrumentation() {
	};

	private final Instrumentation second = new SimplePerformantInstrumentation() {
	};

	private final Instrumentation fieldTimer = new SimplePerformantInstrumentation() {
		@Override
		public InstrumentationContext<Object> beginFieldExecution(InstrumentationFieldParameters parameters,
				InstrumentationState state) {
			return SimpleInstrumentationContext.noOp();
		}
	};

	@Test
	void instrumentationsWithoutFieldHooksAreChainedTogetherWhereTheFirstOfThemStood() {
		Instrumentation chain = OperationOnlyInstrumentations.chain(List.of(this.first, this.fieldTimer, this.second));

		assertThat(chain).isInstanceOf(ChainedInstrumentation.class);
		List<Instrumentation> members = ((ChainedInstrumentation) chain).getInstrumentations();
		assertThat(members).hasSize(2);
		assertThat(members.get(0)).isInstanceOf(OperationOnlyInstrumentations.class);
		assertThat(((ChainedInstrumentation) members.get(0)).getInstrumentations()).containsExactly(this.first,
				this.second);
		assertThat(members.get(1)).isSameAs(this.fieldTimer);
	}

	@Test
	void anInstrumentationWithAFieldHookKeepsItsPlaceAndSeesFields() {
		Instrumentation chain = OperationOnlyInstrumentations.chain(List.of(this.fieldTimer, this.first));

		List<Instrumentation> members = ((ChainedInstrumentation) chain).getInstrumentations();
		assertThat(members.get(0)).isSameAs(this.fieldTimer);
		assertThat(members.get(1)).isInstanceOf(OperationOnlyInstrumentations.class);
	}

	@Test
	void springsObservationOfDataFetchersHasFieldHooksAndThisProjectsLimitsDoNot() {
		assertThat(OperationOnlyInstrumentations
			.hasNoFieldHook(new GraphQlObservationInstrumentation(ObservationRegistry.create()))).isFalse();
		assertThat(OperationOnlyInstrumentations.hasNoFieldHook(this.first)).isTrue();
		assertThat(OperationOnlyInstrumentations.hasNoFieldHook(this.fieldTimer)).isFalse();
	}

	@Test
	void theGroupsFieldHooksReachNoneOfItsMembers() {
		OperationOnlyInstrumentations group = (OperationOnlyInstrumentations) OperationOnlyInstrumentations
			.chain(List.of(this.first, this.second));

		assertThat(group.beginFieldExecution(null, null)).isNull();
		assertThat(group.beginFieldFetching(null, null)).isNull();
		assertThat(group.beginFieldCompletion(null, null)).isNull();
		assertThat(group.beginExecuteObject(null, null)).isNull();
	}

}
