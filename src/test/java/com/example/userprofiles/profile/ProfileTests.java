package com.example.userprofiles.profile;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.example.userprofiles.support.Api;
import com.example.userprofiles.support.Api.Account;
import com.example.userprofiles.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.graphql.GraphQlResponse;
import org.springframework.graphql.test.tester.GraphQlTester;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Profiles over GraphQL: creating, reading in both directions, changing and deleting
 * one's own profile, the rules and error codes of each, and the {@code profiles}
 * connection with its filter and cursors.
 */
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

	private static final String PROFILES = """
			query($first: Int, $after: String, $last: Int, $before: String, $filter: ProfileFilter) {
			  profiles(first: $first, after: $after, last: $last, before: $before, filter: $filter) {
			    edges { cursor node { id description user { id username } } }
			    nodes { id description user { id username } }
			    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
			    totalCount
			  }
			}""";

	private static final String DELETE_USER = "mutation($id: ID!) { deleteUser(id: $id) { deletedUserId } }";

	private static final String CHANGE_PASSWORD = "mutation($input: ChangePasswordInput!) { changePassword(input: $input) { id } }";

	private static final String LOG_IN = "mutation($input: LogInInput!) { logIn(input: $input) { token } }";

	private static final String TEN_THOUSAND = "x".repeat(10_000);

	@Autowired
	Api api;

	@Autowired
	JdbcTemplate jdbc;

	// --- createProfile ---

	@Test
	void createProfileWithoutUserIdMakesTheSignedInUsersProfile() {
		Account alice = this.api.signUp("create");

		Map<String, Object> profile = data(this.api.as(alice), CREATE,
				Map.of("input", Map.of("description", "Hello, I'm Alice")), "createProfile");

		assertThat(profile).containsEntry("id", alice.gid()).containsEntry("description", "Hello, I'm Alice");
		assertThat(profile.get("user")).isEqualTo(Map.of("id", alice.gid(), "username", alice.username()));
		assertThat(OffsetDateTime.parse((String) profile.get("updatedAt")))
			.isAfterOrEqualTo(OffsetDateTime.parse((String) profile.get("createdAt")));
		assertThat(profileOf(alice)).isEqualTo(profile);
	}

	@Test
	void createProfileWithTheOwnUserIdWorks() {
		Account alice = this.api.signUp("createown");

		Map<String, Object> profile = data(this.api.as(alice), CREATE,
				Map.of("input", Map.of("userId", alice.gid(), "description", "Mine")), "createProfile");

		assertThat(profile).containsEntry("id", alice.gid()).containsEntry("description", "Mine");
		assertThat(profile.get("user")).isEqualTo(Map.of("id", alice.gid(), "username", alice.username()));
		assertThat(profileOf(alice)).containsEntry("description", "Mine");
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
		assertThat(profile).containsEntry("id", alice.gid()).containsEntry("description", TEN_THOUSAND);
		assertThat(profileOf(alice)).containsEntry("description", TEN_THOUSAND);
	}

	// --- reading ---

	@Test
	void profileOfAUserReturnsItAndItsUserIsThatUser() {
		Account alice = this.api.signUp("read");
		this.api.createProfile(alice, "Read me");

		Map<String, Object> profile = data(this.api.anonymous(),
				"query($userId: ID!) { profile(userId: $userId) { id description user { id username profile { id } } } }",
				Map.of("userId", alice.gid()), "profile");

		assertThat(profile).containsEntry("id", alice.gid()).containsEntry("description", "Read me");
		assertThat(profile.get("user"))
			.isEqualTo(Map.of("id", alice.gid(), "username", alice.username(), "profile", Map.of("id", alice.gid())));
	}

	@Test
	void profileOfAUserWithoutOneIsNullWithoutAnError() {
		Account alice = this.api.signUp("noprofile");

		GraphQlResponse response = run(this.api.anonymous(), PROFILE, Map.of("userId", alice.gid()));

		assertThat(response.getErrors()).isEmpty();
		assertThat(response.<Map<String, Object>>getData()).containsEntry("profile", null);
	}

	// --- updateProfile ---

	@Test
	void updateProfileChangesTheDescriptionAndUpdatedAt() {
		Account alice = this.api.signUp("update");
		this.api.createProfile(alice, "Before");
		Map<String, Object> before = profileOf(alice);

		Map<String, Object> updated = data(this.api.as(alice), UPDATE,
				Map.of("input", Map.of("userId", alice.gid(), "description", "After")), "updateProfile");

		assertThat(updated).containsEntry("id", alice.gid())
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
	void changingOrDeletingAProfileWithTheTokenOfADeletedUserIsUnauthenticatedAndChangesNothing() {
		Account gone = this.api.signUp("goneprofile");
		Account bob = this.api.signUp("goneprofile");
		this.api.createProfile(gone, "Gone with the account");
		this.api.createProfile(bob, "Bob stays");
		Map<String, Object> before = storedProfile(bob);
		assertThat(data(this.api.as(gone), DELETE_USER, Map.of("id", gone.gid()), "deleteUser"))
			.containsEntry("deletedUserId", gone.gid());

		// on its own id and on someone else's: the token authenticates no one, so it is
		// not FORBIDDEN either
		for (Account target : List.of(gone, bob)) {
			assertFailed(update(this.api.as(gone), target.gid(), "Ghost"), "updateProfile", "UNAUTHENTICATED", null);
			assertFailed(delete(this.api.as(gone), target.gid()), "deleteProfile", "UNAUTHENTICATED", null);
		}

		assertThat(storedProfile(bob)).isEqualTo(before);
		assertThat(storedProfile(gone)).isNull();
	}

	@Test
	void changingOrDeletingAProfileWithATokenIssuedBeforeAPasswordChangeIsUnauthenticatedAndChangesNothing() {
		Account alice = this.api.signUp("staleprofile");
		this.api.createProfile(alice, "Written before");
		String newPassword = "new password of " + alice.username();
		assertThat(data(this.api.as(alice), CHANGE_PASSWORD,
				Map.of("input", Map.of("currentPassword", alice.password(), "newPassword", newPassword)),
				"changePassword"))
			.containsEntry("id", alice.gid());
		Map<String, Object> before = storedProfile(alice);

		assertFailed(update(this.api.as(alice), alice.gid(), "Stale"), "updateProfile", "UNAUTHENTICATED", null);
		// who may comes before what: a description the rules refuse changes nothing
		// about that
		assertFailed(update(this.api.as(alice), alice.gid(), " "), "updateProfile", "UNAUTHENTICATED", null);
		assertFailed(delete(this.api.as(alice), alice.gid()), "deleteProfile", "UNAUTHENTICATED", null);
		assertThat(storedProfile(alice)).isEqualTo(before);

		// the account itself still may, with a token issued since
		String fresh = (String) data(this.api.anonymous(), LOG_IN,
				Map.of("input", Map.of("username", alice.username(), "password", newPassword)), "logIn")
			.get("token");
		assertThat(data(this.api.as(fresh), UPDATE,
				Map.of("input", Map.of("userId", alice.gid(), "description", "Written since")), "updateProfile"))
			.containsEntry("description", "Written since");
	}

	// --- deleteProfile ---

	@Test
	void deleteProfileRemovesTheProfileAndKeepsTheUser() {
		Account alice = this.api.signUp("delete");
		this.api.createProfile(alice, "Soon gone");

		Map<String, Object> payload = data(this.api.as(alice), DELETE, Map.of("userId", alice.gid()), "deleteProfile");

		assertThat(payload).isEqualTo(Map.of("deletedProfileId", alice.gid()));
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

	// --- profiles ---

	@Test
	void profilesFilterByUsernameWhateverItsCase() {
		String prefix = prefix("pusername");
		Account kilo = signUpNamed(prefix + "Kilo");
		Account kilogram = signUpNamed(prefix + "kilogram");
		Account mike = signUpNamed(prefix + "mike");
		signUpNamed(prefix + "kilonoprofile");
		this.api.createProfile(kilo, "K");
		this.api.createProfile(kilogram, "KG");
		this.api.createProfile(mike, "M");

		ProfilePage all = profiles(args("filter", usernameFilter("startsWith", prefix.toUpperCase())));
		assertThat(all.ids()).containsExactly(kilo.gid(), kilogram.gid(), mike.gid());
		assertThat(all.usernames()).containsExactly(kilo.username(), kilogram.username(), mike.username());
		assertThat(all.totalCount()).isEqualTo(3);

		assertThat(profiles(args("filter", usernameFilter("equals", prefix + "KILO"))).ids())
			.containsExactly(kilo.gid());
		assertThat(profiles(args("filter", usernameFilter("startsWith", prefix + "kilo"))).ids())
			.containsExactly(kilo.gid(), kilogram.gid());
		assertThat(profiles(args("filter", usernameFilter("startsWith", prefix, "contains", "GRAM"))).ids())
			.containsExactly(kilogram.gid());
		assertThat(profiles(args("filter", usernameFilter("equals", prefix + "kilonoprofile"))).ids()).isEmpty();
		assertThat(profiles(args("filter", usernameFilter("startsWith", prefix + "%"))).ids()).isEmpty();
		assertThat(profiles(args("filter", usernameFilter("startsWith", prefix + "_ilo"))).ids()).isEmpty();
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
		Account red = signUpNamed(prefix + "one");
		Account blue = signUpNamed(prefix + "two");
		Account alsoRed = signUpNamed(prefix + "three");
		Account outsider = this.api.signUp("pbothoutsider");
		this.api.createProfile(red, marker + "Red");
		this.api.createProfile(blue, marker + "Blue");
		this.api.createProfile(alsoRed, marker + "red too");
		this.api.createProfile(outsider, marker + "red as well");

		Map<String, Object> both = Map.of("username", Map.of("startsWith", prefix), "description",
				Map.of("contains", marker + "RED"));
		ProfilePage page = profiles(args("filter", both));
		assertThat(page.ids()).containsExactly(red.gid(), alsoRed.gid());
		assertThat(page.totalCount()).isEqualTo(2);

		assertThat(profiles(args("filter", Map.of("description", Map.of("contains", marker + "red")))).ids())
			.containsExactly(red.gid(), alsoRed.gid(), outsider.gid());
		assertThat(profiles(args("filter", Map.of("username", Map.of("equals", prefix + "two"), "description",
				Map.of("contains", marker + "red"))))
			.ids()).isEmpty();
		assertThat(profiles(args("filter",
				Map.of("username", Map.of("startsWith", prefix), "description",
						Map.of("startsWith", marker + "red", "contains", "too"))))
			.ids()).containsExactly(alsoRed.gid());
	}

	@Test
	void profilesPageForwardAndBackwardWithCursors() {
		String prefix = prefix("ppage");
		List<String> expected = new ArrayList<>();
		for (int i = 0; i < 7; i++) {
			Account account = this.api.signUp(prefix);
			if (i % 3 != 1) {
				this.api.createProfile(account, "Page profile " + i);
				expected.add(account.gid());
			}
		}
		assertThat(expected).hasSize(5);
		Map<String, Object> filter = usernameFilter("startsWith", prefix);

		ProfilePage first = profiles(args("first", 2, "filter", filter));
		assertThat(first.ids()).containsExactlyElementsOf(expected.subList(0, 2));
		assertThat(first.hasNextPage()).isTrue();
		assertThat(first.hasPreviousPage()).isFalse();
		assertThat(first.totalCount()).isEqualTo(5);
		ProfilePage second = profiles(args("first", 2, "after", first.endCursor(), "filter", filter));
		assertThat(second.ids()).containsExactlyElementsOf(expected.subList(2, 4));
		assertThat(second.hasNextPage()).isTrue();
		assertThat(second.hasPreviousPage()).isTrue();
		ProfilePage third = profiles(args("first", 2, "after", second.endCursor(), "filter", filter));
		assertThat(third.ids()).containsExactlyElementsOf(expected.subList(4, 5));
		assertThat(third.hasNextPage()).isFalse();
		assertThat(third.hasPreviousPage()).isTrue();

		ProfilePage last = profiles(args("last", 2, "filter", filter));
		assertThat(last.ids()).containsExactlyElementsOf(expected.subList(3, 5));
		assertThat(last.hasNextPage()).isFalse();
		assertThat(last.hasPreviousPage()).isTrue();
		ProfilePage middle = profiles(args("last", 2, "before", last.startCursor(), "filter", filter));
		assertThat(middle.ids()).containsExactlyElementsOf(expected.subList(1, 3));
		assertThat(middle.hasNextPage()).isTrue();
		assertThat(middle.hasPreviousPage()).isTrue();
		ProfilePage start = profiles(args("last", 2, "before", middle.startCursor(), "filter", filter));
		assertThat(start.ids()).containsExactlyElementsOf(expected.subList(0, 1));
		assertThat(start.hasNextPage()).isTrue();
		assertThat(start.hasPreviousPage()).isFalse();

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

		ProfilePage empty = profiles(args("first", 2, "filter", usernameFilter("startsWith", prefix + "none")));
		assertThat(empty.ids()).isEmpty();
		assertThat(empty.startCursor()).isNull();
		assertThat(empty.endCursor()).isNull();
		assertThat(empty.hasNextPage()).isFalse();
		assertThat(empty.hasPreviousPage()).isFalse();
		assertThat(empty.totalCount()).isZero();
	}

	@Test
	void profilesRefuseBadPageSizesFirstWithLastAndCursorsOfOtherListsOrWithoutAnId() {
		String prefix = prefix("pbad");
		Account alice = this.api.signUp(prefix);
		this.api.createProfile(alice, "Bad input");
		Map<String, Object> filter = usernameFilter("startsWith", prefix);
		String userCursor = userCursor(prefix);
		// made as the server makes its cursors (the control shows it), but around values
		// that are no id
		assertThat(profiles(args("first", 1, "after", profilesCursor(String.valueOf(alice.id() - 1)), "filter", filter))
			.ids()).containsExactly(alice.gid());

		assertProfilesError(runProfiles(args("first", 101, "filter", filter)), "first");
		assertProfilesError(runProfiles(args("last", 101, "filter", filter)), "last");
		assertProfilesError(runProfiles(args("first", -1, "filter", filter)), "first");
		assertProfilesError(runProfiles(args("last", -1, "filter", filter)), "last");
		assertProfilesError(runProfiles(args("first", 1, "last", 1, "filter", filter)), "last");
		for (String cursor : List.of(userCursor, "garbage", profilesCursor("abc"), profilesCursor("1.5"),
				profilesCursor("99999999999999999999"), profilesCursor(""))) {
			assertProfilesError(runProfiles(args("first", 1, "after", cursor, "filter", filter)), "after");
			assertProfilesError(runProfiles(args("last", 1, "before", cursor, "filter", filter)), "before");
		}
	}

	// --- helpers ---

	/** A cursor of the {@code profiles} connection around {@code value}. */
	private static String profilesCursor(String value) {
		return Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString(("c1:profiles:" + value).getBytes(StandardCharsets.UTF_8));
	}

	/** The user's row in {@code profile}, every column, or null. */
	private Map<String, Object> storedProfile(Account account) {
		List<Map<String, Object>> rows = this.jdbc.queryForList("SELECT * FROM profile WHERE site_user_id = ?",
				account.id());
		assertThat(rows).hasSizeLessThanOrEqualTo(1);
		return rows.isEmpty() ? null : rows.get(0);
	}

	private static String prefix(String tag) {
		return Api.uniqueName(tag) + ".";
	}

	private Account signUpNamed(String username) {
		return this.api.signUp(username, username + "@example.com", "password-" + username);
	}

	private Account describedUser(String description) {
		Account account = this.api.signUp("described");
		this.api.createProfile(account, description);
		return account;
	}

	private List<String> descriptionIds(String condition, String value) {
		return profiles(args("filter", Map.of("description", Map.of(condition, value)))).ids();
	}

	private static Map<String, Object> usernameFilter(String... conditions) {
		Map<String, Object> username = new LinkedHashMap<>();
		for (int i = 0; i < conditions.length; i += 2) {
			username.put(conditions[i], conditions[i + 1]);
		}
		return Map.of("username", username);
	}

	/** Variables from name-value pairs; null values are left out. */
	private static Map<String, Object> args(Object... pairs) {
		Map<String, Object> args = new LinkedHashMap<>();
		for (int i = 0; i < pairs.length; i += 2) {
			if (pairs[i + 1] != null) {
				args.put((String) pairs[i], pairs[i + 1]);
			}
		}
		return args;
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

	/**
	 * One error at {@code field} with {@code code} and {@code extensions.field}
	 * {@code errorField} (none when that is null, as {@link Api#assertError} has it), and
	 * {@code data} present with {@code field} null.
	 */
	private static void assertFailed(GraphQlResponse response, String field, String code, String errorField) {
		Api.assertSingleError(response.getErrors(), field, code, errorField);
		assertThat(response.<Map<String, Object>>getData()).as("data").isNotNull().containsEntry(field, null);
	}

	private GraphQlResponse runProfiles(Map<String, Object> variables) {
		return run(this.api.anonymous(), PROFILES, variables);
	}

	@SuppressWarnings("unchecked")
	private ProfilePage profiles(Map<String, Object> variables) {
		GraphQlResponse response = runProfiles(variables);
		assertThat(response.getErrors()).as("errors of profiles(%s)", variables).isEmpty();
		Map<String, Object> data = response.getData();
		return ProfilePage.of((Map<String, Object>) data.get("profiles"));
	}

	/**
	 * One {@code BAD_USER_INPUT} at {@code profiles} naming {@code field}, and no
	 * profiles.
	 */
	private static void assertProfilesError(GraphQlResponse response, String field) {
		Api.assertSingleError(response.getErrors(), "profiles", "BAD_USER_INPUT", field);
		Map<String, Object> data = response.getData();
		if (data != null) {
			assertThat(data.get("profiles")).as("profiles").isNull();
		}
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

	/**
	 * A page of {@code profiles}, checked on reading: edges and nodes agree, and so do
	 * the cursors.
	 */
	record ProfilePage(List<String> cursors, List<String> ids, List<String> usernames, boolean hasNextPage,
			boolean hasPreviousPage, String startCursor, String endCursor, int totalCount) {

		@SuppressWarnings("unchecked")
		static ProfilePage of(Map<String, Object> profiles) {
			List<Map<String, Object>> edges = (List<Map<String, Object>>) profiles.get("edges");
			List<Map<String, Object>> nodes = (List<Map<String, Object>>) profiles.get("nodes");
			Map<String, Object> info = (Map<String, Object>) profiles.get("pageInfo");
			List<String> cursors = edges.stream().map(edge -> (String) edge.get("cursor")).toList();
			assertThat(edges.stream().map(edge -> edge.get("node")).toList()).as("edges.node and nodes")
				.isEqualTo(nodes);
			assertThat(cursors).as("cursors")
				.doesNotHaveDuplicates()
				.allSatisfy(cursor -> assertThat(cursor).isNotBlank());
			// a profile's id is its user's id
			assertThat(nodes).allSatisfy(
					node -> assertThat(((Map<String, Object>) node.get("user")).get("id")).isEqualTo(node.get("id")));
			String start = (String) info.get("startCursor");
			String end = (String) info.get("endCursor");
			if (cursors.isEmpty()) {
				assertThat(start).as("startCursor of an empty page").isNull();
				assertThat(end).as("endCursor of an empty page").isNull();
			}
			else {
				assertThat(start).as("startCursor").isEqualTo(cursors.get(0));
				assertThat(end).as("endCursor").isEqualTo(cursors.get(cursors.size() - 1));
			}
			return new ProfilePage(cursors, nodes.stream().map(node -> (String) node.get("id")).toList(),
					nodes.stream()
						.map(node -> (String) ((Map<String, Object>) node.get("user")).get("username"))
						.toList(),
					(Boolean) info.get("hasNextPage"), (Boolean) info.get("hasPreviousPage"), start, end,
					((Number) profiles.get("totalCount")).intValue());
		}

	}

}
