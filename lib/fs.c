#include "fs.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "hot.h"
#include "limits.h"

#if __has_include(<linux/openat2.h>)
#include <linux/openat2.h>
#else
/* musl-gcc sees no kernel headers (make static): the openat2(2) ABI,
 * which the kernel keeps stable. */
#include <stdint.h>
struct open_how {
	uint64_t flags, mode, resolve;
};
#define RESOLVE_NO_SYMLINKS 0x04
#define RESOLVE_NO_MAGICLINKS 0x02
#define RESOLVE_BENEATH 0x08
#endif

#include "fmt.h"

static int root_fd = -1;
static char root_real[PATH_MAX];
static const char *root_given HOT; /* the name opened */
static bool root_known HOT;	   /* root_real is set */
/* 1: openat2 works; 0: not tried yet; -1: the kernel lacks it. */
static int have_openat2 HOT;

/* Whether root names its directory the way the kernel would: absolute,
 * with no ".", ".." or empty component (a trailing '/' aside). Pure. */
static bool canonical(const char *root)
{
	if (root[0] != '/')
		return false;
	for (const char *c = root; *c;) {
		const char *e = strchrnul(c + 1, '/');
		size_t n = (size_t)(e - c - 1);
		if ((n == 0 && *e) || (n == 1 && c[1] == '.') ||
		    (n == 2 && c[1] == '.' && c[2] == '.'))
			return false;
		c = e;
	}
	return true;
}

/* The real path is asked for only when it is needed (a script's
 * DOCUMENT_ROOT and path, --vhosts, a guard, kernels without openat2):
 * realpath(3) costs a readlink per component and 8 KiB of stack, which a
 * file request would pay for nothing. A canonical absolute root opened
 * without crossing a symlink (openat2 RESOLVE_NO_SYMLINKS, in place of
 * the openat) is its own real path: a script's request then reads no
 * link. A root through a symlink pays one more call here. openat, not
 * open: musl's open adds an fcntl for O_CLOEXEC. */
bool fs_open_root(const char *root)
{
	const int flags = O_PATH | O_DIRECTORY | O_CLOEXEC;
	size_t n = strlen(root);
	root_given = root;
	root_known = false;
	if (have_openat2 >= 0 && canonical(root) && n < sizeof root_real) {
		struct open_how how = {.flags = flags, .resolve = RESOLVE_NO_SYMLINKS};
		root_fd = (int)syscall(SYS_openat2, AT_FDCWD, root, &how, sizeof how);
		if (root_fd >= 0) {
			have_openat2 = 1;
			memcpy(root_real, root, n + 1);
			if (n > 1 && root_real[n - 1] == '/')
				root_real[n - 1] = '\0';
			return root_known = true;
		}
		if (errno == ENOSYS)
			have_openat2 = -1;
	}
	root_fd = openat(AT_FDCWD, root, flags);
	return root_fd >= 0;
}

/* Where the root directory is: what the kernel says the descriptor
 * names (one readlink), or without /proc what realpath makes of the name
 * it was opened by. "/" (--chroot) is itself. */
const char *fs_root_path(void)
{
	if (root_known)
		return root_real;
	root_known = true;
	char link[32];
	fmt_snprintf(link, sizeof link, "/proc/self/fd/%d", root_fd);
	ssize_t n = strcmp(root_given, "/") == 0
			    ? -1
			    : readlink(link, root_real, sizeof root_real - 1);
	if (n > 0 && (size_t)n < sizeof root_real - 1 && root_real[0] == '/') {
		root_real[n] = '\0';
		return root_real;
	}
	if (!realpath(root_given, root_real))
		fmt_snprintf(root_real, sizeof root_real, "%s", root_given);
	return root_real;
}

int fs_root_fd(void)
{
	return root_fd;
}

/* Where fd really is beneath the root, '/'-led, into out (PATH_MAX bytes):
 * the kernel's record of the path it opened, which every symlink on the
 * way has been followed into. False when /proc cannot tell (a jail without
 * it) or the answer is not beneath the root. Never inlined: its 4 KiB of
 * frame only where it is called (see open_file). */
