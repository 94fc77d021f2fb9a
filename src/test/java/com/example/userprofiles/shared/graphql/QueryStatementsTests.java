package com.example.userprofiles.shared.graphql;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import com.example.userprofiles.support.IntegrationTest;
import graphql.language.Document;
import graphql.language.NodeUtil;
import graphql.parser.Parser;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.graphql.execution.GraphQlSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A query is counted as one statement exactly when its fields add up to one: the shapes
 * the benchmark's W1 to W4 send are, and anything that batch-loads, counts or asks two
 * root fields is not.
 */
@IntegrationTest
class QueryStatementsTests {

	/**
	 * The fields that read nothing from the database: values of the row already read, or
	 * of the page. Mutations and subscriptions are left out: they never run in a query
	 * snapshot.
	 */
	private static final Set<String> READING_NOTHING = Set.of("User.id", "User.username", "User.email",
			"User.createdAt", "User.updatedAt", "Profile.id", "Profile.description", "Profile.createdAt",
			"Profile.updatedAt", "UserConnection.edges", "UserConnection.nodes", "UserConnection.pageInfo",
			"UserEdge.cursor", "UserEdge.node", "ProfileConnection.edges", "ProfileConnection.nodes",
			"ProfileConnection.pageInfo", "ProfileEdge.cursor", "ProfileEdge.node", "PageInfo.hasNextPage",
			"PageInfo.hasPreviousPage", "PageInfo.startCursor", "PageInfo.endCursor", "AuthPayload.token",
			"AuthPayload.user", "DeleteUserPayload.deletedUserId", "DeleteProfilePayload.deletedProfileId",
			"ProfileChange.kind", "ProfileChange.userId", "ProfileChange.profile");

	@Autowired
	QueryStatements statements;

	@Autowired
	GraphQlSource graphQl;

	@Autowired
	List<StatementField> declared;

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|',
			textBlock = """
					W1 list                     | { users(first: 50) { edges { node { id username profile { description } } } } }
					W2 point                    | { user(id: "1") { id username profile { description } } }
					W3 reverse                  | { profile(userId: "1") { description user { username } } }
					W4 filter                   | { users(first: 20, filter: { username: { startsWith: "user0001" } }) { edges { node { id username profile { description } } } } }
					page of profiles with users | { profiles(first: 5) { pageInfo { hasNextPage } nodes { id user { username } } edges { cursor node { user { id } } } } }
					user by username            | { userByUsername(username: "ann") { id profile { id } } }
					aliases and a fragment      | { u: user(id: "1") { ...F } } fragment F on User { p: profile { description } }
					an inline fragment          | { user(id: "1") { ... on User { profile { id } } } }
					a user without profile      | { user(id: "1") { id email } }
					""")
	void sendsOneStatement(String shape, String document) {
		assertThat(count(document)).isEqualTo(1);
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|',
			textBlock = """
					a count                         | { users(first: 5) { totalCount nodes { id } } }
					a count of profiles             | { profiles { totalCount } }
					a relation below a joined one   | { user(id: "1") { profile { user { id } } } }
					the user of a profile's user    | { profile(userId: "1") { user { profile { id } } } }
					the relation below a page's     | { users(first: 5) { edges { node { profile { user { profile { id } } } } } } }
					two root fields                 | { a: user(id: "1") { id } b: user(id: "2") { id } }
					a user and a profile            | { user(id: "1") { id } profile(userId: "1") { id } }
					me, whose profile is loaded     | { me { id profile { id } } }
					a relation in a fragment        | { profile(userId: "1") { ...P } } fragment P on Profile { user { profile { id } } }
					a relation not at a joined path | { users(first: 5) { edges { node { id } } } user(id: "1") { id } }
					""")
	void sendsMoreThanOneStatement(String shape, String document) {
		assertThat(count(document)).isEqualTo(2);
	}

	@Test
	void readsNothingWithOnlyTypenames() {
		assertThat(count("{ __typename }")).isZero();
	}

	@Test
	void eachQueryFieldOfTheSchemaIsDeclaredAsSendingAStatementOrReadingNothing() {
		GraphQLSchema schema = this.graphQl.schema();
		Set<String> statementFields = new TreeSet<>();
		this.declared.forEach(field -> statementFields.add(field.type() + "." + field.field()));
		Set<String> undeclared = new TreeSet<>();
		for (GraphQLObjectType type : schema.getAllTypesAsList()
			.stream()
			.filter(GraphQLObjectType.class::isInstance)
			.map(GraphQLObjectType.class::cast)
			.toList()) {
			if (type.getName().startsWith("__") || type == schema.getMutationType()
					|| type == schema.getSubscriptionType()) {
				continue;
			}
			for (GraphQLFieldDefinition field : type.getFieldDefinitions()) {
				String name = type.getName() + "." + field.getName();
				if (!statementFields.contains(name) && !READING_NOTHING.contains(name)) {
					undeclared.add(name);
				}
			}
		}
		assertThat(undeclared).as("fields neither declared as a StatementField nor listed as reading nothing")
			.isEmpty();
		assertThat(statementFields).as("declared and listed as reading nothing")
			.doesNotContainAnyElementsOf(READING_NOTHING);
	}

	private int count(String text) {
		Document document = Parser.parse(text);
		NodeUtil.GetOperationResult operation = NodeUtil.getOperation(document, null);
		return this.statements.count(this.graphQl.schema(), operation.operationDefinition, operation.fragmentsByName);
	}

}
