/* test_relay.c: a script's header block (RFC 3875 section 6), parsed. */
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

int main(void)
{
	CHECK(parse("Content-Type: text/plain\r\n\r\n") && h.status == 200 &&
		      strcmp(h.phrase, "OK") == 0 && h.nfields == 1,
	      "Content-Type alone: 200 OK, one field");
	CHECK(parse("Content-Type: text/plain\nX-A:  b\n\n") && h.nfields == 2 &&
		      strcmp(h.fields[1].name, "X-A") == 0 &&
		      strcmp(h.fields[1].value, "b") == 0,
	      "bare LF lines; other fields kept, value without leading blanks");
	CHECK(parse("Location: http://example.org/\r\n\r\n") && h.status == 302 &&
		      strcmp(h.phrase, "Found") == 0,
	      "Location alone: 302 Found");
	CHECK(parse("Status: 404 Gone Away\r\nContent-Type: text/plain\r\n\r\n") &&
		      h.status == 404 && strcmp(h.phrase, "Gone Away") == 0 && h.nfields == 1,
	      "Status: code and phrase taken, not passed on as a field");
	CHECK(!parse("Content-Type: text/plain\r\nX: a\rb\r\n\r\n") &&
		      strcmp(why, "script-header-invalid") == 0,
	      "a bare CR in a value: invalid");
	CHECK(!parse("Content-Type text/plain\r\n\r\n"), "a line without a colon: invalid");
	CHECK(!parse("Bad Name: x\r\nContent-Type: text/plain\r\n\r\n"),
	      "a field name that is not a token: invalid");
	return check_done();
}
