/* mime.h: a file name's media type, the way Python's SimpleHTTPRequestHandler
 * guesses it: its own overrides for compressed files, then the system's
 * /etc/mime.types (where two lines name an extension, the later one, as
 * Python's mimetypes reads it), then a built-in table of the common web
 * types, then application/octet-stream. */
#ifndef CGIHANDLER_MIME_H
#define CGIHANDLER_MIME_H

#include <stddef.h>

/* Where the system table is looked for; a test may point elsewhere. Its
 * last lines are read for each name (MIME_READ_PIECE, lib/limits.h); when
 * they do not name the extension the whole table is mapped, once per value
 * of this pointer, and answers every later name. */
extern const char *mime_types_path;

/* The media type for a file name; never NULL. The string stays valid until
 * the next call. */
const char *mime_type(const char *name);

/* The same lookup in a mime.types text held in memory (pure: for tests). */
const char *mime_lookup_table(const char *table, size_t len, const char *ext);

#endif
