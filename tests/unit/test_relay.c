/* test_relay.c: a script's header block (RFC 3875 section 6), parsed, and
 * the request a local redirect makes. */
#include "lib/relay.h"
#include "lib/request.h"
#include "tests/unit/check.h"

static char buf[CGI_HEAD_MAX + 1];
static struct cgi_head h;
static const char *why;

/* Parses text, a whole header block with its empty line. */
static bool parse(const char *text)
{
	size_t n = strlen(text);
	memcpy(buf, text, n + 1);
	return cgi_head_parse(buf, n, &h, &why);
}

/* Blocks that are valid: the status and phrase we answer with, whether it
 * is a local redirect, and how many fields pass on. */
static const struct {
	const char *block;
	int status;
	const char *phrase;
	bool local;
	size_t nfields;
	const char *name;
} valid[] = {
	{"Content-Type: text/plain\r\n\r\n", 200, "OK", false, 1, "Content-Type alone"},
	{"Content-Type: text/plain\nX-A:  b  \n\n", 200, "OK", false, 2, "bare LF lines"},
	{"Status: 403 Forbidden\r\n\r\n", 403, "Forbidden", false, 0,
	 "Status alone (git http-backend's errors)"},
	{"Status: 404\r\n\r\n", 404, "Not Found", false, 0, "a bare 404"},
	{"Status: 401\r\n\r\n", 401, "Unauthorized", false, 0, "a bare 401 gets its phrase"},
	{"Status: 422\r\nContent-Type: text/plain\r\n\r\n", 422, "Unprocessable Content", false,
	 1, "422, RFC 9110's phrase"},
	{"Status: 599\r\n\r\n", 599, "", false, 0, "an unregistered code: an empty phrase"},
	{"Status: 204 \r\n\r\n", 204, "No Content", false, 0,
	 "trailing blank: the standard phrase"},
	{"Status: 404 Gone Away\r\nContent-Type: text/plain\r\n\r\n", 404, "Gone Away", false,
	 1, "the script's own phrase"},
	{"Location: http://example.org/\r\n\r\n", 302, "Found", false, 1,
	 "an absolute Location: 302"},
	{"Location: git+ssh://h/x\r\n\r\n", 302, "Found", false, 1, "a scheme with + and ."},
	{"Location: /hello.txt?a=1\r\n\r\n", 302, "Found", true, 1,
	 "a local path alone: a local redirect"},
	{"Location: /x\r\nContent-Type: text/html\r\n\r\n", 302, "Found", false, 2,
	 "a local path with another field: the client's redirect"},
	{"Status: 303 See Other\r\nLocation: /x\r\n\r\n", 303, "See Other", false, 1,
	 "a local path with Status: the client's, with that status"},
	{"Location: /x\r\nX-Powered-By: p\r\n\r\n", 302, "Found", false, 2,
	 "a local path with an extension field: the client's"},
	{"Content-Type: text/plain\r\nTransfer-Encoding: chunked\r\nConnection: keep-alive\r\n"
	 "Keep-Alive: timeout=5\r\nUpgrade: h2c\r\nTE: trailers\r\nTrailer: X\r\n"
	 "Proxy-Connection: x\r\nDate: x\r\nServer: y\r\n\r\n",
	 200, "OK", false, 1, "hop-by-hop fields, Date and Server dropped"},
	{"Content-Type: text/plain\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\n", 200,
	 "OK", false, 1, "a repeated equal Content-Length: taken, not passed on as a field"},
};

