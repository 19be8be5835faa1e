#include "conn.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#include "chunked.h"
#include "clock.h"
#include "fmt.h"
#include "limits.h"
#include "proxy.h"
#include "request.h"
#include "sigpipe.h"

/* SIOCOUTQ is TIOCOUTQ on Linux (linux/sockios.h); musl, for the static
 * build, ships no kernel headers. */
#ifndef SIOCOUTQ
#define SIOCOUTQ TIOCOUTQ
#endif

/* Milliseconds left before the deadline, at least 0. The first deadline
 * starts at the first wait, not at conn_open: most requests arrive whole
 * and never wait, and so never read the clock; what runs before the first
 * wait is our own work, microseconds. */
static int remaining_ms(struct conn *c)
{
	if (!c->deadline_ms)
		conn_set_deadline(c, c->deadline_len_ms);
	int64_t left = c->deadline_ms - clock_mono_ms();
	return left < 0 ? 0 : (int)(left > 1000000000 ? 1000000000 : left);
}

void conn_set_deadline(struct conn *c, int64_t ms)
{
	c->deadline_ms = clock_mono_ms() + ms;
}

/* Waits until fd is readable or the deadline passes. */
static bool wait_readable(struct conn *c, int fd)
{
	for (;;) {
		struct pollfd p = {.fd = fd, .events = POLLIN};
		int r = poll(&p, 1, remaining_ms(c));
		if (r > 0)
			return true;
		if (r == 0 || errno != EINTR)
			return false;
	}
}

/* An address as text; a v4-mapped IPv6 peer is shown as plain IPv4. */
static bool name_address(const struct sockaddr_storage *ss, char *addr, size_t an, char *port,
			 size_t pn)
{
	if (ss->ss_family == AF_INET) {
		const struct sockaddr_in *s = (const void *)ss;
		fmt_inet_ntop(AF_INET, &s->sin_addr, addr, (socklen_t)an);
		fmt_snprintf(port, pn, "%u", ntohs(s->sin_port));
		return true;
	}
	if (ss->ss_family == AF_INET6) {
		const struct sockaddr_in6 *s = (const void *)ss;
		if (IN6_IS_ADDR_V4MAPPED(&s->sin6_addr))
			fmt_inet_ntop(AF_INET, &s->sin6_addr.s6_addr[12], addr, (socklen_t)an);
		else
			fmt_inet_ntop(AF_INET6, &s->sin6_addr, addr, (socklen_t)an);
		fmt_snprintf(port, pn, "%u", ntohs(s->sin6_port));
		return true;
	}
	return false;
}

/* What the activator tells us when the descriptor cannot: tcpserver's
 * TCPREMOTEIP, stunnel's REMOTE_HOST. */
static void name_from_env(char *dst, size_t n, const char *const names[])
{
	for (; *names; names++) {
		const char *v = getenv(*names);
		if (v && *v && strlen(v) < n &&
		    strspn(v, "0123456789abcdefABCDEF.:") == strlen(v)) {
			strcpy(dst, v);
			return;
		}
	}
}

static void name_local_from_env(struct conn *c)
{
	if (!c->local_addr[0]) {
		name_from_env(c->local_addr, sizeof c->local_addr,
			      (const char *const[]){"TCPLOCALIP", NULL});
		name_from_env(c->local_port, sizeof c->local_port,
			      (const char *const[]){"TCPLOCALPORT", NULL});
	}
}

