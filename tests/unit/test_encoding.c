/* test_encoding.c: Accept-Encoding members and the choice of a coding. */
#include "lib/encoding.h"
#include "tests/unit/check.h"

static int member(const char *m, const char **name, size_t *n)
{
	return encoding_member(m, strlen(m), name, n);
}

/* The accepted codings of a head with these field lines, as "br,gzip". */
static const char *accepted(const char *fields)
{
	static char head[1024], out[32];
	snprintf(head, sizeof head, "GET / HTTP/1.1\r\nHost: x\r\n%s\r\n", fields);
	struct request req;
	if (request_parse(&req, head, strlen(head)) != S_OK)
		return "(parse failed)";
	enum coding c[CODINGS];
	size_t n = encoding_accepted(&req, c);
	out[0] = '\0';
	for (size_t i = 0; i < n; i++)
		snprintf(out + strlen(out), sizeof out - strlen(out), "%s%s", i ? "," : "",
			 encoding_token(c[i]));
	return out;
}

int main(void)
{
	const char *name;
	size_t n;
	CHECK(member("gzip", &name, &n) == 1000 && n == 4, "no q is 1");
	CHECK(member("gzip;q=0.5", &name, &n) == 500 && n == 4, "q=0.5");
	CHECK(member("gzip ; Q=0.125", &name, &n) == 125, "OWS and Q");
	CHECK(member("br;q=1.000", &name, &n) == 1000, "q=1.000");
	CHECK(member("br;q=0", &name, &n) == 0, "q=0");
	CHECK(member("br;q=0.", &name, &n) == 0, "q=0. (no digits)");
	static const char *const bad[] = {"br;q=1.5", "br;q=2",	 "br;q=0.1234", "br;q=",
					  "br;q=.5",  "br;q=-1", "br q=1",	"br;q=0.5x"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		CHECK(member(bad[i], &name, &n) == -1, "malformed: %s", bad[i]);
	CHECK(member("br;foo=bar;q=0.2", &name, &n) == 200, "another parameter is skipped");

	CHECK_STR(accepted(""), "", "no Accept-Encoding: identity");
	CHECK_STR(accepted("Accept-Encoding: gzip, br\r\n"), "br,gzip", "a tie goes to br");
	CHECK_STR(accepted("Accept-Encoding: br;q=0.9, gzip\r\n"), "gzip,br", "q orders");
	CHECK_STR(accepted("Accept-Encoding: x-gzip\r\n"), "gzip", "x-gzip is gzip");
	CHECK_STR(accepted("Accept-Encoding: *;q=0.3, br;q=0\r\n"), "gzip", "* fills in");
	CHECK_STR(accepted("Accept-Encoding: identity;q=0\r\n"), "", "identity;q=0 alone");
	CHECK_STR(accepted("Accept-Encoding: gzip;q=0.4, identity;q=0.5\r\n"), "",
		  "identity preferred");
	CHECK_STR(accepted("Accept-Encoding: gzip;q=0.4, *;q=0.5\r\n"), "br",
		  "identity by * beats gzip; br by * ties");
	CHECK_STR(accepted("Accept-Encoding: deflate\r\nAccept-Encoding: br\r\n"), "br",
		  "the second line counts");
	CHECK_STR(accepted("Accept-Encoding: \"gzip, br\"\r\n"), "",
		  "a quoted string is no coding");
	return check_done();
}
