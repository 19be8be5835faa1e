/* cgi.h: running a CGI script in place of ourselves, as the seed's
 * CGIHTTPRequestHandler does, with RFC 3875's environment built from scratch. */
#ifndef CGIHANDLER_CGI_H
#define CGIHANDLER_CGI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "conn.h"
#include "log.h"
#include "options.h"
#include "request.h"
#include "response.h"

/* Where a URL landed among the CGI directories. */
struct cgi_script {
	char dir[URL_PATH_MAX];		/* the deepest directory walked, "/cgi-bin/sub" */
	char script_name[URL_PATH_MAX]; /* dir + "/" + script */
	char path_info[URL_PATH_MAX];	/* the rest as sent, "" or starting with '/' */
	const char *name;		/* the script's file name, inside script_name */
	const char *interpreter;	/* --interpreter's path, or NULL: run the file */
};

/* The length of the CGI directory that path (collapsed) starts with, the
 * shortest that matches on a '/' boundary, as the seed's is_cgi() finds it;
 * 0 when path is not under one. Pure. */
size_t cgi_match(const char *path, const struct options *o);

/* Walks path below its CGI directory (dirlen from cgi_match): components are
 * taken as directories while they are directories beneath the root, the
 * next is the script, and PATH_INFO is what cgi_path_info() finds after it
 * in as_sent, the same path decoded but not collapsed. A script whose name
 * has an --interpreter extension is run through it and need not be
 * executable. Returns S_OK, or 404 (no such script) or 403 (not a regular
 * file, not executable) with a->message and a->reason set as the seed words
 * them. */
enum status cgi_locate(const char *path, const char *as_sent, size_t dirlen,
		       const struct options *o, struct cgi_script *s, struct answer *a);

/* PATH_INFO as the client sent it (RFC 3875 section 4.1.5): the script is
 * found on the collapsed path, and its SCRIPT_NAME has k components; PATH_INFO
 * is what follows, in as_sent (decoded, not collapsed), the component that
 * collapsing makes the k-th for the last time (uri_component_end()). So
 * empty segments, "." and ".." after the script are kept as data:
 * "/cgi-bin/env.sh/a///b" gives "/a///b", and "/cgi-bin//env.sh/x",
 * "/x/../cgi-bin/env.sh/x" and "/cgi-bin/./env.sh/x" all give "/x", while
 * "/cgi-bin/env.sh/a/../b" gives "/a/../b". Writes at most n bytes with the
 * NUL into out. Pure. */
void cgi_path_info(const char *as_sent, const char *script_name, char *out, size_t n);

/* The --interpreter for a file name of len bytes: the first whose
 * extension ends name, compared without regard to ASCII case (".PHP" runs
 * too, rather than being served as its source); NULL for none. A name that
 * is only the extension (".php") is a dotfile, never matched. Pure. */
const char *cgi_interpreter_for(const char *name, size_t len, const struct options *o);

/* Finds an --interpreter script anywhere in path (collapsed), as uhttpd
 * does: the first component, from the left, whose name has a mapped
 * extension and that is a regular file beneath the root is the script;
 * PATH_INFO is what follows it in as_sent, as cgi_path_info() finds it
 * ("/a/index.php/x/y" gives "/x/y"). A mapped name that is a directory is
 * walked through. A path ending in '/' whose first existing --index file
 * has a mapped extension names that file ("/app/" runs "/app/index.php").
 * Returns S_OK with *s filled, S_NONE when path names no such file (the
 * static answer follows), or 403 when the name leads outside the root. */
enum status cgi_locate_interpreted(const char *path, const char *as_sent,
				   const struct options *o, struct cgi_script *s,
				   struct answer *a);

/* What the environment is built from; every field is plain data, so unit
 * tests build environments without sockets. */
struct cgi_vars {
	const struct request *req;
	const char *remote_addr, *remote_port, *local_addr, *local_port;
	const char *host_name;	 /* the host --vhosts chose, or NULL: Host's */
	const char *server_name; /* --server-name: when the request names no
				  * host; NULL: the local address */
	const char *document_root;
	const struct cgi_script *script;
	int64_t content_length;	 /* -1: no body */
	bool https;		 /* the client spoke TLS (conn's tls) */
	bool pass_auth;		 /* --pass-auth: Authorization is passed on */
	const char *remote_user; /* verified by --auth, or NULL: no REMOTE_USER */
};

/* Builds the script's whole environment into store and points envp[] (room
 * for max entries, NULL-terminated) at it: the RFC 3875 section 4.1
 * variables (REMOTE_USER and AUTH_TYPE=Basic only with remote_user;
 * PATH_TRANSLATED, when there is a PATH_INFO, is the document
 * root and PATH_INFO collapsed as a URL path is, so it never climbs out), REMOTE_PORT,
 * SERVER_ADDR, REQUEST_URI, DOCUMENT_ROOT, SCRIPT_FILENAME, REQUEST_SCHEME (and HTTPS=on
 * when https, as Apache sets them; RFC 3875 leaves both to the server), a fixed PATH,
 * REDIRECT_STATUS=200 for an --interpreter script (php-cgi's cgi.force_redirect wants it), and
 * HTTP_* for each header field but Authorization (passed when v->pass_auth),
 * Proxy-Authorization (never), Proxy, Content-Length,
 * Content-Type and Transfer-Encoding, and but names with bytes other than letters, digits and
 * '-' (so "X_Y" cannot pose as "X-Y"). Repeated fields are joined with ", " ("; " for Cookie).
 * Returns the count, or 0 when store failed. */
size_t cgi_build_env(const struct cgi_vars *v, struct buf *store, char **envp, size_t max);

/* Runs the located script: reads a chunked body into a sealed memfd, sends
 * "100 Continue" when asked, writes the seed's 200 status line (none for an
 * nph- script), logs, and execs the script with the connection as its stdin
 * and stdout; the access line (*log, with status and bytes filled in) is
 * written just before. With --relay the script runs as a child instead and
 * its header block becomes our status line and head. Returns only when it
 * could not exec: the status to answer with when nothing was sent yet,
 * S_NONE when something was (or, with --relay, when the answer is done). */
enum status cgi_run(struct conn *c, const struct request *req, const struct cgi_script *s,
		    const struct options *o, struct answer *a, struct access *log);

#endif
