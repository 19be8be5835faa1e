/* keeper.h: a request body the script leaves unread must not cost the
 * client its answer. When a process closes a TCP socket with unread bytes
 * queued, or while the client is still sending, the kernel answers with a
 * reset (RFC 9293 section 3.6.1 permits it; Linux does it), and a reset
 * makes the client's stack throw away the answer it has not read yet:
 * curl exits 56, Python's http.client loses the whole answer. So when a
 * script runs in place with a body still on the socket, a small process
 * keeps the connection until the script is done and then reads the rest of
 * the body away, as RFC 9112 section 9.6 asks of a server that closes. */
#ifndef CGIHANDLER_KEEPER_H
#define CGIHANDLER_KEEPER_H

#include <stdbool.h>
#include <stdint.h>

#include "conn.h"

/* Forks, just before the exec, when the request announced a body of
 * unread bytes (its Content-Length, 1 or more) that is still on the
 * socket. Returns true in the child, which goes on to become the script
 * and reads the socket itself, as without a keeper. The parent stays the
 * process the activator started, so inetd and systemd see the request
 * last as long as the script, and never returns: it waits for the script,
 * shuts down the sending side (the client sees the answer end; a
 * background process the script left behind can no longer write to it),
 * reads and discards what is left of the body (at most unread bytes, for
 * at most the connection's timeout, c->timeout_s), closes, and exits as
 * the script did: its exit code, or the signal that ended it (SIGALRM for
 * --cgi-timeout), with no core file of its own. SIGTERM, SIGINT and
 * SIGHUP sent to the keeper are passed to the script. Returns false, in
 * the one process, when fork failed: the caller execs without a keeper. */
bool keeper_fork(struct conn *c, uint64_t unread);

#endif
