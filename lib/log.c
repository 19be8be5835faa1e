#include "log.h"

#include <dlfcn.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "fmt.h"
#include "hot.h"
#include "httpdate.h"
#include "limits.h"
#include "sigpipe.h"

static enum log_target target HOT = LOG_TO_AUTO;
static bool stderr_usable HOT; /* fd 2 is not the connection */
static bool quiet HOT;	       /* fd 2 is no pipe or socket: no SIGPIPE */

/* sd_journal_sendv(3), found at run time: linking libsystemd would make
 * every exec pay for loading it and its dependencies (DESIGN.md), while
 * only a process that logs to the journal needs it. */
typedef int (*journal_sendv_fn)(const struct iovec *iov, int n);
/* Where libsystemd sends entries (a fixed path in libsystemd). */
#define JOURNAL_SOCKET "/run/systemd/journal/socket"
static journal_sendv_fn journal_sendv;

/* Loads libsystemd. False where it is missing, and always in a static
 * build: musl's static dlopen only fails, and static glibc's would load a
 * second libc. The caller falls back to stderr. Not calling it there also
 * keeps dlopen's error path (dlerror, vsnprintf, malloc and free: about
 * 4 KiB) out of the static binary. */
static bool journal_open(void)
{
#ifdef CGIHANDLER_STATIC
	return false;
#else
	void *h = dlopen("libsystemd.so.0", RTLD_NOW | RTLD_LOCAL);
	if (!h)
		return false;
	journal_sendv = (journal_sendv_fn)dlsym(h, "sd_journal_sendv");
	return journal_sendv != NULL;
#endif
}

/* systemd.exec(5): JOURNAL_STREAM is "DEV:INO" of the stream systemd
 * connected to stderr; only when fd 2 is still that stream does it mean our
 * lines would land in the journal anyway. */
static bool stderr_is_journal(void)
{
	const char *js = getenv("JOURNAL_STREAM");
	if (!js || !*js)
		return false;
	uint64_t dev, ino;
	const char *end = fmt_decimal(js, &dev);
	if (!end || *end != ':' || !(end = fmt_decimal(end + 1, &ino)) || *end)
		return false;
	struct stat st;
	return fstat(2, &st) == 0 && (uint64_t)st.st_dev == dev && (uint64_t)st.st_ino == ino;
}

/* syslog(3) by hand: one datagram per line to /dev/log, as musl and
 * glibc send it, connected once before --chroot (openlog's LOG_NDELAY)
 * and again when the daemon was restarted. The line carries no timestamp:
 * RFC 3164 section 4.3.2 has the receiver add it, which journald, rsyslog
 * and busybox syslogd do. Why not syslog(3): musl's formats its timestamp
 * with localtime and strftime, which with the time zone code and dprintf
 * are about 8 KiB of the static build. */
static int syslog_fd = -1;
static const struct sockaddr_un syslog_addr = {.sun_family = AF_UNIX, .sun_path = "/dev/log"};

static void syslog_open(void)
{
	syslog_fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	/* no daemon yet is not an error: syslog_send connects again */
	if (syslog_fd >= 0)
		(void)connect(syslog_fd, (const struct sockaddr *)&syslog_addr,
			      sizeof syslog_addr);
}

static void syslog_send(int priority, const char *line, size_t n)
{
	char out[1600];
	int h = fmt_snprintf(out, sizeof out, "<%d>cgihandler[%d]: ", LOG_DAEMON | priority,
			     (int)getpid());
	if (h < 0 || syslog_fd < 0)
		return;
	if (n > sizeof out - (size_t)h)
		n = sizeof out - (size_t)h;
	memcpy(out + h, line, n);
	n += (size_t)h;
	if (send(syslog_fd, out, n, MSG_NOSIGNAL) >= 0)
		return;
	/* the daemon restarted, or was not there at log_init */
	if (errno == ECONNREFUSED || errno == ECONNRESET || errno == ENOTCONN ||
	    errno == EPIPE || errno == EDESTADDRREQ)
		if (connect(syslog_fd, (const struct sockaddr *)&syslog_addr,
			    sizeof syslog_addr) == 0)
			(void)send(syslog_fd, out, n, MSG_NOSIGNAL);
}

bool log_parse_target(const char *s, enum log_target *t)
{
	static const char *const names[] = {"auto", "stderr", "syslog", "journal", "none"};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcmp(s, names[i]) == 0) {
			*t = (enum log_target)i;
			return true;
		}
	return false;
}

void log_init(enum log_target t, bool stderr_is_conn, bool stderr_quiet)
{
	quiet = stderr_quiet;
	if (t == LOG_TO_AUTO)
		t = stderr_is_conn	  ? LOG_TO_SYSLOG
		    : stderr_is_journal() ? LOG_TO_JOURNAL
					  : LOG_TO_STDERR;
	if (t == LOG_TO_STDERR && stderr_is_conn)
		t = LOG_TO_SYSLOG;
	/* Without libsystemd (a static build, a box without it) a line on
	 * stderr still reaches the journal when systemd routes stderr there,
	 * as plain text rather than fields. */
	if (t == LOG_TO_JOURNAL && !journal_open())
		t = stderr_is_conn ? LOG_TO_SYSLOG : LOG_TO_STDERR;
	target = t;
	stderr_usable = !stderr_is_conn;
	if (t == LOG_TO_SYSLOG)
		syslog_open();
}

