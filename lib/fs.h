/* fs.h: opening paths strictly beneath the document root. Every open of a
 * client-named path goes through here; nothing outside the root is reached,
 * not even through a symlink. */
#ifndef CGIHANDLER_FS_H
#define CGIHANDLER_FS_H

#include <stdbool.h>
#include <sys/stat.h>

#include "status.h"

/* Opens the root directory (O_PATH) and remembers it; its real path is
 * found when first asked for. Returns false with errno set when it is not
 * a directory we can open. */
bool fs_open_root(const char *root);

/* Makes the directory name (one path component, no '/') beneath the root
 * the root from now on, for --vhosts: later opens are beneath it, so a
 * symlink from one host's directory into another's is refused, while the
 * host directory itself may be a symlink to a sibling (an alias). False,
 * the root unchanged, when name is no directory beneath the root. */
bool fs_enter(const char *name);

/* The root's real path (for DOCUMENT_ROOT and PATH_TRANSLATED): what
 * /proc says the root's descriptor is, else realpath(3) of its name, else
 * (the directory is gone) the name as given. */
const char *fs_root_path(void);

/* The root's descriptor, O_PATH. */
int fs_root_fd(void);

/* Opens rel (a collapsed URL path; its leading '/' is ignored) beneath the
 * root with flags (O_CLOEXEC is added) and fills *st. Symlinks are followed
 * only while they stay beneath the root: openat2(RESOLVE_BENEATH) where the
 * kernel has it, otherwise the opened file's real path is checked against
 * the root's. Returns the descriptor, or -1 with *status set: 404 for a
 * missing name, 403 for a name we may not open or that escapes the root. */
int fs_open_beneath(const char *rel, int flags, struct stat *st, enum status *status);

/* Hides a file we read as our own configuration (the --auth password
 * file, a --config file) by its device and inode: fs_open_beneath() then
 * answers 404 for every name that reaches it (a hard link, a symlink, a
 * name with --dotfiles), as if it were missing. At most HIDDEN_MAX files;
 * false when there is no room. */
bool fs_hide(dev_t dev, ino_t ino);

/* True when (dev, ino) is a hidden file; for a listing, which sees names
 * without opening them. */
bool fs_hidden(dev_t dev, ino_t ino);

/* A check of where an open really lands (--auth): resolved is the file's
 * path beneath the root, '/'-led, every symlink on the way followed (for a
 * missing name, where it would be). Returns S_OK to let the open go on,
 * else the status to refuse it with. */
typedef enum status (*fs_guard_fn)(const char *resolved);

/* From now on every fs_open_beneath() asks fn (NULL: nothing is asked, and
 * nothing is spent). With a guard, a path is first opened with no symlink
 * allowed (openat2 RESOLVE_NO_SYMLINKS), so one that crosses none costs
 * nothing more; one that does is opened again and its real path read from
 * /proc/self/fd. When that cannot be known (no /proc, as in a --chroot
 * jail) the open is refused: 403. A missing name behind a symlink is judged
 * where it would be, so its 404 tells no more than the file's answer. */
void fs_set_guard(fs_guard_fn fn);

/* As fs_open_beneath() with O_PATH: only the kind of file is wanted. */
bool fs_stat_beneath(const char *rel, struct stat *st);

#endif
