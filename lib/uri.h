/* uri.h: from a request target's path to the one canonical path we route on.
 * Pure functions over buffers. */
#ifndef CGIHANDLER_URI_H
#define CGIHANDLER_URI_H

#include <stdbool.h>
#include <stddef.h>

#include "status.h"

/* Percent-decodes in[0..n) once into out (which holds at least n + 1 bytes)
 * and NUL-terminates it. Decoding happens once only: "%252e" becomes "%2e",
 * never ".". Returns S_OK, or S_BAD_REQUEST for a malformed escape, a NUL
 * ("%00") or another control byte, and sets *why. */
enum status uri_decode_path(const char *in, size_t n, char *out, const char **why);

/* Collapses a decoded path, which must begin with '/', in place, the way
 * Python's _url_collapse_path does: repeated slashes folded, "." dropped, ".." removes the
 * component before it and never climbs above "/". The result starts with exactly one
 * '/'; it ends with '/' when the input ended with '/', "/." or "/..".
 * Returns the new length. */
size_t uri_collapse(char *path);

/* Maps a place in the collapsed path back into the path before collapsing:
 * the offset in path (decoded, not collapsed, beginning with '/') just past
 * the component that uri_collapse() makes the n-th (n >= 1) of its result,
 * at the last time it does so. Components are split on runs of '/', "."
 * keeps the depth, ".." lowers it (never below 0), anything else raises it;
 * after the returned offset the depth never falls below n again, so what
 * follows collapses beneath those n components: given
 * "/x/../cgi-bin//env.sh//y" and n = 2 it returns the offset of "//y".
 * Returns strlen(path) when the collapsed path has fewer than n components.
 * Pure. */
size_t uri_component_end(const char *path, size_t n);

/* True when a component of the collapsed path begins with '.'. With
 * well_known, a first component that is exactly ".well-known" does not count
 * (RFC 8615: /.well-known/ is for the machines that look there, such as ACME
 * http-01 and security.txt); a dot-name below it still does. */
bool uri_has_dotfile(const char *path, bool well_known);

#endif