bool conn_open(struct conn *c, int timeout_s, const char **why)
{
	*c = (struct conn){.in = 0,
			   .out = 1,
			   .how = ACT_INETD,
			   .timeout_s = timeout_s,
			   .deadline_len_ms = (int64_t)timeout_s * 1000};

	/* sd_listen_fds(3): the variables are for us only when LISTEN_PID is
	 * our pid; they never reach a script either way. */
	const char *pid = getenv("LISTEN_PID"), *fds = getenv("LISTEN_FDS");
	uint64_t listen_pid;
	if (pid && fds && (pid = fmt_decimal(pid, &listen_pid)) && !*pid &&
	    listen_pid == (uint64_t)getpid()) {
		c->in = c->out = 3;
		c->how = ACT_SYSTEMD;
	}
	if (c->how == ACT_SYSTEMD && strcmp(fds, "1") != 0) {
		*why = "LISTEN_FDS is not 1: use Accept=yes with one socket";
		return false;
	}
	unsetenv("LISTEN_PID");
	unsetenv("LISTEN_FDS");
	unsetenv("LISTEN_FDNAMES");

	struct sockaddr_storage ss;
	socklen_t sl = sizeof ss;
	if (getpeername(c->in, (struct sockaddr *)&ss, &sl) == 0) {
		c->in_is_socket = true;
		name_address(&ss, c->remote_addr, sizeof c->remote_addr, c->remote_port,
			     sizeof c->remote_port);
		c->local_unnamed = true; /* conn_name_local */
	} else if (errno == ENOTCONN) {
		/* Not connected: a listening socket (set up wrongly), or a
		 * connection the client reset before we asked (the client
		 * left; its head read will find that out and log it). */
		int listening = 0;
		socklen_t ll = sizeof listening;
		if (getsockopt(c->in, SOL_SOCKET, SO_ACCEPTCONN, &listening, &ll) != 0 ||
		    listening) {
			*why = "the socket is a listening one: a listening socket needs "
			       "Accept=yes";
			return false;
		}
		c->in_is_socket = true;
		c->reset_early = true;
	} else if (c->how == ACT_SYSTEMD) {
		*why = "fd 3 is not a socket";
		return false;
	} else {
		c->how = ACT_STREAM;
		int type;
		socklen_t tl = sizeof type;
		c->in_is_socket = getsockopt(c->in, SOL_SOCKET, SO_TYPE, &type, &tl) == 0;
	}
	if (!c->remote_addr[0]) {
		name_from_env(c->remote_addr, sizeof c->remote_addr,
			      (const char *const[]){"TCPREMOTEIP", "REMOTE_HOST", NULL});
		name_from_env(c->remote_port, sizeof c->remote_port,
			      (const char *const[]){"TCPREMOTEPORT", "REMOTE_PORT", NULL});
	}
	if (!c->local_unnamed)
		name_local_from_env(c);
	return true;
}

bool conn_stderr_is_conn(struct conn *c)
{
	struct stat e, o;
	if (!c->stderr_known && c->how != ACT_SYSTEMD && fstat(2, &e) == 0) {
		c->stderr_quiet = !S_ISFIFO(e.st_mode) && !S_ISSOCK(e.st_mode);
		/* an fd 2 that is no socket is not one a send went out on:
		 * no fstat of out */
		c->stderr_is_conn = (S_ISSOCK(e.st_mode) || !c->out_is_socket) &&
				    fstat(c->out, &o) == 0 && e.st_dev == o.st_dev &&
				    e.st_ino == o.st_ino;
	}
	c->stderr_known = true;
	return c->stderr_is_conn;
}

void conn_name_local(struct conn *c)
{
	if (!c->local_unnamed)
		return;
	c->local_unnamed = false;
	/* tcpserver and busybox tcpsvd name both ends of the connection they
	 * accepted: when the remote end they name is the one getpeername
	 * gave, the local end they name is this connection's too */
	const char *ip = getenv("TCPREMOTEIP"), *port = getenv("TCPREMOTEPORT");
	if (ip && port && strcmp(ip, c->remote_addr) == 0 &&
	    strcmp(port, c->remote_port) == 0) {
		name_local_from_env(c);
		if (c->local_addr[0] && c->local_port[0])
			return;
	}
	struct sockaddr_storage ss;
	socklen_t sl = sizeof ss;
	if (getsockname(c->in, (struct sockaddr *)&ss, &sl) == 0)
		name_address(&ss, c->local_addr, sizeof c->local_addr, c->local_port,
			     sizeof c->local_port);
	name_local_from_env(c);
}

/* The first byte of a request is a method's first tchar, or a CR/LF before
 * the request line. Anything else (0x16 opens a TLS ClientHello) is refused
 * at once rather than after the timeout. */
static bool plausible_start(unsigned char c)
{
	return c == '\r' || c == '\n' || request_is_token((const char *)&c, 1);
}

/* Where the head in buf[0..len) ends, or 0 while it goes on: at the empty
 * line, or at the end of a request line without a version, which is the
 * whole request (nothing would follow it but the timeout). */
static size_t head_end(const char *buf, size_t len)
{
	size_t end = request_head_end(buf, len);
	return end ? end : request_line_without_version(buf, len);
}