__attribute__((noinline)) static bool real_beneath(int fd, char *out)
{
	char link[64], real[PATH_MAX];
	fmt_snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
	ssize_t n = readlink(link, real, sizeof real - 1);
	if (n < 0)
		return false;
	real[n] = '\0';
	const char *root = fs_root_path();
	size_t rl = strcmp(root, "/") == 0 ? 0 : strlen(root);
	if (strncmp(real, root, rl) != 0 || (real[rl] != '\0' && real[rl] != '/'))
		return false;
	memcpy(out, real[rl] ? real + rl : "/", real[rl] ? (size_t)n - rl + 1 : 2);
	return true;
}

/* The fallback for kernels before 5.6: open normally, then ask /proc where
 * the descriptor really points. No race: we check what we opened. A root of
 * "/" (--chroot) needs no check, and its jail has no /proc to ask: the
 * kernel resolves every path and symlink inside it. resolved, when not
 * NULL, gets where fd is ("" when that cannot be known). Never inlined, as
 * real_beneath. */
__attribute__((noinline)) static int open_checked(const char *rel, int flags, char *resolved)
{
	int fd = openat(root_fd, rel, flags);
	if (fd < 0 || (!resolved && strcmp(root_real, "/") == 0))
		return fd;
	char real[PATH_MAX];
	bool known = real_beneath(fd, real);
	if (resolved)
		memcpy(resolved, known ? real : "", known ? strlen(real) + 1 : 1);
	if (known || strcmp(fs_root_path(), "/") == 0)
		return fd;
	close(fd);
	errno = EXDEV; /* cannot prove it is beneath: refuse */
	return -1;
}

/* The files we read as our own configuration (--auth, --config), by
 * identity, so that no name reaches them. */
static struct {
	dev_t dev;
	ino_t ino;
} hidden[HIDDEN_MAX];
static size_t nhidden HOT;

bool fs_hide(dev_t dev, ino_t ino)
{
	if (fs_hidden(dev, ino))
		return true;
	if (nhidden == HIDDEN_MAX)
		return false;
	hidden[nhidden].dev = dev;
	hidden[nhidden++].ino = ino;
	return true;
}

bool fs_hidden(dev_t dev, ino_t ino)
{
	for (size_t i = 0; i < nhidden; i++)
		if (hidden[i].dev == dev && hidden[i].ino == ino)
			return true;
	return false;
}

static fs_guard_fn guard HOT;

void fs_set_guard(fs_guard_fn fn)
{
	guard = fn;
}

static int open_how_beneath(const char *rel, int flags, unsigned long long resolve)
{
	struct open_how how = {
		.flags = (unsigned long long)flags,
		.resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS | resolve,
	};
	return (int)syscall(SYS_openat2, root_fd, rel, &how, sizeof how);
}

/* Where rel, which crossed a symlink and is missing, would be: the real
 * path of its deepest ancestor that exists, and the rest of rel; "" when
 * that cannot be known. So a guard judges a missing name behind a symlink
 * where it would be, and a 404 tells no more than a present file would.
 * Never inlined, as real_beneath. */
__attribute__((noinline)) static void resolve_missing(const char *rel, char *resolved)
{
	char dir[PATH_MAX];
	size_t n = strlen(rel);
	resolved[0] = '\0';
	if (n >= sizeof dir)
		return;
	memcpy(dir, rel, n + 1);
	for (char *cut = strrchr(dir, '/');; cut = strrchr(dir, '/')) {
		if (cut)
			*cut = '\0';
		int fd = open_how_beneath(cut ? dir : ".", O_PATH | O_CLOEXEC, 0);
		if (fd >= 0) {
			char real[PATH_MAX];
			bool known = real_beneath(fd, real);
			close(fd);
			size_t rl = strcmp(real, "/") == 0 ? 0 : strlen(real),
			       at = cut ? (size_t)(cut - dir) : 0;
			/* the rest of rel, from past the cut '/' to its NUL */
			size_t skip = cut != NULL;
			if (known && rl + n - at + 2 <= PATH_MAX) {
				memcpy(resolved, real, rl);
				resolved[rl] = '/';
				memcpy(resolved + rl + 1, rel + at + skip, n - at + 1 - skip);
			}
			return;
		}
		if (!cut || (errno != ENOENT && errno != ENOTDIR))
			return;
	}
}

