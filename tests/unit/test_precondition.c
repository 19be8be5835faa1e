/* test_precondition.c: RFC 9110 section 13 as a table: entity-tag lists
 * compared weakly and strongly over every line of their field, and the
 * order of section 13.2.2 across If-Match, If-Unmodified-Since,
 * If-None-Match, If-Modified-Since, If-Range and Range. */
#include <stdlib.h>

#include "lib/precondition.h"
#include "tests/unit/check.h"

/* Parses a GET head with these field lines and matches the list of
 * field_name (NULL: the first line's field). */
static bool list_match(const char *lines, const char *field_name, const char *etag, bool strong)
{
	static char head[HEAD_MAX];
	static struct request req;
	int n = snprintf(head, sizeof head, "GET / HTTP/1.0\r\n%s\r\n\r\n", lines);
	if (request_parse(&req, head, (size_t)n) != S_OK) {
		printf("# parse failed: %s\n", req.reason);
		return false;
	}
	const char *colon = strchr(lines, ':');
	char field[32];
	snprintf(field, sizeof field, "%.*s", (int)(colon - lines), lines);
	return precondition_etag_matches(&req, field_name ? field_name : field, etag, strong);
}

static bool weak_match(const char *lines, const char *etag)
{
	return list_match(lines, NULL, etag, false);
}

static bool strong_match(const char *lines, const char *etag)
{
	return list_match(lines, NULL, etag, true);
}

/* A representation last modified at 2021-03-04 05:06:07 UTC, answered a
 * year later, with this tag. */
#define ETAG "\"1a-2b-3c\""
#define MTIME 1614834367
#define LASTMOD "Thu, 04 Mar 2021 05:06:07 GMT"
#define BEFORE "Thu, 04 Mar 2021 05:06:06 GMT"
#define AFTER "Thu, 04 Mar 2021 05:06:08 GMT"

/* One row: method and field lines in; the status and whether Range holds. */
static void row(const char *method, const char *lines, const struct validators *v,
		enum status want, bool want_range)
{
	static char head[HEAD_MAX];
	static struct request req;
	int n = snprintf(head, sizeof head, "%s /f HTTP/1.0\r\n%s%s\r\n", method, lines,
			 *lines ? "\r\n" : "");
	if (request_parse(&req, head, (size_t)n) != S_OK) {
		CHECK(false, "%s %s: parses", method, lines);
		return;
	}
	char name[512]; /* the lines on one TAP line */
	size_t o = 0;
	for (const char *p = lines; *p && o + 4 < sizeof name; p++)
		if (*p == '\r') {
			memcpy(name + o, " | ", 3);
			o += 3;
		} else if (*p != '\n') {
			name[o++] = *p;
		}
	name[o] = '\0';
	bool range = !want_range;
	enum status got = precondition_check(&req, v, &range);
	CHECK(got == want && range == want_range, "%s [%s]: %d%s", method, name, want,
	      want_range ? " with Range" : "");
	if (got != want || range != want_range)
		printf("#   got %d, range %d\n", got, range);
}

