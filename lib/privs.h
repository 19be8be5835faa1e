/* privs.h: running with no more rights than serving needs (the seed runs
 * scripts as nobody; OpenBSD httpd never serves as root). */
#ifndef CGIHANDLER_PRIVS_H
#define CGIHANDLER_PRIVS_H

#include <stdbool.h>

/* When started as root: optionally chroot(2) into chroot_dir, then take the
 * groups, gid and uid of user (nobody when NULL) and prove root cannot be
 * regained. When not root: chroot_dir is an error, and user must be NULL or
 * the user we already are. Returns false with *why set on any failure: we
 * never serve with rights we did not mean to keep. */
bool privs_drop(const char *user, const char *chroot_dir, const char **why);

#endif
