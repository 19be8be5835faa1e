/* encoding.h: which content coding of a file to send, from the request's
 * Accept-Encoding (RFC 9110 section 12.5.3), for --precompressed. Pure. */
#ifndef CGIHANDLER_ENCODING_H
#define CGIHANDLER_ENCODING_H

#include <stddef.h>

#include "request.h"

/* The codings a precompressed sibling may have: FILE.br and FILE.gz. */
enum coding { CODING_BR, CODING_GZIP, CODINGS };

/* The sibling's file-name suffix (".br", ".gz") and Content-Encoding
 * token ("br", "gzip"). */
const char *encoding_suffix(enum coding c);
const char *encoding_token(enum coding c);

/* The codings the request accepts, best first, into out[] (room for
 * CODINGS); returns how many. Every Accept-Encoding line counts (they are
 * one list). A coding is acceptable when listed with a qvalue above 0, or
 * not listed while "*" is, above 0; "x-gzip" is gzip. Ties go to br (the
 * smaller file). A coding that identity beats (identity listed, or
 * matched by "*", with a higher qvalue) is left out; identity;q=0 only
 * says the client wants no unencoded answer, which changes nothing here
 * (the file itself is still sent when no sibling fits, as RFC 9110
 * 12.5.3 allows). No Accept-Encoding field: none (we send identity, as
 * nginx's gzip_static does). A member with a malformed qvalue is
 * ignored. */
size_t encoding_accepted(const struct request *req, enum coding out[CODINGS]);

/* The qvalue in thousandths of one member ("gzip;q=0.5" and such), or -1
 * when it is malformed; *name and *name_len get the coding's token. */
int encoding_member(const char *m, size_t n, const char **name, size_t *name_len);

#endif
