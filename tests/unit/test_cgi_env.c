/* test_cgi_env.c: which URLs are CGI (cgi_match), and the script's whole
 * environment (cgi_build_env) from a parsed head: RFC 3875 section 4.1
 * exactly, the headers withheld, repeated fields joined, nothing of our own
 * environment leaking in. */
#include <getopt.h>
#include <stdlib.h>

#include "lib/cgi.h"
#include "lib/options.h"
#include "tests/unit/check.h"

static char *envp[CGI_ENV_MAX];
static size_t envn;

static const char *get(const char *name)
{
	size_t n = strlen(name);
	for (size_t i = 0; i < envn; i++)
		if (strncmp(envp[i], name, n) == 0 && envp[i][n] == '=')
			return envp[i] + n + 1;
	return NULL;
}

static size_t count(const char *name)
{
	size_t n = strlen(name), c = 0;
	for (size_t i = 0; i < envn; i++)
		if (strncmp(envp[i], name, n) == 0 && envp[i][n] == '=')
			c++;
	return c;
}

static struct options opts(int argc, char **argv)
{
	struct options o;
	optind = 0; /* getopt's state is global: start afresh (glibc) */
	options_parse(&o, argc, argv);
	return o;
}

static char head[HEAD_MAX];
static struct request req;
static struct cgi_script script;
static struct buf store;
static bool https;     /* what the connection says of TLS */
static bool pass_auth; /* --pass-auth, for the next build() */

/* Parses text as a head and builds the environment for script_name and
 * path_info as cgi_locate would have split them. */
static size_t build(const char *text, const char *script_name, const char *path_info,
		    const char *raddr, const char *laddr, const char *server_name,
		    int64_t content_length)
{
	size_t n = strlen(text);
	memcpy(head, text, n + 1);
	if (request_parse(&req, head, n) != S_OK) {
		printf("# parse failed: %s\n", req.reason);
		return 0;
	}
	snprintf(script.script_name, sizeof script.script_name, "%s", script_name);
	snprintf(script.path_info, sizeof script.path_info, "%s", path_info);
	script.name = strrchr(script.script_name, '/') + 1;
	snprintf(script.dir, sizeof script.dir, "%.*s",
		 (int)(script.name - 1 - script.script_name), script.script_name);
	struct cgi_vars v = {
		.req = &req,
		.remote_addr = raddr,
		.remote_port = "40000",
		.local_addr = laddr,
		.local_port = "8080",
		.server_name = server_name,
		.document_root = "/srv/www",
		.script = &script,
		.content_length = content_length,
		.https = https,
		.pass_auth = pass_auth,
	};
	buf_free(&store);
	envn = cgi_build_env(&v, &store, envp, CGI_ENV_MAX);
	return envn;
}

static void path_info(const char *as_sent, const char *script_name, const char *want)
{
	char out[URL_PATH_MAX];
	cgi_path_info(as_sent, script_name, out, sizeof out);
	CHECK_STR(out, want, "PATH_INFO of %s (script %s)", as_sent, script_name);
}

