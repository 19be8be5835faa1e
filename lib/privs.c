#include "privs.h"

#include <grp.h>
#include <pwd.h>
#include <string.h>
#include <unistd.h>

bool privs_drop(const char *user, const char *chroot_dir, const char **why)
{
	if (geteuid() != 0) {
		if (chroot_dir) {
			*why = "--chroot needs to be started as root";
			return false;
		}
		if (user) {
			struct passwd *pw = getpwnam(user);
			if (!pw || pw->pw_uid != geteuid()) {
				*why = "--user needs to be started as root";
				return false;
			}
		}
		return true;
	}
	/* Look the user up before chroot: the new root has no /etc/passwd. */
	struct passwd *pw = getpwnam(user ? user : "nobody");
	if (!pw) {
		*why = "no such user";
		return false;
	}
	if (pw->pw_uid == 0) {
		*why = "refusing to serve as root: --user names a root account";
		return false;
	}
	uid_t uid = pw->pw_uid;
	gid_t gid = pw->pw_gid;
	if (chroot_dir && (chroot(chroot_dir) != 0 || chdir("/") != 0)) {
		*why = "chroot failed";
		return false;
	}
	if (setgroups(1, &gid) != 0 || setgid(gid) != 0 || setuid(uid) != 0) {
		*why = "cannot drop privileges";
		return false;
	}
	if (setuid(0) == 0 || geteuid() == 0) {
		*why = "root could be regained after dropping privileges";
		return false;
	}
	return true;
}
