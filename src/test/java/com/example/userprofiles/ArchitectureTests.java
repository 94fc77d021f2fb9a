package com.example.userprofiles;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** Features depend as {@code profile → user → auth}; shared packages on none. */
@AnalyzeClasses(packages = "com.example.userprofiles", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTests {

	@ArchTest
	static final ArchRule packagesAreFreeOfCycles = slices().matching("com.example.userprofiles.(**)")
		.should()
		.beFreeOfCycles();

	@ArchTest
	static final ArchRule usersKnowNothingOfProfiles = noClasses().that()
		.resideInAPackage("..userprofiles.user..")
		.should()
		.dependOnClassesThat()
		.resideInAPackage("..userprofiles.profile..");

	@ArchTest
	static final ArchRule authKnowsNoOtherFeature = noClasses().that()
		.resideInAPackage("..userprofiles.auth..")
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage("..userprofiles.user..", "..userprofiles.profile..");

	@ArchTest
	static final ArchRule sharedCodeKnowsNoFeature = noClasses().that()
		.resideInAnyPackage("..userprofiles.graphql..", "..userprofiles.error..", "..userprofiles.web..",
				"..userprofiles.db..")
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage("..userprofiles.user..", "..userprofiles.profile..", "..userprofiles.auth..");

}