/* Blocks that are not, and the reason logged. */
static const struct {
	const char *block, *reason;
} invalid[] = {
	{"Content-Type: text/plain\r\nX: a\rb\r\n\r\n", "script-header-invalid"},
	{"Content-Type text/plain\r\n\r\n", "script-header-invalid"},
	{"Bad Name: x\r\nContent-Type: text/plain\r\n\r\n", "script-header-invalid"},
	{"X-Only: 1\r\n\r\n", "script-header-no-cgi-field"},
	{"\r\n", "script-header-no-cgi-field"},
	{"Status: 100 Continue\r\n\r\n", "script-status-invalid"},
	{"Status: 199\r\n\r\n", "script-status-invalid"},
	{"Status: 1000\r\n\r\n", "script-status-invalid"},
	{"Status: 20\r\n\r\n", "script-status-invalid"},
	{"Status: 200x\r\n\r\n", "script-status-invalid"},
	{"Status: abc\r\n\r\n", "script-status-invalid"},
	{"Status: 600\r\n\r\n", "script-status-invalid"},
	{"Status: 099\r\n\r\n", "script-status-invalid"},
	{"Status: \r\nContent-Type: text/plain\r\n\r\n", "script-status-invalid"},
	{"Status: 200\r\nStatus: 404\r\n\r\n", "script-field-repeated"},
	{"Location: //evil.example/x\r\n\r\n", "script-location-invalid"},
	{"Location: /\\evil.example\r\n\r\n", "script-location-invalid"},
	{"Location: foo\r\n\r\n", "script-location-invalid"},
	{"Location: ?x=1\r\n\r\n", "script-location-invalid"},
	{"Location: 1http://x/\r\n\r\n", "script-location-invalid"},
	{"Location: /a b\r\n\r\n", "script-location-invalid"},
	{"Location: \r\n\r\n", "script-location-invalid"},
	{"Location: /a\r\nLocation: /b\r\n\r\n", "script-field-repeated"},
	{"Content-Type: a/b\r\nContent-Type: c/d\r\n\r\n", "script-field-repeated"},
	{"Content-Type: a/b\r\nContent-Length: 5x\r\n\r\n", "script-content-length-invalid"},
	{"Content-Type: a/b\r\nContent-Length: -1\r\n\r\n", "script-content-length-invalid"},
	{"Content-Type: a/b\r\nContent-Length: \r\n\r\n", "script-content-length-invalid"},
	{"Content-Type: a/b\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n",
	 "script-content-length-invalid"},
	{"Content-Type: a/b\r\nContent-Length: 99999999999999999999\r\n\r\n",
	 "script-content-length-invalid"},
	{"Content-Type: a/b\r\nContent-Length: 9223372036854775808\r\n\r\n",
	 "script-content-length-invalid"},
	{"Content-Type: a/b\r\nContent-Length: 99999999999999999999x\r\n\r\n",
	 "script-content-length-invalid"},
};

/* A block as one line of TAP: CR and LF shown as \r and \n. */
static const char *visible(const char *s)
{
	static char out[256];
	size_t j = 0;
	for (; *s && j + 3 < sizeof out; s++) {
		if (*s == '\r' || *s == '\n') {
			out[j++] = '\\';
			out[j++] = *s == '\r' ? 'r' : 'n';
		} else {
			out[j++] = *s;
		}
	}
	out[j] = '\0';
	return out;
}

