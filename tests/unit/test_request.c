/* test_request.c: the request head, found and parsed per RFC 9112. */
#include <stdlib.h>

#include "lib/request.h"
#include "tests/unit/check.h"

static char buf[HEAD_MAX * 2];
static struct request req;

/* Parses text (whose head must be complete) and returns the status. */
static enum status parse(const char *text)
{
	size_t n = strlen(text);
	memcpy(buf, text, n + 1);
	return request_parse(&req, buf, n);
}

/* The members of field in the parsed req, joined with '|' for comparing. */
static const char *members(const char *field)
{
	static char out[HEAD_MAX];
	size_t o = 0, n;
	const char *m;
	struct request_list it = {0};
	out[0] = '\0';
	while (request_list_next(&req, field, &it, &m, &n)) {
		if (n == 0 || o + n + 2 > sizeof out)
			return "(bad member)";
		if (o)
			out[o++] = '|';
		memcpy(out + o, m, n);
		o += n;
		out[o] = '\0';
	}
	return out;
}

static void expect(const char *text, enum status want, const char *reason)
{
	enum status got = parse(text);
	CHECK(got == want && (!reason || (req.reason && strcmp(req.reason, reason) == 0)),
	      "%d %s", want, reason ? reason : "");
	if (got != want || (reason && strcmp(req.reason ? req.reason : "", reason)))
		printf("#   got %d %s\n", got, req.reason ? req.reason : "(null)");
}