/* Formats one journal field into buf and appends it to iov. */
__attribute__((format(printf, 5, 6))) static void field(struct iovec *iov, int *k, char *buf,
							size_t size, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = fmt_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	if (n > 0)
		iov[(*k)++] = (struct iovec){buf, (size_t)n < size ? (size_t)n : size - 1};
}

/* One journal entry: the line as MESSAGE, and for an access line each part
 * in a field of its own, so `journalctl CGIHANDLER_STATUS=404` finds them.
 * False when it could not be sent. */
static bool journal_emit(int priority, const char *line, size_t n, const struct access *a)
{
	static char message[1500], target_f[REQUEST_LINE_MAX + 32], method_f[128], remote_f[96],
		status_f[32], bytes_f[48], reason_f[128], prio_f[16];
	struct iovec iov[9];
	int k = 0;
	field(iov, &k, message, sizeof message, "MESSAGE=%.*s", (int)n, line);
	field(iov, &k, prio_f, sizeof prio_f, "PRIORITY=%d", priority);
	iov[k++] = (struct iovec){(void *)"SYSLOG_IDENTIFIER=cgihandler", 28};
	if (a && a->method)
		field(iov, &k, method_f, sizeof method_f, "CGIHANDLER_METHOD=%s", a->method);
	if (a && a->target)
		field(iov, &k, target_f, sizeof target_f, "CGIHANDLER_TARGET=%s", a->target);
	if (a && a->status)
		field(iov, &k, status_f, sizeof status_f, "CGIHANDLER_STATUS=%d", a->status);
	if (a && a->bytes >= 0)
		field(iov, &k, bytes_f, sizeof bytes_f, "CGIHANDLER_BYTES=%lld",
		      (long long)a->bytes);
	if (a && a->remote && *a->remote)
		field(iov, &k, remote_f, sizeof remote_f, "REMOTE_ADDR=%s", a->remote);
	if (a && a->reason)
		field(iov, &k, reason_f, sizeof reason_f, "CGIHANDLER_REASON=%s", a->reason);
	/* sd_journal_sendv reports success when the socket is missing */
	if (access(JOURNAL_SOCKET, F_OK) != 0)
		return false;
	return journal_sendv(iov, k) >= 0;
}

/* One line, written with a single write(2) so that concurrent handlers
 * sharing a log never interleave inside a line. */
static void to_stderr(const char *line, size_t n)
{
	char out[4200];
	if (n > sizeof out - 1)
		n = sizeof out - 1;
	memcpy(out, line, n);
	out[n] = '\n';
	if (!quiet)
		sigpipe_ignore();
	(void)!write(2, out, n + 1);
}

/* A line to where log_init chose; a is the access line's parts, NULL for
 * an error line. */
static void emit(int priority, const char *line, size_t n, const struct access *a)
{
	switch (target) {
	case LOG_TO_JOURNAL:
		/* libsystemd names the journal's socket by path on every send:
		 * after --chroot, or with no journald, the line is not lost but
		 * goes to stderr, which systemd connects to the journal too. */
		if (!journal_emit(priority, line, n, a) && stderr_usable)
			to_stderr(line, n);
		break;
	case LOG_TO_SYSLOG: syslog_send(priority, line, n); break;
	case LOG_TO_NONE: break;
	default: to_stderr(line, n);
	}
}

/* Copies s into dst with '"', '\\' and control bytes escaped, so that a log
 * line is always one line and its quoted field cannot be closed early. */
static void escaped(char *dst, size_t n, const char *s)
{
	size_t o = 0;
	for (; *s && o + 5 < n; s++) {
		unsigned char c = (unsigned char)*s;
		if (c < 0x20 || c == 0x7f || c == '"' || c == '\\')
			o += (size_t)fmt_snprintf(dst + o, n - o, "\\x%02x", c);
		else
			dst[o++] = (char)c;
	}
	dst[o] = '\0';
}

void log_access(const struct access *a)
{
	if (target == LOG_TO_NONE)
		return; /* --log none: not even the line's formatting */
	char when[HTTPDATE_CLF_LEN], line[1100], out[1400];
	httpdate_format_clf(clock_wall(), when);
	escaped(line, sizeof line, a->request_line ? a->request_line : "");
	char status[8] = "-", bytes[24] = "-";
	if (a->status)
		fmt_snprintf(status, sizeof status, "%d", a->status);
	if (a->bytes >= 0)
		fmt_snprintf(bytes, sizeof bytes, "%lld", (long long)a->bytes);
	char user[128];
	escaped(user, sizeof user, a->user ? a->user : "-");
	int n = fmt_snprintf(out, sizeof out, "%s - %s [%s] \"%s\" %s %s%s%s",
			     a->remote && *a->remote ? a->remote : "-", user, when, line,
			     status, bytes, a->reason ? " " : "", a->reason ? a->reason : "");
	if (n > 0)
		emit(LOG_INFO, out, (size_t)n < sizeof out ? (size_t)n : sizeof out - 1, a);
}

void log_error(const char *fmt, ...)
{
	char out[1024];
	int n = fmt_snprintf(out, sizeof out, "cgihandler[%d]: ", (int)getpid());
	va_list ap;
	va_start(ap, fmt);
	int m = fmt_vsnprintf(out + n, sizeof out - (size_t)n, fmt, ap);
	va_end(ap);
	if (m < 0)
		return;
	size_t len = (size_t)n + (size_t)m;
	emit(LOG_ERR, out, len < sizeof out ? len : sizeof out - 1, NULL);
}
