/* libFuzzer target: the chunked decoder, fed the same body whole and in
 * pieces; both must agree, and the decoder must keep its promises (data
 * never longer than the input, never past max). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/chunked.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Feeds in[0..n) in pieces of `step` bytes (0: at once) until the decoder
 * stops; returns the status, the decoded bytes in out, their count in *outn
 * and the consumed input in *used. */
static enum status decode(const char *in, size_t n, size_t step, uint64_t max, char *out,
			  size_t *outn, size_t *used, struct chunked *c)
{
	chunked_init(c, max);
	size_t pos = 0, o = 0;
	enum status s = S_OK;
	while (pos < n && !c->done) {
		size_t take = step && n - pos > step ? step : n - pos;
		size_t got, u;
		s = chunked_feed(c, in + pos, take, out + o, &got, &u);
		if (got > take || u > take || got > u)
			abort();
		o += got;
		pos += u;
		if (s != S_OK || u < take)
			break;
	}
	*outn = o;
	*used = pos;
	return s;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 3)
		return 0;
	/* the first bytes pick the limit and the piece size */
	uint64_t max = ((uint64_t)data[0] << 8 | data[1]) * 4;
	size_t step = data[2] % 17;
	data += 3;
	size -= 3;
	char *in = malloc(size ? size : 1), *a = malloc(size ? size : 1),
	     *b = malloc(size ? size : 1);
	if (!in || !a || !b)
		goto done;
	memcpy(in, data, size);
	struct chunked ca, cb;
	size_t na, ua, nb, ub;
	enum status sa = decode(in, size, 0, max, a, &na, &ua, &ca);
	enum status sb = decode(in, size, step, max, b, &nb, &ub, &cb);
	if (ca.total > max || cb.total > max)
		abort();
	if (sa != sb || ca.done != cb.done)
		abort();
	if (sa == S_OK && (na != nb || memcmp(a, b, na) != 0 || (ca.done && ua != ub)))
		abort();
	if (ca.done && ca.total != na)
		abort();
done:
	free(in);
	free(a);
	free(b);
	return 0;
}
