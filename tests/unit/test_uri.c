/* test_uri.c: percent-decoding once, the seed's path collapse, dotfiles. */
#include <stdlib.h>

#include "lib/uri.h"
#include "tests/unit/check.h"

static const char *collapse(const char *in)
{
	static char buf[256];
	snprintf(buf, sizeof buf, "%s", in);
	size_t n = uri_collapse(buf);
	if (n != strlen(buf))
		return "(length mismatch)";
	return buf;
}

static const char *decode(const char *in, enum status *s, const char **why)
{
	static char out[256];
	*why = NULL;
	*s = uri_decode_path(in, strlen(in), out, why);
	return *s == S_OK ? out : NULL;
}

/* The remainder after the n-th component; and the property uri.h promises:
 * the prefix collapses to the first n collapsed components, and the whole
 * still collapses to the same path. */
static void rest(const char *path, size_t n, const char *want)
{
	size_t end = uri_component_end(path, n);
	CHECK_STR(path + end, want, "after %zu components of %s", n, path);
	char whole[256], prefix[256];
	snprintf(whole, sizeof whole, "%s", path);
	uri_collapse(whole);
	snprintf(prefix, sizeof prefix, "%.*s", (int)end, path);
	uri_collapse(prefix);
	if (!*want)
		return;
	size_t plen = strlen(prefix);
	CHECK(strncmp(whole, prefix, plen) == 0 && (whole[plen] == '/' || !whole[plen]),
	      "%s: the prefix %s collapses to the start of %s", path, prefix, whole);
}

