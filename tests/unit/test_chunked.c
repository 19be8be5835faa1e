/* test_chunked.c: the chunked request body decoder, whole and byte by byte. */
#include <stdlib.h>

#include "lib/chunked.h"
#include "lib/limits.h"
#include "tests/unit/check.h"

static char out[65536];

/* Decodes in all at once, or in pieces of step bytes; returns the status
 * and sets *outn (data) and *used (input consumed in total). */
static enum status decode(const char *in, size_t n, size_t step, uint64_t max, size_t *outn,
			  size_t *used, struct chunked *c)
{
	chunked_init(c, max);
	*outn = *used = 0;
	for (size_t off = 0; off < n && !c->done;) {
		size_t take = step && step < n - off ? step : n - off;
		size_t o, u;
		enum status s = chunked_feed(c, in + off, take, out + *outn, &o, &u);
		*outn += o;
		*used += u;
		if (s != S_OK)
			return s;
		off += u;
		if (u < take && !c->done)
			return S_NONE; /* stopped early without an error: a bug */
	}
	return S_OK;
}

static void good(const char *in, const char *want, size_t step, const char *name)
{
	struct chunked c;
	size_t outn, used;
	enum status s = decode(in, strlen(in), step, 1 << 20, &outn, &used, &c);
	CHECK(s == S_OK && c.done && outn == strlen(want) && memcmp(out, want, outn) == 0 &&
		      c.total == strlen(want),
	      "%s (step %zu)", name, step);
}

static void bad(const char *in, enum status want, const char *name)
{
	struct chunked c;
	size_t outn, used;
	for (size_t step = 0; step < 2; step++) {
		enum status s = decode(in, strlen(in), step, 1 << 20, &outn, &used, &c);
		CHECK(s == want && !c.done, "%s is %d (step %zu)", name, want, step);
	}
}

int main(void)
{
	for (size_t step = 0; step < 4; step++) {
		good("0\r\n\r\n", "", step, "empty body");
		good("5\r\nhello\r\n0\r\n\r\n", "hello", step, "one chunk");
		good("5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n", "hello world", step,
		     "two chunks");
		good("A\r\n0123456789\r\n0\r\n\r\n", "0123456789", step, "upper-case hex");
		good("a\r\n0123456789\r\n0\r\n\r\n", "0123456789", step, "lower-case hex");
		good("0005\r\nhello\r\n0\r\n\r\n", "hello", step, "leading zeros");
		good("5;name=value\r\nhello\r\n0;x\r\n\r\n", "hello", step,
		     "extensions ignored");
		good("5\r\nhello\r\n0\r\nX-Trailer: 1\r\nY: 2\r\n\r\n", "hello", step,
		     "trailers dropped");
		good("2\r\n\r\n\r\n0\r\n\r\n", "\r\n", step, "data may hold CR LF");
	}

	/* bytes after the body are left for the caller */
	{
		struct chunked c;
		chunked_init(&c, 100);
		const char *in = "3\r\nabc\r\n0\r\n\r\nNEXT";
		size_t o, u;
		CHECK(chunked_feed(&c, in, strlen(in), out, &o, &u) == S_OK && c.done &&
			      u == strlen(in) - 4 && o == 3,
		      "stops right after the last CR LF");
	}
	/* an incomplete body is not done, and not an error */
	{
		struct chunked c;
		chunked_init(&c, 100);
		size_t o, u;
		CHECK(chunked_feed(&c, "5\r\nhel", 6, out, &o, &u) == S_OK && !c.done &&
			      o == 3 && u == 6,
		      "partial input: data so far, not done");
	}
	/* a binary chunk, fed in odd pieces */
	{
		static char in[70000], want[60000];
		for (size_t i = 0; i < sizeof want; i++)
			want[i] = (char)(i * 7 + 3);
		size_t n = (size_t)sprintf(in, "%zx\r\n", sizeof want);
		memcpy(in + n, want, sizeof want);
		n += sizeof want;
		memcpy(in + n, "\r\n0\r\n\r\n", 7);
		n += 7;
		struct chunked c;
		size_t outn, used;
		CHECK(decode(in, n, 997, 1 << 20, &outn, &used, &c) == S_OK && c.done &&
			      outn == sizeof want && memcmp(out, want, outn) == 0,
		      "60000 binary bytes in 997-byte pieces");
	}

	bad("x\r\n", S_BAD_REQUEST, "non-hex size");
	bad("\r\n", S_BAD_REQUEST, "empty size");
	bad("5\nhello\r\n0\r\n\r\n", S_BAD_REQUEST, "bare LF after size");
	bad("5\r\nhelloX\r\n0\r\n\r\n", S_BAD_REQUEST, "data longer than its size");
	bad("5\r\nhello\n0\r\n\r\n", S_BAD_REQUEST, "bare LF after data");
	bad("0\r\n\n", S_BAD_REQUEST, "bare LF at the end");
	bad("-5\r\n", S_BAD_REQUEST, "negative size");
	bad("0x5\r\n", S_BAD_REQUEST, "0x prefix");
	bad("1000000000000000\r\n", S_BAD_REQUEST, "16 hex digits");
	bad("5;a\nb\r\n", S_BAD_REQUEST, "LF inside an extension");
	bad("0\r\nX: a\nb\r\n\r\n", S_BAD_REQUEST, "LF inside a trailer");
	/* the limit */
	{
		struct chunked c;
		size_t outn, used;
		const char *in = "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n";
		CHECK(decode(in, strlen(in), 0, 10, &outn, &used, &c) == S_PAYLOAD_TOO_LARGE,
		      "11 bytes past a 10-byte limit: 413");
		CHECK(decode(in, strlen(in), 0, 11, &outn, &used, &c) == S_OK && c.done,
		      "11 bytes within an 11-byte limit");
		CHECK(decode("fffffffffffffff\r\n", 17, 0, 1 << 20, &outn, &used, &c) ==
			      S_PAYLOAD_TOO_LARGE,
		      "a huge announced size is refused before any data");
	}
	/* unbounded trailers */
	{
		static char in[HEAD_MAX * 2];
		size_t n = (size_t)sprintf(in, "0\r\n");
		while (n < HEAD_MAX + HEAD_MAX / 8)
			n += (size_t)sprintf(in + n, "X-Pad: aaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n");
		n += (size_t)sprintf(in + n, "\r\n");
		struct chunked c;
		size_t outn, used;
		CHECK(decode(in, n, 0, 1 << 20, &outn, &used, &c) == S_HEADERS_TOO_LARGE,
		      "trailers past HEAD_MAX refused");
	}
	/* an extension line past CHUNK_LINE_MAX */
	{
		static char in[CHUNK_LINE_MAX + 64];
		size_t n = (size_t)sprintf(in, "1;");
		memset(in + n, 'e', CHUNK_LINE_MAX + 8);
		n += CHUNK_LINE_MAX + 8;
		struct chunked c;
		size_t outn, used;
		CHECK(decode(in, n, 0, 1 << 20, &outn, &used, &c) == S_BAD_REQUEST,
		      "extension past CHUNK_LINE_MAX refused");
	}
	return check_done();
}
