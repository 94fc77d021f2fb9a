package com.example.userprofiles.user;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;
import java.util.stream.Stream;

import com.example.userprofiles.support.Api;
import com.example.userprofiles.support.Api.Account;
import com.example.userprofiles.support.IntegrationTest;
import com.example.userprofiles.support.Page;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.graphql.GraphQlResponse;

import static com.example.userprofiles.support.Api.args;
import static com.example.userprofiles.support.Api.base64;
import static com.example.userprofiles.support.Api.prefix;
import static com.example.userprofiles.support.Api.usernameFilter;
import static org.assertj.core.api.Assertions.assertThat;

/** The {@code users} connection; each test works in a username prefix of its own. */
@IntegrationTest
class UserPaginationTests {

	private static final String USERS = Api.document("users");

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

		Page first = users(args("first", 3, "filter", filter)).has(expected.subList(0, 3), false, true);
		assertThat(first.totalCount()).isEqualTo(7);
		Page second = users(args("first", 3, "after", first.endCursor(), "filter", filter)).has(expected.subList(3, 6),
				true, true);
		assertThat(second.totalCount()).isEqualTo(7);
		Page third = users(args("first", 3, "after", second.endCursor(), "filter", filter)).has(expected.subList(6, 7),
				true, false);

		// distinct cursors; a page taking exactly the rest has none after it
		assertThat(cursors(List.of(first, second, third))).hasSize(7).doesNotHaveDuplicates();
		users(args("first", 4, "after", first.endCursor(), "filter", filter)).has(expected.subList(3, 7), true, false);

