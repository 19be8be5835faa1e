/* request.h: the request head, parsed strictly per RFC 9112 from a buffer.
 * Pure functions: no I/O, so unit tests and fuzzers reach them directly. */
#ifndef CGIHANDLER_REQUEST_H
#define CGIHANDLER_REQUEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "limits.h"
#include "status.h"

struct header {
	const char *name;  /* as sent; a token */
	const char *value; /* leading and trailing whitespace removed */
};

struct request {
	/* The request line, each NUL-terminated inside the head buffer. */
	const char *method;
	const char *target;  /* exactly as sent */
	const char *version; /* "HTTP/1.0" or "HTTP/1.1" */
	int minor;	     /* 0 or 1 */
	size_t line_len;     /* length of the request line, for the log */

	/* The target split, pointing into target, which stays whole: the path
	 * as sent (still percent-encoded), path_len bytes long, and the query
	 * after '?' to the end, or NULL when there is no '?'. For an
	 * absolute-form target the path starts after the authority. */
	const char *path;
	size_t path_len;
	const char *query;

	struct header headers[HEADERS_MAX];
	size_t nheaders;

	const char *host;	/* authority of the target, else Host, else NULL */
	char authority[256];	/* an absolute-form target's authority */
	int64_t content_length; /* -1 when there is none */
	bool chunked;		/* Transfer-Encoding: chunked */
	bool expect_continue;	/* HTTP/1.1 with Expect: 100-continue */
	bool redirected;	/* made by a script's local redirect: nothing on
				 * the connection is its body */

	/* Why the head was refused: a short fixed token for the log. */
	const char *reason;
};

/* Finds the end of a request head in buf[0..len): the index just past the
 * empty line that ends it, or 0 when the head is not complete yet. Empty
 * lines before the request line are skipped, as RFC 9112 section 2.2
 * allows. */
size_t request_head_end(const char *buf, size_t len);

/* When buf[0..len) holds a complete request line (empty lines before it
 * skipped) that has no HTTP-version, the index just past that line, else 0.
 * Such a line (the HTTP/0.9 shape, "GET /x" CRLF) is the whole request: no
 * header lines follow, so the reader stops there rather than wait for an
 * empty line that will never come. "No HTTP-version" means the line has no
 * space, or the text after its last space does not begin "HTTP/" (RFC 9112
 * section 3: method SP request-target SP HTTP-version); request_parse then
 * refuses it with 400 "no-version". */
size_t request_line_without_version(const char *buf, size_t len);

/* Parses the head in buf[0..len), which request_head_end() found complete.
 * Writes NUL bytes into buf so that every string in *req points into it.
 * With an absolute-form target, a Host field's value becomes the target's
 * authority (RFC 9112 section 3.2.2: the field is ignored).
 * Returns S_OK, or the status to answer with and req->reason set:
 * 400 for malformed syntax, 414 for a request line past REQUEST_LINE_MAX,
 * 431 for more than HEADERS_MAX fields, 417 for an unknown expectation,
 * 501 for a transfer coding we cannot decode, 505 for another HTTP version. */
enum status request_parse(struct request *req, char *buf, size_t len);

/* The value of the first header field with this name (case-insensitive), or
 * NULL. Right only for a field that is not a list: for a list-valued field
 * (If-Match, If-None-Match, Accept-Encoding, ...) use request_list_next(),
 * since a list may be sent on several lines. */
const char *request_header(const struct request *req, const char *name);

/* The value of a singleton field (a date, Range, If-Range) when it was sent
 * on exactly one line; NULL when it is absent or repeated. Lines of one field
 * make one comma-joined value (RFC 9110 section 5.3), and a singleton's
 * joined value is invalid: If-Modified-Since and If-Unmodified-Since must then
 * be ignored (RFC 9110 sections 13.1.3 and 13.1.4), and so may Range be. */
const char *request_singleton(const struct request *req, const char *name);

/* Where request_list_next() is in a list-valued field; zero it to start
 * ({0}), and keep the same req and name for every call. */
struct request_list {
	size_t line;	/* index into req->headers of the line being read */
	const char *at; /* next byte of that line's value; NULL: find a line */
};

/* The next member of the list-valued field name (case-insensitive) as RFC
 * 9110 section 5.3 defines it: every line of the field, in the order sent,
 * is one comma-separated list (section 5.6.1). A comma inside a
 * quoted-string (a backslash escapes the next byte there) does not split,
 * OWS around a member is dropped, and empty members (", ,") are skipped.
 * A quoted-string never runs past the end of its line: an unterminated one
 * ends with its line, so a bad line cannot swallow the next. Returns true
 * with *member pointing into the head and *len its length (>= 1, not
 * NUL-terminated; parameters such as ";q=0.5" are part of it); false when
 * there are no more. Pure; never allocates. */
bool request_list_next(const struct request *req, const char *name, struct request_list *it,
		       const char **member, size_t *len);

/* True when the method is a token per RFC 9110 section 5.6.2. */
bool request_is_token(const char *s, size_t n);

#endif
