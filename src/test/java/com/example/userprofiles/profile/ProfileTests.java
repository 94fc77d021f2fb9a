package com.example.userprofiles.profile;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.example.userprofiles.graphql.GlobalId;
import com.example.userprofiles.support.Api;
import com.example.userprofiles.support.Api.Account;
import com.example.userprofiles.support.IntegrationTest;
import com.example.userprofiles.support.Page;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.graphql.GraphQlResponse;
import org.springframework.graphql.test.tester.GraphQlTester;

import static com.example.userprofiles.support.Api.args;
import static com.example.userprofiles.support.Api.prefix;
import static com.example.userprofiles.support.Api.usernameFilter;
import static org.assertj.core.api.Assertions.assertThat;

/** Profiles: create, read, change, delete, their rules, and the connection. */
@IntegrationTest
class ProfileTests {

	private static final String PROFILE_FIELDS = "id description createdAt updatedAt user { id username }";

	private static final String CREATE = "mutation($input: CreateProfileInput!) { createProfile(input: $input) { "
			+ PROFILE_FIELDS + " } }";

	private static final String UPDATE = "mutation($input: UpdateProfileInput!) { updateProfile(input: $input) { "
			+ PROFILE_FIELDS + " } }";

	private static final String DELETE = "mutation($userId: ID!) { deleteProfile(userId: $userId) { deletedProfileId } }";

	private static final String PROFILE = "query($userId: ID!) { profile(userId: $userId) { " + PROFILE_FIELDS + " } }";

	private static final String USER = "query($id: ID!) { user(id: $id) { id username profile { id description user { id } } } }";

	private static final String PROFILES = Api.document("profiles");

	private static final String TEN_THOUSAND = "x".repeat(10_000);

	@Autowired
	Api api;

	@ParameterizedTest
	@ValueSource(booleans = { false, true })
	void createProfileWithoutOrWithTheOwnUserIdMakesTheSignedInUsersProfile(boolean withUserId) {
		Account alice = this.api.signUp("create");

		Map<String, Object> profile = data(this.api.as(alice), CREATE,
				Map.of("input", args("userId", withUserId ? alice.gid() : null, "description", "Hello, I'm Alice")),
				"createProfile");

		assertThat(profile).containsEntry("id", alice.profileGid()).containsEntry("description", "Hello, I'm Alice");
		assertThat(profile.get("user")).isEqualTo(Map.of("id", alice.gid(), "username", alice.username()));
		assertThat(OffsetDateTime.parse((String) profile.get("updatedAt")))
			.isAfterOrEqualTo(OffsetDateTime.parse((String) profile.get("createdAt")));
		assertThat(profileOf(alice)).isEqualTo(profile);
	}

	@Test
	void createProfileForAnotherUserWithoutATokenOrWithABlankDescriptionIsRefusedAndStoresNothing() {
		Account alice = this.api.signUp("refusedcreate");
		Account bob = this.api.signUp("refusedcreate");

		assertFailed(create(this.api.as(alice), bob.gid(), "Not yours"), "createProfile", "FORBIDDEN", "userId");
		assertFailed(create(this.api.anonymous(), null, "Anyone"), "createProfile", "UNAUTHENTICATED", null);
		assertFailed(create(this.api.anonymous(), bob.gid(), "Anyone"), "createProfile", "UNAUTHENTICATED", null);
		for (String blank : List.of("   ", "", " \t\n ")) {
			assertFailed(create(this.api.as(alice), null, blank), "createProfile", "BAD_USER_INPUT", "description");
		}
		assertThat(profileOf(bob)).isNull();
		assertThat(profileOf(alice)).isNull();
	}

