/* libFuzzer target: the request head, as conn_read_head() hands it over.
 * Finds the end with request_head_end() and parses what it found, then
 * checks what request.h promises about a parsed request. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/precondition.h"
#include "lib/request.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > HEAD_MAX)
		return 0; /* conn_read_head() never hands over more */
	/* exactly size bytes on the heap, so ASan sees a read past the end */
	char *buf = malloc(size ? size : 1);
	if (!buf)
		return 0;
	memcpy(buf, data, size);
	size_t end = request_head_end(buf, size);
	if (end > size)
		abort();
	struct request req;
	enum status s = request_parse(&req, buf, end ? end : size);
	if (!req.reason)
		abort();
	if (s == S_OK) {
		if (!req.method || !req.target || !req.version || !req.path)
			abort();
		if (req.minor != 0 && req.minor != 1)
			abort();
		if (req.nheaders > HEADERS_MAX || req.line_len > REQUEST_LINE_MAX)
			abort();
		if (req.chunked && req.content_length >= 0)
			abort(); /* CL with TE must have been refused */
		if (req.minor == 1 && !request_header(&req, "Host"))
			abort();
		for (size_t i = 0; i < req.nheaders; i++)
			if (strpbrk(req.headers[i].value, "\r\n") ||
			    !request_is_token(req.headers[i].name, strlen(req.headers[i].name)))
				abort();
		(void)request_header(&req, "Content-Type");
		/* every member of a list field is inside the head (or, for
		 * Host beside an absolute-form target, the target's authority,
		 * RFC 9112 3.2.2), non-empty, without OWS at either end, and
		 * starts with no comma */
		for (size_t i = 0; i < req.nheaders; i++) {
			struct request_list it = {0};
			const char *m;
			size_t n, count = 0;
			while (request_list_next(&req, req.headers[i].name, &it, &m, &n)) {
				bool in_head = m >= buf && m + n <= buf + size;
				bool in_authority =
					m >= req.authority &&
					m + n <= req.authority + sizeof req.authority;
				if (n == 0 || !(in_head || in_authority) || *m == ',' ||
				    strchr(" \t", m[0]) || strchr(" \t", m[n - 1]) ||
				    memchr(m, '\0', n) || ++count > size)
					abort();
			}
		}
		(void)request_singleton(&req, "Range");
		/* preconditions decide one of three answers, whatever was sent */
		struct validators v = {"\"1-2-3\"", 1614834367, 1614834367 + 86400};
		bool range;
		enum status pre = precondition_check(&req, &v, &range);
		if ((pre != S_OK && pre != S_NOT_MODIFIED && pre != S_PRECONDITION_FAILED) ||
		    (pre != S_OK && range))
			abort();
	}
	free(buf);
	return 0;
}