		// past the last user: an empty page
		Page beyond = users(args("first", 3, "after", third.endCursor(), "filter", filter));
		assertThat(beyond.ids()).isEmpty();
		assertThat(beyond.hasNextPage()).isFalse();
	}

	@Test
	void pagesBackwardWithLastAndBeforeGiveTheSameUsersInTheSameOrder() {
		String prefix = prefix("bwd");
		List<String> expected = byId(signUpMany(prefix, 7));
		Map<String, Object> filter = startsWith(prefix);

		Page last = users(args("last", 3, "filter", filter)).has(expected.subList(4, 7), true, false);
		assertThat(last.totalCount()).isEqualTo(7);
		Page middle = users(args("last", 3, "before", last.startCursor(), "filter", filter)).has(expected.subList(1, 4),
				true, true);
		users(args("last", 3, "before", middle.startCursor(), "filter", filter)).has(expected.subList(0, 1), false,
				true);

		assertThat(usernames(pageBackward(filter, null, 3)))
			.containsExactlyElementsOf(usernames(pageForward(filter, null, 3)));

		// cursors work in both directions: the users before the start of a forward page
		Page forward = users(
				args("first", 3, "after", users(args("first", 3, "filter", filter)).endCursor(), "filter", filter));
		Page back = users(args("last", 3, "before", forward.startCursor(), "filter", filter));
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

		// the cursors' own users lie on either side, as a page of first/after or
		// last/before alone says
		for (String size : List.of("first", "last")) {
			for (int n : List.of(10, 4)) {
				users(args(size, n, "after", after, "before", before, "filter", filter)).has(expected.subList(2, 6),
						true, true);
			}
		}

		// before alone: the first page of what lies before it, which it follows
		users(args("before", before, "filter", filter)).has(expected.subList(0, 6), false, true);
	}

	@Test
	void pagesHoldTwentyUsersByDefaultAndUpToAHundred() {
		String prefix = prefix("size");
		List<String> expected = byId(signUpMany(prefix, 21));
		Map<String, Object> filter = startsWith(prefix);

		Page page = users(args("filter", filter)).has(expected.subList(0, 20), false, true);
		assertThat(page.totalCount()).isEqualTo(21);
		assertThat(users(args("after", page.endCursor(), "filter", filter)).ids()).containsExactly(expected.get(20));

		users(args("first", 100, "filter", filter)).has(expected, false, false);
		users(args("last", 100, "filter", filter)).has(expected, false, false);
		users(args("first", 0, "filter", filter)).has(List.of(), false, true);
	}

	@Test
	void pageSizesAboveAHundredOrBelowZeroAndFirstWithLastAreBadUserInput() {
		String prefix = prefix("badsize");
		signUpMany(prefix, 1);
		Map<String, Object> filter = startsWith(prefix);

		assertUsersError(args("first", 101, "filter", filter), "first");
		assertUsersError(args("last", 101, "filter", filter), "last");
		assertUsersError(args("first", -1, "filter", filter), "first");
		assertUsersError(args("last", -1, "filter", filter), "last");
		// either alone would be valid: the error names `last`
		assertUsersError(args("first", 1, "last", 1, "filter", filter), "last");
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = {
			"|ASC|alpha Charlie echo|eve golf|Bravo delta echo Foxtrot golf hotel JULIET lima|alpha Bravo Charlie delta echo eve Foxtrot golf hotel JULIET lima",
			"DESC|DESC|Kilo mike india|Indigo golf|lima JULIET india hotel golf Foxtrot delta Bravo|mike lima Kilo JULIET Indigo india hotel golf Foxtrot delta Bravo" })
	void orderByUsernameIgnoresCaseAndPagesStablyWhileUsersAreAdded(String pagedDirection, String direction,
			String addedAfterPage1, String addedAfterPage2, String paged, String all) {
		String prefix = prefix("name" + direction);
		for (String name : List.of("JULIET", "delta", "lima", "Bravo", "hotel", "Foxtrot")) {
			this.api.signUpNamed(prefix + name);
		}

		// the direction defaults to ASC; of those added, some sort before the cursor
		// (never shown), some after it (shown on their page)
		List<Page> pages = pageForward(startsWith(prefix), args("field", "USERNAME", "direction", pagedDirection), 2,
				page -> {
					for (String name : (page > 2) ? new String[0]
							: (page == 1 ? addedAfterPage1 : addedAfterPage2).split(" ")) {
						this.api.signUpNamed(prefix + name);
					}
				});

		assertThat(pages).extracting(p -> p.ids().size()).containsExactly(2, 2, 2, 2);
		assertThat(usernames(pages)).containsExactlyElementsOf(prefixed(prefix, paged));
		assertThat(pages.get(3).totalCount()).isEqualTo(11);
		Map<String, Object> orderBy = Map.of("field", "USERNAME", "direction", direction);
		assertThat(users(args("first", 100, "filter", startsWith(prefix), "orderBy", orderBy)).values("username"))
			.containsExactlyElementsOf(prefixed(prefix, all));
		assertThat(usernames(pageBackward(startsWith(prefix), orderBy, 3)))
			.containsExactlyElementsOf(prefixed(prefix, all));
	}

	@ParameterizedTest
	@CsvSource({ "CREATED_AT, ASC", "CREATED_AT, DESC", "ID, DESC" })
	void orderByCreatedAtOrIdPagesStablyWhileUsersAreAdded(String field, String direction) {
		String prefix = prefix("order" + field + direction);
		Map<String, Object> orderBy = Map.of("field", field, "direction", direction);
		List<String> originals = signUpMany(prefix, 5);
		List<String> all = new ArrayList<>(originals);

		List<Page> pages = pageForward(startsWith(prefix), orderBy, 2, page -> {
			if (page == 1) {
				all.addAll(signUpMany(prefix, 2));
			}
		});

		// those added sort after the cursor ascending (shown), before it descending (not)
		boolean ascending = direction.equals("ASC");
		List<String> shown = ascending ? all : reversed(originals);
		assertThat(ids(pages)).containsExactlyElementsOf(shown);
		assertThat(pages).extracting(p -> p.ids().size())
			.containsExactlyElementsOf(ascending ? List.of(2, 2, 2, 1) : List.of(2, 2, 1));
		List<Instant> createdAts = pages.stream()
			.flatMap(page -> page.values("createdAt").stream())
			.map(at -> OffsetDateTime.parse(at).toInstant())
			.toList();
		assertThat(createdAts).isSortedAccordingTo(ascending ? Comparator.naturalOrder() : Comparator.reverseOrder());

		List<String> ordered = ascending ? all : reversed(all);
		assertThat(users(args("first", 100, "filter", startsWith(prefix), "orderBy", orderBy)).ids())
			.containsExactlyElementsOf(ordered);
		assertThat(ids(pageBackward(startsWith(prefix), orderBy, 3))).containsExactlyElementsOf(ordered);
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

		assertBadCursor(idCursor, filter, BY_USERNAME_ASC);
		assertBadCursor(idCursor, filter, BY_ID_DESC);
		assertBadCursor(nameCursor, filter, null);
		assertBadCursor(nameCursor, filter, BY_USERNAME_DESC);
		assertBadCursor(nameCursor, filter, BY_CREATED_AT_ASC);
		assertBadCursor(createdCursor, filter, BY_USERNAME_ASC);
		assertBadCursor(profileCursor, filter, null);
	}

	@Test
	void aGarbageOrForgedCursorIsBadUserInputNamingTheArgument() {
		String prefix = prefix("garbage");
		signUpMany(prefix, 2);
		Map<String, Object> filter = startsWith(prefix);
		for (String cursor : List.of("garbage", "", "!!!", "Zm9v", base64("c1:users-ID-ASC:abc"),
				base64("c1:users-ID-ASC:1:2"), base64("c1:users-USERNAME-ASC:bob:x"),
				base64("c1:users-CREATED_AT-ASC:yesterday:1"))) {
			assertBadCursor(cursor, filter, null);
		}
		assertBadCursor(base64("c1:users-USERNAME-ASC:bob:x"), filter, BY_USERNAME_ASC);
		assertBadCursor(base64("c1:users-CREATED_AT-ASC:yesterday:1"), filter, BY_CREATED_AT_ASC);
		// well-formed cursors of values PostgreSQL cannot take (Java can)
		assertBadCursor(base64("c1:users-USERNAME-ASC:a%00b:1"), filter, BY_USERNAME_ASC);
		assertBadCursor(base64("c1:users-CREATED_AT-ASC:2026-01-01T00%3A00%2B18%3A00:1"), filter, BY_CREATED_AT_ASC);
		assertBadCursor(base64("c1:users-CREATED_AT-DESC:%2B300000-01-01T00%3A00Z:1"), filter, BY_CREATED_AT_DESC);

		// refused before the database, so the other field is not failed with it
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
			this.api.signUpNamed(prefix + name);
		}
		Map<String, Object> filter = startsWith(prefix);

		Page first = users(args("first", 2, "filter", filter));
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
		Account kilo = this.api.signUpNamed(prefix + "Kilo");
		this.api.signUpNamed(prefix + "kilogram");
		this.api.signUpNamed(prefix + "mike");

		assertThat(idsWhere("equals", prefix.toUpperCase() + "kILO")).containsExactly(kilo.gid());
		assertThat(users(args("filter", usernameFilter("equals", prefix + "kilo"))).values("username"))
			.containsExactly(prefix + "Kilo");
		assertThat(idsWhere("equals", prefix + "kil")).isEmpty();
		assertThat(idsWhere("equals", prefix)).isEmpty();
	}

	@Test
	void stringFilterStartsWithMatchesWhateverTheCase() {
		String prefix = prefix("starts");
		Account kilo = this.api.signUpNamed(prefix + "Kilo");
		Account kilogram = this.api.signUpNamed(prefix + "kilogram");
		Account mike = this.api.signUpNamed(prefix + "MIKE");

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
				users(args("filter", usernameFilter("startsWith", prefix.substring(0, prefix.length() - 1) + "\u00E9")))
					.ids())
			.isEmpty();
	}

	@Test
	void stringFilterContainsMatchesWhateverTheCase() {
		String prefix = prefix("contains");
		Account kilo = this.api.signUpNamed(prefix + "Kilo");
		Account kilogram = this.api.signUpNamed(prefix + "kiloGRAM");
		this.api.signUpNamed(prefix + "mike");

		assertThat(idsWhere("startsWith", prefix, "contains", "ILO")).containsExactly(kilo.gid(), kilogram.gid());
		assertThat(idsWhere("startsWith", prefix, "contains", "gram")).containsExactly(kilogram.gid());
		assertThat(idsWhere("contains", prefix.toUpperCase() + "KILOg")).containsExactly(kilogram.gid());
		assertThat(idsWhere("startsWith", prefix, "contains", "zulu")).isEmpty();
	}

	@Test
	void percentUnderscoreAndBackslashInTheFilterAreLiteralCharacters() {
		String prefix = prefix("literal");
		Account underscore = this.api.signUpNamed(prefix + "a_b");
		Account x = this.api.signUpNamed(prefix + "axb");

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
		Account kilo = this.api.signUpNamed(prefix + "kilo");
		Account kilogram = this.api.signUpNamed(prefix + "kilogram");
		this.api.signUpNamed(prefix + "mike");

		assertThat(idsWhere("startsWith", prefix, "contains", "ilo")).containsExactly(kilo.gid(), kilogram.gid());
		assertThat(idsWhere("startsWith", prefix + "kilo", "contains", "gram")).containsExactly(kilogram.gid());
		assertThat(idsWhere("equals", prefix + "kilo", "startsWith", prefix, "contains", "ilo"))
			.containsExactly(kilo.gid());
		assertThat(idsWhere("equals", prefix + "kilo", "contains", "gram")).isEmpty();
		assertThat(idsWhere("startsWith", prefix + "mi", "contains", "ilo")).isEmpty();
		assertThat(users(args("filter", usernameFilter("startsWith", prefix + "mi", "contains", "ilo"))).totalCount())
			.isZero();
	}

	@Test
	void anEmptyPageHasNullCursorsAndNoPagesAroundIt() {
		Map<String, Object> filter = startsWith(prefix("empty"));

		for (Map<String, Object> arguments : List.of(args("filter", filter), args("first", 5, "filter", filter),
				args("last", 5, "filter", filter), args("first", 5, "filter", filter, "orderBy", BY_USERNAME_DESC),
				args("last", 5, "filter", filter, "orderBy", BY_CREATED_AT_ASC))) {
			// Page checks that an empty page has null cursors
			assertThat(users(arguments).has(List.of(), false, false).totalCount()).as("totalCount of %s", arguments)
				.isZero();
		}
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

	/** The ids of the users whose username meets {@code conditions}. */
	private List<String> idsWhere(String... conditions) {
		return users(args("filter", usernameFilter(conditions))).ids();
	}

	private static Map<String, Object> startsWith(String prefix) {
		return usernameFilter("startsWith", prefix);
	}

	/** The page {@code users} answers, which must come without errors. */
	private Page users(Map<String, Object> variables) {
		return Page.fetch(this.api.anonymous(), USERS, "users", variables);
	}

	/**
	 * {@code cursor}, as {@code after} and as {@code before}, is bad user input naming
	 * it.
	 */
	private void assertBadCursor(String cursor, Map<String, Object> filter, Map<String, Object> orderBy) {
		assertUsersError(args("first", 1, "after", cursor, "filter", filter, "orderBy", orderBy), "after");
		assertUsersError(args("last", 1, "before", cursor, "filter", filter, "orderBy", orderBy), "before");
	}

	/** One {@code BAD_USER_INPUT} at users naming {@code field}. */
	private void assertUsersError(Map<String, Object> variables, String field) {
		Page.assertRefused(this.api.anonymous(), USERS, "users", variables, field);
	}

	/**
	 * Pages forward with {@code first}/{@code after} to the end, calling
	 * {@code afterPage} with the number of each page (from 1) once it is read.
	 */
	private List<Page> pageForward(Map<String, Object> filter, Map<String, Object> orderBy, int size,
			IntConsumer afterPage) {
		List<Page> pages = new ArrayList<>();
		String after = null;
		while (true) {
			Page page = users(args("first", size, "after", after, "filter", filter, "orderBy", orderBy));
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

	private List<Page> pageForward(Map<String, Object> filter, Map<String, Object> orderBy, int size) {
		return pageForward(filter, orderBy, size, page -> {
		});
	}

	/** Pages backward to the start; the pages in list order. */
	private List<Page> pageBackward(Map<String, Object> filter, Map<String, Object> orderBy, int size) {
		List<Page> pages = new ArrayList<>();
		String before = null;
		while (true) {
			Page page = users(args("last", size, "before", before, "filter", filter, "orderBy", orderBy));
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

	private static List<String> ids(List<Page> pages) {
		return pages.stream().flatMap(page -> page.ids().stream()).toList();
	}

	private static List<String> usernames(List<Page> pages) {
		return pages.stream().flatMap(page -> page.values("username").stream()).toList();
	}

	private static List<String> reversed(List<String> list) {
		List<String> reversed = new ArrayList<>(list);
		Collections.reverse(reversed);
		return reversed;
	}

	private static List<String> prefixed(String prefix, String names) {
		return Stream.of(names.split(" ")).map(name -> prefix + name).toList();
	}

	private static List<String> cursors(List<Page> pages) {
		return pages.stream().flatMap(page -> page.cursors().stream()).toList();
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

}
