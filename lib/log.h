/* log.h: one access-log line per request, and error lines, never into the
 * connection. Lines go to stderr unless stderr is the connection itself
 * (inetd can do that), then to syslog; to the journal as structured entries
 * when asked, or when stderr is the journal's stream (JOURNAL_STREAM). */
#ifndef CGIHANDLER_LOG_H
#define CGIHANDLER_LOG_H

#include <stdbool.h>
#include <stdint.h>

enum log_target {
	LOG_TO_AUTO, /* stderr; syslog when stderr is the connection; the
		      * journal when stderr is the journal's stream */
	LOG_TO_STDERR,
	LOG_TO_SYSLOG,
	LOG_TO_JOURNAL,
	LOG_TO_NONE,
};

/* Parses "auto", "stderr", "syslog", "journal" or "none"; false otherwise. */
bool log_parse_target(const char *s, enum log_target *t);

/* Chooses where lines go; stderr_is_conn forbids stderr; stderr_quiet
 * says fd 2 is no pipe or socket, so a line there needs no SIGPIPE
 * ignored (sigpipe.h). The journal
 * loads libsystemd here, before privileges are dropped, and only for it;
 * without libsystemd (the static build) journal lines go to stderr, or
 * to syslog when stderr is the connection; a journal line that cannot be
 * sent (no journald, or after --chroot) goes to stderr when it may. */
void log_init(enum log_target t, bool stderr_is_conn, bool stderr_quiet);

/* What one request came to, for its access-log line. */
struct access {
	const char *remote;	     /* "-" when unknown */
	const char *request_line;    /* as received, or NULL before one was read */
	const char *method, *target; /* for the journal's fields; may be NULL */
	int status;		     /* 0: no answer was sent */
	int64_t bytes;		     /* body bytes sent; -1 when unknown (a script) */
	const char *reason;	     /* why we refused, or NULL */
	const char *user;	     /* the user --auth verified, or NULL; only
				      * then does a script get REMOTE_USER */
};

/* Writes the access line: Common Log Format (the verified user in its
 * authuser field), plus the refusal reason as a
 * last field when there is one, so a test can see why. */
void log_access(const struct access *a);

/* Writes an error line. */
void log_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
