/* conn.h: the one connection we serve. Finds it (inetd style on fd 0 and 1,
 * systemd style on fd 3, or any pipe or file), names its two ends, reads the
 * request head exactly, and writes the answer under a deadline. */
#ifndef CGIHANDLER_CONN_H
#define CGIHANDLER_CONN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "status.h"

enum activation {
	ACT_INETD,   /* fd 0 and 1 are the connected socket */
	ACT_SYSTEMD, /* LISTEN_PID/LISTEN_FDS=1: fd 3 is the connected socket */
	ACT_STREAM,  /* fd 0 and 1 are pipes, a socketpair or files */
};

struct conn {
	int in, out;
	enum activation how;
	bool in_is_socket;
	bool out_is_socket;  /* a send(2) on out has succeeded */
	bool stderr_is_conn; /* fd 2 is the connection: never write to it */
	bool stderr_known;   /* ...once conn_stderr_is_conn() has asked */
	bool stderr_quiet;   /* ...and found no pipe or socket there: a write
			      * to fd 2 cannot raise SIGPIPE */
	bool reset_early;    /* the client reset before we could name it */
	char remote_addr[64], remote_port[8];
	char local_addr[64], local_port[8]; /* see conn_name_local */
	bool local_unnamed;		    /* getsockname not asked yet */
	bool tls; /* the client spoke TLS to what is in front of us: --https,
		   * or the PROXY v2 SSL TLV */
	int timeout_s;
	int64_t deadline_ms;	 /* CLOCK_MONOTONIC; the head and body share it;
				  * 0 until the first wait (conn.c) */
	int64_t deadline_len_ms; /* how far the first deadline lies */
	uint64_t bytes_out;	 /* response bytes written, for the log */

	/* Sending under the one rule of conn.c (SEND_MIN_RATE, --timeout). */
	bool send_armed;	  /* SO_SNDTIMEO is SEND_SLICE_MS */
	int64_t send_waited_ms;	  /* time spent in writes that could block */
	int64_t send_checked_ms;  /* CLOCK_MONOTONIC of the last check */
	int64_t send_progress_ms; /* ...of the last check that saw bytes taken */
	uint64_t send_taken;	  /* bytes the client had taken then */
	const char *send_stop;	  /* why an answer was ended: "send-stalled",
				   * "send-too-slow", "client-gone"; else NULL */

	/* What the request body still owes the connection, so the drain
	 * before close stops when nothing more will come (conn_expect_body). */
	enum body_state {
		BODY_UNKNOWN, /* read until the client closes, or the bounds */
		BODY_READ,    /* read to its end by us: only what is queued */
		BODY_LENGTH,  /* a Content-Length body, body_left unread by us */
		BODY_CHUNKED, /* a chunked body not decoded: decode it away */
	} body;
	uint64_t body_left; /* BODY_LENGTH: bytes no read of ours has taken */
	uint64_t body_end;  /* BODY_LENGTH: where the body ends in the input,
			     * as TCP_INFO counts bytes received; 0: unknown */
};

/* Finds the connection. Returns false with *why set when the activation is
 * wrong in a way we must not serve (a listening socket, told from a reset
 * one by SO_ACCEPTCONN; LISTEN_FDS != 1). A connection the client reset
 * before getpeername(2) is found, with reset_early set: the client left. */
bool conn_open(struct conn *c, int timeout_s, const char **why);

/* Whether fd 2 is the connection (inetd makes it so, and a line written
 * there is lost in the answer, or read as it). Asked after conn_open on
 * either return, so that every path logs to the same place, and before a
 * script's descriptors move; two fstat(2) calls, once, or one when fd 2
 * is no socket and a send has shown out to be one. A request under
 * --log none that runs no script never asks. */
bool conn_stderr_is_conn(struct conn *c);

/* Fills local_addr and local_port (for a script's SERVER_ADDR and
 * SERVER_PORT) when conn_open left them to be asked: only a script needs
 * them, so a file request does without the getsockname(2). Under
 * tcpserver or tcpsvd, whose TCPREMOTEIP and TCPREMOTEPORT are the peer
 * getpeername(2) named, TCPLOCALIP and TCPLOCALPORT are taken instead. */
void conn_name_local(struct conn *c);

/* Reads the request head into buf (cap bytes, cap > HEAD_MAX) and consumes
 * exactly the head from the connection, so a body is left unread. Returns
 * S_OK with *len set; S_NONE when the client sent nothing or went away;
 * S_REQUEST_TIMEOUT; S_URI_TOO_LONG or S_HEADERS_TOO_LARGE past the limits;
 * S_BAD_REQUEST at once for bytes no HTTP request starts with (a TLS
 * ClientHello, for one). */