	@Test
	void aSecondProfileIsAConflictAndLeavesTheFirstUnchanged() {
		Account alice = this.api.signUp("second");
		this.api.createProfile(alice, "The first");
		Map<String, Object> before = profileOf(alice);

		// without userId too the conflict names it: the schema makes the signed-in user's
		// own id its default, and that user is the one who already has a profile
		assertFailed(create(this.api.as(alice), null, "The second"), "createProfile", "CONFLICT", "userId");
		assertFailed(create(this.api.as(alice), alice.gid(), "The second"), "createProfile", "CONFLICT", "userId");

		assertThat(profileOf(alice)).isEqualTo(before).containsEntry("description", "The first");
	}

	@Test
	void aDescriptionOfMoreThanTenThousandCharactersIsBadUserInputAndTenThousandAreAccepted() {
		Account alice = this.api.signUp("long");

		assertFailed(create(this.api.as(alice), null, TEN_THOUSAND + "y"), "createProfile", "BAD_USER_INPUT",
				"description");
		assertThat(profileOf(alice)).isNull();

		Map<String, Object> profile = data(this.api.as(alice), CREATE,
				Map.of("input", Map.of("description", TEN_THOUSAND)), "createProfile");
		assertThat(profile).containsEntry("id", alice.profileGid()).containsEntry("description", TEN_THOUSAND);
		assertThat(profileOf(alice)).containsEntry("description", TEN_THOUSAND);
	}

	@Test
	void profileOfAUserReturnsItAndItsUserIsThatUser() {
		Account alice = this.api.signUp("read");
		this.api.createProfile(alice, "Read me");

		Map<String, Object> profile = data(this.api.anonymous(),
				"query($userId: ID!) { profile(userId: $userId) { id description user { id username profile { id } } } }",
				Map.of("userId", alice.gid()), "profile");

		assertThat(profile).containsEntry("id", alice.profileGid()).containsEntry("description", "Read me");
		assertThat(profile.get("user")).isEqualTo(
				Map.of("id", alice.gid(), "username", alice.username(), "profile", Map.of("id", alice.profileGid())));
	}

	@Test
	void profileOfAUserWithoutOneIsNullWithoutAnError() {
		Account alice = this.api.signUp("noprofile");

		GraphQlResponse response = run(this.api.anonymous(), PROFILE, Map.of("userId", alice.gid()));

		assertThat(response.getErrors()).isEmpty();
		assertThat(response.<Map<String, Object>>getData()).containsEntry("profile", null);
	}

	@Test
	void updateProfileChangesTheDescriptionAndUpdatedAt() {
		Account alice = this.api.signUp("update");
		this.api.createProfile(alice, "Before");
		Map<String, Object> before = profileOf(alice);

		Map<String, Object> updated = data(this.api.as(alice), UPDATE,
				Map.of("input", Map.of("userId", alice.gid(), "description", "After")), "updateProfile");

		assertThat(updated).containsEntry("id", alice.profileGid())
			.containsEntry("description", "After")
			.containsEntry("createdAt", before.get("createdAt"));
		assertThat(updated.get("user")).isEqualTo(Map.of("id", alice.gid(), "username", alice.username()));
		assertThat(OffsetDateTime.parse((String) updated.get("updatedAt")))
			.isAfter(OffsetDateTime.parse((String) before.get("updatedAt")));
		assertThat(profileOf(alice)).isEqualTo(updated);
	}

	@Test
	void updateProfileWithAnInvalidDescriptionIsBadUserInputAndChangesNothing() {
		Account alice = this.api.signUp("updatebad");
		this.api.createProfile(alice, "Still here");
		Map<String, Object> before = profileOf(alice);

		for (String description : List.of("   ", "", TEN_THOUSAND + "y")) {
			assertFailed(update(this.api.as(alice), alice.gid(), description), "updateProfile", "BAD_USER_INPUT",
					"description");
		}
		assertThat(profileOf(alice)).isEqualTo(before);
	}

