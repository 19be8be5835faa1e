/* static.h: answering with a file or a directory under the root, as the
 * seed's SimpleHTTPRequestHandler does, plus conditional and ranged GET. */
#ifndef CGIHANDLER_STATIC_H
#define CGIHANDLER_STATIC_H

#include <stdbool.h>

#include "conn.h"
#include "request.h"
#include "response.h"

/* Serves path (decoded and collapsed) for a GET or HEAD. Returns S_OK when
 * an answer was sent (its status is in *a) or the client went away;
 * otherwise nothing was sent and the return is the error to answer with,
 * *a->reason saying why. */
enum status static_serve(struct conn *c, const struct request *req, const char *path,
			 bool dotfiles, struct answer *a);

/* Parses a Range header against a file of size bytes (pure). Returns S_OK
 * with *first and *last set for one satisfiable range; S_RANGE_NOT_SATISFIABLE;
 * or S_NONE when the header is to be ignored (malformed, several ranges,
 * another unit) and the whole file sent. */
enum status static_parse_range(const char *h, int64_t size, int64_t *first, int64_t *last);

/* True when a member of the entity-tag list field (If-Match,
 * If-None-Match), over all its lines, matches etag, our current tag: "*"
 * matches any tag; strong comparison (RFC 9110 section 8.8.3.2, for
 * If-Match) wants both tags strong and equal, weak comparison (for
 * If-None-Match) compares them without W/. A member that is not an
 * entity-tag matches nothing. Pure. */
bool static_etag_matches(const struct request *req, const char *field, const char *etag,
			 bool strong);

#endif
