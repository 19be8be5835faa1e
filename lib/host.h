/* host.h: which host a request is for. The Host field (or an absolute-form
 * target's authority, RFC 9112 section 3.2.2) is checked against --host
 * and picks the --vhosts directory. */
#ifndef CGIHANDLER_HOST_H
#define CGIHANDLER_HOST_H

#include <stdbool.h>
#include <stddef.h>

#include "options.h"
#include "request.h"
#include "response.h"

/* Writes host's one spelling into out (n bytes, HOST_NAME_LEN is enough):
 * the port removed, ASCII letters lowercased, one trailing dot removed
 * ("example.org." is "example.org"), and an IPv6 literal rewritten in
 * inet_ntop(3)'s canonical form, brackets kept ("[0:0::1]:8080" is
 * "[::1]"), so that it equals SERVER_NAME. Returns false, out empty, when
 * host cannot name a directory of its own: empty, longer than n, a byte
 * other than letters, digits, '-', '_', '.' ('/' and '\' among them), an
 * empty label (a leading dot, ".."), a port that is not 1 to 5 digits, or
 * an IP literal inet_pton(3) refuses. Pure. */
bool host_normalise(const char *host, char *out, size_t n);

/* True when name (normalised) is one of list[0..n). Pure. */
bool host_listed(const char *name, const char *const *list, size_t n);

/* Applies --host and --vhosts to a parsed request, before any path it names
 * is opened. --host: a request whose host (req->host, normalised) is not
 * listed, or that names none, is answered 421 (RFC 9110 section 15.5.20).
 * --vhosts: the root becomes ROOT/<name>/ when that directory exists
 * beneath the root, else ROOT/default/; a host that cannot be a name is
 * 400, and no default directory is 421. name (HOST_NAME_LEN bytes) gets
 * the normalised host, "" when the request names none. Returns S_OK or the
 * status to answer with, a->reason set. */
enum status host_select(const struct request *req, const struct options *o, char *name,
			struct answer *a);

#endif
