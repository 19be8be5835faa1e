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

	/* Why the head was refused: a short fixed token for the log. */
	const char *reason;
};

/* Finds the end of a request head in buf[0..len): the index just past the
 * empty line that ends it, or 0 when the head is not complete yet. Empty
 * lines before the request line are skipped, as RFC 9112 section 2.2
 * allows. */
size_t request_head_end(const char *buf, size_t len);

/* Parses the head in buf[0..len), which request_head_end() found complete.
 * Writes NUL bytes into buf so that every string in *req points into it.
 * Returns S_OK, or the status to answer with and req->reason set:
 * 400 for malformed syntax, 414 for a request line past REQUEST_LINE_MAX,
 * 431 for more than HEADERS_MAX fields, 417 for an unknown expectation,
 * 501 for a transfer coding we cannot decode, 505 for another HTTP version. */
enum status request_parse(struct request *req, char *buf, size_t len);

/* The value of the first header field with this name (case-insensitive), or
 * NULL. */
const char *request_header(const struct request *req, const char *name);

/* True when the method is a token per RFC 9110 section 5.6.2. */
bool request_is_token(const char *s, size_t n);

#endif
