/* sigpipe.h: SIGPIPE ignored from the first write that could raise it.
 *
 * A peer that has gone must cost a write EPIPE, not our life before the
 * log line. Sends on a socket say so themselves (MSG_NOSIGNAL); write(2),
 * writev(2) to a pipe and sendfile(2) cannot, so they call this first.
 * An ignored disposition survives execve, and a script must start with
 * the default: a CGI request whose only write is its status line on a
 * socket ignores nothing, and its script's start resets nothing. */
#ifndef CGIHANDLER_SIGPIPE_H
#define CGIHANDLER_SIGPIPE_H

/* Ignores SIGPIPE from now on; one system call the first time, none
 * after. */
void sigpipe_ignore(void);

#endif
