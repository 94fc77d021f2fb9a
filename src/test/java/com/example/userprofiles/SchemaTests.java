package com.example.userprofiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import com.example.userprofiles.support.Api;
import com.example.userprofiles.support.IntegrationTest;
import com.example.userprofiles.support.SchemaReportHolder;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.SchemaPrinter;
import graphql.schema.idl.UnExecutableSchemaGenerator;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.graphql.execution.SchemaReport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The schema file is the contract: every field of it is served, and it is what the server
 * serves.
 */
@IntegrationTest
class SchemaTests {

	@Autowired
	SchemaReportHolder schemaReport;

	@Autowired
	Api api;

	@Test
	void everyFieldOfTheSchemaIsMappedAndNothingElseIs() {
		SchemaReport report = this.schemaReport.get();
		assertThat(report).as("schema inspection ran").isNotNull();
		assertThat(report.unmappedFields()).as("unmapped fields").isEmpty();
		assertThat(report.unmappedRegistrations()).as("unmapped registrations").isEmpty();
		assertThat(report.unmappedArguments()).as("unmapped arguments").isEmpty();
		assertThat(report.skippedTypes()).as("skipped types").isEmpty();
		assertThat(report.fieldNullnessErrors()).as("field nullness errors").isEmpty();
		assertThat(report.argumentNullnessErrors()).as("argument nullness errors").isEmpty();
	}

	@Test
	void theServedSchemaIsTheSchemaFile() throws IOException {
		String served = this.api.http()
			.get()
			.uri("/graphql/schema")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		String file = Files.readString(Path.of("schema.graphqls"), StandardCharsets.UTF_8);

		assertThat(served).isNotBlank();
		assertThat(normalized(served)).isEqualTo(normalized(file));
	}

	@Test
	void graphiqlIsServedAtSlashGraphiql() {
		String page = this.api.http()
			.get()
			.uri("/graphiql?path=/graphql")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(page).containsIgnoringCase("graphiql");
	}

	@Test
	void everyTypeAndFieldIsDescribed() throws IOException {
		GraphQLSchema schema = schema(Files.readString(Path.of("schema.graphqls"), StandardCharsets.UTF_8));
		schema.getAllTypesAsList()
			.stream()
			.filter(type -> !type.getName().startsWith("__"))
			.filter(type -> type instanceof graphql.schema.GraphQLObjectType
					|| type instanceof graphql.schema.GraphQLInputObjectType
					|| type instanceof graphql.schema.GraphQLEnumType || type.getName().equals("DateTime"))
			.forEach(type -> {
				assertThat(((graphql.schema.GraphQLNamedSchemaElement) type).getDescription())
					.as("description of " + type.getName())
					.isNotBlank();
				if (type instanceof graphql.schema.GraphQLObjectType object) {
					object.getFieldDefinitions()
						.forEach(field -> assertThat(field.getDescription())
							.as("description of " + type.getName() + "." + field.getName())
							.isNotBlank());
				}
				if (type instanceof graphql.schema.GraphQLInputObjectType input) {
					input.getFieldDefinitions()
						.forEach(field -> assertThat(field.getDescription())
							.as("description of " + type.getName() + "." + field.getName())
							.isNotBlank());
				}
			});
	}

	/** Both texts through the same parser and printer, so only meaning is compared. */
	private static String normalized(String sdl) {
		return new SchemaPrinter(SchemaPrinter.Options.defaultOptions().includeDirectives(false)).print(schema(sdl));
	}

	private static GraphQLSchema schema(String sdl) {
		return UnExecutableSchemaGenerator.makeUnExecutableSchema(new SchemaParser().parse(sdl));
	}

}