/* rel as a '/'-led path: where it is when no symlink was crossed. */
static void lexical(const char *rel, char *resolved)
{
	fmt_snprintf(resolved, PATH_MAX, "/%s", strcmp(rel, ".") ? rel : "");
}

/* Opens rel beneath the root. resolved (PATH_MAX bytes, or NULL when no
 * guard wants it) gets where the file is, or would be when it is missing,
 * '/'-led; "" when that cannot be known. */
static int open_beneath(const char *rel, int flags, char *resolved)
{
	while (*rel == '/')
		rel++;
	if (!*rel)
		rel = ".";
	flags |= O_CLOEXEC;
	if (have_openat2 >= 0) {
		/* with a guard, no symlink at all first: then rel is where the
		 * file is, and only a path that crosses one costs more */
		int fd = open_how_beneath(rel, flags, resolved ? RESOLVE_NO_SYMLINKS : 0);
		if (fd >= 0 || errno != ENOSYS) {
			have_openat2 = 1;
			if (!resolved)
				return fd;
			if (fd >= 0 || errno != ELOOP) {
				lexical(rel, resolved);
				return fd;
			}
			fd = open_how_beneath(rel, flags, 0);
			int e = errno;
			if (fd >= 0 && !real_beneath(fd, resolved))
				resolved[0] = '\0';
			else if (fd < 0 && (e == ENOENT || e == ENOTDIR))
				resolve_missing(rel, resolved);
			errno = e;
			return fd;
		}
		have_openat2 = -1;
	}
	if (resolved)
		lexical(rel, resolved); /* a missing name: as named */
	return open_checked(rel, flags, resolved);
}

/* fs_open_beneath(), with the guard or not. */
static int open_file(const char *rel, int flags, struct stat *st, enum status *status,
		     fs_guard_fn check)
{
	/* PATH_MAX bytes for a guard only: every file request opens through
	 * here, and each 4 KiB of frame below us is a fresh stack page (a
	 * page fault) for the calls after it */
	char resolved[check ? PATH_MAX : 1];
	int fd = open_beneath(rel, flags, check ? resolved : NULL);
	if (fd < 0) {
		*status = (errno == ENOENT || errno == ENOTDIR || errno == ENAMETOOLONG)
				  ? S_NOT_FOUND
				  : S_FORBIDDEN;
		if (check && *status == S_NOT_FOUND) {
			enum status g = resolved[0] ? check(resolved) : S_FORBIDDEN;
			*status = g == S_OK ? S_NOT_FOUND : g;
		}
		return -1;
	}
	*status = S_FORBIDDEN;
	if (fstat(fd, st) < 0 || (check && !resolved[0])) {
		close(fd);
		return -1;
	}
	*status = fs_hidden(st->st_dev, st->st_ino) ? S_NOT_FOUND
		  : check			    ? check(resolved)
						    : S_OK;
	if (*status != S_OK) {
		close(fd);
		return -1;
	}
	return fd;
}

bool fs_enter(const char *name)
{
	enum status s;
	struct stat st;
	/* the host's directory is chosen before the request's path means
	 * anything, so no guard judges it */
	int fd = open_file(name, O_PATH | O_DIRECTORY, &st, &s, NULL);
	if (fd < 0)
		return false;
	/* The real path names the directory for DOCUMENT_ROOT and for the
	 * containment check of kernels without openat2; fd is what we opened,
	 * so ask where it is rather than trust the name. */
	char joined[PATH_MAX], real[PATH_MAX];
	bool top = strcmp(fs_root_path(), "/") == 0;
	if ((size_t)fmt_snprintf(joined, sizeof joined, "%s/%s", top ? "" : root_real, name) >=
		    sizeof joined ||
	    !realpath(joined, real)) {
		close(fd);
		return false;
	}
	close(root_fd);
	root_fd = fd;
	memcpy(root_real, real, sizeof real);
	return true;
}

int fs_open_beneath(const char *rel, int flags, struct stat *st, enum status *status)
{
	return open_file(rel, flags, st, status, guard);
}

bool fs_stat_beneath(const char *rel, struct stat *st)
{
	enum status s;
	int fd = fs_open_beneath(rel, O_PATH, st, &s);
	if (fd < 0)
		return false;
	close(fd);
	return true;
}
