/* test_httpdate.c: dates by arithmetic, checked against the C library's
 * gmtime_r and timegm over four centuries and both sides of 1970. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/httpdate.h"
#include "tests/unit/check.h"

static bool same_tm(const struct tm *a, const struct tm *b)
{
	return a->tm_sec == b->tm_sec && a->tm_min == b->tm_min && a->tm_hour == b->tm_hour &&
	       a->tm_mday == b->tm_mday && a->tm_mon == b->tm_mon && a->tm_year == b->tm_year &&
	       a->tm_wday == b->tm_wday && a->tm_yday == b->tm_yday;
}

int main(void)
{
	/* every 7,777,777 s (about 90 days, drifting through every weekday
	 * and time of day) from 1800 to 2200, and the edges around them */
	long bad = 0, n = 0;
	for (int64_t t = -5364662400LL; t < 7258118400LL; t += 7777777) {
		for (int64_t d = -1; d <= 1; d++) {
			time_t x = (time_t)(t + d);
			struct tm want, got;
			gmtime_r(&x, &want);
			httpdate_gmtime(x, &got);
			n++;
			if (!same_tm(&want, &got) && bad++ < 3)
				printf("# %lld: got %d-%d-%d wday %d, want %d-%d-%d wday %d\n",
				       (long long)x, got.tm_year, got.tm_mon, got.tm_mday,
				       got.tm_wday, want.tm_year, want.tm_mon, want.tm_mday,
				       want.tm_wday);
		}
	}
	CHECK(bad == 0, "httpdate_gmtime agrees with gmtime_r at %ld instants", n);

	char out[HTTPDATE_LEN];
	httpdate_format(784111777, out);
	CHECK_STR(out, "Sun, 06 Nov 1994 08:49:37 GMT", "RFC 9110's example date");
	httpdate_format(951782400, out);
	CHECK_STR(out, "Tue, 29 Feb 2000 00:00:00 GMT", "a leap day of a century year");
	httpdate_format(-1, out);
	CHECK_STR(out, "Wed, 31 Dec 1969 23:59:59 GMT", "a second before the epoch");

	char clf[HTTPDATE_CLF_LEN];
	httpdate_format_clf(784111777, clf);
	CHECK_STR(clf, "06/Nov/1994:08:49:37 +0000", "a Common Log Format timestamp");
	/* the access log's timestamp is what strftime gave it before, at
	 * instants from 1800 to 2200 */
	long clf_bad = 0, clf_n = 0;
	for (int64_t x = -5364662400LL; x < 7258118400LL; x += 7777777) {
		time_t tx = (time_t)x;
		struct tm tm_x;
		char want_clf[64];
		gmtime_r(&tx, &tm_x);
		strftime(want_clf, sizeof want_clf, "%d/%b/%Y:%H:%M:%S +0000", &tm_x);
		httpdate_format_clf(tx, clf);
		clf_n++;
		if (strcmp(clf, want_clf) != 0 && clf_bad++ < 3)
			printf("# %lld: got %s, want %s\n", (long long)x, clf, want_clf);
	}
	CHECK(clf_bad == 0, "httpdate_format_clf agrees with strftime at %ld instants", clf_n);

	time_t t;
	CHECK(httpdate_parse("Sun, 06 Nov 1994 08:49:37 GMT", &t) && t == 784111777,
	      "IMF-fixdate");
	CHECK(httpdate_parse("Sunday, 06-Nov-94 08:49:37 GMT", &t) && t == 784111777,
	      "RFC 850");
	CHECK(httpdate_parse("Sun Nov  6 08:49:37 1994", &t) && t == 784111777, "asctime");
	CHECK(httpdate_parse("Tue, 29 Feb 2000 00:00:00 GMT", &t) && t == 951782400,
	      "a leap day");
	CHECK(httpdate_parse("Thu, 01 Jan 1970 00:00:00 GMT", &t) && t == 0, "the epoch");
	/* timegm carries an out-of-range day or second over; so do we */
	struct tm tm = {.tm_year = 101,
			.tm_mon = 1,
			.tm_mday = 31,
			.tm_hour = 23,
			.tm_min = 59,
			.tm_sec = 60};
	time_t want = timegm(&tm);
	CHECK(httpdate_parse("Sat, 31 Feb 2001 23:59:60 GMT", &t) && t == want,
	      "31 February and a leap second carry over as timegm does");
	CHECK(!httpdate_parse("Sun, 06 Nov 1994 08:49:37 PST", &t), "only GMT");

	/* The hand-written parser (no sscanf, for the static build's size):
	 * each form and its near misses. */
	static const struct {
		const char *in;
		long long want; /* -2: refused */
	} table[] = {
		{"Sun, 06 Nov 1994 08:49:37 GMT", 784111777},
		{"Sun, 6 Nov 1994 08:49:37 GMT", 784111777}, /* one-digit day, as ever */
		{"Sun, 06 Nov 1994 8:49:37 GMT", 784111777},
		{"Mon, 06 Nov 1994 08:49:37 GMT", 784111777}, /* weekday not checked */
		{"Sun, 06-Nov-94 08:49:37 GMT", 784111777},   /* RFC 850 with a short name */
		{"Sunday, 06-Nov-94 08:49:37 GMT", 784111777},
		{"Thursday, 01-Jan-70 00:00:00 GMT", 0},
		{"Monday, 01-Jan-69 00:00:00 GMT", 3124224000}, /* 2069: 50 years */
		{"Sun Nov  6 08:49:37 1994", 784111777},
		{"Sun Nov 06 08:49:37 1994", 784111777},
		{"Wed Dec 31 23:59:59 1969", -1},
		{"Fri, 31 Dec 9999 23:59:59 GMT", 253402300799},
		{"", -2},
		{"Sun", -2},
		{"Sun, 06 Nov 1994 08:49:37 GMT ", -2}, /* trailing byte */
		{"Sun, 06 Nov 1994 08:49:37 GMTX", -2},
		{"Sun, 06 Nov 1994 08:49:37", -2},
		{"Sun, 06 Nov 1994 08:49 GMT", -2},
		{"Sun, 06 Nov 94 08:49:37 GMT", -2},	/* two-digit year in a fixdate */
		{"Sun, 06 Nov 19945 08:49:37 GMT", -2}, /* five */
		{"Sun, 06 nov 1994 08:49:37 GMT", -2},	/* month is case-sensitive */
		{"Sun, 06 Nox 1994 08:49:37 GMT", -2},
		{"Sun, 006 Nov 1994 08:49:37 GMT", -2},
		{"Sun, 00 Nov 1994 08:49:37 GMT", -2},
		{"Sun, 32 Nov 1994 08:49:37 GMT", -2},
		{"Sun, 06 Nov 1994 24:00:00 GMT", -2},
		{"Sun, 06 Nov 1994 23:60:00 GMT", -2},
		{"Sun, 06 Nov 1994 23:59:61 GMT", -2},
		{"Sun, -6 Nov 1994 08:49:37 GMT", -2},
		{"Sun, +6 Nov 1994 08:49:37 GMT", -2},
		{"Sun,06 Nov 1994 08:49:37 GMT", -2},
		{"Sun,  06 Nov 1994 08:49:37 GMT", -2},
		{"Su1, 06 Nov 1994 08:49:37 GMT", -2},
		{"Sunday, 06-Nov-1994 08:49:37 GMT", -2},
		{"Sunday, 06-Nov-94 08:49:37", -2},
		{"Sundayyyyyyyyyyy, 06-Nov-94 08:49:37 GMT", -2}, /* 16 letters */
		{"Sun Nov 6 08:49:37 1994", 784111777}, /* SP DIGIT without its SP, as ever */
		{"Sun Nov   6 08:49:37 1994", -2},
		{"Sun Nov  6 08:49:37 94", -2},
		{"Sun Nov  6 08:49:37 1994 GMT", -2},
		{"Sun Nov  6 08:49:37 1994x", -2},
	};
	for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
		time_t got = -12345;
		bool ok = httpdate_parse(table[i].in, &got);
		if (table[i].want == -2)
			CHECK(!ok, "refused: \"%s\"", table[i].in);
		else
			CHECK(ok && (long long)got == table[i].want,
			      "\"%s\" is %lld (got %lld)", table[i].in, table[i].want,
			      ok ? (long long)got : -2LL);
	}
	/* every formatted date parses back to its instant, 1800 to 2200 */
	long back_bad = 0, back_n = 0;
	for (int64_t x = -5364662400LL; x < 7258118400LL; x += 7777777) {
		char d[HTTPDATE_LEN];
		httpdate_format((time_t)x, d);
		back_n++;
		if (!(httpdate_parse(d, &t) && t == (time_t)x) && back_bad++ < 3)
			printf("# %lld: %s does not parse back\n", (long long)x, d);
	}
	CHECK(back_bad == 0, "httpdate_parse reads back httpdate_format at %ld instants",
	      back_n);
	return check_done();
}