int main(void)
{
	for (size_t i = 0; i < sizeof valid / sizeof valid[0]; i++) {
		bool ok = parse(valid[i].block);
		CHECK(ok && h.status == valid[i].status &&
			      strcmp(h.phrase, valid[i].phrase) == 0 &&
			      h.local_redirect == valid[i].local &&
			      h.nfields == valid[i].nfields,
		      "valid: %s", valid[i].name);
		if (!ok)
			printf("#   refused: %s\n", why);
		else
			printf("#   %d \"%s\" local=%d fields=%zu\n", h.status, h.phrase,
			       h.local_redirect, h.nfields);
	}
	for (size_t i = 0; i < sizeof invalid / sizeof invalid[0]; i++) {
		bool ok = parse(invalid[i].block);
		CHECK(!ok && strcmp(why, invalid[i].reason) == 0, "invalid (%s): %s",
		      invalid[i].reason, visible(invalid[i].block));
		if (ok || strcmp(why, invalid[i].reason))
			printf("#   got %s\n", ok ? "accepted" : why);
	}

	/* a NUL byte in a line: refused, not read as the end of the line */
	static const char nul[] =
		"Content-Type: text/plain\r\nX: a\0\r\nSet-Cookie: e=1\r\n\r\n";
	memcpy(buf, nul, sizeof nul);
	CHECK(!cgi_head_parse(buf, sizeof nul - 1, &h, &why) &&
		      strcmp(why, "script-header-invalid") == 0,
	      "a NUL in a value: invalid");
	static const char nul_name[] = "Content-Type: text/plain\r\nX\0Y: a\r\n\r\n";
	memcpy(buf, nul_name, sizeof nul_name);
	CHECK(!cgi_head_parse(buf, sizeof nul_name - 1, &h, &why), "a NUL in a name: invalid");

	/* the values, as passed on */
	CHECK(parse("Content-Type: text/plain\nX-A:  b  \n\n") &&
		      strcmp(h.fields[1].name, "X-A") == 0 &&
		      strcmp(h.fields[1].value, "b") == 0 && strcmp(h.type, "text/plain") == 0,
	      "values without the blanks around them");
	CHECK(parse("Content-Type: a/b\r\nContent-Length: 0012\r\n\r\n") &&
		      h.content_length == 12,
	      "Content-Length read");
	CHECK(parse("Content-Type: a/b\r\nContent-Length: 9223372036854775807\r\n\r\n") &&
		      h.content_length == INT64_MAX,
	      "Content-Length up to INT64_MAX");
	CHECK(parse("Content-Type: a/b\r\n\r\n") && h.content_length == -1,
	      "no Content-Length: -1");
	CHECK(parse("Location: /p?q=1\r\n\r\n") && strcmp(h.location, "/p?q=1") == 0,
	      "Location kept");
	size_t n = 0;
	char *many = buf;
	for (; n <= CGI_FIELDS_MAX; n++)
		many += sprintf(many, "X%zu: v\r\n", n);
	strcpy(many, "Content-Type: a/b\r\n\r\n");
	CHECK(!cgi_head_parse(buf, strlen(buf), &h, &why) &&
		      strcmp(why, "script-header-too-many") == 0,
	      "more than CGI_FIELDS_MAX fields: refused");

	/* the request a local redirect makes */
	struct request r = {
		.method = "POST",
		.target = "/cgi-bin/a.sh?x",
		.path = "/cgi-bin/a.sh?x",
		.path_len = 13,
		.query = "x",
		.headers = {{"Host", "h"},
			    {"Content-Length", "3"},
			    {"content-type", "text/plain"},
			    {"Cookie", "c=1"},
			    {"Expect", "100-continue"},
			    {"Transfer-Encoding", "chunked"}},
		.nheaders = 6,
		.content_length = 3,
		.chunked = true,
		.expect_continue = true,
	};
	char store[64];
	CHECK(relay_local_request(&r, "/b/c.txt?y=2&z", store, sizeof store),
	      "a local redirect's request");
	CHECK_STR(r.method, "GET", "POST becomes GET");
	CHECK(r.path_len == 8 && strncmp(r.path, "/b/c.txt", 8) == 0, "path from the Location");
	CHECK_STR(r.query, "y=2&z", "query from the Location");
	CHECK(r.content_length == -1 && !r.chunked && !r.expect_continue && r.redirected,
	      "no body, marked redirected");
	CHECK(!request_header(&r, "Content-Length") && !request_header(&r, "Content-Type") &&
		      !request_header(&r, "Transfer-Encoding") && !request_header(&r, "Expect"),
	      "the fields that describe a body are gone");
	CHECK_STR(request_header(&r, "Cookie"), "c=1", "the client's other fields kept");
	CHECK(relay_local_request(&r, "/p", store, sizeof store) && r.query == NULL &&
		      r.path_len == 2,
	      "no query: NULL");
	CHECK(relay_local_request(&r, "/a/b.txt#top", store, sizeof store) && r.query == NULL &&
		      r.path_len == 8 && strcmp(r.path, "/a/b.txt") == 0,
	      "a fragment is no part of the path");
	CHECK(relay_local_request(&r, "/p?x=1#y?z", store, sizeof store) && r.path_len == 2 &&
		      strcmp(r.query, "x=1") == 0,
	      "nor of the query, whatever follows it");
	CHECK(relay_local_request(&r, "/#", store, sizeof store) && r.path_len == 1 &&
		      r.query == NULL && strcmp(r.target, "/") == 0,
	      "an empty fragment: the path alone");
	r.method = "HEAD";
	CHECK(relay_local_request(&r, "/p", store, sizeof store) &&
		      strcmp(r.method, "HEAD") == 0,
	      "HEAD stays HEAD: its answer has no body");
	char big[80];
	memset(big, 'a', sizeof big - 1);
	big[0] = '/';
	big[sizeof big - 1] = '\0';
	CHECK(!relay_local_request(&r, big, store, sizeof store),
	      "a Location past store: false");
	return check_done();
}
