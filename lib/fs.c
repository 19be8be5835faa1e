#include "fs.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#if __has_include(<linux/openat2.h>)
#include <linux/openat2.h>
#else
/* musl-gcc sees no kernel headers (make static): the openat2(2) ABI,
 * which the kernel keeps stable. */
#include <stdint.h>
struct open_how {
	uint64_t flags, mode, resolve;
};
#define RESOLVE_NO_MAGICLINKS 0x02
#define RESOLVE_BENEATH 0x08
#endif

static int root_fd = -1;
static char root_real[PATH_MAX];
/* 1: openat2 works; 0: not tried yet; -1: the kernel lacks it. */
static int have_openat2;

bool fs_open_root(const char *root)
{
	if (!realpath(root, root_real))
		return false;
	root_fd = open(root_real, O_PATH | O_DIRECTORY | O_CLOEXEC);
	return root_fd >= 0;
}

const char *fs_root_path(void)
{
	return root_real;
}

int fs_root_fd(void)
{
	return root_fd;
}

/* The fallback for kernels before 5.6: open normally, then ask /proc where
 * the descriptor really points. No race: we check what we opened. A root of
 * "/" (--chroot) needs no check, and its jail has no /proc to ask: the
 * kernel resolves every path and symlink inside it. */
static int open_checked(const char *rel, int flags)
{
	int fd = openat(root_fd, rel, flags);
	if (fd < 0 || strcmp(root_real, "/") == 0)
		return fd;
	char link[64], real[PATH_MAX];
	snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
	ssize_t n = readlink(link, real, sizeof real - 1);
	if (n < 0) {
		close(fd);
		errno = EACCES; /* cannot prove it is beneath: refuse */
		return -1;
	}
	real[n] = '\0';
	size_t rl = strlen(root_real);
	bool beneath =
		strncmp(real, root_real, rl) == 0 && (real[rl] == '\0' || real[rl] == '/');
	if (!beneath) {
		close(fd);
		errno = EXDEV;
		return -1;
	}
	return fd;
}

static struct {
	bool set;
	dev_t dev;
	ino_t ino;
} hidden;

void fs_hide(dev_t dev, ino_t ino)
{
	hidden.set = true;
	hidden.dev = dev;
	hidden.ino = ino;
}

bool fs_hidden(dev_t dev, ino_t ino)
{
	return hidden.set && hidden.dev == dev && hidden.ino == ino;
}

static int open_beneath(const char *rel, int flags)
{
	while (*rel == '/')
		rel++;
	if (!*rel)
		rel = ".";
	if (have_openat2 >= 0) {
		struct open_how how = {
			.flags = (unsigned long long)(flags | O_CLOEXEC),
			.resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS,
		};
		int fd = (int)syscall(SYS_openat2, root_fd, rel, &how, sizeof how);
		if (fd >= 0 || errno != ENOSYS) {
			have_openat2 = 1;
			return fd;
		}
		have_openat2 = -1;
	}
	return open_checked(rel, flags | O_CLOEXEC);
}

bool fs_enter(const char *name)
{
	enum status s;
	struct stat st;
	int fd = fs_open_beneath(name, O_PATH | O_DIRECTORY, &st, &s);
	if (fd < 0)
		return false;
	/* The real path names the directory for DOCUMENT_ROOT and for the
	 * containment check of kernels without openat2; fd is what we opened,
	 * so ask where it is rather than trust the name. */
	char joined[PATH_MAX], real[PATH_MAX];
	bool top = strcmp(root_real, "/") == 0;
	if ((size_t)snprintf(joined, sizeof joined, "%s/%s", top ? "" : root_real, name) >=
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
	int fd = open_beneath(rel, flags);
	if (fd < 0) {
		*status = (errno == ENOENT || errno == ENOTDIR || errno == ENAMETOOLONG)
				  ? S_NOT_FOUND
				  : S_FORBIDDEN;
		return -1;
	}
	if (fstat(fd, st) < 0) {
		close(fd);
		*status = S_FORBIDDEN;
		return -1;
	}
	if (fs_hidden(st->st_dev, st->st_ino)) {
		close(fd);
		*status = S_NOT_FOUND;
		return -1;
	}
	*status = S_OK;
	return fd;
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
