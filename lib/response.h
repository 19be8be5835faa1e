/* response.h: status lines, header fields and error pages. Every answer we
 * write ourselves is built here; the access log reads what it came to from
 * struct answer. */
#ifndef CGIHANDLER_RESPONSE_H
#define CGIHANDLER_RESPONSE_H

#include <stdbool.h>
#include <stdint.h>

#include "buf.h"
#include "conn.h"
#include "status.h"

#define SERVER_SOFTWARE "cgihandler/" CGIHANDLER_VERSION

/* What the request came to, for the log. */
struct answer {
	int status;	      /* 0 until a status line is sent */
	int64_t bytes;	      /* body bytes; -1 when a script wrote them */
	const char *reason;   /* why we refused, or NULL: a token for the log */
	const char *message;  /* for the error page, when not the phrase */
	bool incomplete;      /* the answer started but could not be finished */
	bool logged;	      /* the access line is written (before an exec) */
	const char *location; /* a script's local redirect (RFC 3875 6.2.2) to
			       * serve instead, or NULL */
	int64_t drain;	      /* request body bytes a relayed script may have
			       * left unread, for relay_drain */
};

/* --error-page CODE=/PATH: the page a 4xx or 5xx answer carries. */
struct error_page {
	int code;	  /* 400 to 599 */
	const char *path; /* a collapsed URL path under the root */
};

/* Makes response_error() answer code with the file of its page, when one
 * of pages[0..n) names code: the file, opened beneath the root as any
 * client-named path is (the virtual host's root once one is chosen), is
 * sent with the error's own status, its media type and its length, and
 * extra. A page that is missing or not a regular file falls back to the
 * built-in page. The array must outlive the process's answers. */
void response_use_error_pages(const struct error_page *pages, size_t n);

/* Starts a head in b: the status line (HTTP/1.<minor> code phrase), then
 * Server and Date, as the seed's send_response() does. */
void response_begin(struct buf *b, int minor, int code, const char *phrase);

/* Appends "name: value" CR LF. */
void response_header(struct buf *b, const char *name, const char *value);

/* Ends the head: Connection: close, then the empty line. */
void response_end(struct buf *b);

/* Sends a complete answer whose body is in memory (body may be NULL when
 * head_only). Records status and bytes in *a. False when the client is
 * gone. */
bool response_send(struct conn *c, struct buf *head, const char *body, size_t n, bool head_only,
		   struct answer *a, int code);

/* Sends the error page for code, with message in it (HTML-escaped), as
 * Python's send_error() does. extra, when not NULL, is one more header line
 * (without CR LF), such as a Location or a Content-Range. */
bool response_error(struct conn *c, int minor, bool head_only, int code, const char *message,
		    const char *extra, struct answer *a);

#endif