	@Test
	void changingOrDeletingAnotherUsersProfileIsForbiddenAndWithoutATokenUnauthenticated() {
		Account alice = this.api.signUp("changeother");
		Account bob = this.api.signUp("changeother");
		this.api.createProfile(alice, "Alice's");
		this.api.createProfile(bob, "Bob's own words");
		Map<String, Object> before = profileOf(bob);

		assertFailed(update(this.api.as(alice), bob.gid(), "Hacked"), "updateProfile", "FORBIDDEN", "userId");
		assertFailed(delete(this.api.as(alice), bob.gid()), "deleteProfile", "FORBIDDEN", "userId");
		assertFailed(update(this.api.anonymous(), bob.gid(), "Changed"), "updateProfile", "UNAUTHENTICATED", null);
		assertFailed(delete(this.api.anonymous(), bob.gid()), "deleteProfile", "UNAUTHENTICATED", null);

		assertThat(profileOf(bob)).isEqualTo(before);
		assertThat(profileOf(alice)).containsEntry("description", "Alice's");
	}

	@Test
	void deleteProfileRemovesTheProfileAndKeepsTheUser() {
		Account alice = this.api.signUp("delete");
		this.api.createProfile(alice, "Soon gone");

		Map<String, Object> payload = data(this.api.as(alice), DELETE, Map.of("userId", alice.gid()), "deleteProfile");

		assertThat(payload).isEqualTo(Map.of("deletedProfileId", alice.profileGid()));
		assertThat(profileOf(alice)).isNull();
		assertThat(data(this.api.anonymous(), USER, Map.of("id", alice.gid()), "user")).containsEntry("id", alice.gid())
			.containsEntry("username", alice.username())
			.containsEntry("profile", null);
		// the account still signs in and may make a new profile
		this.api.createProfile(alice, "Back again");
		assertThat(profileOf(alice)).containsEntry("description", "Back again");
	}

	@Test
	void changingOrDeletingAProfileThatIsNotThereIsNotFound() {
		Account alice = this.api.signUp("deletetwice");
		this.api.createProfile(alice, "Once");
		data(this.api.as(alice), DELETE, Map.of("userId", alice.gid()), "deleteProfile");

		assertFailed(update(this.api.as(alice), alice.gid(), "New"), "updateProfile", "NOT_FOUND", "userId");
		assertFailed(delete(this.api.as(alice), alice.gid()), "deleteProfile", "NOT_FOUND", "userId");
		assertThat(profileOf(alice)).isNull();
		assertThat(data(this.api.anonymous(), USER, Map.of("id", alice.gid()), "user")).containsEntry("id",
				alice.gid());
	}

	@Test
	void profilesFilterByUsernameWhateverItsCase() {
		String prefix = prefix("pusername");
		Account kilo = this.api.signUpNamed(prefix + "Kilo");
		Account kilogram = this.api.signUpNamed(prefix + "kilogram");
		Account mike = this.api.signUpNamed(prefix + "mike");
		this.api.signUpNamed(prefix + "kilonoprofile");
		this.api.createProfile(kilo, "K");
		this.api.createProfile(kilogram, "KG");
		this.api.createProfile(mike, "M");

		Page all = profiles(args("filter", usernameFilter("startsWith", prefix.toUpperCase())));
		assertThat(all.userIds()).containsExactly(kilo.gid(), kilogram.gid(), mike.gid());
		assertThat(all.values("user.username")).containsExactly(kilo.username(), kilogram.username(), mike.username());
		assertThat(all.totalCount()).isEqualTo(3);

		assertThat(usernameIds("equals", prefix + "KILO")).containsExactly(kilo.gid());
		assertThat(usernameIds("startsWith", prefix + "kilo")).containsExactly(kilo.gid(), kilogram.gid());
		assertThat(usernameIds("startsWith", prefix, "contains", "GRAM")).containsExactly(kilogram.gid());
		assertThat(usernameIds("equals", prefix + "kilonoprofile")).isEmpty();
		assertThat(usernameIds("startsWith", prefix + "%")).isEmpty();
		assertThat(usernameIds("startsWith", prefix + "_ilo")).isEmpty();
	}

