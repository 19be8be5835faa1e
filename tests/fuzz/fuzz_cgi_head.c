/* libFuzzer target: a relayed script's header block, as cgi_head_parse()
 * reads it. Beyond "no crash": an accepted block keeps the promises relay.h
 * makes, since they are what keeps a script from breaking our framing. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lib/relay.h"
#include "lib/request.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool has_ctl(const char *s)
{
	for (; *s; s++)
		if (((unsigned char)*s < 0x20 && *s != '\t') || *s == 0x7f)
			return true;
	return false;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > CGI_HEAD_MAX)
		return 0;
	char *buf = malloc(size + 1);
	if (!buf)
		return 0;
	memcpy(buf, data, size);
	buf[size] = '\0';
	/* relay_answer hands over only a block that request_head_end found */
	size_t end = request_head_end(buf, size);
	static struct cgi_head h;
	const char *why;
	if (end && cgi_head_parse(buf, end, &h, &why)) {
		if (h.status < 200 || h.status > 599 || !h.phrase || has_ctl(h.phrase))
			abort();
		if (h.location && (h.location[0] == '/' && h.location[1] == '/'))
			abort();
		if (h.local_redirect && (h.nfields != 1 || h.location[0] != '/'))
			abort();
		if (h.nfields > CGI_FIELDS_MAX)
			abort();
		for (size_t i = 0; i < h.nfields; i++) {
			const char *n = h.fields[i].name, *v = h.fields[i].value;
			if (!request_is_token(n, strlen(n)) || has_ctl(v))
				abort();
			static const char *const framing[] = {
				"Connection",	  "Transfer-Encoding",
				"Content-Length", "Status",
				"Keep-Alive",	  "TE",
				"Trailer",	  "Upgrade"};
			for (size_t j = 0; j < sizeof framing / sizeof framing[0]; j++)
				if (strcasecmp(n, framing[j]) == 0)
					abort();
		}
	} else if (end && !why) {
		abort(); /* a refusal always says why */
	}
	free(buf);
	return 0;
}
