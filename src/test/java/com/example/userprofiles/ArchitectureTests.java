package com.example.userprofiles;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * Dependencies flow {@code auth → user → shared} and {@code profile → user → shared},
 * never back.
 */
@AnalyzeClasses(packages = "com.example.userprofiles", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTests {

	@ArchTest
	static final ArchRule packagesAreFreeOfCycles = slices().matching("com.example.userprofiles.(**)")
		.should()
		.beFreeOfCycles();

	@ArchTest
	static final ArchRule usersKnowNothingOfProfilesOrSignIn = noClasses().that()
		.resideInAPackage("..userprofiles.user..")
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage("..userprofiles.profile..", "..userprofiles.auth..");

	@ArchTest
	static final ArchRule profilesKnowNothingOfSignIn = noClasses().that()
		.resideInAPackage("..userprofiles.profile..")
		.should()
		.dependOnClassesThat()
		.resideInAPackage("..userprofiles.auth..");

	@ArchTest
	static final ArchRule sharedCodeKnowsNoFeature = noClasses().that()
		.resideInAPackage("..userprofiles.shared..")
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage("..userprofiles.user..", "..userprofiles.profile..", "..userprofiles.auth..");

}
