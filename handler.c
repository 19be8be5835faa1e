/*
 * cgihandler: one HTTP request, one process.
 *
 * An activator (inetd, xinetd, systemd with Accept=yes, tcpserver) accepts a
 * connection and starts us with it. We read exactly one request head, answer
 * with a file, a directory listing or an error, or become the CGI script the
 * URL names (execve in place, the connection as its stdin and stdout), and
 * exit. This file is the story of that one request; the work is in lib/.
 *
 * Exit codes (docs/cgihandler.8): 0 an answer was sent; 1 the client went
 * away, or the answer could not be completed; 2 bad usage; 3 the process
 * was set up wrongly (activation, privileges, root).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "lib/auth.h"
#include "lib/cgi.h"
#include "lib/conn.h"
#include "lib/fmt.h"
#include "lib/fs.h"
#include "lib/host.h"
#include "lib/hot.h"
#include "lib/log.h"
#include "lib/options.h"
#include "lib/privs.h"
#include "lib/relay.h"
#include "lib/request.h"
#include "lib/response.h"
#include "lib/static.h"
#include "lib/uri.h"

enum { EXIT_ANSWERED = 0, EXIT_CLIENT_GONE = 1, EXIT_USAGE = 2, EXIT_SETUP = 3 };

/* Where a parsed request goes: a CGI script, a file, or a refusal. Returns
 * S_OK or S_NONE once an answer is under way, else the error to send. */
static enum status route(struct conn *c, const struct request *req, const struct options *o,
			 struct answer *a, struct access *log)
{
	bool get = strcmp(req->method, "GET") == 0, head = strcmp(req->method, "HEAD") == 0,
	     post = strcmp(req->method, "POST") == 0;
	static char unsupported[96];
	if (!get && !head && !post) {
		fmt_snprintf(unsupported, sizeof unsupported, "Unsupported method ('%.60s')",
			     req->method);
		a->message = unsupported;
		a->reason = "unsupported-method";
		return S_NOT_IMPLEMENTED;
	}
	if (req->path[0] != '/') {
		a->reason = "asterisk-target";
		return S_BAD_REQUEST;
	}

	/* Sized to what decoding can write (it only shortens): a fixed
	 * URL_PATH_MAX here put every later call two pages deeper. */
	char path[req->path_len + 1];
	enum status s = uri_decode_path(req->path, req->path_len, path, &a->reason);
	if (s != S_OK)
		return s;
	uri_collapse(path);
	/* before anything is looked up, so that nothing under a protected
	 * prefix (not even whether a name exists) leaks; where the path
	 * resolves is checked as it is opened (auth.h) */
	if (o->auth_file && (s = auth_check(req, path, &log->user, &a->reason)) != S_OK)
		return s;
	if (!o->dotfiles && uri_has_dotfile(path, !o->no_well_known)) {
		a->message = "File not found";
		a->reason = "dotfile";
		return S_NOT_FOUND;
	}

	static struct cgi_script script;
	char as_sent[req->path_len + 1];
	size_t cgi_dir = cgi_match(path, o);
	/* a script is found on the collapsed path, but PATH_INFO is as the
	 * client sent it: decoded again, not collapsed */
	if ((cgi_dir || o->ninterpreters) &&
	    (s = uri_decode_path(req->path, req->path_len, as_sent, &a->reason)) != S_OK)
		return s;
	if (cgi_dir) {
		if ((s = cgi_locate(path, as_sent, cgi_dir, o, &script, a)) != S_OK)
			return s;
		return cgi_run(c, req, &script, o, a, log);
	}
	if (o->ninterpreters &&
	    (s = cgi_locate_interpreted(path, as_sent, o, &script, a)) != S_NONE)
		return s == S_OK ? cgi_run(c, req, &script, o, a, log) : s;
	if (post) {
		a->message = "Can only POST to CGI scripts";
		a->reason = "post-to-file";
		return S_NOT_IMPLEMENTED;
	}
	return static_serve(c, req, path, o, a);
}

/* A relayed script's local redirect (RFC 3875 6.2.2): we answer a GET of
 * its Location instead, routed through every check again, and follow at
 * most LOCAL_REDIRECTS_MAX of them. Returns as route() does. */
static enum status follow_local_redirects(struct conn *c, const struct request *req,
					  const struct options *o, struct answer *a,
					  struct access *log)
{
	struct request hop = *req;
	static char where[REQUEST_LINE_MAX + 1];
	enum status s = S_NONE;
	for (int hops = 0; s == S_NONE && a->location; hops++) {
		if (hops == LOCAL_REDIRECTS_MAX) {
			a->reason = "local-redirect-loop";
			return S_LOOP_DETECTED;
		}
		if (!relay_local_request(&hop, a->location, where, sizeof where)) {
			a->reason = "script-location-invalid";
			return S_BAD_GATEWAY;
		}
		a->location = NULL;
		s = route(c, &hop, o, a, log);
	}
	return s;
}

/* The request line as received, for the log, before parsing cuts it up. */
static void copy_request_line(const char *head, size_t len, char *out, size_t n)
{
	size_t i = 0;
	while (i < len && (head[i] == '\r' || head[i] == '\n'))
		i++;
	size_t j = 0;
	while (i < len && head[i] != '\r' && head[i] != '\n' && j + 1 < n)
		out[j++] = head[i++];
	out[j] = '\0';
}

