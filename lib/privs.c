#include "privs.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

bool privs_passwd_line(const char *p, const char *end, const char *user, size_t ulen,
		       uid_t *uid, gid_t *gid)
{
	if ((size_t)(end - p) <= ulen || memcmp(p, user, ulen) != 0 || p[ulen] != ':')
		return false;
	p = memchr(p + ulen + 1, ':', (size_t)(end - p - (ptrdiff_t)ulen - 1));
	unsigned long long id[2] = {0, 0};
	for (int i = 0; i < 2; i++) {
		if (!p || ++p >= end || *p < '0' || *p > '9')
			return false;
		for (; p < end && *p >= '0' && *p <= '9'; p++)
			if ((id[i] = id[i] * 10 + (unsigned)(*p - '0')) > 0xfffffffeULL)
				return false;
		if (p >= end || *p != ':')
			return false;
	}
	*uid = (uid_t)id[0];
	*gid = (gid_t)id[1];
	return true;
}

/* The user's ids as /etc/passwd gives them, read directly: getpwnam costs
 * every request 34 us under musl (stdio and a heap) and more under glibc
 * (NSS: nscd probes, nsswitch.conf). False when the file does not name the
 * user plainly; the caller then asks getpwnam (LDAP, systemd users). */
static bool passwd_file(const char *user, uid_t *uid, gid_t *gid)
{
	int fd = openat(AT_FDCWD, "/etc/passwd",
			O_RDONLY | O_CLOEXEC); /* musl's open adds an fcntl */
	if (fd < 0)
		return false;
	char buf[4096];
	size_t have = 0, ulen = strlen(user);
	bool found = false, eof = false;
	while (!found && !eof) {
		ssize_t n = read(fd, buf + have, sizeof buf - have);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			break;
		eof = n == 0;
		have += (size_t)n;
		char *p = buf, *end = buf + have;
		while (!found && p < end) {
			char *nl = memchr(p, '\n', (size_t)(end - p));
			if (!nl && !eof)
				break;
			found = privs_passwd_line(p, nl ? nl : end, user, ulen, uid, gid);
			p = nl ? nl + 1 : end;
		}
		/* a line longer than the buffer: leave it to getpwnam */
		if (p == buf && have == sizeof buf)
			break;
		have = (size_t)(end - p);
		memmove(buf, p, have);
	}
	close(fd);
	return found;
}

/* setgroups, setgid and setuid as system calls. musl's wrappers run
 * every one through its all-threads synchronisation (three rt_sigprocmask
 * calls each, twelve for the drop), which a process with one thread does
 * not need; glibc's make the bare call when there is one thread. 32-bit
 * ARM and x86 have the 32-bit-id calls under their own names. */
#ifdef SYS_setgroups32
#define SYS_SETGROUPS SYS_setgroups32
#define SYS_SETGID SYS_setgid32
#define SYS_SETUID SYS_setuid32
#else
#define SYS_SETGROUPS SYS_setgroups
#define SYS_SETGID SYS_setgid
#define SYS_SETUID SYS_setuid
#endif
static long set_id(long nr, long a, long b)
{
	return syscall(nr, a, b);
}

/* The user's ids: /etc/passwd first, as nsswitch's "files" comes first. */
static bool lookup(const char *user, uid_t *uid, gid_t *gid)
{
	if (*user && !strchr(user, ':') && passwd_file(user, uid, gid))
		return true;
#ifdef CGIHANDLER_STATIC
	/* A static build has no NSS to ask (glibc's needs its modules, musl's
	 * getpwnam reads this same file and asks nscd, which a box running a
	 * static binary does not run), and musl's getpwnam would link its
	 * full allocator for getline's realloc and free (see buf.c). */
	return false;
#else
	struct passwd *pw = getpwnam(user);
	if (!pw)
		return false;
	*uid = pw->pw_uid;
	*gid = pw->pw_gid;
	return true;
#endif
}

bool privs_drop(const char *user, const char *chroot_dir, const char **why)
{
	if (geteuid() != 0) {
		if (chroot_dir) {
			*why = "--chroot needs to be started as root";
			return false;
		}
		uid_t uid;
		gid_t gid;
		if (user) {
			if (!lookup(user, &uid, &gid) || uid != geteuid()) {
				*why = "--user needs to be started as root";
				return false;
			}
		}
		return true;
	}
	/* Look the user up before chroot: the new root has no /etc/passwd. */
	uid_t uid;
	gid_t gid;
	if (!lookup(user ? user : "nobody", &uid, &gid)) {
		*why = "no such user";
		return false;
	}
	if (uid == 0) {
		*why = "refusing to serve as root: --user names a root account";
		return false;
	}
	if (chroot_dir && (chroot(chroot_dir) != 0 || chdir("/") != 0)) {
		*why = "chroot failed";
		return false;
	}
	if (set_id(SYS_SETGROUPS, 1, (long)&gid) != 0 ||
	    set_id(SYS_SETGID, (long)gid, 0) != 0 || set_id(SYS_SETUID, (long)uid, 0) != 0) {
		*why = "cannot drop privileges";
		return false;
	}
	if (set_id(SYS_SETUID, 0, 0) == 0 || geteuid() == 0) {
		*why = "root could be regained after dropping privileges";
		return false;
	}
	return true;
}
