/* libFuzzer target: a target's path decoded once and collapsed, as
 * route() does it, with the properties uri.h promises checked. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/limits.h"
#include "lib/uri.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* what route() hands over: split_target() leaves a path that starts
	 * with '/', within the request line */
	if (size == 0 || data[0] != '/' || size > REQUEST_LINE_MAX)
		return 0;
	char *in = malloc(size ? size : 1), *out = malloc(size + 1);
	if (!in || !out)
		goto done;
	memcpy(in, data, size);
	const char *why = NULL;
	if (uri_decode_path(in, size, out, &why) != S_OK) {
		if (!why)
			abort();
		goto done;
	}
	for (const char *p = out; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			abort(); /* no control byte survives decoding */
	size_t n = uri_collapse(out);
	if (n != strlen(out) || out[0] != '/' || (n > 1 && out[1] == '/'))
		abort();
	/* no empty, "." or ".." component is left to climb with */
	if (strstr(out, "//") || strstr(out, "/./") || strstr(out, "/../"))
		abort();
	if ((n >= 2 && strcmp(out + n - 2, "/.") == 0) ||
	    (n >= 3 && strcmp(out + n - 3, "/..") == 0))
		abort();
	/* collapsing is idempotent */
	char *again = strdup(out);
	if (!again)
		goto done;
	uri_collapse(again);
	if (strcmp(again, out) != 0)
		abort();
	/* /.well-known/ is the only dot-name let through, and only at the top */
	if (uri_has_dotfile(out, false) != uri_has_dotfile(out, true) &&
	    strncmp(out, "/.well-known", 12) != 0)
		abort();
	/* uri_component_end: the decoded path up to the end of the k-th
	 * component collapses to the first k components of the whole */
	size_t depth = 0;
	for (const char *p = again; *p; p++)
		depth += *p == '/' && p[1] && p[1] != '/';
	char *raw = malloc(size + 1), *prefix = malloc(size + 2);
	if (raw && prefix && uri_decode_path(in, size, raw, &why) == S_OK) {
		for (size_t k = 1; k <= depth; k++) {
			size_t end = uri_component_end(raw, k);
			if (end > strlen(raw))
				abort();
			memcpy(prefix, raw, end);
			prefix[end] = '\0';
			size_t pn = uri_collapse(prefix);
			if (strncmp(prefix, again, pn) != 0 || (again[pn] && again[pn] != '/'))
				abort();
		}
	}
	free(raw);
	free(prefix);
	free(again);
done:
	free(in);
	free(out);
	return 0;
}
