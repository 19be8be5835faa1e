/* libFuzzer target: a parsed head turned into a script's environment by
 * cgi_build_env(), with what cgi.h promises checked: every entry a
 * NAME=value line, no withheld header, nothing past the room given. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/cgi.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool withheld(const char *entry)
{
	static const char *const names[] = {
		"HTTP_AUTHORIZATION=",	"HTTP_PROXY_AUTHORIZATION=", "HTTP_PROXY=",
		"HTTP_CONTENT_LENGTH=", "HTTP_CONTENT_TYPE=",	     "HTTP_TRANSFER_ENCODING="};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strncmp(entry, names[i], strlen(names[i])) == 0)
			return true;
	return false;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > HEAD_MAX)
		return 0;
	char *buf = malloc(size ? size : 1);
	if (!buf)
		return 0;
	memcpy(buf, data, size);
	size_t end = request_head_end(buf, size);
	struct request req;
	if (request_parse(&req, buf, end ? end : size) != S_OK)
		goto done;
	struct cgi_script script = {
		.dir = "/cgi-bin", .script_name = "/cgi-bin/env", .path_info = "/x/y"};
	script.name = script.script_name + 9;
	struct cgi_vars v = {
		.req = &req,
		.remote_addr = "127.0.0.1",
		.remote_port = "40000",
		.local_addr = "::1",
		.local_port = "80",
		.document_root = "/srv/www",
		.script = &script,
		.content_length = req.content_length,
	};
	struct buf store = {0};
	char *envp[CGI_ENV_MAX];
	size_t n = cgi_build_env(&v, &store, envp, CGI_ENV_MAX);
	if (n >= CGI_ENV_MAX || (n && envp[n] != NULL))
		abort();
	for (size_t i = 0; i < n; i++) {
		const char *eq = strchr(envp[i], '=');
		if (!eq || eq == envp[i] || strpbrk(envp[i], "\r\n") || withheld(envp[i]))
			abort();
		for (const char *p = envp[i]; p < eq; p++)
			if (!((*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
			      *p == '_'))
				abort(); /* a name a shell and getenv() read as one */
	}
	buf_free(&store);
done:
	free(buf);
	return 0;
}
