/* test_static.c: the pure parts of the file answer: Range,
 * HTTP dates and MIME lookup in a mime.types text. */
#include <stdlib.h>
#include <unistd.h>

#include "lib/httpdate.h"
#include "lib/mime.h"
#include "lib/static.h"
#include "tests/unit/check.h"

static void range(const char *h, int64_t size, enum status want, int64_t f, int64_t l)
{
	int64_t first = -1, last = -1;
	enum status s = static_parse_range(h, size, &first, &last);
	CHECK(s == want && (s != S_OK || (first == f && last == l)),
	      "Range \"%s\" of %lld: %d %lld-%lld", h, (long long)size, want, (long long)f,
	      (long long)l);
	if (s != want || (s == S_OK && (first != f || last != l)))
		printf("#   got %d %lld-%lld\n", s, (long long)first, (long long)last);
}

int main(void)
{
	/* Range (RFC 9110 section 14) */
	range("bytes=0-0", 100, S_OK, 0, 0);
	range("bytes=0-99", 100, S_OK, 0, 99);
	range("bytes=10-19", 100, S_OK, 10, 19);
	range("bytes=10-", 100, S_OK, 10, 99);
	range("bytes=90-200", 100, S_OK, 90, 99);
	range("bytes=-10", 100, S_OK, 90, 99);
	range("bytes=-200", 100, S_OK, 0, 99);
	range("bytes=99-99", 100, S_OK, 99, 99);
	range("BYTES=1-2", 100, S_OK, 1, 2);
	range("bytes=100-", 100, S_RANGE_NOT_SATISFIABLE, 0, 0);
	range("bytes=100-200", 100, S_RANGE_NOT_SATISFIABLE, 0, 0);
	range("bytes=-0", 100, S_RANGE_NOT_SATISFIABLE, 0, 0);
	range("bytes=0-", 0, S_RANGE_NOT_SATISFIABLE, 0, 0);
	range("bytes=-5", 0, S_RANGE_NOT_SATISFIABLE, 0, 0);
	range("bytes=5-1", 100, S_NONE, 0, 0);
	range("bytes=0-1,3-4", 100, S_NONE, 0, 0);
	range("items=0-1", 100, S_NONE, 0, 0);
	range("bytes=a-b", 100, S_NONE, 0, 0);
	range("bytes=1-2x", 100, S_NONE, 0, 0);
	range("bytes=", 100, S_NONE, 0, 0);
	range("bytes=-", 100, S_NONE, 0, 0);
	range("bytes=99999999999999999999-", 100, S_NONE, 0, 0);
	range("bytes=9223372036854775808-", 100, S_NONE, 0, 0);
	range("bytes=0-9223372036854775808", 100, S_NONE, 0, 0);
	range("bytes=-9223372036854775808", 100, S_NONE, 0, 0);
	range("bytes=9223372036854775807-", 100, S_RANGE_NOT_SATISFIABLE, 0, 0);
	range("bytes=-9223372036854775807", 100, S_OK, 0, 99);

	/* HTTP dates */
	char d[HTTPDATE_LEN];
	httpdate_format(784111777, d);
	CHECK_STR(d, "Sun, 06 Nov 1994 08:49:37 GMT", "IMF-fixdate of RFC 9110's example");
	httpdate_format(0, d);
	CHECK_STR(d, "Thu, 01 Jan 1970 00:00:00 GMT", "the epoch");
	httpdate_format(951782400, d);
	CHECK_STR(d, "Tue, 29 Feb 2000 00:00:00 GMT", "a leap day");
	time_t t = 0;
	CHECK(httpdate_parse("Sun, 06 Nov 1994 08:49:37 GMT", &t) && t == 784111777,
	      "parse IMF-fixdate");
	CHECK(httpdate_parse("Sunday, 06-Nov-94 08:49:37 GMT", &t) && t == 784111777,
	      "parse RFC 850");
	CHECK(httpdate_parse("Sun Nov  6 08:49:37 1994", &t) && t == 784111777,
	      "parse asctime");
	CHECK(httpdate_parse("Wed, 01 Jan 2031 00:00:00 GMT", &t) && t == 1924992000,
	      "parse a date past 2030");
	CHECK(!httpdate_parse("Sun, 06 Nov 1994 08:49:37 PST", &t), "not GMT");
	CHECK(!httpdate_parse("Sun, 06 Foo 1994 08:49:37 GMT", &t), "no such month");
	CHECK(!httpdate_parse("Sun, 32 Nov 1994 08:49:37 GMT", &t), "day 32");
	CHECK(!httpdate_parse("Sun, 06 Nov 1994 25:49:37 GMT", &t), "hour 25");
	CHECK(!httpdate_parse("Sun, 06 Nov 1994 08:49:37 GMT junk", &t), "trailing junk");
	CHECK(!httpdate_parse("yesterday", &t), "not a date");
	CHECK(!httpdate_parse("", &t), "empty");
	for (time_t x = 0; x < 4000000000LL; x += 123456789) {
		httpdate_format(x, d);
		if (!httpdate_parse(d, &t) || t != x) {
			CHECK(0, "round trip of %lld", (long long)x);
			break;
		}
	}
	CHECK(1, "format and parse round-trip over 1970-2096");

	/* mime.types lookup */
	const char table[] = "# comment with html in it\n"
			     "text/html\t\t\t\thtml htm\n"
			     "image/png png\n"
			     "application/x-thing  thing  th\r\n"
			     "text/plain txt asc text\n"
			     "application/x-empty\n"
			     "text/x-last last";
	size_t n = sizeof table - 1;
	CHECK_STR(mime_lookup_table(table, n, "html"), "text/html", "html");
	CHECK_STR(mime_lookup_table(table, n, "htm"), "text/html", "htm, second on its line");
	CHECK_STR(mime_lookup_table(table, n, "png"), "image/png", "png");
	CHECK_STR(mime_lookup_table(table, n, "th"), "application/x-thing", "before CR LF");
	CHECK_STR(mime_lookup_table(table, n, "asc"), "text/plain", "middle of a line");
	CHECK_STR(mime_lookup_table(table, n, "last"), "text/x-last",
		  "at the very end, no newline");
	CHECK(mime_lookup_table(table, n, "plain") == NULL, "part of a type is no extension");
	CHECK(mime_lookup_table(table, n, "comment") == NULL, "comments are skipped");
	CHECK(mime_lookup_table(table, n, "ht") == NULL, "a prefix of an extension");
	CHECK(mime_lookup_table(table, n, "tml") == NULL, "a suffix of an extension");
	CHECK(mime_lookup_table(table, n, "x-empty") == NULL, "a type with no extensions");
	CHECK(mime_lookup_table(table, n, "") == NULL, "empty extension");

	/* mime_type: the seed's overrides, the system table, the built-in one */
	mime_types_path = "/nonexistent/mime.types";
	CHECK_STR(mime_type("/a/b.html"), "text/html", "built-in html");
	CHECK_STR(mime_type("/a/b.PNG"), "image/png", "built-in, case folded");
	CHECK_STR(mime_type("/x.css"), "text/css", "built-in css");
	CHECK_STR(mime_type("/x.gz"), "application/gzip", "seed override .gz");
	CHECK_STR(mime_type("/x.Z"), "application/octet-stream", "seed override .Z");
	CHECK_STR(mime_type("/x.bz2"), "application/x-bzip2", "seed override .bz2");
	CHECK_STR(mime_type("/x.xz"), "application/x-xz", "seed override .xz");
	CHECK_STR(mime_type("/x.unknownext"), "application/octet-stream", "unknown extension");
	CHECK_STR(mime_type("/noext"), "application/octet-stream", "no extension");
	CHECK_STR(mime_type("/.txt"), "application/octet-stream",
		  "a leading dot is no extension");
	CHECK_STR(mime_type("/dir.txt/file"), "application/octet-stream",
		  "a dot in a directory");
	char path[] = "/tmp/cgihandler-test-mime.XXXXXX";
	int fd = mkstemp(path);
	if (fd >= 0) {
		const char own[] = "text/x-own own html\n";
		CHECK(write(fd, own, sizeof own - 1) == (ssize_t)(sizeof own - 1),
		      "write table");
		close(fd);
		mime_types_path = path;
		CHECK_STR(mime_type("/a.own"), "text/x-own", "the system table is read");
		CHECK_STR(mime_type("/a.html"), "text/x-own",
			  "the system table wins over built-in");
		CHECK_STR(mime_type("/a.gz"), "application/gzip",
			  "the seed's overrides win over it");
		CHECK_STR(mime_type("/a.css"), "text/css", "built-in when the system has none");
		unlink(path);
	}
	return check_done();
}
