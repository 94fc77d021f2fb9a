package com.example.userprofiles.user;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;

import com.example.userprofiles.support.Api;
import com.example.userprofiles.support.Api.Account;
import com.example.userprofiles.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.graphql.GraphQlResponse;
import org.springframework.graphql.ResponseError;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code users} connection: Relay cursor paging in both directions, page sizes, every
 * order, stability while users are added, cursors, {@code totalCount} and the
 * {@code StringFilter}. The database is shared and never emptied, so every test works in
 * a username prefix of its own.
 */
@IntegrationTest
class UserPaginationTests {

	private static final String USERS = """
			query($first: Int, $after: String, $last: Int, $before: String, $filter: UserFilter, $orderBy: UserOrder) {
			  users(first: $first, after: $after, last: $last, before: $before, filter: $filter, orderBy: $orderBy) {
			    edges { cursor node { id username createdAt } }
			    nodes { id username createdAt }
			    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
			    totalCount
			  }
			}""";

	private static final Map<String, Object> BY_USERNAME = Map.of("field", "USERNAME");

	private static final Map<String, Object> BY_USERNAME_ASC = Map.of("field", "USERNAME", "direction", "ASC");

	private static final Map<String, Object> BY_USERNAME_DESC = Map.of("field", "USERNAME", "direction", "DESC");

	private static final Map<String, Object> BY_CREATED_AT_ASC = Map.of("field", "CREATED_AT", "direction", "ASC");

	private static final Map<String, Object> BY_CREATED_AT_DESC = Map.of("field", "CREATED_AT", "direction", "DESC");

	private static final Map<String, Object> BY_ID_DESC = Map.of("field", "ID", "direction", "DESC");

	@Autowired
	Api api;

	@Test
	void pagesForwardWithFirstAndAfterVisitEveryUserOnceInIdOrder() {
		String prefix = prefix("fwd");
		List<String> expected = byId(signUpMany(prefix, 7));
		Map<String, Object> filter = startsWith(prefix);

		UserPage first = users(args("first", 3, "filter", filter));
		assertThat(first.ids()).containsExactlyElementsOf(expected.subList(0, 3));
		assertThat(first.hasNextPage()).isTrue();
		assertThat(first.hasPreviousPage()).isFalse();
		assertThat(first.totalCount()).isEqualTo(7);

		UserPage second = users(args("first", 3, "after", first.endCursor(), "filter", filter));
		assertThat(second.ids()).containsExactlyElementsOf(expected.subList(3, 6));
		assertThat(second.hasNextPage()).isTrue();
		assertThat(second.hasPreviousPage()).isTrue();
		assertThat(second.totalCount()).isEqualTo(7);

		UserPage third = users(args("first", 3, "after", second.endCursor(), "filter", filter));
		assertThat(third.ids()).containsExactlyElementsOf(expected.subList(6, 7));
		assertThat(third.hasNextPage()).isFalse();
		assertThat(third.hasPreviousPage()).isTrue();

		// every cursor is distinct, and a page that takes exactly the rest has nothing
		// after it
		List<String> cursors = new ArrayList<>(first.cursors());
		cursors.addAll(second.cursors());
		cursors.addAll(third.cursors());
		assertThat(cursors).hasSize(7).doesNotHaveDuplicates();
		UserPage rest = users(args("first", 4, "after", first.endCursor(), "filter", filter));
		assertThat(rest.ids()).containsExactlyElementsOf(expected.subList(3, 7));
		assertThat(rest.hasNextPage()).isFalse();

		// past the last user: an empty page
		UserPage beyond = users(args("first", 3, "after", third.endCursor(), "filter", filter));
		assertThat(beyond.ids()).isEmpty();
		assertThat(beyond.hasNextPage()).isFalse();
		assertThat(beyond.startCursor()).isNull();
		assertThat(beyond.endCursor()).isNull();
	}

