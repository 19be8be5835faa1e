/* test_auth.c: the pure parts of Basic authentication: base64 and realms. */
#include "lib/auth.h"
#include "tests/unit/check.h"

static const char *decode(const char *in, long *n)
{
	static char out[64];
	*n = auth_base64_decode(in, strlen(in), out, sizeof out);
	return *n < 0 ? NULL : out;
}

int main(void)
{
	long n;
	/* RFC 4648 section 10's vectors */
	static const char *const vectors[][2] = {
		{"Zg==", "f"},	      {"Zm8=", "fo"},	     {"Zm9v", "foo"},
		{"Zm9vYg==", "foob"}, {"Zm9vYmE=", "fooba"}, {"Zm9vYmFy", "foobar"},
	};
	for (size_t i = 0; i < sizeof vectors / sizeof vectors[0]; i++)
		CHECK_STR(decode(vectors[i][0], &n), vectors[i][1], "base64 %s", vectors[i][0]);
	/* RFC 7617 section 2's example */
	CHECK_STR(decode("QWxhZGRpbjpvcGVuIHNlc2FtZQ==", &n), "Aladdin:open sesame",
		  "the RFC 7617 example");
	CHECK(decode("+/+/", &n) && n == 3, "'+' and '/' are letters");
	static const char *const bad[] = {
		"",	    "Zg",    "Zg=",  "Zg===", "Z===",  "=Zg=",
		"Zg==Zg==", "Zm9v!", "Zm9-", "Zm9_",  "Zm 9v", "Zg=a",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		CHECK(decode(bad[i], &n) == NULL, "malformed base64 \"%s\" is refused", bad[i]);
	char small[3];
	CHECK(auth_base64_decode("Zm9v", 4, small, sizeof small) == -1,
	      "no room for the NUL: refused, nothing written past the end");
	CHECK(auth_base64_decode("Zm8=", 4, small, sizeof small) == 2, "fits with its NUL");

	CHECK(auth_realm_valid("Router admin (192.168.1.1)"), "a plain realm");
	CHECK(auth_realm_valid(""), "an empty realm");
	CHECK(!auth_realm_valid("a\"b"), "a quote would end the quoted-string");
	CHECK(!auth_realm_valid("a\\b"), "a backslash would escape");
	CHECK(!auth_realm_valid("a\r\nX-Evil: 1"), "CR LF would split the head");
	CHECK(!auth_realm_valid("caf\xc3\xa9"), "non-ASCII");
	char longer[AUTH_REALM_MAX + 2];
	memset(longer, 'r', sizeof longer - 1);
	longer[sizeof longer - 1] = '\0';
	CHECK(!auth_realm_valid(longer), "past AUTH_REALM_MAX");
	longer[AUTH_REALM_MAX] = '\0';
	CHECK(auth_realm_valid(longer), "exactly AUTH_REALM_MAX");
	return check_done();
}
