/* libFuzzer target: the PROXY protocol parser. Beyond not crashing, it
 * must keep its promises (lib/proxy.h): a whole header is never longer than
 * the input nor shorter than the shortest header, and is judged the same
 * whatever follows it; every shorter prefix of it asks for more, and no
 * more than the header holds; a "more" asks past what it was given; the
 * addresses it names are addresses. */
#include <arpa/inet.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/limits.h"
#include "lib/proxy.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_address(const char *a)
{
	unsigned char bin[16];
	if (inet_pton(strchr(a, ':') ? AF_INET6 : AF_INET, a, bin) != 1)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct proxy_header h, again;
	enum proxy_result r = proxy_parse(data, size, &h);
	if (r == PROXY_MORE && h.len <= size)
		abort();
	if (r == PROXY_BAD && (!h.reason || strncmp(h.reason, "proxy-", 6) != 0))
		abort();
	if (r != PROXY_DONE)
		return 0;
	if (h.len > size || h.len < 15 || h.len > PROXY_V2_MAX)
		abort();
	if (!h.local) {
		check_address(h.src_addr);
		check_address(h.dst_addr);
		if (atoi(h.src_port) > 65535 || atoi(h.dst_port) > 65535)
			abort();
	}
	/* the same header alone: the same verdict */
	if (proxy_parse(data, h.len, &again) != PROXY_DONE || memcmp(&again, &h, sizeof h) != 0)
		abort();
	/* shorter: asks for more, never past the header's end */
	size_t cuts[3] = {h.len - 1, h.len / 2, size ? data[0] % h.len : 0};
	for (int i = 0; i < 3; i++)
		if (proxy_parse(data, cuts[i], &again) != PROXY_MORE || again.len > h.len ||
		    again.len <= cuts[i])
			abort();
	return 0;
}
