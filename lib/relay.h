/* relay.h: --relay, the parsed-header CGI answer (RFC 3875 section 6). The
 * script runs as our child and writes to a pipe; its header block becomes
 * our status line and head, and the rest is copied through. The parse of the
 * header block is a pure function over a buffer. */
#ifndef CGIHANDLER_RELAY_H
#define CGIHANDLER_RELAY_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "conn.h"
#include "limits.h"
#include "log.h"
#include "options.h"
#include "response.h"

/* One header field of the script's, as it wrote it (value without leading
 * blanks). */
struct cgi_field {
	const char *name, *value;
};

/* A script's header block (RFC 3875 section 6.3), parsed. */
struct cgi_head {
	int status;				 /* the code we answer with */
	char phrase[64];			 /* and its reason phrase */
	bool has_type;				 /* a Content-Type field was given */
	bool has_location;			 /* a Location field was given */
	struct cgi_field fields[CGI_FIELDS_MAX]; /* the fields we pass on, in order */
	size_t nfields;
};

/* Parses the header block in buf[0..len), where len is where
 * request_head_end() found the empty line ending it. Writes NUL bytes into
 * buf, so the fields point into it. Returns true, or false with *reason set
 * to a log token when the block is not one we can relay. Pure. */
bool cgi_head_parse(char *buf, size_t len, struct cgi_head *h, const char **reason);

/* Answers the request from a script already running as pid, whose stdout is
 * the read end fd: reads its header block within o->cgi_timeout, writes our
 * head (HTTP/1.<minor>) and copies the body through; closes fd and reaps
 * pid (SIGTERM first when we stop reading early). Returns S_NONE when the
 * answer was sent (or the client left), else the status to answer with
 * (502 for a header block we cannot relay), with a->reason set. */
enum status relay_answer(struct conn *c, int fd, pid_t pid, const char *script_name,
			 const struct options *o, struct answer *a, int minor);

#endif
