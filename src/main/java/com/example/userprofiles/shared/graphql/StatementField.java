package com.example.userprofiles.shared.graphql;

import java.util.List;

/**
 * A field of the schema that sends an SQL statement of its own when it is resolved, and
 * the fields below it that this statement reads as well when the operation selects them
 * ({@code joined}: paths of field names from it, as {@link Selections#selects} takes
 * them, such as {@code edges/node/profile}). Each feature declares its own as beans; a
 * query whose fields add up to one statement needs no snapshot transaction
 * ({@link QueryStatements}). A field that reads the database but is not declared makes
 * queries that select it lose their snapshot: {@code QueryStatementsTests} fails for any
 * field of the schema that is neither declared here nor listed there as reading nothing.
 */
public record StatementField(String type, String field, List<String> joined) {

	public StatementField {
		joined = List.copyOf(joined);
	}

	public static StatementField of(String type, String field, String... joined) {
		return new StatementField(type, field, List.of(joined));
	}

}