int main(void)
{
	/* Entity-tag lists (RFC 9110 sections 8.8.3.2, 13.1.1, 13.1.2), over
	 * every line of the field (section 5.3) */
	const char *etag = "\"1a-2b-3c\"";
	CHECK(weak_match("If-None-Match: \"1a-2b-3c\"", etag), "exact tag");
	CHECK(weak_match("If-None-Match: W/\"1a-2b-3c\"", etag), "weak tag matches weakly");
	CHECK(weak_match("If-None-Match: \"x\", \"1a-2b-3c\"", etag), "second in a list");
	CHECK(weak_match("If-None-Match: \"x\",W/\"1a-2b-3c\"", etag), "list without spaces");
	CHECK(weak_match("If-None-Match: *", etag), "* matches anything");
	CHECK(!weak_match("If-None-Match: \"1a-2b-3d\"", etag), "another tag");
	CHECK(!weak_match("If-None-Match: \"1a-2b-3c", etag), "unterminated tag");
	CHECK(!weak_match("If-None-Match: 1a-2b-3c", etag), "unquoted tag");
	CHECK(!weak_match("If-None-Match:", etag), "empty list");
	CHECK(!weak_match("If-None-Match: , ,", etag), "a list of empty members");
	CHECK(!weak_match("If-None-Match: \"1a-2b\"", etag), "a prefix is no match");
	CHECK(!weak_match("If-None-Match: \"1a-2b-3c\"x", etag), "bytes after the tag");
	CHECK(weak_match("If-None-Match: \"x\"\r\nIf-None-Match: \"1a-2b-3c\"", etag),
	      "the tag on the second line of the field");
	CHECK(weak_match("If-None-Match: \"x\"\r\nAccept: */*\r\nif-none-match: , "
			 "\"y\" ,\"1a-2b-3c\"",
			 etag),
	      "third member of a later line, another field between, name in lower case");
	CHECK(weak_match("If-None-Match: \"x\r\nIf-None-Match: \"1a-2b-3c\"", etag),
	      "an unterminated quote ends with its line");
	CHECK(!list_match("If-Match: \"1a-2b-3c\"", "If-None-Match", etag, false),
	      "another field's tag");
	CHECK(strong_match("If-Match: \"1a-2b-3c\"", etag), "If-Match: strong and equal");
	CHECK(strong_match("If-Match: \"x\"\r\nIf-Match: \"1a-2b-3c\"", etag),
	      "If-Match: the tag on the second line");
	CHECK(!strong_match("If-Match: W/\"1a-2b-3c\"", etag), "If-Match: a weak tag never");
	CHECK(!strong_match("If-Match: \"1a-2b-3c\"", "W/\"1a-2b-3c\""),
	      "If-Match: never against a weak current tag");
	CHECK(strong_match("If-Match: *", etag), "If-Match: * matches");
	CHECK(!strong_match("If-Match: ", etag), "If-Match: an empty list matches nothing");

	/* Section 13.2.2, in order, for a file */
	struct validators f = {.etag = ETAG, .mtime = MTIME, .now = MTIME + 365 * 86400};
	const enum status OK = S_OK, NM = S_NOT_MODIFIED, PF = S_PRECONDITION_FAILED;
	row("GET", "", &f, OK, false);
	row("GET", "Range: bytes=5-", &f, OK, true);
	row("HEAD", "Range: bytes=5-", &f, OK, false);
	/* 1: If-Match */
	row("GET", "If-Match: " ETAG, &f, OK, false);
	row("GET", "If-Match: *", &f, OK, false);
	row("GET", "If-Match: \"nope\"", &f, PF, false);
	row("GET", "If-Match: \"nope\"\r\nRange: bytes=5-", &f, PF, false);
	row("HEAD", "If-Match: \"nope\"", &f, PF, false);
	row("GET", "If-Match: W/" ETAG, &f, PF, false);
	row("GET", "If-Match: \"a\"\r\nIf-Match: " ETAG "\r\nRange: bytes=5-", &f, OK, true);
	row("GET", "If-Match:", &f, PF, false);
	/* 2: If-Unmodified-Since, only without If-Match */
	row("GET", "If-Unmodified-Since: " BEFORE, &f, PF, false);
	row("GET", "If-Unmodified-Since: " BEFORE "\r\nRange: bytes=5-", &f, PF, false);
	row("GET", "If-Unmodified-Since: " LASTMOD, &f, OK, false);
	row("GET", "If-Unmodified-Since: " AFTER "\r\nRange: bytes=5-", &f, OK, true);
	row("GET", "If-Match: " ETAG "\r\nIf-Unmodified-Since: " BEFORE, &f, OK, false);
	row("GET", "If-Unmodified-Since: yesterday", &f, OK, false);
	row("GET", "If-Unmodified-Since: " BEFORE "\r\nIf-Unmodified-Since: " BEFORE, &f, OK,
	    false);
	/* 3: If-None-Match */
	row("GET", "If-None-Match: " ETAG, &f, NM, false);
	row("HEAD", "If-None-Match: W/" ETAG, &f, NM, false);
	row("GET", "If-None-Match: *", &f, NM, false);
	row("GET", "If-None-Match: \"nope\"\r\nRange: bytes=5-", &f, OK, true);
	row("POST", "If-None-Match: " ETAG, &f, PF, false);
	row("GET", "If-Match: \"nope\"\r\nIf-None-Match: " ETAG, &f, PF, false);
	row("GET", "If-Unmodified-Since: " BEFORE "\r\nIf-None-Match: " ETAG, &f, PF, false);
	row("GET", "If-Match: " ETAG "\r\nIf-None-Match: " ETAG, &f, NM, false);
	/* 4: If-Modified-Since, only without If-None-Match, only GET and HEAD */
	row("GET", "If-Modified-Since: " LASTMOD, &f, NM, false);
	row("GET", "If-Modified-Since: " AFTER, &f, NM, false);
	row("GET", "If-Modified-Since: " BEFORE, &f, OK, false);
	row("GET", "If-None-Match: \"nope\"\r\nIf-Modified-Since: " AFTER, &f, OK, false);
	row("POST", "If-Modified-Since: " AFTER, &f, OK, false);
	row("GET", "If-Modified-Since: " AFTER "\r\nIf-Modified-Since: " AFTER, &f, OK, false);
	row("GET", "If-Match: \"nope\"\r\nIf-Modified-Since: " AFTER, &f, PF, false);
	/* 5: If-Range, only with Range */
	row("GET", "Range: bytes=5-\r\nIf-Range: " ETAG, &f, OK, true);
	row("GET", "Range: bytes=5-\r\nIf-Range: \"stale\"", &f, OK, false);
	row("GET", "Range: bytes=5-\r\nIf-Range: W/" ETAG, &f, OK, false);
	row("GET", "Range: bytes=5-\r\nIf-Range: " LASTMOD, &f, OK, true);
	row("GET", "Range: bytes=5-\r\nIf-Range: " AFTER, &f, OK, false);
	row("GET", "Range: bytes=5-\r\nIf-Range: " BEFORE, &f, OK, false);
	row("GET", "Range: bytes=5-\r\nIf-Range: garbage", &f, OK, false);
	row("GET", "Range: bytes=5-\r\nIf-Range: " ETAG "\r\nIf-Range: " ETAG, &f, OK, false);
	row("GET", "If-Range: " ETAG, &f, OK, false);
	row("GET", "Range: bytes=5-\r\nRange: bytes=1-", &f, OK, false);
	row("GET",
	    "If-Match: " ETAG "\r\nIf-None-Match: \"x\"\r\nRange: bytes=5-\r\nIf-Range: " ETAG,
	    &f, OK, true);
	/* a Last-Modified within a second of the answer is weak: no If-Range by date */
	struct validators fresh = f;
	fresh.now = MTIME;
	row("GET", "Range: bytes=5-\r\nIf-Range: " LASTMOD, &fresh, OK, false);
	row("GET", "Range: bytes=5-\r\nIf-Range: " ETAG, &fresh, OK, true);

	/* a listing: it exists, with no validators */
	struct validators none = {.mtime = -1};
	row("GET", "If-Match: *", &none, OK, false);
	row("GET", "If-Match: " ETAG, &none, PF, false);
	row("GET", "If-None-Match: *", &none, NM, false);
	row("GET", "If-None-Match: " ETAG, &none, OK, false);
	row("GET", "If-Modified-Since: " AFTER, &none, OK, false);
	row("GET", "If-Unmodified-Since: " BEFORE, &none, OK, false);
	return check_done();
}