	@Test
	void profilesFilterByDescriptionWhateverItsCaseWithPercentUnderscoreAndBackslashLiteral() {
		String marker = Api.uniqueName("pdesc") + " ";
		Account percent = describedUser(marker + "Coffee 100% arabica");
		Account digits = describedUser(marker + "coffee 1000 beans");
		Account underscore = describedUser(marker + "likes snake_case");
		Account letter = describedUser(marker + "likes snakeXcase");
		Account backslash = describedUser(marker + "path C:\\temp");
		Account plain = describedUser(marker + "path C:temp");

		assertThat(descriptionIds("contains", marker)).containsExactly(percent.gid(), digits.gid(), underscore.gid(),
				letter.gid(), backslash.gid(), plain.gid());
		assertThat(descriptionIds("contains", marker.toUpperCase() + "COFFEE 100%")).containsExactly(percent.gid());
		assertThat(descriptionIds("contains", marker + "coffee 100")).containsExactly(percent.gid(), digits.gid());
		assertThat(descriptionIds("contains", marker + "LIKES SNAKE_CASE")).containsExactly(underscore.gid());
		assertThat(descriptionIds("contains", marker + "likes snake")).containsExactly(underscore.gid(), letter.gid());
		assertThat(descriptionIds("contains", marker + "path c:\\temp")).containsExactly(backslash.gid());
		assertThat(descriptionIds("contains", marker + "path c:temp")).containsExactly(plain.gid());
		assertThat(descriptionIds("contains", "%" + marker)).isEmpty();
		assertThat(descriptionIds("contains", marker + "_ikes")).isEmpty();
		assertThat(descriptionIds("contains", marker + "coffee 100%%")).isEmpty();
		assertThat(descriptionIds("startsWith", marker.toUpperCase() + "coffee")).containsExactly(percent.gid(),
				digits.gid());
		assertThat(descriptionIds("startsWith", marker + "%")).isEmpty();
		assertThat(descriptionIds("equals", marker.toUpperCase() + "LIKES SNAKE_CASE"))
			.containsExactly(underscore.gid());
		assertThat(descriptionIds("equals", marker + "likes snake%")).isEmpty();
	}

	@Test
	void profilesFilterByDescriptionMatchesATextInItsUpperAndLowerCase() {
		String marker = Api.uniqueName("pfold") + " ";
		// Greek has two lower-case sigmas (σ, and ς at the end of a word) for one upper
		// case Σ: lower() alone turns Σ into σ only, so "ΟΔΟΣ" missed "οδος"
		Account name = describedUser(marker + "Ο Γιώργος");
		Account street = describedUser(marker + "ΟΔΟΣ ΑΘΗΝΑΣ");

		String nameUpper = (marker + "Ο Γιώργος").toUpperCase(Locale.ROOT);
		String streetLower = (marker + "ΟΔΟΣ ΑΘΗΝΑΣ").toLowerCase(Locale.ROOT);
		assertThat(streetLower).endsWith("οδος αθηνας");
		assertThat(descriptionIds("contains", nameUpper)).containsExactly(name.gid());
		assertThat(descriptionIds("equals", nameUpper)).containsExactly(name.gid());
		assertThat(descriptionIds("startsWith", marker + "Ο ΓΙΏΡΓΟΣ")).containsExactly(name.gid());
		assertThat(descriptionIds("contains", streetLower)).containsExactly(street.gid());
		assertThat(descriptionIds("equals", streetLower)).containsExactly(street.gid());
		assertThat(descriptionIds("startsWith", marker + "οδος")).containsExactly(street.gid());
		assertThat(descriptionIds("contains", marker)).containsExactly(name.gid(), street.gid());
	}