int main(void)
{
	/* CPython's test_url_collapse_path vectors. The seed answers "//x"
	 * where its head is empty (a quirk of joining head and tail); ours is
	 * the same path with one leading slash. Where the seed raises
	 * IndexError (".." above the root) we stay at "/". uri_collapse only
	 * ever sees paths that start with '/', so the seed's relative inputs
	 * are given with one. */
	static const char *const vectors[][2] = {
		{"/", "/"},
		{"//", "/"},
		{"/\\", "/\\"},
		{"/.//", "/"},
		{"/cgi-bin/file1.py", "/cgi-bin/file1.py"},
		{"/a", "/a"},
		{"//a", "/a"},
		{"/./a", "/a"},
		{"/./C:/", "/C:/"},
		{"/a/b", "/a/b"},
		{"/a/b/", "/a/b/"},
		{"/a/b/.", "/a/b/"},
		{"/a/b/c/..", "/a/b/"},
		{"/a/b/c/../d", "/a/b/d"},
		{"/a/b/c/../d/e/../f", "/a/b/d/f"},
		{"/a/b/c/../d/e/../../f", "/a/b/f"},
		{"/a/b/c/../d/e/.././././..//f", "/a/b/f"},
		{"/a/b/c/../d/e/../../../f", "/a/f"},
		{"/a/b/c/../d/e/../../../../f", "/f"},
		{"/a/b/c/../d/e/../../../../f/..", "/"},
		{"/a/b/c/../d/e/../../../../f/../.", "/"},
		/* the seed's IndexError cases: never above the root */
		{"/..", "/"},
		{"/.//..", "/"},
		{"/../a/b/c/../d/e/.././././..//f", "/a/b/f"},
		{"/a/b/c/../d/e/../../../../../f", "/f"},
		/* more of ours */
		{"/cgi-bin/../../etc/passwd", "/etc/passwd"},
		{"/cgi-bin/./x.sh", "/cgi-bin/x.sh"},
		{"//cgi-bin//x.sh//", "/cgi-bin/x.sh/"},
		{"/a/..", "/"},
		{"/a/...", "/a/..."},
		{"/a/..b/c", "/a/..b/c"},
		{"/a/.b", "/a/.b"},
		{"///", "/"},
		{"/x/", "/x/"},
	};
	for (size_t i = 0; i < sizeof vectors / sizeof vectors[0]; i++)
		CHECK_STR(collapse(vectors[i][0]), vectors[i][1], "collapse %s", vectors[i][0]);

	enum status s;
	const char *why;
	CHECK_STR(decode("/a%20b", &s, &why), "/a b", "decode %%20");
	CHECK_STR(decode("/%41%62%63", &s, &why), "/Abc", "decode upper and lower hex");
	CHECK_STR(decode("/%7e%7E", &s, &why), "/~~", "decode lowercase hex digits");
	CHECK_STR(decode("/%252e%252e/", &s, &why), "/%2e%2e/", "decoded once only: %%25 2e");
	CHECK_STR(decode("/%2e%2e/x", &s, &why), "/../x",
		  "%%2e%%2e decodes to .. (collapse then removes it)");
	CHECK_STR(decode("/a+b", &s, &why), "/a+b", "+ stays + in a path");
	CHECK_STR(decode("/%2f", &s, &why), "//", "%%2f decodes to /");
	CHECK_STR(decode("/%c3%a9", &s, &why), "/\xc3\xa9", "UTF-8 bytes decode");
	CHECK_STR(decode("", &s, &why), "", "empty input");
	decode("/%", &s, &why);
	CHECK(s == S_BAD_REQUEST && why, "lone %% is 400");
	decode("/%4", &s, &why);
	CHECK(s == S_BAD_REQUEST, "truncated escape is 400");
	decode("/a%4", &s, &why);
	CHECK(s == S_BAD_REQUEST, "truncated escape at the end is 400");
	decode("/%zz", &s, &why);
	CHECK(s == S_BAD_REQUEST, "non-hex escape is 400");
	decode("/%00", &s, &why);
	CHECK(s == S_BAD_REQUEST && why && strcmp(why, "nul-in-path") == 0,
	      "%%00 is 400 nul-in-path");
	decode("/%0a", &s, &why);
	CHECK(s == S_BAD_REQUEST, "%%0a (LF) is 400");
	decode("/%7f", &s, &why);
	CHECK(s == S_BAD_REQUEST, "%%7f (DEL) is 400");
	CHECK_STR(decode("/a%41", &s, &why), "/aA", "escape as the last three bytes");
	/* a length shorter than the string: only those bytes are decoded */
	{
		char out[16];
		CHECK(uri_decode_path("/ab?q", 3, out, &why) == S_OK && strcmp(out, "/ab") == 0,
		      "decodes only n bytes");
	}

	CHECK(uri_has_dotfile("/.hidden", false), "dotfile at the top");
	CHECK(uri_has_dotfile("/a/.git/config", false), "dot directory in the middle");
	CHECK(uri_has_dotfile("/a/.b", false), "dotfile at the end");
	CHECK(!uri_has_dotfile("/a/b.c/d", false), "a dot inside a name is no dotfile");
	CHECK(!uri_has_dotfile("/", false), "root");
	CHECK(!uri_has_dotfile("/a/b/", false), "plain directory");
	/* /.well-known/ (RFC 8615), only when asked and only at the top */
	CHECK(!uri_has_dotfile("/.well-known/acme-challenge/TOKEN", true), "ACME challenge");
	CHECK(!uri_has_dotfile("/.well-known/security.txt", true), "security.txt");
	CHECK(!uri_has_dotfile("/.well-known", true), "the directory itself");
	CHECK(!uri_has_dotfile("/.well-known/", true), "the directory with its slash");
	CHECK(uri_has_dotfile("/.well-known/security.txt", false), "not without well_known");
	CHECK(uri_has_dotfile("/.well-known/.secret", true), "a dotfile inside it");
	CHECK(uri_has_dotfile("/.well-known/a/.git/config", true), "a dot-directory deeper");
	CHECK(uri_has_dotfile("/.well-knownx", true), "a longer name");
	CHECK(uri_has_dotfile("/.well-know/x", true), "a shorter name");
	CHECK(uri_has_dotfile("/.WELL-KNOWN/x", true), "another case");
	CHECK(uri_has_dotfile("/a/.well-known/x", true), "not at the top");

	/* uri_component_end: where the n-th collapsed component ends in the
	 * path as sent (what follows is PATH_INFO as the client sent it) */
	rest("/cgi-bin/env.sh/a///b", 2, "/a///b");
	rest("/cgi-bin/env.sh/YWJj//ZA==", 2, "/YWJj//ZA==");
	rest("/cgi-bin/env.sh", 2, "");
	rest("/cgi-bin/env.sh/", 2, "/");
	rest("/cgi-bin/env.sh//", 2, "//");
	rest("/cgi-bin//env.sh/x", 2, "/x");
	rest("//cgi-bin///env.sh//x", 2, "//x");
	rest("/x/../cgi-bin/env.sh//y", 2, "//y");
	rest("/../../cgi-bin/env.sh/y", 2, "/y");
	rest("/cgi-bin/./env.sh/a/../b", 2, "/a/../b");
	rest("/cgi-bin/env.sh/./a", 2, "/./a");
	rest("/cgi-bin/env.sh/.", 2, "/.");
	rest("/cgi-bin/other.sh/../env.sh/x", 2, "/x");
	rest("/cgi-bin/env.sh/../env.sh/z", 2, "/z");
	rest("/cgi-bin/env.sh/a/../../env.sh//z", 2, "//z");
	rest("/cgi-bin/env.sh/a/b/../../c", 2, "/a/b/../../c");
	rest("/cgi-bin/nested/deep.sh/p", 3, "/p");
	rest("/cgi-bin/nested/./deep.sh//p", 3, "//p");
	rest("/cgi-bin/env.sh/..", 2, "");
	rest("/cgi-bin/env.sh/a/../..", 2, "");
	rest("/cgi-bin", 2, "");
	rest("/", 1, "");
	rest("/a", 1, "");
	return check_done();
}