	@Test
	void pagesBackwardWithLastAndBeforeGiveTheSameUsersInTheSameOrder() {
		String prefix = prefix("bwd");
		List<String> expected = byId(signUpMany(prefix, 7));
		Map<String, Object> filter = startsWith(prefix);

		UserPage last = users(args("last", 3, "filter", filter));
		assertThat(last.ids()).containsExactlyElementsOf(expected.subList(4, 7));
		assertThat(last.hasPreviousPage()).isTrue();
		assertThat(last.hasNextPage()).isFalse();
		assertThat(last.totalCount()).isEqualTo(7);

		UserPage middle = users(args("last", 3, "before", last.startCursor(), "filter", filter));
		assertThat(middle.ids()).containsExactlyElementsOf(expected.subList(1, 4));
		assertThat(middle.hasPreviousPage()).isTrue();
		assertThat(middle.hasNextPage()).isTrue();

		UserPage firstPage = users(args("last", 3, "before", middle.startCursor(), "filter", filter));
		assertThat(firstPage.ids()).containsExactlyElementsOf(expected.subList(0, 1));
		assertThat(firstPage.hasPreviousPage()).isFalse();
		assertThat(firstPage.hasNextPage()).isTrue();

		assertThat(usernames(pageBackward(filter, null, 3)))
			.containsExactlyElementsOf(usernames(pageForward(filter, null, 3)));

		// cursors work in both directions: the users before the start of a forward page
		UserPage forward = users(
				args("first", 3, "after", users(args("first", 3, "filter", filter)).endCursor(), "filter", filter));
		UserPage back = users(args("last", 3, "before", forward.startCursor(), "filter", filter));
		assertThat(back.ids()).containsExactlyElementsOf(expected.subList(0, 3));
		assertThat(back.cursors()).doesNotContainAnyElementsOf(forward.cursors());
	}

	@Test
	void aPageBetweenAfterAndBeforeHasPagesOnBothSidesWhicheverWayItIsRead() {
		String prefix = prefix("between");
		List<String> expected = byId(signUpMany(prefix, 8));
		Map<String, Object> filter = startsWith(prefix);
		List<String> cursors = users(args("first", 8, "filter", filter)).cursors();
		String after = cursors.get(1);
		String before = cursors.get(6);

		// the users after one cursor and before the other, read forward and backward:
		// the cursors' own users lie on either side, as a page of first/after or
		// last/before alone says
		for (Map<String, Object> arguments : List.of(args("first", 10, "after", after, "before", before),
				args("last", 10, "after", after, "before", before), args("first", 4, "after", after, "before", before),
				args("last", 4, "after", after, "before", before))) {
			arguments.put("filter", filter);
			UserPage page = users(arguments);
			assertThat(page.ids()).as("ids of %s", arguments).containsExactlyElementsOf(expected.subList(2, 6));
			assertThat(page.hasPreviousPage()).as("hasPreviousPage of %s", arguments).isTrue();
			assertThat(page.hasNextPage()).as("hasNextPage of %s", arguments).isTrue();
		}

		// before alone: the first page of what lies before it, which it follows
		UserPage beforeAlone = users(args("before", before, "filter", filter));
		assertThat(beforeAlone.ids()).containsExactlyElementsOf(expected.subList(0, 6));
		assertThat(beforeAlone.hasNextPage()).isTrue();
		assertThat(beforeAlone.hasPreviousPage()).isFalse();
	}

	@Test
	void pagesHoldTwentyUsersByDefaultAndUpToAHundred() {
		String prefix = prefix("size");
		List<String> expected = byId(signUpMany(prefix, 21));
		Map<String, Object> filter = startsWith(prefix);

		UserPage page = users(args("filter", filter));
		assertThat(page.ids()).containsExactlyElementsOf(expected.subList(0, 20));
		assertThat(page.hasNextPage()).isTrue();
		assertThat(page.totalCount()).isEqualTo(21);
		assertThat(users(args("after", page.endCursor(), "filter", filter)).ids()).containsExactly(expected.get(20));

		UserPage hundred = users(args("first", 100, "filter", filter));
		assertThat(hundred.ids()).containsExactlyElementsOf(expected);
		assertThat(hundred.hasNextPage()).isFalse();

		UserPage lastHundred = users(args("last", 100, "filter", filter));
		assertThat(lastHundred.ids()).containsExactlyElementsOf(expected);
		assertThat(lastHundred.hasPreviousPage()).isFalse();

		UserPage none = users(args("first", 0, "filter", filter));
		assertThat(none.ids()).isEmpty();
		assertThat(none.hasNextPage()).isTrue();
	}

	@Test
	void pageSizesAboveAHundredOrBelowZeroAndFirstWithLastAreBadUserInput() {
		String prefix = prefix("badsize");
		signUpMany(prefix, 1);
		Map<String, Object> filter = startsWith(prefix);

		assertUsersError(usersResponse(args("first", 101, "filter", filter)), "first");
		assertUsersError(usersResponse(args("last", 101, "filter", filter)), "last");
		assertUsersError(usersResponse(args("first", -1, "filter", filter)), "first");
		assertUsersError(usersResponse(args("last", -1, "filter", filter)), "last");
		// either alone would be valid: the error names `last`
		assertUsersError(usersResponse(args("first", 1, "last", 1, "filter", filter)), "last");
	}