enum status conn_read_head(struct conn *c, char *buf, size_t cap, size_t *len);

/* Reads the PROXY protocol header (proxy.h) that a balancer sends first,
 * exactly: not one byte of the request behind it is consumed. Its source
 * and destination become remote_* and local_* (a LOCAL or UNKNOWN header
 * keeps the connection's own), its SSL TLV sets tls. Shares the head's
 * deadline. Returns NULL when the header was good, else why it was
 * refused: a proxy_parse reason, "proxy-timeout", "proxy-truncated" (the
 * input ended inside it) or "no-request" (the input ended before it). */
const char *conn_read_proxy(struct conn *c);

/* Sets the deadline ms milliseconds from now; every read polls against
 * what is left of it, and nothing re-arms it. */
void conn_set_deadline(struct conn *c, int64_t ms);

/* Tells the connection how the request body is framed, once the head is
 * parsed: length bytes (Content-Length, -1 for none) or chunked. On a TCP
 * socket the body's end is then known as a count of bytes received
 * (TCP_INFO), whoever reads them: us, or a script with the socket as its
 * stdin. No body: nothing is done. */
void conn_expect_body(struct conn *c, int64_t length, bool chunked);

/* The body was read to its end by us (a chunked body decoded to its last
 * chunk and trailers); exact: no byte past it was read. When not exact, or
 * when the body could not be read whole, what is left is unknown. */
void conn_body_read(struct conn *c, bool whole, bool exact);

/* Reads up to n bytes of body before the deadline: the count, 0 at end of
 * input, -1 on a timeout or error. */
ssize_t conn_read(struct conn *c, void *buf, size_t n);

/* Every write below sends under one rule, on a socket: the client taking
 * no byte for timeout_s seconds while we wait ends the answer, and once
 * writes have waited timeout_s seconds in all for the client, it must have
 * taken SEND_MIN_RATE bytes per second waited. They return false (or a short count) when the
 * rule ends the answer or the client is gone, with c->send_stop saying which. */

/* Writes all of p; false when the client is gone. */
bool conn_write(struct conn *c, const void *p, size_t n);

/* Writes a head and a body with one writev; false when the client is gone. */
bool conn_write2(struct conn *c, const void *head, size_t hn, const void *body, size_t bn);

/* Sends n bytes of file fd from offset with sendfile(2). Returns the bytes
 * sent; fewer than n when the rule ended the answer, the client went away
 * or the file shrank. */
uint64_t conn_sendfile(struct conn *c, int fd, uint64_t offset, uint64_t n);

/* Writes all of p, telling the kernel that more follows (MSG_MORE), so a
 * head and the file body sent next leave in full segments. */
bool conn_write_more(struct conn *c, const void *p, size_t n);

/* Shuts down our sending side (the client sees the answer end), then reads
 * and discards input until the client closes, max bytes were read, or ms
 * milliseconds passed (the connection's deadline, reset to ms): RFC 9112
 * section 9.6's half-close, so that our close does not reset the connection
 * while the client is still sending or before it has read our answer.
 * It stops at once, too, when the request body is all in and nothing is
 * queued (c->body): a body read to its end, a chunked body decoded here to
 * its end, or a Content-Length body all of whose bytes have arrived (by
 * TCP_INFO's count; else when our reads took them). A client that sent a
 * whole body and waits is not held for the bounds. Returns the bytes read.
 * Only for a socket. */
uint64_t conn_drain(struct conn *c, uint64_t max, int64_t ms);

/* Before a script is exec'd with the connection: gives the socket a send
 * timeout (SO_SNDTIMEO) of timeout_s, and a receive timeout (SO_RCVTIMEO)
 * too when body (the script reads a request body from the socket), so the
 * script's write to a client that stopped reading, or its read from one
 * that went silent mid-body, fails (EAGAIN) after that long instead of
 * waiting for --cgi-timeout. With no body there is nothing a script may
 * read (RFC 3875 section 4.2: not more than CONTENT_LENGTH), and no
 * setsockopt. Each call of the script's is bounded, as the kernel does
 * it; our own rule for sending (above) cannot follow the script. True
 * when set, or when the connection is not a socket; false with errno on
 * failure. */
bool conn_bound_for_script(struct conn *c, bool body);

/* Ends the connection gracefully, just before the process exits: when the
 * client may still be sending (a body we did not read), shut our side and
 * drain a bounded amount first, so that the close does not reset the
 * connection before our answer is read. The descriptors are closed by the
 * exit that follows (two system calls fewer). */
void conn_close(struct conn *c, bool unread_input);

#endif