int main(void)
{
	/* cgi_match: the seed's is_cgi() on the collapsed path */
	struct options o = opts(1, (char *[]){"cgihandler", NULL});
	CHECK(cgi_match("/cgi-bin/x.sh", &o) == 8, "/cgi-bin/x.sh is CGI");
	CHECK(cgi_match("/htbin/x.sh", &o) == 6, "/htbin/x.sh is CGI");
	CHECK(cgi_match("/cgi-bin/sub/x.sh", &o) == 8, "nested: the CGI directory is /cgi-bin");
	CHECK(cgi_match("/cgi-bin/", &o) == 8, "the directory itself, with a slash");
	CHECK(cgi_match("/cgi-bin", &o) == 0, "the directory without a slash is not CGI");
	CHECK(cgi_match("/cgi-binx/y", &o) == 0, "only on a / boundary");
	CHECK(cgi_match("/a/cgi-bin/x", &o) == 0, "only at the top by default");
	CHECK(cgi_match("/CGI-BIN/x", &o) == 0, "case-sensitive, as the seed");
	CHECK(cgi_match("/x.sh", &o) == 0, "a file at the top");
	o = opts(3, (char *[]){"cgihandler", "--cgi-dir", "/sub/dir/cgi", NULL});
	CHECK(cgi_match("/sub/dir/cgi/x", &o) == 12, "--cgi-dir nested directory");
	CHECK(cgi_match("/cgi-bin/x", &o) == 0, "--cgi-dir replaces /cgi-bin");
	CHECK(cgi_match("/htbin/x", &o) == 0, "--cgi-dir replaces /htbin");
	o = opts(5, (char *[]){"cgihandler", "-c", "/a//b/../c/", "-c", "/d", NULL});
	CHECK(cgi_match("/a/c/x", &o) == 4, "--cgi-dir is collapsed, trailing slash dropped");
	CHECK(cgi_match("/d/x", &o) == 2, "a second --cgi-dir adds to the first");

	/* The environment: a POST with a query, a body, credentials and
	 * repeated fields. Our own environment holds variables a leak would
	 * show. */
	setenv("LEAK_ME", "1", 1);
	setenv("LISTEN_FDS", "1", 1);
	setenv("HTTP_PROXY", "http://evil", 1);
	size_t n = build("POST /cgi-bin/sub/s.sh/x/y%20z?a=1&b=%41+c HTTP/1.1\r\n"
			 "Host: www.example:8080\r\n"
			 "Content-Type: application/x-www-form-urlencoded\r\n"
			 "Content-Length: 11\r\n"
			 "Authorization: Basic dXNlcjpwdw==\r\n"
			 "Proxy-Authorization: Basic eA==\r\n"
			 "Proxy: http://evil.example/\r\n"
			 "Accept: text/html\r\n"
			 "X-Multi: one\r\n"
			 "accept: text/plain\r\n"
			 "Cookie: a=1\r\n"
			 "Cookie: b=2\r\n"
			 "X_Under: no\r\n"
			 "User-Agent: unit/1.0\r\n"
			 "\r\n",
			 "/cgi-bin/sub/s.sh", "/x/y z", "192.0.2.7", "127.0.0.1", NULL, 11);
	CHECK(n > 0, "environment built");
	CHECK_STR(get("GATEWAY_INTERFACE"), "CGI/1.1", "GATEWAY_INTERFACE");
	CHECK_STR(get("SERVER_SOFTWARE"), SERVER_SOFTWARE, "SERVER_SOFTWARE");
	CHECK_STR(get("SERVER_PROTOCOL"), "HTTP/1.1",
		  "SERVER_PROTOCOL from the request (RFC 3875 4.1.16)");
	CHECK_STR(get("SERVER_NAME"), "www.example", "SERVER_NAME from Host, without the port");
	CHECK_STR(get("SERVER_PORT"), "8080", "SERVER_PORT is the local port");
	CHECK_STR(get("SERVER_ADDR"), "127.0.0.1", "SERVER_ADDR");
	CHECK_STR(get("REQUEST_METHOD"), "POST", "REQUEST_METHOD");
	CHECK_STR(get("REQUEST_URI"), "/cgi-bin/sub/s.sh/x/y%20z?a=1&b=%41+c",
		  "REQUEST_URI as sent");
	CHECK_STR(get("SCRIPT_NAME"), "/cgi-bin/sub/s.sh", "SCRIPT_NAME");
	CHECK_STR(get("PATH_INFO"), "/x/y z", "PATH_INFO decoded");
	CHECK_STR(get("PATH_TRANSLATED"), "/srv/www/x/y z",
		  "PATH_TRANSLATED is root + PATH_INFO");
	CHECK_STR(get("QUERY_STRING"), "a=1&b=%41+c", "QUERY_STRING undecoded");
	CHECK_STR(get("REMOTE_ADDR"), "192.0.2.7", "REMOTE_ADDR");
	CHECK_STR(get("REMOTE_HOST"), "192.0.2.7", "REMOTE_HOST is the address (no DNS)");
	CHECK_STR(get("REMOTE_PORT"), "40000", "REMOTE_PORT");
	CHECK_STR(get("DOCUMENT_ROOT"), "/srv/www", "DOCUMENT_ROOT");
	CHECK_STR(get("SCRIPT_FILENAME"), "/srv/www/cgi-bin/sub/s.sh", "SCRIPT_FILENAME");
	CHECK_STR(get("CONTENT_LENGTH"), "11", "CONTENT_LENGTH");
	CHECK_STR(get("CONTENT_TYPE"), "application/x-www-form-urlencoded", "CONTENT_TYPE");
	CHECK_STR(get("PATH"), CGI_SAFE_PATH, "a fixed safe PATH");
	CHECK(get("AUTH_TYPE") == NULL, "AUTH_TYPE unset: we check no credentials");
	CHECK(get("REMOTE_USER") == NULL, "REMOTE_USER never from an unchecked Authorization");
	CHECK(get("HTTP_AUTHORIZATION") == NULL, "Authorization withheld");
	CHECK(get("HTTP_PROXY_AUTHORIZATION") == NULL, "Proxy-Authorization withheld");
	CHECK(get("HTTP_PROXY") == NULL, "Proxy withheld (httpoxy), and ours not inherited");
	CHECK(get("HTTP_CONTENT_LENGTH") == NULL && get("HTTP_CONTENT_TYPE") == NULL,
	      "Content-Length and Content-Type only as CONTENT_*");
	CHECK(get("HTTP_X_UNDER") == NULL,
	      "a name with '_' is withheld (cannot pose as X-Under)");
	CHECK_STR(get("HTTP_HOST"), "www.example:8080", "HTTP_HOST");
	CHECK_STR(get("HTTP_USER_AGENT"), "unit/1.0",
		  "HTTP_USER_AGENT: '-' to '_', upper case");
	CHECK_STR(get("HTTP_ACCEPT"), "text/html, text/plain",
		  "repeated fields joined with \", \"");
	CHECK(count("HTTP_ACCEPT") == 1, "a repeated field appears once");
	CHECK_STR(get("HTTP_COOKIE"), "a=1; b=2", "Cookie joined with \"; \"");
	CHECK_STR(get("HTTP_X_MULTI"), "one", "X-Multi");
	CHECK(get("LEAK_ME") == NULL && get("LISTEN_FDS") == NULL,
	      "nothing of our environment leaks in");
	for (size_t i = 0; i < n; i++) {
		const char *e = envp[i];
		size_t k = strcspn(e, "=");
		char name[64];
		snprintf(name, sizeof name, "%.*s", (int)k, e);
		if (count(name) != 1) {
			CHECK(0, "%s appears once", name);
			break;
		}
	}
	/* every variable is one of the known ones or an HTTP_ */
	static const char *const known[] = {"GATEWAY_INTERFACE",
					    "SERVER_SOFTWARE",
					    "SERVER_PROTOCOL",
					    "SERVER_NAME",
					    "SERVER_PORT",
					    "SERVER_ADDR",
					    "REQUEST_METHOD",
					    "REQUEST_URI",
					    "SCRIPT_NAME",
					    "PATH_INFO",
					    "PATH_TRANSLATED",
					    "QUERY_STRING",
					    "REMOTE_ADDR",
					    "REMOTE_HOST",
					    "REMOTE_PORT",
					    "DOCUMENT_ROOT",
					    "SCRIPT_FILENAME",
					    "CONTENT_LENGTH",
					    "CONTENT_TYPE",
					    "PATH",
					    "AUTH_TYPE",
					    "REMOTE_USER",
					    "REMOTE_IDENT",
					    "REQUEST_SCHEME",
					    "HTTPS"};
	size_t unknown = 0;
	for (size_t i = 0; i < n; i++) {
		if (strncmp(envp[i], "HTTP_", 5) == 0)
			continue;
		bool ok = false;
		for (size_t k = 0; k < sizeof known / sizeof known[0] && !ok; k++)
			ok = strncmp(envp[i], known[k], strlen(known[k])) == 0 &&
			     envp[i][strlen(known[k])] == '=';
		if (!ok) {
			printf("#   unexpected %s\n", envp[i]);
			unknown++;
		}
	}
	CHECK(unknown == 0, "no variable but the listed ones and HTTP_*");
	CHECK(envp[n] == NULL, "envp is NULL-terminated");

	/* A GET on HTTP/1.0: no body, no query, no PATH_INFO */
	n = build("GET /cgi-bin/s.sh HTTP/1.0\r\n\r\n", "/cgi-bin/s.sh", "", "10.0.0.1",
		  "10.0.0.2", NULL, -1);
	CHECK(n > 0, "GET environment built");
	CHECK_STR(get("SERVER_PROTOCOL"), "HTTP/1.0", "SERVER_PROTOCOL HTTP/1.0");
	CHECK(get("CONTENT_LENGTH") == NULL, "no CONTENT_LENGTH without a body");
	CHECK(get("CONTENT_TYPE") == NULL,
	      "CONTENT_TYPE not defaulted (the seed says text/plain)");
	CHECK_STR(get("QUERY_STRING"), "", "QUERY_STRING empty, but set");
	CHECK_STR(get("PATH_INFO"), "", "PATH_INFO empty");
	CHECK(get("PATH_TRANSLATED") == NULL, "no PATH_TRANSLATED without PATH_INFO");
	CHECK_STR(get("SERVER_NAME"), "10.0.0.2",
		  "SERVER_NAME: the local address without Host");
	CHECK_STR(get("REQUEST_URI"), "/cgi-bin/s.sh", "REQUEST_URI without a query");
	CHECK(get("HTTP_HOST") == NULL, "no HTTP_HOST without Host");

	/* PATH_INFO as sent, PATH_TRANSLATED collapsed beneath the root */
	n = build("GET /cgi-bin/s.sh/a///b/../../../etc/x HTTP/1.0\r\n\r\n", "/cgi-bin/s.sh",
		  "/a///b/../../../etc/x", "10.0.0.1", "10.0.0.2", NULL, -1);
	CHECK_STR(get("PATH_INFO"), "/a///b/../../../etc/x", "PATH_INFO kept as given");
	CHECK_STR(get("PATH_TRANSLATED"), "/srv/www/etc/x",
		  "PATH_TRANSLATED collapsed: never above the root");
	n = build("GET /cgi-bin/s.sh//YWJj//ZA== HTTP/1.0\r\n\r\n", "/cgi-bin/s.sh",
		  "//YWJj//ZA==", "10.0.0.1", "10.0.0.2", NULL, -1);
	CHECK_STR(get("PATH_INFO"), "//YWJj//ZA==", "base64 PATH_INFO intact");
	CHECK_STR(get("PATH_TRANSLATED"), "/srv/www/YWJj/ZA==", "PATH_TRANSLATED folded");
	n = build("GET /cgi-bin/s.sh/.. HTTP/1.0\r\n\r\n", "/cgi-bin/s.sh", "/..", "10.0.0.1",
		  "10.0.0.2", NULL, -1);
	CHECK_STR(get("PATH_TRANSLATED"), "/srv/www/", "PATH_TRANSLATED of /.. is the root");

	/* cgi_path_info: the script on the collapsed path, PATH_INFO as sent */
	path_info("/cgi-bin/env.sh/a///b", "/cgi-bin/env.sh", "/a///b");
	path_info("/cgi-bin/env.sh/YWJj//ZA==", "/cgi-bin/env.sh", "/YWJj//ZA==");
	path_info("/cgi-bin/env.sh", "/cgi-bin/env.sh", "");
	path_info("/cgi-bin/env.sh/", "/cgi-bin/env.sh", "/");
	path_info("/cgi-bin//env.sh/x", "/cgi-bin/env.sh", "/x");
	path_info("/x/../cgi-bin/env.sh//y", "/cgi-bin/env.sh", "//y");
	path_info("/cgi-bin/./env.sh/a/../b", "/cgi-bin/env.sh", "/a/../b");
	path_info("//cgi-bin/.//nested/../nested/deep.sh/p//q/", "/cgi-bin/nested/deep.sh",
		  "/p//q/");
	path_info("/cgi-bin/env.sh/../other.sh/x", "/cgi-bin/other.sh", "/x");
	path_info("/cgi-bin/env.sh/x/../../env.sh/y", "/cgi-bin/env.sh", "/y");
	path_info("/cgi-bin/env.sh/%2e%2e/x", "/cgi-bin/env.sh", "/%2e%2e/x");
	char small[4];
	cgi_path_info("/cgi-bin/env.sh/abcdef", "/cgi-bin/env.sh", small, sizeof small);
	CHECK_STR(small, "/ab", "cgi_path_info truncates to its buffer");

	/* the Host the request is directed to wins (RFC 3875 section
	 * 4.1.14); --server-name stands in for a request without one */
	n = build("GET /cgi-bin/s.sh?x HTTP/1.1\r\nHost: h:81\r\n\r\n", "/cgi-bin/s.sh", "",
		  "::1", "::1", "configured.example", -1);
	CHECK_STR(get("SERVER_NAME"), "h", "Host wins over --server-name");
	n = build("GET /cgi-bin/s.sh?x HTTP/1.0\r\n\r\n", "/cgi-bin/s.sh", "", "::1", "::1",
		  "configured.example", -1);
	CHECK_STR(get("SERVER_NAME"), "configured.example",
		  "--server-name when the request names no host");
	CHECK_STR(get("REMOTE_ADDR"), "::1", "IPv6 REMOTE_ADDR");
	CHECK_STR(get("QUERY_STRING"), "x", "QUERY_STRING without '='");
	n = build("GET /cgi-bin/s.sh HTTP/1.0\r\n\r\n", "/cgi-bin/s.sh", "", "::1", "::1", NULL,
		  -1);
	CHECK_STR(get("SERVER_NAME"), "[::1]",
		  "SERVER_NAME: an IPv6 local address in brackets");
	n = build("GET /cgi-bin/s.sh HTTP/1.1\r\nHost: [::1]:8080\r\n\r\n", "/cgi-bin/s.sh", "",
		  "::1", "::1", NULL, -1);
	CHECK_STR(get("SERVER_NAME"), "[::1]", "SERVER_NAME from an IPv6 Host, port dropped");
	n = build("GET http://abs.example:81/cgi-bin/s.sh?q=1 HTTP/1.1\r\nHost: other\r\n\r\n",
		  "/cgi-bin/s.sh", "", "::1", "::1", NULL, -1);
	CHECK_STR(get("SERVER_NAME"), "abs.example",
		  "SERVER_NAME from an absolute-form target");
	CHECK_STR(get("REQUEST_URI"), "/cgi-bin/s.sh?q=1",
		  "REQUEST_URI of an absolute-form target");

	/* a chunked body: CONTENT_LENGTH is what was decoded, no TE */
	n = build(
		"POST /cgi-bin/s.sh HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n",
		"/cgi-bin/s.sh", "", "::1", "::1", NULL, 12345);
	CHECK_STR(get("CONTENT_LENGTH"), "12345",
		  "chunked: CONTENT_LENGTH is the decoded size");
	CHECK(get("HTTP_TRANSFER_ENCODING") == NULL, "Transfer-Encoding withheld");

	/* the scheme: http unless the connection says TLS (--https, or the
	 * PROXY v2 SSL TLV); HTTPS only then, as Apache sets it */
	build("GET /cgi-bin/s.sh HTTP/1.1\r\nHost: h\r\n\r\n", "/cgi-bin/s.sh", "", "::1",
	      "::1", NULL, -1);
	CHECK_STR(get("REQUEST_SCHEME"), "http", "REQUEST_SCHEME=http without TLS");
	CHECK(get("HTTPS") == NULL, "no HTTPS variable without TLS");
	https = true;
	build("GET /cgi-bin/s.sh HTTP/1.1\r\nHost: h\r\nHTTPS: off\r\n\r\n", "/cgi-bin/s.sh",
	      "", "::1", "::1", NULL, -1);
	CHECK_STR(get("REQUEST_SCHEME"), "https", "REQUEST_SCHEME=https with TLS");
	CHECK_STR(get("HTTPS"), "on", "HTTPS=on with TLS");
	CHECK(count("HTTPS") == 1 && get("HTTP_HTTPS") != NULL,
	      "a client's HTTPS: header cannot pose as the variable");
	https = false;

	/* --pass-auth: the client's Authorization reaches the script as sent
	 * (repeated fields joined, any case of the name), a proxy's never,
	 * and nothing claims the credentials were checked */
	pass_auth = true;
	n = build("GET /cgi-bin/s.sh HTTP/1.1\r\nHost: h\r\n"
		  "Authorization: Basic dXNlcjpwdw==\r\n"
		  "Proxy-Authorization: Basic eA==\r\n"
		  "authorization: Bearer t0k3n\r\n\r\n",
		  "/cgi-bin/s.sh", "", "::1", "::1", NULL, -1);
	CHECK_STR(get("HTTP_AUTHORIZATION"), "Basic dXNlcjpwdw==, Bearer t0k3n",
		  "--pass-auth: HTTP_AUTHORIZATION as sent, repeated fields joined");
	CHECK(count("HTTP_AUTHORIZATION") == 1, "--pass-auth: HTTP_AUTHORIZATION once");
	CHECK(get("HTTP_PROXY_AUTHORIZATION") == NULL,
	      "--pass-auth: Proxy-Authorization still withheld");
	CHECK(get("REMOTE_USER") == NULL && get("AUTH_TYPE") == NULL,
	      "--pass-auth: no REMOTE_USER or AUTH_TYPE from unchecked credentials");
	pass_auth = false;
	n = build("GET /cgi-bin/s.sh HTTP/1.1\r\nHost: h\r\nAUTHORIZATION: Basic eDp5\r\n\r\n",
		  "/cgi-bin/s.sh", "", "::1", "::1", NULL, -1);
	CHECK(n > 0 && get("HTTP_AUTHORIZATION") == NULL,
	      "without --pass-auth: Authorization withheld in any case");

	/* a full head: HEADERS_MAX fields still fit */
	{
		static char big[HEAD_MAX];
		size_t off = (size_t)sprintf(big, "GET /cgi-bin/s.sh HTTP/1.0\r\n");
		for (int i = 0; i < HEADERS_MAX; i++)
			off += (size_t)sprintf(big + off, "X-H%d: %d\r\n", i, i);
		strcpy(big + off, "\r\n");
		n = build(big, "/cgi-bin/s.sh", "/p", "::1", "::1", NULL, -1);
		CHECK(n > (size_t)HEADERS_MAX && get("HTTP_X_H99") != NULL &&
			      get("PATH") != NULL,
		      "HEADERS_MAX fields and every variable fit CGI_ENV_MAX");
	}
	buf_free(&store);
	return check_done();
}
