#include "log.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

static enum log_target target = LOG_TO_AUTO;

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

void log_init(enum log_target t, bool stderr_is_conn)
{
	if (t == LOG_TO_AUTO)
		t = stderr_is_conn ? LOG_TO_SYSLOG : LOG_TO_STDERR;
	if (t == LOG_TO_STDERR && stderr_is_conn)
		t = LOG_TO_SYSLOG;
	/* Journal entries need libsystemd, which is not linked in; the
	 * stderr stream under systemd lands in the journal all the same. */
	if (t == LOG_TO_JOURNAL)
		t = stderr_is_conn ? LOG_TO_SYSLOG : LOG_TO_STDERR;
	target = t;
	if (t == LOG_TO_SYSLOG)
		openlog("cgihandler", LOG_PID | LOG_NDELAY, LOG_DAEMON);
}

/* One line, written with a single write(2) so that concurrent handlers
 * sharing a log never interleave inside a line. */
static void emit(int priority, const char *line, size_t n)
{
	switch (target) {
	case LOG_TO_SYSLOG:
		syslog(priority, "%.*s", (int)n, line);
		break;
	case LOG_TO_NONE:
		break;
	default: {
		char out[4200];
		if (n > sizeof out - 1)
			n = sizeof out - 1;
		memcpy(out, line, n);
		out[n] = '\n';
		(void)!write(2, out, n + 1);
	}
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
			o += (size_t)snprintf(dst + o, n - o, "\\x%02x", c);
		else
			dst[o++] = (char)c;
	}
	dst[o] = '\0';
}

void log_access(const struct access *a)
{
	char when[64], line[1100], out[1400];
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	strftime(when, sizeof when, "%d/%b/%Y:%H:%M:%S +0000", &tm);
	escaped(line, sizeof line, a->request_line ? a->request_line : "");
	char status[8] = "-", bytes[24] = "-";
	if (a->status)
		snprintf(status, sizeof status, "%d", a->status);
	if (a->bytes >= 0)
		snprintf(bytes, sizeof bytes, "%lld", (long long)a->bytes);
	int n = snprintf(out, sizeof out, "%s - - [%s] \"%s\" %s %s%s%s",
			 a->remote && *a->remote ? a->remote : "-", when, line, status,
			 bytes, a->reason ? " " : "", a->reason ? a->reason : "");
	if (n > 0)
		emit(LOG_INFO, out, (size_t)n < sizeof out ? (size_t)n : sizeof out - 1);
}

void log_error(const char *fmt, ...)
{
	char out[1024];
	int n = snprintf(out, sizeof out, "cgihandler[%d]: ", (int)getpid());
	va_list ap;
	va_start(ap, fmt);
	int m = vsnprintf(out + n, sizeof out - (size_t)n, fmt, ap);
	va_end(ap);
	if (m < 0)
		return;
	size_t len = (size_t)n + (size_t)m;
	emit(LOG_ERR, out, len < sizeof out ? len : sizeof out - 1);
}
