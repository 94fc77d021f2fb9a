package com.example.userprofiles.clients;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import com.example.userprofiles.support.ExternalProgram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The breaking-change check ({@code e2e/schema-release-check.mjs}, graphql-inspector's
 * diff): the repository announces in {@code CHANGELOG.md} every breaking change between
 * its released schemas ({@code docs/schema/}) and {@code schema.graphqls}; and, on copies
 * broken on purpose, the check fails when it should. The copies add their own types to
 * the real schema, so they keep proving the same thing whatever the schema becomes.
 */
class SchemaReleaseCheckTests {

	private static final String RELEASE_1_0_0 = """
			## [1.0.0] - 2026-12-07

			### Added

			- The first release.
			""";

	private static final String LEGACY = """
			"A type released in the fixture and then changed."
			type Legacy {
			  kept: String
			  removed: String
			  field(arg: Int): String
			}
			""";

	private static final String LEGACY_WITHOUT_REMOVED = LEGACY.replace("  removed: String\n", "");

	@TempDir
	Path temp;

	@Test
	void theRepositoryAnnouncesEveryBreakingChangeItsSchemaMade() {
		// no argument: the repository the script sits in
		ExternalProgram.Run run = ExternalProgram.node(Duration.ofMinutes(1), Map.of(), "schema-release-check.mjs")
			.succeeded();

		assertThat(run.output()).contains("-> Unreleased (schema.graphqls): ")
			.contains("schema release check: every breaking change is announced in CHANGELOG.md");
	}

	@Test
	void aRemovedFieldThatIsNotAnnouncedFailsTheCheckAndSaysWhatToAdd() throws IOException {
		Path repository = repository("""
				## [Unreleased]

				### Added

				- Nothing that breaks, it says.

				""" + RELEASE_1_0_0, Map.of("1.0.0", schema() + LEGACY), schema() + LEGACY_WITHOUT_REMOVED);

		ExternalProgram.Run run = failed(check(repository));

		assertThat(run.output()).contains("BREAKING FIELD_REMOVED `Legacy.removed` NOT ANNOUNCED")
			.contains("1 breaking change(s) not announced. Add to \"## [Unreleased]\" in CHANGELOG.md:")
			.contains("- `Legacy.removed`: Field 'removed' was removed from object type 'Legacy'.")
			.doesNotContain("`Legacy.kept`");
	}

	@Test
	void theSameRemovalAnnouncedUnderBreakingPasses() throws IOException {
		Path repository = repository("""
				## [Unreleased]

				### Breaking

				- `Legacy.removed`: gone; read `Legacy.kept` instead.
				- Every id now means something else (a change the inspector cannot see).

				""" + RELEASE_1_0_0, Map.of("1.0.0", schema() + LEGACY), schema() + LEGACY_WITHOUT_REMOVED);

		ExternalProgram.Run run = check(repository).succeeded();

		assertThat(run.output()).contains("1 breaking (0 not announced)")
			.contains("BREAKING FIELD_REMOVED `Legacy.removed` announced");
	}

	@Test
	void onlyTheExactCoordinateUnderBreakingInTheSectionItShipsInAnnounces() throws IOException {
		// the parent type, the coordinate under another heading, or in an older release:
		// none counts
		Path repository = repository("""
				## [Unreleased]

				### Changed

				- `Legacy.removed`: gone.

				### Breaking

				- `Legacy`: lost a field.
				- Gone: `Legacy.removed`, named after the colon.

				## [1.0.0] - 2026-12-07

				### Breaking

				- `Legacy.removed`: announced too early.
				""", Map.of("1.0.0", schema() + LEGACY), schema() + LEGACY_WITHOUT_REMOVED);

		ExternalProgram.Run run = failed(check(repository));

		assertThat(run.output()).contains("BREAKING FIELD_REMOVED `Legacy.removed` NOT ANNOUNCED");
	}

	@Test
	void anArgumentMayBeAnnouncedByItsSchemaCoordinate() throws IOException {
		Path repository = repository("""
				## [Unreleased]

				### Breaking

				- `Legacy.field(arg:)`: takes a String.

				""" + RELEASE_1_0_0, Map.of("1.0.0", schema() + LEGACY),
				schema() + LEGACY.replace("field(arg: Int)", "field(arg: String)"));

		ExternalProgram.Run run = check(repository).succeeded();

		assertThat(run.output()).contains("BREAKING FIELD_ARGUMENT_TYPE_CHANGED `Legacy.field.arg` announced");
	}