/* Why a head that filled the buffer is refused. */
static enum status too_large(const char *buf, size_t len)
{
	size_t line = 0;
	while (line < len && (buf[line] == '\r' || buf[line] == '\n'))
		line++;
	const char *lf = memchr(buf + line, '\n', len - line);
	size_t n = lf ? (size_t)(lf - buf) - line : len - line;
	return n > REQUEST_LINE_MAX ? S_URI_TOO_LONG : S_HEADERS_TOO_LARGE;
}

/* On a socket: peek, find the end of the head, consume exactly up to it.
 * Bytes peeked without an end are all head, so they are consumed at once;
 * the next peek then waits for new bytes only. */
/* Peeks at what is queued on the socket, waiting for something until the
 * deadline: the count, 0 at the end of input or on an error, -1 on the
 * timeout. */
static ssize_t peek(struct conn *c, char *buf, size_t n)
{
	for (;;) {
		ssize_t got = recv(c->in, buf, n, MSG_PEEK | MSG_DONTWAIT);
		if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			if (!wait_readable(c, c->in))
				return -1;
			continue;
		}
		if (got < 0 && errno == EINTR)
			continue;
		return got < 0 ? 0 : got;
	}
}

/* Consumes n bytes already peeked. MSG_WAITALL: they are queued, so this
 * returns them all without waiting. */
static bool consume(struct conn *c, char *buf, size_t n)
{
	return recv(c->in, buf, n, MSG_WAITALL) == (ssize_t)n;
}

static enum status read_head_socket(struct conn *c, char *buf, size_t cap, size_t *len)
{
	size_t have = 0;
	for (;;) {
		ssize_t n = peek(c, buf + have, cap - have);
		if (n < 0)
			return S_REQUEST_TIMEOUT;
		if (n == 0)
			return S_NONE;
		if (!plausible_start((unsigned char)buf[0]))
			return S_BAD_REQUEST;
		size_t end = head_end(buf, have + (size_t)n);
		size_t take = end ? end - have : (size_t)n;
		if (!consume(c, buf + have, take))
			return S_NONE;
		have += take;
		if (end) {
			*len = have;
			return S_OK;
		}
		if (have >= HEAD_MAX)
			return too_large(buf, have);
	}
}

/* On a pipe: a byte at a time, the only way not to read past the head. A
 * regular file can be read in blocks and rewound. */
static enum status read_head_stream(struct conn *c, char *buf, size_t cap, size_t *len)
{
	struct stat st;
	bool seekable = fstat(c->in, &st) == 0 && S_ISREG(st.st_mode);
	size_t have = 0;
	while (have < HEAD_MAX) {
		size_t want = seekable ? cap - have : 1;
		if (!seekable && !wait_readable(c, c->in))
			return S_REQUEST_TIMEOUT;
		ssize_t n = read(c->in, buf + have, want);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return S_NONE;
		if (!plausible_start((unsigned char)buf[0]))
			return S_BAD_REQUEST;
		size_t end = head_end(buf, have + (size_t)n);
		if (end) {
			if (seekable &&
			    lseek(c->in, (off_t)end - (off_t)(have + (size_t)n), SEEK_CUR) < 0)
				return S_NONE;
			*len = end;
			return S_OK;
		}
		have += (size_t)n;
	}
	return too_large(buf, have);
}

/* The bytes the parser has not seen the end of are all header (its
 * PROXY_MORE promise): on a socket they are consumed as peeked and the
 * header's last ones exactly; on a pipe or a file no read asks for more
 * than the header still is. */
const char *conn_read_proxy(struct conn *c)
{
	char buf[PROXY_V2_MAX];
	struct proxy_header h;
	size_t have = 0, need = 1;
	for (;;) {
		ssize_t n;
		if (c->in_is_socket) {
			n = peek(c, buf + have, sizeof buf - have);
		} else if (!wait_readable(c, c->in)) {
			n = -1;
		} else {
			n = read(c->in, buf + have, need - have);
			if (n < 0 && errno == EINTR)
				continue;
			if (n < 0)
				n = 0;
		}
		if (n < 0)
			return "proxy-timeout";
		if (n == 0)
			return have ? "proxy-truncated" : "no-request";
		enum proxy_result r = proxy_parse(buf, have + (size_t)n, &h);
		if (r == PROXY_BAD)
			return h.reason;
		size_t take = r == PROXY_DONE ? h.len - have : (size_t)n;
		if (c->in_is_socket ? !consume(c, buf + have, take) : take != (size_t)n)
			return "proxy-truncated";
		have += take;
		if (r == PROXY_MORE) {
			need = h.len;
			continue;
		}
		if (!h.local) {
			strcpy(c->remote_addr, h.src_addr);
			strcpy(c->remote_port, h.src_port);
			strcpy(c->local_addr, h.dst_addr);
			strcpy(c->local_port, h.dst_port);
			c->local_unnamed = false;
		}
		c->tls = c->tls || h.tls;
		return NULL;
	}
}