	@Test
	void orderByUsernameAscendingIgnoresCaseAndPagesStablyWhileUsersAreAdded() {
		String prefix = prefix("nameasc");
		for (String name : List.of("JULIET", "delta", "lima", "Bravo", "hotel", "Foxtrot")) {
			signUpNamed(prefix + name);
		}

		// the direction defaults to ASC
		List<UserPage> pages = pageForward(startsWith(prefix), BY_USERNAME, 2, page -> {
			if (page == 1) {
				// two sort before the cursor (never shown), one after it (shown on its
				// page)
				signUpNamed(prefix + "alpha");
				signUpNamed(prefix + "Charlie");
				signUpNamed(prefix + "echo");
			}
			if (page == 2) {
				signUpNamed(prefix + "eve");
				signUpNamed(prefix + "golf");
			}
		});

		assertThat(pages).extracting(p -> p.ids().size()).containsExactly(2, 2, 2, 2);
		assertThat(usernames(pages)).containsExactly(prefix + "Bravo", prefix + "delta", prefix + "echo",
				prefix + "Foxtrot", prefix + "golf", prefix + "hotel", prefix + "JULIET", prefix + "lima");
		assertThat(pages.get(3).totalCount()).isEqualTo(11);

		// explicit ASC is the same order, and backward paging gives it too
		List<String> all = users(args("first", 100, "filter", startsWith(prefix), "orderBy", BY_USERNAME_ASC))
			.usernames();
		assertThat(all).containsExactly(prefix + "alpha", prefix + "Bravo", prefix + "Charlie", prefix + "delta",
				prefix + "echo", prefix + "eve", prefix + "Foxtrot", prefix + "golf", prefix + "hotel",
				prefix + "JULIET", prefix + "lima");
		assertThat(usernames(pageBackward(startsWith(prefix), BY_USERNAME_ASC, 3))).containsExactlyElementsOf(all);
	}

	@Test
	void orderByUsernameDescendingIgnoresCaseAndPagesStablyWhileUsersAreAdded() {
		String prefix = prefix("namedesc");
		for (String name : List.of("JULIET", "delta", "lima", "Bravo", "hotel", "Foxtrot")) {
			signUpNamed(prefix + name);
		}

		List<UserPage> pages = pageForward(startsWith(prefix), BY_USERNAME_DESC, 2, page -> {
			if (page == 1) {
				signUpNamed(prefix + "Kilo");
				signUpNamed(prefix + "mike");
				signUpNamed(prefix + "india");
			}
			if (page == 2) {
				signUpNamed(prefix + "Indigo");
				signUpNamed(prefix + "golf");
			}
		});

		assertThat(pages).extracting(p -> p.ids().size()).containsExactly(2, 2, 2, 2);
		assertThat(usernames(pages)).containsExactly(prefix + "lima", prefix + "JULIET", prefix + "india",
				prefix + "hotel", prefix + "golf", prefix + "Foxtrot", prefix + "delta", prefix + "Bravo");

		List<String> all = users(args("first", 100, "filter", startsWith(prefix), "orderBy", BY_USERNAME_DESC))
			.usernames();
		assertThat(all).containsExactly(prefix + "mike", prefix + "lima", prefix + "Kilo", prefix + "JULIET",
				prefix + "Indigo", prefix + "india", prefix + "hotel", prefix + "golf", prefix + "Foxtrot",
				prefix + "delta", prefix + "Bravo");
		assertThat(usernames(pageBackward(startsWith(prefix), BY_USERNAME_DESC, 3))).containsExactlyElementsOf(all);
	}

	@Test
	void orderByCreatedAtAscendingPagesInCreationOrderWhileUsersAreAdded() {
		String prefix = prefix("createdasc");
		List<String> originals = signUpMany(prefix, 5);
		List<String> added = new ArrayList<>();

		List<UserPage> pages = pageForward(startsWith(prefix), BY_CREATED_AT_ASC, 2, page -> {
			if (page == 1) {
				added.addAll(signUpMany(prefix, 2));
			}
		});

		List<String> expected = new ArrayList<>(originals);
		expected.addAll(added);
		assertThat(ids(pages)).containsExactlyElementsOf(expected);
		assertThat(pages).extracting(p -> p.ids().size()).containsExactly(2, 2, 2, 1);
		assertThat(createdAts(pages)).isSorted();

		List<String> all = users(args("first", 100, "filter", startsWith(prefix), "orderBy", BY_CREATED_AT_ASC)).ids();
		assertThat(all).containsExactlyElementsOf(expected);
		assertThat(ids(pageBackward(startsWith(prefix), BY_CREATED_AT_ASC, 3))).containsExactlyElementsOf(expected);
	}

