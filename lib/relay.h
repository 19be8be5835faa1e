/* relay.h: --relay, the parsed-header CGI answer (RFC 3875 section 6). The
 * script runs as our child and writes to a pipe; its header block becomes
 * our status line and head, and its body is copied through under framing we
 * choose. The parse of the header block is a pure function over a buffer. */
#ifndef CGIHANDLER_RELAY_H
#define CGIHANDLER_RELAY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "conn.h"
#include "limits.h"
#include "log.h"
#include "options.h"
#include "request.h"
#include "response.h"

/* One header field of the script's, as it wrote it (value without the
 * blanks around it). */
struct cgi_field {
	const char *name, *value;
};

/* A script's header block (RFC 3875 section 6.3), parsed. */
struct cgi_head {
	int status;		/* the code we answer with, 200 to 599 */
	const char *phrase;	/* its reason phrase, "" for an unregistered code */
	const char *type;	/* Content-Type, or NULL */
	const char *location;	/* Location, or NULL */
	bool local_redirect;	/* RFC 3875 6.2.2: Location is a local path
				 * and the only field: we serve it ourselves */
	int64_t content_length; /* the script's Content-Length, or -1 */
	struct cgi_field fields[CGI_FIELDS_MAX]; /* the fields we pass on, in order */
	size_t nfields;
};

/* Parses the header block in buf[0..len), where len is where
 * request_head_end() found the empty line ending it. Writes NUL bytes into
 * buf, so the strings in *h point into it. Returns true, or false with
 * *reason set to a log token when the block cannot be relayed:
 *   script-header-invalid		a line that is not "name: value", or a
 *					control byte (a bare CR) in a value
 *   script-header-too-many		more than CGI_FIELDS_MAX fields
 *   script-header-no-cgi-field		none of Content-Type, Location, Status
 *   script-field-repeated		Status, Location or Content-Type twice
 *   script-status-invalid		Status not 3 digits from 200 to 599 (then
 *					a space and the phrase, or nothing)
 *   script-location-invalid		Location neither an absolute URI with a
 *					scheme (RFC 3986 section 3.1) nor a local
 *					path starting with exactly one '/'
 *   script-content-length-invalid	not digits, or two that differ
 * The status is Status's, else 302 with a Location, else 200. The fields
 * passed on are the script's own but Status, Content-Length (we frame the
 * body: see relay_answer), the hop-by-hop ones (Connection, Keep-Alive,
 * Proxy-Connection, TE, Trailer, Transfer-Encoding, Upgrade: RFC 9110
 * section 7.6.1), and Date and Server (ours are sent). Pure. */
bool cgi_head_parse(char *buf, size_t len, struct cgi_head *h, const char **reason);

/* Answers the request from a script already running as pid, whose stdout is
 * the read end fd: reads its header block within o->cgi_timeout and writes
 * our head (HTTP/1.<req->minor>, Connection: close). The body then follows:
 * none for HEAD, 204, 205 and 304 (what the script writes is read and
 * dropped; 204 gets no Content-Length, 205 a zero one);
 * with the script's Content-Length, exactly that many bytes (more are
 * dropped, fewer leave the answer incomplete, logged as script-body-overlong
 * and script-body-short); else everything until the script closes its
 * output. A body needs a Content-Type (RFC 3875 section 6.3.1): without one
 * we wait for the body's first byte or its end before the head, and answer
 * 502 script-body-without-type, or send Content-Length: 0. A local redirect
 * sends nothing: a->location is set for the caller to serve (see
 * relay_local_request). Closes fd and reaps pid (SIGTERM first when its
 * header block is refused). Returns S_NONE when the
 * answer was sent, the client left, or a->location is set; else the status
 * to answer with (502 for a header block we cannot relay) and a->reason. */
enum status relay_answer(struct conn *c, int fd, pid_t pid, const char *script_name,
			 const struct request *req, const struct options *o, struct answer *a);

/* Turns r into the request a local redirect to location (a path and query,
 * as relay_answer checked it) makes: GET, or HEAD for a HEAD, of that
 * target, less a "#fragment", which no request carries (RFC 9110 section
 * 4.2.5), without a body or the fields that describe one (Content-Length,
 * Content-Type, Transfer-Encoding, Expect); the client's other fields are
 * kept. The target is copied into store (n bytes; false when it does not
 * fit). r->redirected is set: nothing on the connection is its body. Pure. */
bool relay_local_request(struct request *r, const char *location, char *store, size_t n);

/* After a relayed script that may have left its request body unread: shuts
 * our sending side, so the client sees the answer end, and reads and drops
 * up to bytes more of the body within timeout_s seconds, so that closing
 * the socket over unread bytes does not reset the connection and destroy
 * the answer before the client has read it. */
void relay_drain(struct conn *c, int64_t bytes, int timeout_s);

#endif