int main(int argc, char **argv)
{
	struct options opt;
	switch (options_parse(&opt, argc, argv)) {
	case OPTIONS_EXIT_OK: return EXIT_ANSWERED;
	case OPTIONS_EXIT_USAGE: return EXIT_USAGE;
	case OPTIONS_RUN: break;
	}
	/* SIGPIPE is ignored by the writes that can raise it (sigpipe.h). */
	if (opt.nerror_pages)
		response_use_error_pages(opt.error_pages, opt.nerror_pages);
	/* our own configuration; room for it: CONFIGS_MAX < HIDDEN_MAX */
	for (size_t i = 0; i < opt.nconfigs; i++)
		(void)fs_hide(opt.configs[i].dev, opt.configs[i].ino);

	/* The connection. */
	struct conn conn;
	const char *why = NULL;
	bool found = conn_open(&conn, opt.timeout, &why);
	/* one choice for every path; --log none needs none */
	bool stderr_is_conn = opt.log != LOG_TO_NONE && conn_stderr_is_conn(&conn);
	log_init(opt.log, stderr_is_conn, conn.stderr_quiet);
	if (!found) {
		log_error("%s", why);
		return EXIT_SETUP;
	}
	struct answer ans = {0};
	struct access log = {.remote = conn.remote_addr};

	/* The password file (read while we may still be root, so it can be
	 * root's alone), privileges, then the root: every path the client
	 * names is opened as the user we serve as, never as root. */
	if ((opt.auth_file && !auth_load(opt.auth_file, opt.auth_realm, opt.auth_prefixes,
					 opt.nauth_prefixes, &why)) ||
	    !privs_drop(opt.user, opt.chroot ? opt.root : NULL, &why) ||
	    !fs_open_root(opt.chroot ? "/" : opt.root)) {
		log_error("cannot serve %s: %s", opt.root, why ? why : strerror(errno));
		ans.reason = "setup-failed";
		response_error(&conn, 0, false, S_INTERNAL_SERVER_ERROR, NULL, NULL, &ans);
		log.status = ans.status;
		log.bytes = ans.bytes;
		log.reason = ans.reason;
		log_access(&log);
		conn_close(&conn, true);
		return EXIT_SETUP;
	}

	/* Behind a balancer: its PROXY header names the client, and is read
	 * exactly, so the request behind it is still whole. Refused: closed
	 * with no answer, as the protocol asks. */
	conn.tls = opt.https;
	if (opt.proxy_protocol && (log.reason = conn_read_proxy(&conn)) != NULL) {
		log_access(&log);
		conn_close(&conn, true);
		return EXIT_CLIENT_GONE;
	}

	/* The request head: read exactly, then parsed strictly. Kept off the
	 * stack: a request touches the first bytes of the buffer only, and
	 * 16 KiB of frame would push every call below it onto fresh pages
	 * (a page fault each); its first page is one the process touches
	 * anyway (lib/hot.h). */
	static char head[HEAD_MAX + 1] HOT_BSS;
	char line[1024]; /* not zeroed: a page fault's worth of stores */
	line[0] = '\0';
	size_t len = 0;
	struct request req = {.minor = 0, .content_length = -1};
	enum status s = conn_read_head(&conn, head, sizeof head, &len);
	if (s == S_OK) {
		copy_request_line(head, len, line, sizeof line);
		log.request_line = line;
		s = request_parse(&req, head, len);
		ans.reason = s == S_OK ? NULL : req.reason;
	} else if (s != S_NONE) {
		ans.reason = s == S_REQUEST_TIMEOUT ? "head-timeout"
			     : s == S_BAD_REQUEST   ? "not-http"
						    : "head-too-large";
	} else {
		ans.reason = conn.reset_early ? "client-reset" : "no-request";
	}
	bool parsed = s == S_OK;

	/* Which host (--host, --vhosts), then the answer: a script (which
	 * replaces us), a file, or an error. */
	char host[HOST_NAME_LEN];
	host[0] = '\0';
	if (parsed) {
		conn_expect_body(&conn, req.content_length, req.chunked);
		log.method = req.method;
		log.target = req.target;
		if (opt.nhosts || opt.vhosts) {
			s = host_select(&req, &opt, host, &ans);
			if (opt.vhosts && *host)
				opt.vhost_name = host;
		}
		if (s == S_OK)
			s = route(&conn, &req, &opt, &ans, &log);
		if (s == S_NONE && ans.location)
			s = follow_local_redirects(&conn, &req, &opt, &ans, &log);
	}
	if (s == S_UNAUTHORIZED) /* the request path, or where it led (auth.h) */
		ans.reason = auth_reason();
	if (s != S_OK && s != S_NONE)
		response_error(&conn, req.minor, parsed && strcmp(req.method, "HEAD") == 0, s,
			       ans.message, s == S_UNAUTHORIZED ? auth_challenge() : NULL,
			       &ans);

	/* The log line, and the end. An answer the client cut short, or the
	 * sending rule ended (conn.h), says so. */
	if (conn.send_stop) {
		ans.incomplete = true;
		ans.reason = conn.send_stop;
	}
	log.status = ans.status;
	log.bytes = ans.bytes;
	log.reason = ans.reason;
	if (!ans.logged)
		log_access(&log);
	bool unread = !parsed || req.content_length > 0 || req.chunked;
	relay_drain(&conn, ans.drain, opt.timeout);
	conn_close(&conn, unread);
	return ans.status && !ans.incomplete ? EXIT_ANSWERED : EXIT_CLIENT_GONE;
}
