/* chunked.h: the chunked transfer coding of a request body (RFC 9112
 * section 7.1), decoded incrementally. Pure: bytes in, bytes out. Strict:
 * chunk lines end in CR LF, sizes are hex that fits the limit, trailers are
 * bounded and dropped. */
#ifndef CGIHANDLER_CHUNKED_H
#define CGIHANDLER_CHUNKED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "status.h"

struct chunked {
	int state;
	uint64_t remaining; /* data bytes left in this chunk */
	uint64_t total;	    /* data bytes decoded so far */
	uint64_t max;	    /* a body larger than this is refused (413) */
	size_t line;	    /* bytes of the current size or trailer line */
	size_t trailers;    /* bytes of all trailer lines */
	int digits;
	bool done; /* the last chunk and the trailers have been read */
};

/* Starts a decoder that refuses bodies larger than max bytes. */
void chunked_init(struct chunked *c, uint64_t max);

/* Decodes in[0..n). Data goes to out, which has room for n bytes (the data
 * is never more than the input); *outn is how much was written. Bytes after
 * the end of the body are left alone: *used tells how many were consumed.
 * Returns S_OK (check c->done), S_BAD_REQUEST for a framing error, or
 * S_PAYLOAD_TOO_LARGE past the limit. */
enum status chunked_feed(struct chunked *c, const char *in, size_t n, char *out, size_t *outn,
			 size_t *used);

#endif