enum status conn_read_head(struct conn *c, char *buf, size_t cap, size_t *len)
{
	if (cap > HEAD_MAX)
		cap = HEAD_MAX;
	return c->in_is_socket ? read_head_socket(c, buf, cap, len)
			       : read_head_stream(c, buf, cap, len);
}

ssize_t conn_read(struct conn *c, void *buf, size_t n)
{
	for (;;) {
		if (!wait_readable(c, c->in))
			return -1;
		ssize_t r = read(c->in, buf, n);
		if (r >= 0 || (errno != EINTR && errno != EAGAIN))
			return r;
	}
}

/* Sending: one rule for every byte of every answer (files by sendfile,
 * pages and listings by conn_write, relayed script output), on a socket:
 * when the client takes no byte for --timeout seconds while we wait to
 * write, the answer ends; and once our writes have waited --timeout seconds
 * in all, the client must have taken SEND_MIN_RATE bytes a second of that
 * wait on average. A never-reading client thus holds us --timeout seconds,
 * a trickling one little more, and a slow script under --relay is not
 * blamed on the client: only time spent blocked in a write counts.
 *
 * "Taken" is what we wrote less what still waits in the socket's send
 * queue (SIOCOUTQ), not what our writes returned: the kernel wakes a
 * blocked writer only when a third of a large send buffer is free, so a
 * steady slow reader may see no write return for longer than --timeout.
 *
 * The first write of an answer is tried without blocking: a small answer
 * (most are) leaves at once and costs nothing more. Only when the client
 * is behind is SO_SNDTIMEO set, to SEND_SLICE_MS, so that a blocked write
 * returns often enough to apply the rule, at most once per slice. A pipe
 * or file on fd 1 is the activator's to bound. */
static bool arm_send_slice(struct conn *c)
{
	if (c->send_armed || !c->in_is_socket)
		return true;
	struct timeval tv = {.tv_sec = SEND_SLICE_MS / 1000,
			     .tv_usec = (SEND_SLICE_MS % 1000) * 1000};
	if (setsockopt(c->out, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv) != 0) {
		c->send_stop = "send-unbounded"; /* a write could block for ever */
		return false;
	}
	c->send_armed = true;
	c->send_progress_ms = c->send_checked_ms = clock_mono_ms();
	return true;
}

/* Applies the rule at time now; false (and c->send_stop set) to end. */
static bool client_keeps_up(struct conn *c, int64_t now)
{
	int queued = 0;
	if (ioctl(c->out, SIOCOUTQ, &queued) != 0 || queued < 0)
		queued = 0;
	uint64_t taken = (uint64_t)queued < c->bytes_out ? c->bytes_out - (uint64_t)queued : 0;
	c->send_checked_ms = now;
	/* nothing queued: the client is waiting for us, not we for it */
	if (taken > c->send_taken || queued == 0)
		c->send_progress_ms = now;
	c->send_taken = taken;
	int64_t timeout_ms = (int64_t)c->timeout_s * 1000;
	if (now - c->send_progress_ms >= timeout_ms) {
		c->send_stop = "send-stalled";
		return false;
	}
	if (c->send_waited_ms >= timeout_ms &&
	    taken * 1000 < (uint64_t)c->send_waited_ms * SEND_MIN_RATE) {
		c->send_stop = "send-too-slow";
		return false;
	}
	return true;
}

/* After one write attempt that returned w (errno set when w < 0), started
 * at t0 (0: it could not block): counts what moved, applies the rule, and
 * says whether to write again. Sets c->send_stop when it ends the answer. */