	@Test
	void profilesFilterByUsernameAndDescriptionTogether() {
		String prefix = prefix("pboth");
		String marker = Api.uniqueName("pbothdesc") + " ";
		Account red = this.api.signUpNamed(prefix + "one");
		Account blue = this.api.signUpNamed(prefix + "two");
		Account alsoRed = this.api.signUpNamed(prefix + "three");
		Account outsider = this.api.signUp("pbothoutsider");
		this.api.createProfile(red, marker + "Red");
		this.api.createProfile(blue, marker + "Blue");
		this.api.createProfile(alsoRed, marker + "red too");
		this.api.createProfile(outsider, marker + "red as well");

		Map<String, Object> both = Map.of("username", Map.of("startsWith", prefix), "description",
				Map.of("contains", marker + "RED"));
		Page page = profiles(args("filter", both));
		assertThat(page.userIds()).containsExactly(red.gid(), alsoRed.gid());
		assertThat(page.totalCount()).isEqualTo(2);

		assertThat(profiles(args("filter", Map.of("description", Map.of("contains", marker + "red")))).userIds())
			.containsExactly(red.gid(), alsoRed.gid(), outsider.gid());
		assertThat(profiles(args("filter", Map.of("username", Map.of("equals", prefix + "two"), "description",
				Map.of("contains", marker + "red"))))
			.userIds()).isEmpty();
		assertThat(profiles(args("filter",
				Map.of("username", Map.of("startsWith", prefix), "description",
						Map.of("startsWith", marker + "red", "contains", "too"))))
			.userIds()).containsExactly(alsoRed.gid());
	}

	@Test
	void profilesPageForwardAndBackwardWithCursors() {
		String prefix = prefix("ppage");
		List<String> expected = new ArrayList<>();
		for (int i = 0; i < 7; i++) {
			Account account = this.api.signUp(prefix);
			if (i % 3 != 1) {
				this.api.createProfile(account, "Page profile " + i);
				expected.add(account.profileGid());
			}
		}
		assertThat(expected).hasSize(5);
		Map<String, Object> filter = usernameFilter("startsWith", prefix);

		Page first = profiles(args("first", 2, "filter", filter)).has(expected.subList(0, 2), false, true);
		assertThat(first.totalCount()).isEqualTo(5);
		Page second = profiles(args("first", 2, "after", first.endCursor(), "filter", filter))
			.has(expected.subList(2, 4), true, true);
		Page third = profiles(args("first", 2, "after", second.endCursor(), "filter", filter))
			.has(expected.subList(4, 5), true, false);

		Page last = profiles(args("last", 2, "filter", filter)).has(expected.subList(3, 5), true, false);
		Page middle = profiles(args("last", 2, "before", last.startCursor(), "filter", filter))
			.has(expected.subList(1, 3), true, true);
		Page start = profiles(args("last", 2, "before", middle.startCursor(), "filter", filter))
			.has(expected.subList(0, 1), false, true);

		// a forward page's cursor pages backward to the profiles before it
		assertThat(profiles(args("last", 5, "before", third.startCursor(), "filter", filter)).ids())
			.containsExactlyElementsOf(expected.subList(0, 4));
		List<String> cursors = new ArrayList<>(first.cursors());
		cursors.addAll(second.cursors());
		cursors.addAll(third.cursors());
		assertThat(cursors).hasSize(5).doesNotHaveDuplicates();
		List<String> backward = new ArrayList<>(start.ids());
		backward.addAll(middle.ids());
		backward.addAll(last.ids());
		assertThat(backward).containsExactlyElementsOf(expected);

		assertThat(profiles(args("first", 2, "filter", usernameFilter("startsWith", prefix + "none")))
			.has(List.of(), false, false)
			.totalCount()).isZero();
	}