	@Test
	void dangerousChangesNeedNoAnnouncement() throws IOException {
		String released = """
				enum Colour { RED }
				interface Named { name: String }
				type Thing { name: String }
				""";
		String current = """
				enum Colour { RED GREEN }
				interface Named { name: String }
				type Thing implements Named { name: String }
				""";
		Path repository = repository("## [Unreleased]\n\n" + RELEASE_1_0_0, Map.of("1.0.0", schema() + released),
				schema() + current);

		ExternalProgram.Run run = check(repository).succeeded();

		assertThat(run.output()).contains("0 breaking (0 not announced), 2 dangerous")
			.contains("DANGEROUS ENUM_VALUE_ADDED `Colour.GREEN`")
			.contains("DANGEROUS OBJECT_TYPE_INTERFACE_ADDED `Thing`");
	}

	@Test
	void aReleasedSchemaMustBeValid() throws IOException {
		Path repository = repository("## [Unreleased]\n\n" + RELEASE_1_0_0,
				Map.of("1.0.0", "type Query { user: Missing }\n"), schema());

		ExternalProgram.Run run = failed(check(repository));

		assertThat(run.output()).contains("docs/schema/1.0.0.graphqls is not a valid schema")
			.contains("Unknown type \"Missing\"");
	}

	@Test
	void everyReleaseHasBothASchemaFileAndAChangelogSection() throws IOException {
		Path repository = repository("""
				## [Unreleased]

				## [1.2.0] - 2026-12-09

				""" + RELEASE_1_0_0, Map.of("1.0.0", schema(), "1.1.0", schema()), schema());

		ExternalProgram.Run run = failed(check(repository));

		assertThat(run.output())
			.contains("docs/schema/1.1.0.graphqls has no \"## [1.1.0] - YYYY-MM-DD\" section in CHANGELOG.md")
			.contains("CHANGELOG.md's \"## [1.2.0]\" has no docs/schema/1.2.0.graphqls");
	}

	@Test
	void aReleaseThatBreaksClientsMustBeANewMajorVersion() throws IOException {
		String announced = """
				## [Unreleased]

				## [%s] - 2026-12-08

				### Breaking

				- `Legacy.removed`: gone.

				""" + RELEASE_1_0_0;
		Map<String, String> minor = Map.of("1.0.0", schema() + LEGACY, "1.1.0", schema() + LEGACY_WITHOUT_REMOVED);
		Map<String, String> major = Map.of("1.0.0", schema() + LEGACY, "2.0.0", schema() + LEGACY_WITHOUT_REMOVED);

		ExternalProgram.Run asMinor = failed(
				check(repository("minor", announced.formatted("1.1.0"), minor, schema() + LEGACY_WITHOUT_REMOVED)));
		ExternalProgram.Run asMajor = check(
				repository("major", announced.formatted("2.0.0"), major, schema() + LEGACY_WITHOUT_REMOVED))
			.succeeded();

		assertThat(asMinor.output()).contains("1.1.0 breaks 1.0.0's clients, so it must be a new major version");
		assertThat(asMajor.output()).contains("1.0.0 -> 2.0.0: ")
			.contains("BREAKING FIELD_REMOVED `Legacy.removed` announced")
			.contains("2.0.0 -> Unreleased (schema.graphqls): 0 change(s)");
	}

	/** The real schema, so each copy is also a check that the schema itself is valid. */
	private static String schema() throws IOException {
		return Files.readString(Path.of("schema.graphqls"));
	}

	private Path repository(String changelog, Map<String, String> releases, String current) throws IOException {
		return repository("repository", changelog, releases, current);
	}

	private Path repository(String name, String changelog, Map<String, String> releases, String current)
			throws IOException {
		Path root = this.temp.resolve(name);
		Files.createDirectories(root.resolve("docs/schema"));
		Files.writeString(root.resolve("CHANGELOG.md"), "# Changelog\n\n" + changelog);
		for (Map.Entry<String, String> release : releases.entrySet()) {
			Files.writeString(root.resolve("docs/schema/" + release.getKey() + ".graphqls"), release.getValue());
		}
		Files.writeString(root.resolve("schema.graphqls"), current);
		return root;
	}

	private static ExternalProgram.Run check(Path repository) {
		return ExternalProgram.node(Duration.ofMinutes(1), Map.of(), "schema-release-check.mjs",
				repository.toAbsolutePath().toString());
	}

	private static ExternalProgram.Run failed(ExternalProgram.Run run) {
		assertThat(run.exitCode()).as("exit code; the check printed:%n%s", run.output()).isEqualTo(1);
		assertThat(run.output()).contains("schema release check FAILED");
		return run;
	}

}