static bool send_continue(struct conn *c, ssize_t w, int64_t t0)
{
	int err = errno;
	if (w > 0)
		c->bytes_out += (uint64_t)w;
	else if (w < 0 && err == EINTR)
		return true;
	else if (w == 0 || (err != EAGAIN && err != EWOULDBLOCK)) {
		c->send_stop = "client-gone";
		return false;
	} else if (!c->in_is_socket) {
		/* a non-blocking pipe: wait for room as long as the rule allows */
		struct pollfd p = {.fd = c->out, .events = POLLOUT};
		if (poll(&p, 1, c->timeout_s * 1000) > 0)
			return true;
		c->send_stop = "send-stalled";
		return false;
	} else if (!c->send_armed) {
		/* the non-blocking first try found the client behind */
		return arm_send_slice(c);
	}
	if (!t0)
		return true;
	int64_t now = clock_mono_ms();
	c->send_waited_ms += now - t0;
	return now - c->send_checked_ms < SEND_SLICE_MS || client_keeps_up(c, now);
}

/* Flags for a send(2) on the connection: never blocking until the client
 * has once been found behind; then the slice bounds each call. */
static int send_flags(const struct conn *c)
{
	return MSG_NOSIGNAL | (c->send_armed ? 0 : MSG_DONTWAIT);
}

bool conn_write(struct conn *c, const void *p, size_t n)
{
	return conn_write2(c, p, n, NULL, 0);
}

bool conn_write2(struct conn *c, const void *head, size_t hn, const void *body, size_t bn)
{
	struct iovec iov[2] = {{(void *)head, hn}, {(void *)body, bn}};
	struct msghdr m = {.msg_iov = iov, .msg_iovlen = bn ? 2 : 1};
	if (hn + bn == 0)
		return true;
	while (m.msg_iovlen > 0) {
		ssize_t w;
		int64_t t0 = c->send_armed ? clock_mono_ms() : 0;
		if (c->in_is_socket) {
			w = sendmsg(c->out, &m, send_flags(c));
			c->out_is_socket = c->out_is_socket || w >= 0;
			if (w < 0 && errno == ENOTSOCK) {
				c->in_is_socket =
					false; /* fd 1 is a pipe beside a socket fd 0 */
				continue;
			}
		} else {
			sigpipe_ignore();
			w = writev(c->out, m.msg_iov, (int)m.msg_iovlen);
		}
		if (!send_continue(c, w, t0))
			return false;
		while (w > 0 && m.msg_iovlen > 0 && (size_t)w >= m.msg_iov->iov_len) {
			w -= (ssize_t)m.msg_iov->iov_len;
			m.msg_iov++;
			m.msg_iovlen--;
		}
		if (w > 0) {
			m.msg_iov->iov_base = (char *)m.msg_iov->iov_base + w;
			m.msg_iov->iov_len -= (size_t)w;
		}
	}
	return true;
}

uint64_t conn_sendfile(struct conn *c, int fd, uint64_t offset, uint64_t n)
{
	/* sendfile(2) has no non-blocking flag, and the kernel's socket
	 * timeout restarts for every piece it splices: so on a socket the
	 * slice is set before, and each call is kept to SENDFILE_CHUNK bytes
	 * so that it returns within about a slice to have the rule applied. */
	bool armed = c->send_armed;
	sigpipe_ignore();
	if (!arm_send_slice(c))
		return 0;
	size_t most = c->in_is_socket ? SENDFILE_CHUNK : (1u << 30);
	off_t off = (off_t)offset;
	uint64_t sent = 0;
	/* arming has just read the clock: that reading starts the first call */
	int64_t t0 = !c->send_armed ? 0 : armed ? clock_mono_ms() : c->send_checked_ms;
	while (sent < n) {
		size_t chunk = n - sent > most ? most : (size_t)(n - sent);
		ssize_t w = sendfile(c->out, fd, &off, chunk);
		if (w == 0)
			break; /* the file shrank */
		if (w > 0)
			sent += (uint64_t)w;
		if (w > 0 && sent == n) {
			/* all sent: the rule has nothing left to end, and the
			 * clock need not be read (a small file reads it once) */
			c->bytes_out += (uint64_t)w;
			break;
		}
		if (!send_continue(c, w, t0))
			break;
		t0 = c->send_armed ? clock_mono_ms() : 0;
	}
	return sent;
}