int main(void)
{
	/* request_head_end */
	const char *h = "GET / HTTP/1.0\r\n\r\nBODY";
	CHECK(request_head_end(h, strlen(h)) == 18,
	      "head end after CRLF CRLF, body not included");
	h = "GET / HTTP/1.0\n\nBODY";
	CHECK(request_head_end(h, strlen(h)) == 16, "bare LF LF ends a head");
	h = "GET / HTTP/1.0\r\nHost: x\r\n";
	CHECK(request_head_end(h, strlen(h)) == 0, "incomplete head: 0");
	h = "GET / HTTP/1.0\r\nHost: x\r\n\r";
	CHECK(request_head_end(h, strlen(h)) == 0, "CR without the final LF: 0");
	h = "\r\n\r\nGET / HTTP/1.0\r\n\r\n";
	CHECK(request_head_end(h, strlen(h)) == 22,
	      "empty lines before the request line skipped");
	CHECK(request_head_end("", 0) == 0, "empty buffer: 0");
	h = "\r\n\r\n";
	CHECK(request_head_end(h, 4) == 0, "only empty lines: no head yet");

	/* request_line_without_version */
	h = "GET /index.html\r\n";
	CHECK(request_line_without_version(h, strlen(h)) == strlen(h),
	      "GET /index.html CRLF ends at its line");
	h = "\r\nGET\n";
	CHECK(request_line_without_version(h, strlen(h)) == strlen(h), "a bare method, LF");
	h = "GET /a b\r\nHost: x\r\n";
	CHECK(request_line_without_version(h, strlen(h)) == 10, "a last word not HTTP/");
	h = "GET /index.html HTTP/1.0\r\n";
	CHECK(request_line_without_version(h, strlen(h)) == 0, "a versioned line: 0");
	h = "GET /index.html HTTP/9.9\r\n";
	CHECK(request_line_without_version(h, strlen(h)) == 0, "any HTTP/ version: 0");
	h = "GET /index.html";
	CHECK(request_line_without_version(h, strlen(h)) == 0, "an unfinished line: 0");
	CHECK(parse("GET /index.html\r\n") == S_BAD_REQUEST &&
		      strcmp(req.reason, "no-version") == 0,
	      "GET /index.html alone: 400 no-version");

	/* a plain GET */
	CHECK(parse("GET /a/b.txt?x=1&y HTTP/1.1\r\nHost: example.org:8080\r\n"
		    "User-Agent: t\r\nAccept:  */*  \r\n\r\n") == S_OK,
	      "HTTP/1.1 GET parses");
	CHECK_STR(req.method, "GET", "method");
	CHECK_STR(req.target, "/a/b.txt?x=1&y", "target kept whole");
	CHECK_STR(req.version, "HTTP/1.1", "version");
	CHECK(req.minor == 1, "minor 1");
	CHECK(req.path_len == 8 && strncmp(req.path, "/a/b.txt", 8) == 0,
	      "path split off the query");
	CHECK_STR(req.query, "x=1&y", "query after ?");
	CHECK_STR(req.host, "example.org:8080", "host from Host");
	CHECK(req.nheaders == 3, "three headers");
	CHECK_STR(request_header(&req, "accept"), "*/*",
		  "value trimmed, lookup case-insensitive");
	CHECK_STR(request_header(&req, "USER-AGENT"), "t", "lookup upper case");
	CHECK(request_header(&req, "Cookie") == NULL, "missing header is NULL");
	CHECK(req.content_length == -1 && !req.chunked && !req.expect_continue, "no body");
	CHECK(req.line_len == strlen("GET /a/b.txt?x=1&y HTTP/1.1"), "line length");

	CHECK(parse("GET / HTTP/1.0\r\n\r\n") == S_OK, "HTTP/1.0 without Host parses");
	CHECK(req.minor == 0 && req.host == NULL && req.query == NULL,
	      "1.0: no host, no query");
	CHECK(parse("GET /x? HTTP/1.0\r\n\r\n") == S_OK && req.query && !*req.query,
	      "empty query after ? is \"\", not NULL");
	CHECK(parse("GET / HTTP/1.0\n\n") == S_OK, "bare LF line ends accepted");
	CHECK(parse("\r\nGET / HTTP/1.0\r\n\r\n") == S_OK, "leading empty line skipped");
	CHECK(parse("GET / HTTP/1.2\r\nHost: a\r\n\r\n") == S_OK && req.minor == 1,
	      "HTTP/1.2 answered as 1.1");

	/* absolute-form */
	CHECK(parse("GET http://h.example:81/p/q?z HTTP/1.1\r\nHost: other\r\n\r\n") == S_OK,
	      "absolute-form parses");
	CHECK_STR(req.host, "h.example:81", "absolute-form authority wins over Host");
	CHECK(req.path_len == 4 && strncmp(req.path, "/p/q", 4) == 0, "absolute-form path");
	CHECK_STR(req.query, "z", "absolute-form query");
	CHECK(parse("GET http://h.example HTTP/1.1\r\nHost: h\r\n\r\n") == S_OK &&
		      req.path_len == 1 && req.path[0] == '/',
	      "absolute-form with empty path means /");
	expect("GET http://u@h/ HTTP/1.1\r\nHost: h\r\n\r\n", S_BAD_REQUEST,
	       "bad-target-authority");
	expect("GET ftp://h/ HTTP/1.1\r\nHost: h\r\n\r\n", S_BAD_REQUEST, "bad-target-form");
	expect("GET /a#frag HTTP/1.0\r\n\r\n", S_BAD_REQUEST, "fragment-in-target");

	/* request line errors */
	expect("GET /\r\n\r\n", S_BAD_REQUEST, "no-version");
	expect("GET  HTTP/1.0\r\n\r\n", S_BAD_REQUEST, "empty-target");
	expect("GET  / HTTP/1.0\r\n\r\n", S_BAD_REQUEST, "request-line-syntax");
	expect("GET / HTTP/1.0 x\r\n\r\n", S_BAD_REQUEST, "request-line-syntax");
	expect("G(T / HTTP/1.0\r\n\r\n", S_BAD_REQUEST, "bad-method-token");
	expect("GET / HTTP/2.0\r\n\r\n", S_VERSION_NOT_SUPPORTED, "unsupported-version");
	expect("GET / HTTP/0.9\r\n\r\n", S_VERSION_NOT_SUPPORTED, "unsupported-version");
	expect("GET / HTTP/1\r\n\r\n", S_BAD_REQUEST, "bad-version");
	expect("GET / http/1.0\r\n\r\n", S_BAD_REQUEST, "bad-version");
	expect("GET / HTTP/1.10\r\n\r\n", S_BAD_REQUEST, "bad-version");
	expect("GET /\x01 HTTP/1.0\r\n\r\n", S_BAD_REQUEST, "bad-target-byte");
	expect("GET /\xc3\xa9 HTTP/1.0\r\n\r\n", S_BAD_REQUEST, "bad-target-byte");
	expect("GET /a\rb HTTP/1.0\r\n\r\n", S_BAD_REQUEST, "bare-cr");
	{
		static char longline[REQUEST_LINE_MAX + 64];
		memcpy(longline, "GET /", 5);
		memset(longline + 5, 'a', REQUEST_LINE_MAX);
		strcpy(longline + 5 + REQUEST_LINE_MAX, " HTTP/1.0\r\n\r\n");
		expect(longline, S_URI_TOO_LONG, "request-line-too-long");
	}
	{
		size_t n = strlen("GET / HTTP/1.0\r\n\r\n");
		memcpy(buf, "GET /\0 HTTP/1.0\r\n\r\n", n);
		CHECK(request_parse(&req, buf, n) == S_BAD_REQUEST &&
			      strcmp(req.reason, "nul-byte") == 0,
		      "a NUL byte in the head is 400");
	}

	/* header errors */
	expect("GET / HTTP/1.1\r\n\r\n", S_BAD_REQUEST, "missing-host");
	expect("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", S_BAD_REQUEST, "duplicate-host");
	expect("GET / HTTP/1.1\r\nHost: a/b\r\n\r\n", S_BAD_REQUEST, "bad-host");
	expect("GET / HTTP/1.1\r\nHost: a:99999x\r\n\r\n", S_BAD_REQUEST, "bad-host");
	CHECK(parse("GET / HTTP/1.1\r\nHost: [::1]:8080\r\n\r\n") == S_OK, "IPv6 literal Host");
	CHECK(parse("GET / HTTP/1.1\r\nHost:\r\n\r\n") == S_OK && req.host == NULL,
	      "empty Host is allowed (RFC 9112 3.2) and names no host");
	expect("GET / HTTP/1.0\r\nX : y\r\n\r\n", S_BAD_REQUEST, "space-before-colon");
	expect("GET / HTTP/1.0\r\nNoColon\r\n\r\n", S_BAD_REQUEST, "header-without-colon");
	expect("GET / HTTP/1.0\r\nA: b\r\n c\r\n\r\n", S_BAD_REQUEST, "obs-fold");
	expect("GET / HTTP/1.0\r\nA(b: c\r\n\r\n", S_BAD_REQUEST, "bad-field-name");
	expect("GET / HTTP/1.0\r\n: c\r\n\r\n", S_BAD_REQUEST, "bad-field-name");
	expect("GET / HTTP/1.0\r\nA: b\x01\r\n\r\n", S_BAD_REQUEST, "bad-field-byte");
	CHECK(parse("GET / HTTP/1.0\r\nA: caf\xc3\xa9\r\n\r\n") == S_OK,
	      "obs-text in a value is allowed");
	{
		static char many[HEAD_MAX];
		size_t o = (size_t)sprintf(many, "GET / HTTP/1.0\r\n");
		for (int i = 0; i <= HEADERS_MAX; i++)
			o += (size_t)sprintf(many + o, "X-%d: v\r\n", i);
		strcpy(many + o, "\r\n");
		expect(many, S_HEADERS_TOO_LARGE, "too-many-headers");
		o = (size_t)sprintf(many, "GET / HTTP/1.0\r\n");
		for (int i = 0; i < HEADERS_MAX; i++)
			o += (size_t)sprintf(many + o, "X-%d: v\r\n", i);
		strcpy(many + o, "\r\n");
		CHECK(parse(many) == S_OK && req.nheaders == HEADERS_MAX,
		      "exactly HEADERS_MAX fields pass");
	}

	/* bodies */
	CHECK(parse("POST /c HTTP/1.0\r\nContent-Length: 42\r\n\r\n") == S_OK &&
		      req.content_length == 42,
	      "Content-Length");
	CHECK(parse("POST /c HTTP/1.0\r\nContent-Length: 0\r\n\r\n") == S_OK &&
		      req.content_length == 0,
	      "Content-Length 0");
	CHECK(parse("POST /c HTTP/1.0\r\nContent-Length: 7\r\nContent-Length: 7\r\n\r\n") ==
			      S_OK &&
		      req.content_length == 7,
	      "repeated equal Content-Length accepted");
	expect("POST /c HTTP/1.0\r\nContent-Length: 7\r\nContent-Length: 8\r\n\r\n",
	       S_BAD_REQUEST, "conflicting-content-length");
	expect("POST /c HTTP/1.0\r\nContent-Length: -1\r\n\r\n", S_BAD_REQUEST,
	       "bad-content-length");
	expect("POST /c HTTP/1.0\r\nContent-Length: 1,1\r\n\r\n", S_BAD_REQUEST,
	       "bad-content-length");
	expect("POST /c HTTP/1.0\r\nContent-Length: +5\r\n\r\n", S_BAD_REQUEST,
	       "bad-content-length");
	expect("POST /c HTTP/1.0\r\nContent-Length:\r\n\r\n", S_BAD_REQUEST,
	       "bad-content-length");
	expect("POST /c HTTP/1.0\r\nContent-Length: 99999999999999999999\r\n\r\n",
	       S_BAD_REQUEST, "content-length-overflow");
	/* the reason is the digits', whatever follows them */
	expect("POST /c HTTP/1.0\r\nContent-Length: 9223372036854775808\r\n\r\n", S_BAD_REQUEST,
	       "content-length-overflow");
	expect("POST /c HTTP/1.0\r\nContent-Length: 99999999999999999999x\r\n\r\n",
	       S_BAD_REQUEST, "content-length-overflow");
	expect("POST /c HTTP/1.0\r\nContent-Length: 1x99999999999999999999\r\n\r\n",
	       S_BAD_REQUEST, "bad-content-length");
	CHECK(parse("POST /c HTTP/1.0\r\nContent-Length: 9223372036854775807\r\n\r\n") ==
			      S_OK &&
		      req.content_length == INT64_MAX,
	      "Content-Length up to INT64_MAX");
	CHECK(parse("POST /c HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n") ==
			      S_OK &&
		      req.chunked && req.content_length == -1,
	      "Transfer-Encoding: chunked");
	CHECK(parse("POST /c HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: CHUNKED\r\n\r\n") ==
			      S_OK &&
		      req.chunked,
	      "chunked is case-insensitive");
	expect("POST /c HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nContent-Length: "
	       "3\r\n\r\n",
	       S_BAD_REQUEST, "content-length-and-transfer-encoding");
	expect("POST /c HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n", S_BAD_REQUEST,
	       "transfer-encoding-in-http10");
	expect("POST /c HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\n\r\n", S_BAD_REQUEST,
	       "chunked-not-final");
	expect("POST /c HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked, gzip\r\n\r\n",
	       S_BAD_REQUEST, "coding-after-chunked");
	expect("POST /c HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked\r\n\r\n",
	       S_NOT_IMPLEMENTED, "unsupported-transfer-coding");

	/* Expect */
	CHECK(parse("POST /c HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: "
		    "5\r\n\r\n") == S_OK &&
		      req.expect_continue,
	      "Expect: 100-continue on 1.1");
	CHECK(parse("POST /c HTTP/1.1\r\nHost: a\r\nExpect: 100-Continue\r\n\r\n") == S_OK &&
		      req.expect_continue,
	      "100-continue case-insensitive");
	CHECK(parse("POST /c HTTP/1.0\r\nExpect: 100-continue\r\n\r\n") == S_OK &&
		      !req.expect_continue,
	      "Expect ignored on HTTP/1.0 (RFC 9110 10.1.1)");
	expect("POST /c HTTP/1.1\r\nHost: a\r\nExpect: teapot\r\n\r\n", S_EXPECTATION_FAILED,
	       "unknown-expectation");

	/* List-valued fields: every line, one list (RFC 9110 sections 5.3, 5.6.1) */
	CHECK(parse("GET / HTTP/1.0\r\nIf-None-Match: \"a\"\r\nAccept: x\r\n"
		    "if-none-match: \"b\", W/\"c\"\r\n\r\n") == S_OK,
	      "a list on two lines parses");
	CHECK_STR(members("If-None-Match"), "\"a\"|\"b\"|W/\"c\"",
		  "members of both lines, in order, any case of the name");
	CHECK_STR(members("Accept"), "x", "a one-line field");
	CHECK_STR(members("Accept-Encoding"), "", "an absent field has no members");
	CHECK(parse("GET / HTTP/1.0\r\nAccept-Encoding: ,, gzip;q=0.5 ,\t, br ,\r\n"
		    "Accept-Encoding:\r\nAccept-Encoding: ,\r\nAccept-Encoding: "
		    "zstd\r\n\r\n") == S_OK,
	      "empty members and empty lines parse");
	CHECK_STR(members("Accept-Encoding"), "gzip;q=0.5|br|zstd",
		  "empty members and lines skipped, OWS dropped, parameters kept");
	CHECK(parse("GET / HTTP/1.0\r\nX-List: a;p=\"1,2\", \"x\\\",y\" , b c\r\n\r\n") == S_OK,
	      "quoted commas parse");
	CHECK_STR(members("X-List"), "a;p=\"1,2\"|\"x\\\",y\"|b c",
		  "a comma inside a quoted-string does not split, \\\" escapes, inner space "
		  "kept");
	CHECK(parse("GET / HTTP/1.0\r\nX-List: \"open, a\r\nX-List: b\r\n\r\n") == S_OK,
	      "an unterminated quote parses");
	CHECK_STR(members("X-List"), "\"open, a|b", "an unterminated quote ends with its line");
	CHECK(parse("GET / HTTP/1.0\r\nIf-Modified-Since: a\r\nRange: bytes=1-\r\n"
		    "If-Modified-Since: b\r\n\r\n") == S_OK,
	      "a repeated singleton parses");
	CHECK(request_singleton(&req, "If-Modified-Since") == NULL,
	      "a singleton on two lines is invalid: NULL");
	CHECK_STR(request_singleton(&req, "range"), "bytes=1-", "a singleton on one line");
	CHECK(request_singleton(&req, "If-Range") == NULL, "an absent singleton: NULL");

	/* request_is_token */
	CHECK(request_is_token("GET", 3) && request_is_token("X-Y_z.~!", 8), "tokens");
	CHECK(!request_is_token("", 0) && !request_is_token("A B", 3) &&
		      !request_is_token("A:", 2),
	      "non-tokens");
	return check_done();
}
