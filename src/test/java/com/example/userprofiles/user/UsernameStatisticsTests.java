package com.example.userprofiles.user;

import com.example.userprofiles.user.UsernameStatistics.Histogram;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When PostgreSQL's histogram of usernames says few users start with a prefix: when no
 * bound of its bins begins with the prefix, so its usernames lie inside one bin.
 */
class UsernameStatisticsTests {

	// 1,000,000 users in four bins
	private final Histogram histogram = Histogram
		.of(new String[] { "user000001", "user250000", "user500000", "user750000", "user999999" }, 1_000_000);

	@Test
	void aPrefixNoBoundBeginsWithIsOneFewUsersStartWith() {
		Histogram small = Histogram.of(new String[] { "user000001", "user002500", "user005000", "user007500" }, 7_500);
		assertThat(small.fewStartWith("user0001")).isTrue();
		assertThat(small.fewStartWith("USER0001")).as("in any case").isTrue();
		assertThat(small.fewStartWith("zz")).as("after every bound").isTrue();
		assertThat(small.fewStartWith("a")).as("before every bound").isTrue();
	}

	@Test
	void aPrefixABoundBeginsWithMayBeOneManyStartWith() {
		Histogram small = Histogram.of(new String[] { "user000001", "user002500", "user005000", "user007500" }, 7_500);
		assertThat(small.fewStartWith("user")).isFalse();
		assertThat(small.fewStartWith("User00")).isFalse();
		assertThat(small.fewStartWith("user0050")).isFalse();
		assertThat(small.fewStartWith("")).isFalse();
	}

	@Test
	void binsTooLargeToReadWholeTellNothing() {
		assertThat(this.histogram.usersPerBin()).isGreaterThan(UsernameStatistics.MAX_USERS_PER_BIN);
		assertThat(this.histogram.fewStartWith("user0001")).isFalse();
	}

	@Test
	void withoutStatisticsEveryPrefixMayBeOneManyStartWith() {
		assertThat(Histogram.NONE.fewStartWith("user0001")).isFalse();
		assertThat(Histogram.of(null, 100)).isEqualTo(Histogram.NONE);
		assertThat(Histogram.of(new String[] { "a" }, 100)).as("one bound, no bin").isEqualTo(Histogram.NONE);
		assertThat(Histogram.of(new String[] { "a", "b" }, -1)).as("never analyzed").isEqualTo(Histogram.NONE);
	}

	@Test
	void aPrefixOutsideAsciiTellsNothing() {
		Histogram small = Histogram.of(new String[] { "user000001", "user002500", "user005000", "user007500" }, 7_500);
		// no username holds it, but PostgreSQL's lower() may fold it where Java would not
		assertThat(small.fewStartWith("usér")).isFalse();
		assertThat(small.fewStartWith("\u212A")).as("the Kelvin sign, K in lower case").isFalse();
	}

}