bool conn_write_more(struct conn *c, const void *p, size_t n)
{
	if (!c->in_is_socket)
		return conn_write(c, p, n);
	const char *q = p;
	while (n > 0) {
		int64_t t0 = c->send_armed ? clock_mono_ms() : 0;
		ssize_t w = send(c->out, q, n, MSG_MORE | send_flags(c));
		c->out_is_socket = c->out_is_socket || w >= 0;
		if (w < 0 && errno == ENOTSOCK)
			return conn_write(c, q, n);
		if (!send_continue(c, w, t0))
			return false;
		if (w > 0) {
			q += w;
			n -= (size_t)w;
		}
	}
	return true;
}

/* Bytes the connection has received, read or not (TCP_INFO's
 * tcpi_bytes_received, Linux 4.1; at offset 128 of the kernel's struct
 * tcp_info, a stable ABI that glibc's and musl's headers stop short of).
 * False when fd is not TCP. */
static bool bytes_received(int fd, uint64_t *n)
{
	unsigned char info[136];
	socklen_t len = sizeof info;
	if (getsockopt(fd, IPPROTO_TCP, TCP_INFO, info, &len) != 0 || len < sizeof info)
		return false;
	memcpy(n, info + 128, sizeof *n);
	return true;
}

static int queued(int fd)
{
	int n = 0;
	return ioctl(fd, FIONREAD, &n) == 0 ? n : -1;
}

void conn_expect_body(struct conn *c, int64_t length, bool chunked)
{
	if (!c->in_is_socket || (length <= 0 && !chunked))
		return;
	c->body = chunked ? BODY_CHUNKED : BODY_LENGTH;
	c->body_left = length > 0 ? (uint64_t)length : 0;
	uint64_t got;
	int q;
	if (!chunked && bytes_received(c->in, &got) && (q = queued(c->in)) >= 0)
		c->body_end = got - (uint64_t)q + c->body_left; /* what we took is the head */
}

void conn_body_read(struct conn *c, bool whole, bool exact)
{
	c->body = whole && exact ? BODY_READ : BODY_UNKNOWN;
}

/* True when the request body owes nothing more and nothing is queued. */
static bool body_all_in(struct conn *c)
{
	uint64_t got;
	if (c->body == BODY_LENGTH && c->body_left > 0 &&
	    !(c->body_end && bytes_received(c->in, &got) && got >= c->body_end))
		return false;
	return (c->body == BODY_READ || c->body == BODY_LENGTH) && queued(c->in) == 0;
}

uint64_t conn_drain(struct conn *c, uint64_t max, int64_t ms)
{
	/* fails only when the peer is gone already: then nothing is left to
	 * read either, and the reads below end at once */
	(void)shutdown(c->out, SHUT_WR);
	conn_set_deadline(c, ms);
	char sink[8192], data[sizeof sink];
	struct chunked dec;
	chunked_init(&dec, UINT64_MAX);
	uint64_t drained = 0;
	while (drained < max && !body_all_in(c)) {
		size_t want =
			max - drained < sizeof sink ? (size_t)(max - drained) : sizeof sink;
		ssize_t n = conn_read(c, sink, want);
		if (n <= 0)
			break;
		drained += (uint64_t)n;
		c->body_left -= c->body_left < (uint64_t)n ? c->body_left : (uint64_t)n;
		size_t outn, used = 0;
		if (c->body == BODY_CHUNKED &&
		    (chunked_feed(&dec, sink, (size_t)n, data, &outn, &used) != S_OK ||
		     dec.done))
			conn_body_read(c, dec.done, used == (size_t)n);
	}
	return drained;
}

bool conn_bound_for_script(struct conn *c, bool body)
{
	if (!c->in_is_socket)
		return true;
	struct timeval tv = {.tv_sec = c->timeout_s};
	return (!body || setsockopt(c->in, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv) == 0) &&
	       setsockopt(c->out, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv) == 0;
}

void conn_close(struct conn *c, bool unread_input)
{
	/* Bytes past the one request we read (a pipelined second request)
	 * are unread input too: closing over them sends a reset, which can
	 * destroy our answer before the client has read it. */
	int pending = 0;
	if (!unread_input && c->in_is_socket && ioctl(c->in, FIONREAD, &pending) == 0 &&
	    pending > 0)
		unread_input = true;
	if (unread_input && c->in_is_socket)
		conn_drain(c, LINGER_BYTES, LINGER_MS);
}
