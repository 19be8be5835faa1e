/* static.h: answering with a file or a directory under the root, as the
 * seed's SimpleHTTPRequestHandler does, plus conditional (precondition.h) and
 * ranged GET. */
#ifndef CGIHANDLER_STATIC_H
#define CGIHANDLER_STATIC_H

#include <stdbool.h>

#include "conn.h"
#include "options.h"
#include "request.h"
#include "response.h"

/* Serves path (decoded and collapsed) for a GET or HEAD, as o says
 * (--dotfiles, --index, --no-listing: 403 for a directory without an
 * index). Returns S_OK when an answer was sent (its status is in *a) or the
 * client went away; otherwise nothing was sent and the return is the error
 * to answer with, *a->reason saying why. */
enum status static_serve(struct conn *c, const struct request *req, const char *path,
			 const struct options *o, struct answer *a);

/* Parses a Range header against a file of size bytes (pure). Returns S_OK
 * with *first and *last set for one satisfiable range; S_RANGE_NOT_SATISFIABLE;
 * or S_NONE when the header is to be ignored (malformed, several ranges,
 * another unit) and the whole file sent. */
enum status static_parse_range(const char *h, int64_t size, int64_t *first, int64_t *last);

#endif