	@Test
	void orderByCreatedAtDescendingPagesNewestFirstWhileUsersAreAdded() {
		String prefix = prefix("createddesc");
		List<String> originals = signUpMany(prefix, 5);
		List<String> added = new ArrayList<>();

		List<UserPage> pages = pageForward(startsWith(prefix), BY_CREATED_AT_DESC, 2, page -> {
			if (page == 1) {
				// newer than every user shown: they sort before the cursor and are never
				// shown
				added.addAll(signUpMany(prefix, 2));
			}
		});

		List<String> expected = new ArrayList<>(originals);
		Collections.reverse(expected);
		assertThat(ids(pages)).containsExactlyElementsOf(expected);
		assertThat(pages).extracting(p -> p.ids().size()).containsExactly(2, 2, 1);
		assertThat(createdAts(pages)).isSortedAccordingTo(Comparator.reverseOrder());

		List<String> all = new ArrayList<>(originals);
		all.addAll(added);
		Collections.reverse(all);
		assertThat(users(args("first", 100, "filter", startsWith(prefix), "orderBy", BY_CREATED_AT_DESC)).ids())
			.containsExactlyElementsOf(all);
		assertThat(ids(pageBackward(startsWith(prefix), BY_CREATED_AT_DESC, 3))).containsExactlyElementsOf(all);
	}

	@Test
	void orderByIdDescendingPagesStablyWhileUsersAreAdded() {
		String prefix = prefix("iddesc");
		List<String> originals = byId(signUpMany(prefix, 5));
		List<String> added = new ArrayList<>();

		List<UserPage> pages = pageForward(startsWith(prefix), BY_ID_DESC, 2, page -> {
			if (page == 1) {
				added.addAll(signUpMany(prefix, 3));
			}
		});

		List<String> expected = new ArrayList<>(originals);
		Collections.reverse(expected);
		assertThat(ids(pages)).containsExactlyElementsOf(expected);
		assertThat(pages).extracting(p -> p.ids().size()).containsExactly(2, 2, 1);

		List<String> all = new ArrayList<>(originals);
		all.addAll(byId(added));
		Collections.reverse(all);
		assertThat(users(args("first", 100, "filter", startsWith(prefix), "orderBy", BY_ID_DESC)).ids())
			.containsExactlyElementsOf(all);
		assertThat(ids(pageBackward(startsWith(prefix), BY_ID_DESC, 3))).containsExactlyElementsOf(all);
	}

	@Test
	void aCursorFromAnotherOrderOrListIsBadUserInput() {
		String prefix = prefix("xorder");
		List<Account> accounts = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			accounts.add(this.api.signUp(prefix));
		}
		this.api.createProfile(accounts.get(0), "A profile for a cursor");
		Map<String, Object> filter = startsWith(prefix);

		String idCursor = users(args("first", 1, "filter", filter)).endCursor();
		String nameCursor = users(args("first", 1, "filter", filter, "orderBy", BY_USERNAME_ASC)).endCursor();
		String createdCursor = users(args("first", 1, "filter", filter, "orderBy", BY_CREATED_AT_ASC)).endCursor();
		String profileCursor = profileCursor(accounts.get(0));

		// each cursor works in its own order
		assertThat(users(args("first", 5, "after", idCursor, "filter", filter)).ids()).hasSize(2);
		assertThat(users(args("first", 5, "after", nameCursor, "filter", filter, "orderBy", BY_USERNAME_ASC)).ids())
			.hasSize(2);
		assertThat(
				users(args("first", 5, "after", createdCursor, "filter", filter, "orderBy", BY_CREATED_AT_ASC)).ids())
			.hasSize(2);