	@Test
	void profilesRefuseBadPageSizesFirstWithLastAndCursorsOfOtherListsOrWithoutAnId() {
		String prefix = prefix("pbad");
		Account alice = this.api.signUp(prefix);
		this.api.createProfile(alice, "Bad input");
		Map<String, Object> filter = usernameFilter("startsWith", prefix);
		String userCursor = userCursor(prefix);
		// made as the server makes cursors (see the control), around no id
		assertThat(profiles(args("first", 1, "after", profilesCursor(String.valueOf(alice.id() - 1)), "filter", filter))
			.userIds()).containsExactly(alice.gid());

		assertProfilesError(args("first", 101, "filter", filter), "first");
		assertProfilesError(args("last", 101, "filter", filter), "last");
		assertProfilesError(args("first", -1, "filter", filter), "first");
		assertProfilesError(args("last", -1, "filter", filter), "last");
		assertProfilesError(args("first", 1, "last", 1, "filter", filter), "last");
		for (String cursor : List.of(userCursor, "garbage", profilesCursor("abc"), profilesCursor("1.5"),
				profilesCursor("99999999999999999999"), profilesCursor(""))) {
			assertProfilesError(args("first", 1, "after", cursor, "filter", filter), "after");
			assertProfilesError(args("last", 1, "before", cursor, "filter", filter), "before");
		}
	}

	private static String profilesCursor(String value) {
		return Api.base64("c1:profiles:" + value);
	}

	private Account describedUser(String description) {
		Account account = this.api.signUp("described");
		this.api.createProfile(account, description);
		return account;
	}

	private List<String> usernameIds(String... conditions) {
		return profiles(args("filter", usernameFilter(conditions))).userIds();
	}

	private List<String> descriptionIds(String condition, String value) {
		return profiles(args("filter", Map.of("description", Map.of(condition, value)))).userIds();
	}

	private static GraphQlResponse create(GraphQlTester tester, String userId, String description) {
		Map<String, Object> input = new LinkedHashMap<>(Map.of("description", description));
		if (userId != null) {
			input.put("userId", userId);
		}
		return run(tester, CREATE, Map.of("input", input));
	}

	private static GraphQlResponse update(GraphQlTester tester, String userId, String description) {
		return run(tester, UPDATE, Map.of("input", Map.of("userId", userId, "description", description)));
	}

	private static GraphQlResponse delete(GraphQlTester tester, String userId) {
		return run(tester, DELETE, Map.of("userId", userId));
	}

	private static GraphQlResponse run(GraphQlTester tester, String document, Map<String, Object> variables) {
		return tester.document(document).variables(variables).execute().returnResponse();
	}

	/** The value of {@code field} in a response that must have no errors. */
	@SuppressWarnings("unchecked")
	private static Map<String, Object> data(GraphQlTester tester, String document, Map<String, Object> variables,
			String field) {
		GraphQlResponse response = run(tester, document, variables);
		assertThat(response.getErrors()).as("errors of %s", field).isEmpty();
		Map<String, Object> data = response.getData();
		return (Map<String, Object>) data.get(field);
	}

	/** The user's profile as {@code profile(userId)} shows it to anyone, or null. */
	private Map<String, Object> profileOf(Account account) {
		return data(this.api.anonymous(), PROFILE, Map.of("userId", account.gid()), "profile");
	}

	/** Like {@link Api#assertFailed}, for a {@link GraphQlResponse}. */
	private static void assertFailed(GraphQlResponse response, String field, String code, String errorField) {
		Api.assertSingleError(response.getErrors(), field, code, errorField);
		assertThat(response.<Map<String, Object>>getData()).as("data").isNotNull().containsEntry(field, null);
	}

	private Page profiles(Map<String, Object> variables) {
		Page page = Page.fetch(this.api.anonymous(), PROFILES, "profiles", variables);
		// a profile's global id is its user's key as a Profile
		assertThat(page.ids()).isEqualTo(page.userIds()
			.stream()
			.map(id -> new GlobalId("Profile", GlobalId.key(id, "User", "id")).encode())
			.toList());
		return page;
	}

	private void assertProfilesError(Map<String, Object> variables, String field) {
		Page.assertRefused(this.api.anonymous(), PROFILES, "profiles", variables, field);
	}

	private String userCursor(String prefix) {
		return this.api.anonymous()
			.document("query($p: String!) { users(first: 1, filter: { username: { startsWith: $p } }) "
					+ "{ pageInfo { endCursor } } }")
			.variable("p", prefix)
			.execute()
			.path("users.pageInfo.endCursor")
			.entity(String.class)
			.get();
	}

}
