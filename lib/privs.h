/* privs.h: running with no more rights than serving needs (the seed runs
 * scripts as nobody; OpenBSD httpd never serves as root). */
#ifndef CGIHANDLER_PRIVS_H
#define CGIHANDLER_PRIVS_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* When started as root: optionally chroot(2) into chroot_dir, then take the
 * groups, gid and uid of user (nobody when NULL) and prove root cannot be
 * regained. When not root: chroot_dir is an error, and user must be NULL or
 * the user we already are. Returns false with *why set on any failure: we
 * never serve with rights we did not mean to keep. The user is looked up in
 * /etc/passwd first and through getpwnam (NSS) only when the file does not
 * name it, as nsswitch's usual "files" first would. */
bool privs_drop(const char *user, const char *chroot_dir, const char **why);

/* One /etc/passwd line, p up to end (no newline): true with its uid and gid
 * when its name is exactly user (ulen bytes) and both ids are plain
 * decimal numbers below 2^32 - 1; false for anything else. Pure. */
bool privs_passwd_line(const char *p, const char *end, const char *user, size_t ulen,
		       uid_t *uid, gid_t *gid);

#endif
