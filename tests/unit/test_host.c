/* test_host.c: one spelling per host (host_normalise) for --vhosts and
 * --host, and the allow-list lookup (host_listed). */
#include "lib/host.h"
#include "tests/unit/check.h"

static const char *norm(const char *in)
{
	static char out[HOST_NAME_LEN];
	return host_normalise(in, out, sizeof out) ? out : NULL;
}

int main(void)
{
	static const char *const same[][2] = {
		{"example.org", "example.org"},
		{"Example.ORG", "example.org"},
		{"example.org:8080", "example.org"},
		{"example.org.", "example.org"},
		{"EXAMPLE.org.:80", "example.org"},
		{"router.lan", "router.lan"},
		{"my_host-1", "my_host-1"},
		{"192.168.1.1", "192.168.1.1"},
		{"192.168.1.1:8080", "192.168.1.1"},
		{"[::1]", "[::1]"},
		{"[::1]:8080", "[::1]"},
		{"[0:0:0:0:0:0:0:1]", "[::1]"},
		{"[FE80::ABCD]", "[fe80::abcd]"},
		{"[::ffff:127.0.0.1]:80", "[::ffff:127.0.0.1]"},
		{"default", "default"},
	};
	for (size_t i = 0; i < sizeof same / sizeof same[0]; i++)
		CHECK_STR(norm(same[i][0]), same[i][1], "host_normalise(\"%s\")", same[i][0]);

	/* Nothing that could climb out of ROOT or name a dotfile; no port
	 * that is not one. */
	static const char *const bad[] = {
		"",	".",	   "..",       ".example.org", "a..b",	      "../etc",
		"a/b",	"a\\b",	   "/",	       "\\",	       "..:80",	      ".:80",
		":80",	"a:",	   "a:123456", "a:8x",	       "a b",	      "a%2fb",
		"[::1", "[::g]",   "[::1]x",   "[::1]:",       "[127.0.0.1]", "[fe80::1%eth0]",
		"a~b",	"x.org..", "\x80x",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		CHECK(norm(bad[i]) == NULL, "host_normalise refuses \"%s\"", bad[i]);

	char longname[300];
	memset(longname, 'a', sizeof longname - 1);
	longname[sizeof longname - 1] = '\0';
	CHECK(norm(longname) == NULL, "host_normalise refuses a name past HOST_NAME_LEN");
	char small[6];
	CHECK(!host_normalise("[::1]", small, 5) && small[0] == '\0',
	      "host_normalise refuses what does not fit out, leaving it empty");

	const char *const list[] = {"router.lan", "192.168.1.1", "[::1]"};
	CHECK(host_listed("router.lan", list, 3), "host_listed finds a name");
	CHECK(host_listed("[::1]", list, 3), "host_listed finds an IPv6 literal");
	CHECK(!host_listed("evil.example", list, 3), "host_listed refuses another name");
	CHECK(!host_listed("router.lan.evil", list, 3), "host_listed: no prefix match");
	CHECK(!host_listed("router.lan", list, 0), "host_listed: an empty list lists nothing");
	return check_done();
}
