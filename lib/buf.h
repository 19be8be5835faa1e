/* buf.h: a growable byte buffer for what we build before sending it
 * (response heads, error pages, listings, the script environment).
 * Allocation failure is sticky: the buffer remembers it, further appends do
 * nothing, and buf_failed() tells the caller once at the end. */
#ifndef CGIHANDLER_BUF_H
#define CGIHANDLER_BUF_H

#include <stdbool.h>
#include <stddef.h>

struct buf {
	char *data; /* always NUL-terminated when len > 0 or cap > 0 */
	size_t len;
	size_t cap;
	size_t limit; /* 0 = no limit; past it the buffer fails */
	bool failed;
	bool on_heap; /* data is ours to give back, not the caller's storage */
};

/* Starts b empty on the caller's storage (n bytes, n > 0, usually on the
 * stack), moving to the heap only when the text outgrows it: the first
 * malloc of a process costs a static (musl) request about 18 us, and most
 * heads and environments fit in a few KiB. */
void buf_init_on(struct buf *b, char *storage, size_t n);

/* Appends n bytes. */
void buf_add(struct buf *b, const void *p, size_t n);
/* Appends a C string. */
void buf_puts(struct buf *b, const char *s);
/* Appends printf-formatted text. */
void buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Appends s with &, <, > (and " and ' when quote) as HTML entities. */
void buf_html(struct buf *b, const char *s, bool quote);
/* Appends s percent-encoded except for unreserved bytes and '/', as Python's
 * urllib.parse.quote() does: safe for an href or a Location. */
void buf_urlencode(struct buf *b, const char *s);
/* True when an allocation failed or the limit was passed. */
bool buf_failed(const struct buf *b);
/* Empties the buffer, usable again. Its heap memory is given back, except
 * in the static build, which holds it until exit (one request per process)
 * so that musl's full allocator stays out of it (buf.c, release()). */
void buf_free(struct buf *b);

#endif