		assertUsersError(
				usersResponse(args("first", 1, "after", idCursor, "filter", filter, "orderBy", BY_USERNAME_ASC)),
				"after");
		assertUsersError(usersResponse(args("first", 1, "after", nameCursor, "filter", filter)), "after");
		assertUsersError(
				usersResponse(args("last", 1, "before", nameCursor, "filter", filter, "orderBy", BY_USERNAME_DESC)),
				"before");
		assertUsersError(usersResponse(args("last", 1, "before", idCursor, "filter", filter, "orderBy", BY_ID_DESC)),
				"before");
		assertUsersError(
				usersResponse(args("first", 1, "after", createdCursor, "filter", filter, "orderBy", BY_USERNAME_ASC)),
				"after");
		assertUsersError(
				usersResponse(args("last", 1, "before", nameCursor, "filter", filter, "orderBy", BY_CREATED_AT_ASC)),
				"before");
		assertUsersError(usersResponse(args("first", 1, "after", profileCursor, "filter", filter)), "after");
		assertUsersError(usersResponse(args("last", 1, "before", profileCursor, "filter", filter)), "before");
	}

	@Test
	void aGarbageCursorIsBadUserInput() {
		String prefix = prefix("garbage");
		signUpMany(prefix, 2);
		Map<String, Object> filter = startsWith(prefix);
		List<String> garbage = List.of("garbage", "", "!!!", "Zm9v", base64("c1:users-ID-ASC:abc"),
				base64("c1:users-ID-ASC:1:2"), base64("c1:users-USERNAME-ASC:bob:x"),
				base64("c1:users-CREATED_AT-ASC:yesterday:1"));

		for (String cursor : garbage) {
			assertUsersError(usersResponse(args("first", 1, "after", cursor, "filter", filter)), "after");
			assertUsersError(usersResponse(args("last", 1, "before", cursor, "filter", filter)), "before");
		}
		assertUsersError(usersResponse(args("first", 1, "after", base64("c1:users-USERNAME-ASC:bob:x"), "filter",
				filter, "orderBy", BY_USERNAME_ASC)), "after");
		assertUsersError(usersResponse(args("first", 1, "after", base64("c1:users-CREATED_AT-ASC:yesterday:1"),
				"filter", filter, "orderBy", BY_CREATED_AT_ASC)), "after");
	}

	@Test
	void aForgedCursorHoldingAValuePostgresCannotTakeIsBadUserInputNamingTheArgument() {
		String prefix = prefix("forged");
		signUpMany(prefix, 2);
		Map<String, Object> filter = startsWith(prefix);
		// well-formed cursors of their order, with values no user can have: a NUL in a
		// username (text cannot hold one), an offset or a year PostgreSQL's timestamptz
		// cannot take (Java's can)
		Map<String, Map<String, Object>> forged = new LinkedHashMap<>();
		forged.put(base64("c1:users-USERNAME-ASC:a%00b:1"), BY_USERNAME_ASC);
		forged.put(base64("c1:users-CREATED_AT-ASC:2026-01-01T00%3A00%2B18%3A00:1"), BY_CREATED_AT_ASC);
		forged.put(base64("c1:users-CREATED_AT-DESC:%2B300000-01-01T00%3A00Z:1"), BY_CREATED_AT_DESC);

		forged.forEach((cursor, orderBy) -> {
			assertUsersError(usersResponse(args("first", 1, "after", cursor, "filter", filter, "orderBy", orderBy)),
					"after");
			assertUsersError(usersResponse(args("last", 1, "before", cursor, "filter", filter, "orderBy", orderBy)),
					"before");
		});

		// refused before it reaches the database, so the other field of the query (in the
		// same snapshot) has no failed statement to answer INTERNAL_SERVER_ERROR for; the
		// connection is non-null, so data is null all the same
		String cursor = base64("c1:users-USERNAME-ASC:a%00b:1");
		GraphQlResponse both = this.api.anonymous().document("""
				query($after: String, $filter: UserFilter) {
				  forged: users(first: 1, after: $after, filter: $filter, orderBy: { field: USERNAME }) { nodes { id } }
				  fine: users(first: 5, filter: $filter) { nodes { id } totalCount }
				}""").variables(args("after", cursor, "filter", filter)).execute().returnResponse();
		assertThat(both.getErrors()).as("errors").hasSize(1);
		assertThat(both.getErrors().get(0).getExtensions()).containsEntry("code", "BAD_USER_INPUT")
			.containsEntry("field", "after");
	}

	@Test
	void totalCountCountsTheFiltersMatchesOverAllPages() {
		String prefix = prefix("total");
		for (String name : List.of("kilo", "lima", "mike", "november", "oscar")) {
			signUpNamed(prefix + name);
		}
		Map<String, Object> filter = startsWith(prefix);

		UserPage first = users(args("first", 2, "filter", filter));
		assertThat(first.totalCount()).isEqualTo(5);
		assertThat(users(args("first", 2, "after", first.endCursor(), "filter", filter)).totalCount()).isEqualTo(5);
		assertThat(users(args("last", 1, "filter", filter)).totalCount()).isEqualTo(5);
		assertThat(users(args("first", 0, "filter", filter)).totalCount()).isEqualTo(5);
		assertThat(users(args("first", 2, "filter", filter, "orderBy", BY_USERNAME_DESC)).totalCount()).isEqualTo(5);

		Map<String, Object> narrower = Map.of("username", Map.of("startsWith", prefix, "contains", "k"));
		assertThat(users(args("first", 1, "filter", narrower)).totalCount()).isEqualTo(2);
		assertThat(users(args("filter", startsWith(prefix + "zz"))).totalCount()).isZero();
	}

	@Test
	void stringFilterEqualsMatchesTheWholeUsernameWhateverItsCase() {
		String prefix = prefix("equals");
		Account kilo = signUpNamed(prefix + "Kilo");
		signUpNamed(prefix + "kilogram");
		signUpNamed(prefix + "mike");

		assertThat(idsWhere("equals", prefix.toUpperCase() + "kILO")).containsExactly(kilo.gid());
		assertThat(users(args("filter", filter("equals", prefix + "kilo"))).usernames())
			.containsExactly(prefix + "Kilo");
		assertThat(idsWhere("equals", prefix + "kil")).isEmpty();
		assertThat(idsWhere("equals", prefix)).isEmpty();
	}

	@Test
	void stringFilterStartsWithMatchesWhateverTheCase() {
		String prefix = prefix("starts");
		Account kilo = signUpNamed(prefix + "Kilo");
		Account kilogram = signUpNamed(prefix + "kilogram");
		Account mike = signUpNamed(prefix + "MIKE");

		assertThat(idsWhere("startsWith", prefix.toUpperCase())).containsExactly(kilo.gid(), kilogram.gid(),
				mike.gid());
		assertThat(idsWhere("startsWith", prefix + "KIL")).containsExactly(kilo.gid(), kilogram.gid());
		assertThat(idsWhere("startsWith", prefix + "mi")).containsExactly(mike.gid());
		assertThat(idsWhere("startsWith", prefix + "ilo")).isEmpty();
		// a whole name starts with itself; the highest code point ends the indexed range
		assertThat(idsWhere("startsWith", prefix + "KILO")).containsExactly(kilo.gid(), kilogram.gid());
		assertThat(idsWhere("startsWith", prefix + "kilogram")).containsExactly(kilogram.gid());
		assertThat(idsWhere("startsWith", prefix + "kilo\uDBFF\uDFFF")).isEmpty();
		assertThat(
				users(args("filter", filter("startsWith", prefix.substring(0, prefix.length() - 1) + "\u00E9"))).ids())
			.isEmpty();
	}

	@Test
	void stringFilterContainsMatchesWhateverTheCase() {
		String prefix = prefix("contains");
		Account kilo = signUpNamed(prefix + "Kilo");
		Account kilogram = signUpNamed(prefix + "kiloGRAM");
		signUpNamed(prefix + "mike");

		assertThat(idsWhere("startsWith", prefix, "contains", "ILO")).containsExactly(kilo.gid(), kilogram.gid());
		assertThat(idsWhere("startsWith", prefix, "contains", "gram")).containsExactly(kilogram.gid());
		assertThat(idsWhere("contains", prefix.toUpperCase() + "KILOg")).containsExactly(kilogram.gid());
		assertThat(idsWhere("startsWith", prefix, "contains", "zulu")).isEmpty();
	}

	@Test
	void percentUnderscoreAndBackslashInTheFilterAreLiteralCharacters() {
		String prefix = prefix("literal");
		Account underscore = signUpNamed(prefix + "a_b");
		Account x = signUpNamed(prefix + "axb");

		assertThat(idsWhere("startsWith", prefix)).containsExactly(underscore.gid(), x.gid());
		assertThat(idsWhere("startsWith", prefix, "contains", "_")).containsExactly(underscore.gid());
		assertThat(idsWhere("startsWith", prefix + "a_")).containsExactly(underscore.gid());
		assertThat(idsWhere("startsWith", prefix, "contains", "x")).containsExactly(x.gid());
		assertThat(idsWhere("equals", prefix + "A_B")).containsExactly(underscore.gid());

		assertThat(idsWhere("startsWith", prefix + "%")).isEmpty();
		assertThat(idsWhere("startsWith", prefix + "_")).isEmpty();
		assertThat(idsWhere("startsWith", prefix, "contains", "%")).isEmpty();
		assertThat(idsWhere("startsWith", prefix, "contains", "a%b")).isEmpty();
		assertThat(idsWhere("startsWith", prefix, "contains", "\\")).isEmpty();
		assertThat(idsWhere("startsWith", prefix + "a\\_b")).isEmpty();
		assertThat(idsWhere("startsWith", prefix + "a\\")).isEmpty();
		assertThat(idsWhere("startsWith", prefix + "a\\xb")).isEmpty();
		assertThat(idsWhere("startsWith", prefix, "contains", "\\x")).isEmpty();
		assertThat(idsWhere("equals", prefix + "a%b")).isEmpty();
		assertThat(idsWhere("equals", prefix + "a_b%")).isEmpty();
	}

	@Test
	void conditionsGivenTogetherMustAllHold() {
		String prefix = prefix("together");
		Account kilo = signUpNamed(prefix + "kilo");
		Account kilogram = signUpNamed(prefix + "kilogram");
		signUpNamed(prefix + "mike");

		assertThat(idsWhere("startsWith", prefix, "contains", "ilo")).containsExactly(kilo.gid(), kilogram.gid());
		assertThat(idsWhere("startsWith", prefix + "kilo", "contains", "gram")).containsExactly(kilogram.gid());
		assertThat(idsWhere("equals", prefix + "kilo", "startsWith", prefix, "contains", "ilo"))
			.containsExactly(kilo.gid());
		assertThat(idsWhere("equals", prefix + "kilo", "contains", "gram")).isEmpty();
		assertThat(idsWhere("startsWith", prefix + "mi", "contains", "ilo")).isEmpty();
		assertThat(users(args("filter", filter("startsWith", prefix + "mi", "contains", "ilo"))).totalCount()).isZero();
	}

	@Test
	void anEmptyPageHasNullCursorsAndNoPagesAroundIt() {
		Map<String, Object> filter = startsWith(prefix("empty"));

		for (Map<String, Object> arguments : List.of(args("filter", filter), args("first", 5, "filter", filter),
				args("last", 5, "filter", filter), args("first", 5, "filter", filter, "orderBy", BY_USERNAME_DESC),
				args("last", 5, "filter", filter, "orderBy", BY_CREATED_AT_ASC))) {
			UserPage page = users(arguments);
			assertThat(page.ids()).as("ids of %s", arguments).isEmpty();
			assertThat(page.cursors()).as("cursors of %s", arguments).isEmpty();
			assertThat(page.startCursor()).as("startCursor of %s", arguments).isNull();
			assertThat(page.endCursor()).as("endCursor of %s", arguments).isNull();
			assertThat(page.hasNextPage()).as("hasNextPage of %s", arguments).isFalse();
			assertThat(page.hasPreviousPage()).as("hasPreviousPage of %s", arguments).isFalse();
			assertThat(page.totalCount()).as("totalCount of %s", arguments).isZero();
		}
	}

	// --- helpers ---

	/** A username prefix of this test alone: no other prefix starts with it. */
	private static String prefix(String tag) {
		return Api.uniqueName(tag) + ".";
	}

	private Account signUpNamed(String username) {
		return this.api.signUp(username, username + "@example.com", "password-" + username);
	}

	/**
	 * Signs up {@code count} users in the prefix; their ids in the order of signing up.
	 */
	private List<String> signUpMany(String prefix, int count) {
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			ids.add(this.api.signUp(prefix).gid());
		}
		return ids;
	}

	private static List<String> byId(List<String> ids) {
		return ids.stream().sorted(Comparator.comparingLong(Long::parseLong)).toList();
	}

	/**
	 * The ids of the users whose username meets {@code conditions}, pairs of name and
	 * value.
	 */
	private List<String> idsWhere(String... conditions) {
		return users(args("filter", filter(conditions))).ids();
	}

	private static Map<String, Object> startsWith(String prefix) {
		return filter("startsWith", prefix);
	}

	private static Map<String, Object> filter(String... conditions) {
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

	private static String base64(String text) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
	}

	private GraphQlResponse usersResponse(Map<String, Object> variables) {
		return this.api.anonymous().document(USERS).variables(variables).execute().returnResponse();
	}

	/** The page {@code users} answers, which must come without errors. */
	@SuppressWarnings("unchecked")
	private UserPage users(Map<String, Object> variables) {
		GraphQlResponse response = usersResponse(variables);
		assertThat(response.getErrors()).as("errors of users(%s)", variables).isEmpty();
		Map<String, Object> data = response.getData();
		return UserPage.of((Map<String, Object>) data.get("users"));
	}

	/**
	 * One {@code BAD_USER_INPUT} error at {@code users}, naming {@code field}, and no
	 * users.
	 */
	private static void assertUsersError(GraphQlResponse response, String field) {
		List<ResponseError> errors = response.getErrors();
		assertThat(errors).as("errors").hasSize(1);
		ResponseError error = errors.get(0);
		assertThat(error.getPath()).as("error path").isEqualTo("users");
		assertThat(error.getExtensions()).as("error extensions")
			.containsEntry("code", "BAD_USER_INPUT")
			.containsEntry("field", field);
		Map<String, Object> data = response.getData();
		if (data != null) {
			assertThat(data.get("users")).as("users").isNull();
		}
	}

	/**
	 * Pages forward with {@code first}/{@code after} to the end, calling
	 * {@code afterPage} with the number of each page (from 1) once it is read.
	 */
	private List<UserPage> pageForward(Map<String, Object> filter, Map<String, Object> orderBy, int size,
			IntConsumer afterPage) {
		List<UserPage> pages = new ArrayList<>();
		String after = null;
		while (true) {
			UserPage page = users(args("first", size, "after", after, "filter", filter, "orderBy", orderBy));
			pages.add(page);
			assertThat(page.hasPreviousPage()).as("hasPreviousPage of page %d", pages.size()).isEqualTo(after != null);
			afterPage.accept(pages.size());
			if (!page.hasNextPage()) {
				break;
			}
			assertThat(page.ids()).as("page %d", pages.size()).hasSize(size);
			assertThat(pages).as("pages").hasSizeLessThan(50);
			after = page.endCursor();
		}
		assertThat(cursors(pages)).as("cursors").doesNotHaveDuplicates();
		assertThat(ids(pages)).as("ids").doesNotHaveDuplicates();
		return pages;
	}

	private List<UserPage> pageForward(Map<String, Object> filter, Map<String, Object> orderBy, int size) {
		return pageForward(filter, orderBy, size, page -> {
		});
	}

	/**
	 * Pages backward with {@code last}/{@code before} to the start; the pages in list
	 * order.
	 */
	private List<UserPage> pageBackward(Map<String, Object> filter, Map<String, Object> orderBy, int size) {
		List<UserPage> pages = new ArrayList<>();
		String before = null;
		while (true) {
			UserPage page = users(args("last", size, "before", before, "filter", filter, "orderBy", orderBy));
			pages.add(0, page);
			assertThat(page.hasNextPage()).as("hasNextPage of a backward page").isEqualTo(before != null);
			if (!page.hasPreviousPage()) {
				break;
			}
			assertThat(page.ids()).as("backward page").hasSize(size);
			assertThat(pages).as("pages").hasSizeLessThan(50);
			before = page.startCursor();
		}
		assertThat(cursors(pages)).as("cursors").doesNotHaveDuplicates();
		assertThat(ids(pages)).as("ids").doesNotHaveDuplicates();
		return pages;
	}

	private static List<String> ids(List<UserPage> pages) {
		return pages.stream().flatMap(page -> page.ids().stream()).toList();
	}

	private static List<String> usernames(List<UserPage> pages) {
		return pages.stream().flatMap(page -> page.usernames().stream()).toList();
	}

	private static List<String> cursors(List<UserPage> pages) {
		return pages.stream().flatMap(page -> page.cursors().stream()).toList();
	}

	private static List<Instant> createdAts(List<UserPage> pages) {
		return pages.stream().flatMap(page -> page.createdAts().stream()).toList();
	}

	private String profileCursor(Account account) {
		return this.api.anonymous()
			.document("query($u: String!) { profiles(first: 1, filter: { username: { equals: $u } }) "
					+ "{ pageInfo { endCursor } } }")
			.variable("u", account.username())
			.execute()
			.path("profiles.pageInfo.endCursor")
			.entity(String.class)
			.get();
	}

	/**
	 * A page of {@code users}, checked on reading: edges and nodes agree, and so do the
	 * cursors.
	 */
	record UserPage(List<String> cursors, List<String> ids, List<String> usernames, List<Instant> createdAts,
			boolean hasNextPage, boolean hasPreviousPage, String startCursor, String endCursor, int totalCount) {

		@SuppressWarnings("unchecked")
		static UserPage of(Map<String, Object> users) {
			List<Map<String, Object>> edges = (List<Map<String, Object>>) users.get("edges");
			List<Map<String, Object>> nodes = (List<Map<String, Object>>) users.get("nodes");
			Map<String, Object> info = (Map<String, Object>) users.get("pageInfo");
			List<String> cursors = edges.stream().map(edge -> (String) edge.get("cursor")).toList();
			assertThat(edges.stream().map(edge -> edge.get("node")).toList()).as("edges.node and nodes")
				.isEqualTo(nodes);
			assertThat(cursors).as("cursors")
				.doesNotHaveDuplicates()
				.allSatisfy(cursor -> assertThat(cursor).isNotBlank());
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
			return new UserPage(cursors, nodes.stream().map(node -> (String) node.get("id")).toList(),
					nodes.stream().map(node -> (String) node.get("username")).toList(),
					nodes.stream()
						.map(node -> OffsetDateTime.parse((String) node.get("createdAt")).toInstant())
						.toList(),
					(Boolean) info.get("hasNextPage"), (Boolean) info.get("hasPreviousPage"), start, end,
					((Number) users.get("totalCount")).intValue());
		}

	}

}
