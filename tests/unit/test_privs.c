/* test_privs.c: reading a user's ids from an /etc/passwd line, which
 * privs_drop does itself rather than pay getpwnam on every request. */
#include "lib/privs.h"
#include "tests/unit/check.h"

static bool ids(const char *line, const char *user, uid_t *uid, gid_t *gid)
{
	*uid = 12345;
	*gid = 12345;
	return privs_passwd_line(line, line + strlen(line), user, strlen(user), uid, gid);
}

int main(void)
{
	uid_t u;
	gid_t g;
	CHECK(ids("nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin", "nobody", &u,
		  &g) &&
		      u == 65534 && g == 65534,
	      "Debian's nobody");
	CHECK(ids("www:*:80:81::/:", "www", &u, &g) && u == 80 && g == 81,
	      "other ids, empty fields");
	CHECK(ids("a::0:0:", "a", &u, &g) && u == 0 && g == 0,
	      "root's ids are read as they are");
	CHECK(!ids("nobodyx:x:1:1::/:", "nobody", &u, &g), "a longer name is another user");
	CHECK(!ids("nobod:x:1:1::/:", "nobody", &u, &g), "a shorter name is another user");
	CHECK(!ids("+nobody:x:1:1::/:", "nobody", &u, &g), "a compat line is left to getpwnam");
	CHECK(!ids("nobody:x:-1:1::/:", "nobody", &u, &g), "a negative uid");
	CHECK(!ids("nobody:x:1:+1::/:", "nobody", &u, &g), "a signed gid");
	CHECK(!ids("nobody:x:4294967295:1::/:", "nobody", &u, &g), "uid (uid_t)-1");
	CHECK(!ids("nobody:x:99999999999999999999:1::/:", "nobody", &u, &g),
	      "an overflowing uid");
	CHECK(!ids("nobody:x:1a:1::/:", "nobody", &u, &g), "junk after the uid");
	CHECK(!ids("nobody:x:1:1", "nobody", &u, &g), "a line cut after the gid");
	CHECK(!ids("nobody:x:1", "nobody", &u, &g), "a line cut after the uid");
	CHECK(!ids("nobody", "nobody", &u, &g), "a bare name");
	CHECK(u == 12345 && g == 12345, "a refused line leaves the ids alone");
	return check_done();
}
