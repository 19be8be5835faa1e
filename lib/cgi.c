#include "cgi.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "chunked.h"
#include "clock.h"
#include "fmt.h"
#include "fs.h"
#include "httpdate.h"
#include "keeper.h"
#include "relay.h"
#include "uri.h"

size_t cgi_match(const char *path, const struct options *o)
{
	for (const char *sep = strchr(path + 1, '/'); sep; sep = strchr(sep + 1, '/')) {
		size_t n = (size_t)(sep - path);
		for (size_t i = 0; i < o->ncgi_dirs; i++)
			if (strlen(o->cgi_dirs[i]) == n && memcmp(o->cgi_dirs[i], path, n) == 0)
				return n;
	}
	return 0;
}

void cgi_path_info(const char *as_sent, const char *script_name, char *out, size_t n)
{
	size_t k = 0;
	for (const char *p = script_name; *p; p++)
		k += *p == '/';
	fmt_snprintf(out, n, "%s", as_sent + uri_component_end(as_sent, k));
}

const char *cgi_interpreter_for(const char *name, size_t len, const struct options *o)
{
	for (size_t i = 0; i < o->ninterpreters; i++) {
		size_t n = strlen(o->interpreters[i].ext);
		if (len > n && strncasecmp(name + len - n, o->interpreters[i].ext, n) == 0)
			return o->interpreters[i].path;
	}
	return NULL;
}

/* A directory's index, when the first of --index that exists is a file
 * with a mapped extension: it runs, rather than being sent as its source. */
static enum status locate_index(const char *path, const struct options *o, struct cgi_script *s)
{
	size_t len = strlen(path);
	for (size_t i = 0; i < o->nindex; i++) {
		size_t n = strlen(o->index[i]);
		if (len + n >= sizeof s->script_name)
			return S_NONE;
		memcpy(s->script_name, path, len);
		memcpy(s->script_name + len, o->index[i], n + 1);
		struct stat st;
		if (!fs_stat_beneath(s->script_name, &st) || !S_ISREG(st.st_mode))
			continue; /* as static_serve() tries the next */
		s->interpreter = cgi_interpreter_for(o->index[i], n, o);
		if (!s->interpreter)
			return S_NONE;
		memcpy(s->dir, path, len - 1);
		s->dir[len - 1] = '\0';
		s->path_info[0] = '\0';
		s->name = s->script_name + len;
		return S_OK;
	}
	return S_NONE;
}

enum status cgi_locate_interpreted(const char *path, const char *as_sent,
				   const struct options *o, struct cgi_script *s,
				   struct answer *a)
{
	size_t len = strlen(path);
	if (len >= sizeof s->dir)
		return S_NONE;
	for (size_t start = 1; start < len;) {
		const char *slash = strchr(path + start, '/');
		size_t end = slash ? (size_t)(slash - path) : len;
		const char *interp = cgi_interpreter_for(path + start, end - start, o);
		if (interp) {
			memcpy(s->script_name, path, end);
			s->script_name[end] = '\0';
			struct stat st;
			enum status st_open;
			int fd = fs_open_beneath(s->script_name, O_PATH, &st, &st_open);
			if (fd < 0 && st_open != S_NOT_FOUND) {
				a->reason = "script-outside-root";
				return st_open; /* 403, or 401 from --auth (auth.h) */
			}
			if (fd < 0)
				return S_NONE; /* nothing deeper exists either */
			close(fd);
			if (S_ISREG(st.st_mode)) {
				memcpy(s->dir, path, start - 1);
				s->dir[start - 1] = '\0';
				cgi_path_info(as_sent, s->script_name, s->path_info,
					      sizeof s->path_info);
				s->name = s->script_name + start;
				s->interpreter = interp;
				return S_OK;
			}
		}
		start = end + 1;
	}
	if (path[len - 1] == '/')
		return locate_index(path, o, s);
	return S_NONE;
}

enum status cgi_locate(const char *path, const char *as_sent, size_t dirlen,
		       const struct options *o, struct cgi_script *s, struct answer *a)
{
	struct stat st;
	size_t len = strlen(path);
	if (len >= sizeof s->dir)
		return S_NOT_FOUND;
	/* Walk down while the next component is a directory (the seed's
	 * nested cgi directories: /cgi-bin/sub/script). */
	size_t d = dirlen;
	for (;;) {
		const char *next = strchr(path + d + 1, '/');
		if (!next)
			break;
		size_t n = (size_t)(next - path);
		memcpy(s->dir, path, n);
		s->dir[n] = '\0';
		if (!fs_stat_beneath(s->dir, &st) || !S_ISDIR(st.st_mode))
			break;
		d = n;
	}
	memcpy(s->dir, path, d);
	s->dir[d] = '\0';
	const char *rest = path + d + 1;
	const char *slash = strchr(rest, '/');
	size_t sn = slash ? (size_t)(slash - rest) : strlen(rest);
	/* the script's name is the prefix of path up to the end of the script */
	memcpy(s->script_name, path, d + 1 + sn);
	s->script_name[d + 1 + sn] = '\0';
	cgi_path_info(as_sent, s->script_name, s->path_info, sizeof s->path_info);
	s->name = s->script_name + d + 1;

	static char message[URL_PATH_MAX + 64];
	enum status st_open;
	int fd = fs_open_beneath(s->script_name, O_PATH, &st, &st_open);
	if (fd < 0) {
		fmt_snprintf(message, sizeof message, "No such CGI script ('%s')",
			     s->script_name);
		a->message = message;
		a->reason = st_open == S_NOT_FOUND ? "no-such-script" : "script-outside-root";
		return st_open;
	}
	/* fd stays open: it is O_CLOEXEC, and prepare_process's close_range
	 * closes it first (a close(2) fewer before the script runs) */
	if (!S_ISREG(st.st_mode)) {
		fmt_snprintf(message, sizeof message, "CGI script is not a plain file ('%s')",
			     s->script_name);
		a->message = message;
		a->reason = "script-not-a-file";
		return S_FORBIDDEN;
	}
	s->interpreter = cgi_interpreter_for(s->name, strlen(s->name), o);
	if (!s->interpreter &&
	    faccessat(fs_root_fd(), s->script_name + 1, X_OK, AT_EACCESS) != 0) {
		fmt_snprintf(message, sizeof message, "CGI script is not executable ('%s')",
			     s->script_name);
		a->message = message;
		a->reason = "script-not-executable";
		return S_FORBIDDEN;
	}
	return S_OK;
}

/* The header fields a script never sees as HTTP_*: credentials we did not
 * check (RFC 3875 section 4.1.18 lets us withhold them; --pass-auth passes
 * the client's own to scripts that check them, as Apache's CGIPassAuth
 * does, but a proxy's are never the script's business), Proxy (httpoxy:
 * HTTP_PROXY would steer the script's own requests), the two that have
 * variables of their own, and Transfer-Encoding, since the script reads a
 * decoded body. */
static bool withheld(const char *name, bool pass_auth)
{
	static const char *const names[] = {"Authorization", "Proxy-Authorization",
					    "Proxy",	     "Content-Length",
					    "Content-Type",  "Transfer-Encoding"};
	if (pass_auth && strcasecmp(name, "Authorization") == 0)
		return false;
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcasecmp(name, names[i]) == 0)
			return true;
	for (const char *p = name; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '-'))
			return true;
	return false;
}

static void var(struct buf *b, const char *name, const char *value)
{
	buf_printf(b, "%s=%s", name, value ? value : "");
	buf_add(b, "", 1);
}

/* SERVER_NAME (RFC 3875 section 4.1.14): "the server host to which the
 * client request is directed", so the host the request names (as --vhosts
 * spelled it, or Host without its port); --server-name only when it names
 * none (HTTP/1.0), then the local address. */
static void server_name(struct buf *b, const struct cgi_vars *v)
{
	const char *host = v->host_name			   ? v->host_name
			   : v->req->host && *v->req->host ? v->req->host
							   : v->server_name;
	buf_puts(b, "SERVER_NAME=");
	if (host && *host) {
		const char *end = host[0] == '[' ? strchr(host, ']') : strchr(host, ':');
		if (host[0] == '[' && end)
			end++;
		buf_add(b, host, end ? (size_t)(end - host) : strlen(host));
	} else if (strchr(v->local_addr, ':')) {
		buf_printf(b, "[%s]", v->local_addr);
	} else {
		buf_puts(b, v->local_addr);
	}
	buf_add(b, "", 1);
}

size_t cgi_build_env(const struct cgi_vars *v, struct buf *b, char **envp, size_t max)
{
	const struct request *r = v->req;
	size_t start = b->len;
	char num[24];
	var(b, "GATEWAY_INTERFACE", "CGI/1.1");
	var(b, "SERVER_SOFTWARE", SERVER_SOFTWARE);
	buf_printf(b, "SERVER_PROTOCOL=HTTP/1.%d", r->minor);
	buf_add(b, "", 1);
	server_name(b, v);
	var(b, "SERVER_PORT", *v->local_port ? v->local_port : v->https ? "443" : "80");
	var(b, "SERVER_ADDR", v->local_addr);
	var(b, "REQUEST_SCHEME", v->https ? "https" : "http");
	if (v->https)
		var(b, "HTTPS", "on");
	var(b, "REQUEST_METHOD", r->method);
	/* REQUEST_URI as sent, less an absolute-form's scheme and authority */
	var(b, "REQUEST_URI", r->path);
	var(b, "SCRIPT_NAME", v->script->script_name);
	var(b, "PATH_INFO", v->script->path_info);
	if (v->script->path_info[0]) {
		/* PATH_INFO is the client's data; the file it names is found
		 * the way a URL path is, never above the root */
		char translated[URL_PATH_MAX];
		fmt_snprintf(translated, sizeof translated, "%s", v->script->path_info);
		uri_collapse(translated);
		buf_printf(b, "PATH_TRANSLATED=%s%s",
			   strcmp(v->document_root, "/") ? v->document_root : "", translated);
		buf_add(b, "", 1);
	}
	var(b, "QUERY_STRING", r->query ? r->query : "");
	var(b, "REMOTE_ADDR", v->remote_addr);
	/* No reverse lookup (it would cost every request a DNS round trip):
	 * RFC 3875 4.1.9 lets REMOTE_HOST be the address. */
	var(b, "REMOTE_HOST", v->remote_addr);
	var(b, "REMOTE_PORT", v->remote_port);
	if (v->remote_user) { /* RFC 3875 4.1.1 and 4.1.11: only once verified */
		var(b, "AUTH_TYPE", "Basic");
		var(b, "REMOTE_USER", v->remote_user);
	}
	var(b, "DOCUMENT_ROOT", v->document_root);
	buf_printf(b, "SCRIPT_FILENAME=%s%s",
		   strcmp(v->document_root, "/") ? v->document_root : "",
		   v->script->script_name);
	buf_add(b, "", 1);
	if (v->script->interpreter)
		var(b, "REDIRECT_STATUS", "200");
	if (v->content_length >= 0) {
		fmt_snprintf(num, sizeof num, "%lld", (long long)v->content_length);
		var(b, "CONTENT_LENGTH", num);
	}
	const char *ct = request_header(r, "Content-Type");
	if (ct)
		var(b, "CONTENT_TYPE", ct);
	var(b, "PATH", CGI_SAFE_PATH);

	for (size_t i = 0; i < r->nheaders; i++) {
		const char *name = r->headers[i].name;
		if (withheld(name, v->pass_auth))
			continue;
		bool seen = false;
		for (size_t j = 0; j < i && !seen; j++)
			seen = strcasecmp(r->headers[j].name, name) == 0;
		if (seen)
			continue; /* joined into the first one below */
		buf_puts(b, "HTTP_");
		for (const char *p = name; *p; p++) {
			char ch = *p == '-' ? '_' : *p;
			if (ch >= 'a' && ch <= 'z')
				ch = (char)(ch - 32);
			buf_add(b, &ch, 1);
		}
		buf_puts(b, "=");
		buf_puts(b, r->headers[i].value);
		const char *sep = strcasecmp(name, "Cookie") == 0 ? "; " : ", ";
		for (size_t j = i + 1; j < r->nheaders; j++)
			if (strcasecmp(r->headers[j].name, name) == 0) {
				buf_puts(b, sep);
				buf_puts(b, r->headers[j].value);
			}
		buf_add(b, "", 1);
	}
	if (buf_failed(b))
		return 0;
	size_t n = 0;
	for (size_t off = start; off < b->len && n + 1 < max; off += strlen(b->data + off) + 1)
		envp[n++] = b->data + off;
	envp[n] = NULL;
	return n;
}

/* A chunked body, decoded into a sealed memfd that becomes the script's
 * stdin with an exact CONTENT_LENGTH: the script still reads a plain body,
 * and we still exec in place. */
static enum status read_chunked(struct conn *c, int64_t max, int *fd_out, int64_t *len,
				const char **why)
{
	int fd = (int)syscall(SYS_memfd_create, "body", MFD_CLOEXEC | MFD_ALLOW_SEALING);
	if (fd < 0) {
		*why = "memfd-failed";
		return S_INTERNAL_SERVER_ERROR;
	}
	struct chunked dec;
	chunked_init(&dec, (uint64_t)max);
	char in[65536], out[65536];
	enum status s = S_OK;
	bool exact = false; /* the body's end was the end of a read */
	while (!dec.done) {
		ssize_t n = conn_read(c, in, sizeof in);
		if (n <= 0) {
			s = n < 0 ? S_REQUEST_TIMEOUT : S_BAD_REQUEST;
			*why = n < 0 ? "body-timeout" : "body-truncated";
			break;
		}
		size_t outn, used;
		s = chunked_feed(&dec, in, (size_t)n, out, &outn, &used);
		exact = used == (size_t)n;
		if (s != S_OK) {
			*why = s == S_PAYLOAD_TOO_LARGE ? "body-too-large" : "bad-chunked-body";
			break;
		}
		for (size_t off = 0; off < outn;) {
			ssize_t w = write(fd, out + off, outn - off);
			if (w < 0 && errno == EINTR)
				continue;
			if (w <= 0) {
				s = S_INTERNAL_SERVER_ERROR;
				*why = "memfd-write-failed";
				goto fail;
			}
			off += (size_t)w;
		}
	}
	conn_body_read(c, s == S_OK, exact); /* nothing more is owed: no drain waits */
	if (s != S_OK)
		goto fail;
	const int seals = F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_SEAL;
	if (fcntl(fd, F_ADD_SEALS, seals) < 0 || lseek(fd, 0, SEEK_SET) != 0) {
		s = S_INTERNAL_SERVER_ERROR;
		*why = "memfd-seal-failed";
		goto fail;
	}
	*fd_out = fd;
	*len = (int64_t)dec.total;
	return S_OK;
fail:
	close(fd);
	return s;
}

/* Sets sig to SIG_DFL. libc keeps a few real-time signals for itself
 * (glibc 32 and 33) and refuses to touch them, but an activator may have
 * set them to SIG_IGN and an ignored disposition survives execve: those
 * take the raw call. All zeros is SIG_DFL with no flags and an empty mask
 * in every architecture's kernel sigaction, whatever its field order (MIPS
 * puts the flags first), and the kernel's set is _NSIG - 1 bits (64, or 128
 * on MIPS). EINVAL from the kernel means it has no such signal (qemu-user
 * has fewer than the CPU it emulates): then nothing can be ignored there. */
static bool reset_signal(int sig)
{
	struct sigaction dfl = {.sa_handler = SIG_DFL};
	if (sigaction(sig, &dfl, NULL) == 0 || sig == SIGKILL || sig == SIGSTOP)
		return true;
	unsigned long long zero[8] = {0};
	return syscall(SYS_rt_sigaction, sig, zero, NULL, (size_t)(_NSIG - 1) / 8) == 0 ||
	       errno == EINVAL;
}

/* What the kernel says of this process in /proc/self/status: the set of
 * ignored and of blocked signals (hex masks whose lowest bit is signal 1)
 * and the umask (octal, since Linux 4.7). One read (three system calls)
 * tells what a sigaction per signal (64 calls), a sigprocmask and a umask
 * would otherwise have to set blindly. */
struct self_status {
	const char *ignored, *blocked; /* the hex digits; NULL when not told */
	long umask;		       /* -1 when not told */
};

/* The value of status line name (with its ':'), spaces skipped; NULL. */
static const char *status_field(const char *st, const char *name)
{
	const char *p = strstr(st, name);
	if (!p)
		return NULL;
	p += strlen(name);
	while (*p == ' ' || *p == '\t')
		p++;
	return p;
}

/* False without /proc (a chroot, a box that does not mount it). */
static bool read_self_status(char *st, size_t n, struct self_status *me)
{
	*me = (struct self_status){.umask = -1};
	/* openat, not open: musl's open adds an fcntl */
	int fd = openat(AT_FDCWD, "/proc/self/status", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	/* fd stays open (read after close_range): O_CLOEXEC closes it at the
	 * execve, a close(2) fewer */
	ssize_t got = read(fd, st, n - 1);
	if (got <= 0)
		return false;
	st[got] = '\0';
	me->ignored = status_field(st, "\nSigIgn:");
	me->blocked = status_field(st, "\nSigBlk:");
	const char *um = status_field(st, "\nUmask:");
	if (um && *um >= '0' && *um <= '7')
		for (me->umask = 0; *um >= '0' && *um <= '7' && me->umask < 01000; um++)
			me->umask = me->umask * 8 + (*um - '0'); /* octal; not strtol (2 KiB) */
	return me->ignored != NULL;
}

static bool is_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}

/* execve resets every caught signal by itself; only ignored ones survive
 * it: those the kernel lists (ignored, from read_self_status), or every
 * signal when it cannot tell (NULL). */
static bool reset_ignored_signals(const char *ign)
{
	if (!ign) {
		for (int sig = 1; sig < NSIG; sig++)
			if (!reset_signal(sig))
				return false;
		return true;
	}
	const char *end = ign;
	while (is_hex(*end))
		end++;
	for (int bit = 0; end > ign; end--, bit += 4) {
		int digit = end[-1] <= '9' ? end[-1] - '0' : end[-1] - 'a' + 10;
		for (int b = 0; b < 4; b++)
			if ((digit >> b & 1) && !reset_signal(bit + b + 1))
				return false;
	}
	return true;
}

/* What a script inherits from us, made clean: fds 0, 1, 2 and nothing else,
 * default signal dispositions, an empty mask, umask 022, its limits, its
 * alarm, and its own directory as the working directory. */
static bool prepare_process(struct conn *c, int body_fd, const struct cgi_script *s,
			    const struct options *o, bool stdout_is_conn)
{
	/* the script's reads and writes on the connection are bounded like
	 * ours; set while c's descriptors are still open. It reads the socket
	 * only for a Content-Length body (a chunked one is in body_fd). */
	if (!conn_bound_for_script(c, body_fd < 0 && c->body == BODY_LENGTH))
		return false;
	if (body_fd >= 0) {
		if (dup2(body_fd, 0) < 0)
			return false;
		close(body_fd);
	} else if (c->in != 0 && dup2(c->in, 0) < 0) {
		return false;
	}
	if (stdout_is_conn && c->out != 1 && dup2(c->out, 1) < 0)
		return false;
	if (conn_stderr_is_conn(c)) {
		/* the script's complaints must not land in the response */
		int null = open("/dev/null", O_WRONLY);
		if (null < 0 || dup2(null, 2) < 0)
			return false;
		if (null != 2)
			close(null);
	}
	/* RFC 3875 section 7.2: the script runs in its own directory, named
	 * by the root's real path (the script's own path is built the same
	 * way): one chdir, not an fchdir to the root and a chdir below it. */
	const char *root = fs_root_path();
	char dir[PATH_MAX + URL_PATH_MAX];
	fmt_snprintf(dir, sizeof dir, "%s%s", strcmp(root, "/") ? root : "", s->dir);
	if (chdir(*dir ? dir : "/") != 0)
		return false;
	/* O_CLOEXEC covers what we opened; this covers what we inherited. */
	if (syscall(SYS_close_range, 3U, ~0U, 0U) != 0)
		for (int fd = 3; fd < 1024; fd++)
			close(fd);
	char status[4096];
	struct self_status me;
	bool told = read_self_status(status, sizeof status, &me);
	if (!reset_ignored_signals(told ? me.ignored : NULL))
		return false;
	/* an empty mask and a umask of 022 (the usual case) need no call */
	const char *b = me.blocked;
	while (b && *b == '0')
		b++;
	if (!b || is_hex(*b)) {
		sigset_t none;
		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
	}
	if (me.umask != 022)
		umask(022);
	if (o->cpu_limit > 0) {
		struct rlimit rl = {(rlim_t)o->cpu_limit, (rlim_t)o->cpu_limit};
		if (setrlimit(RLIMIT_CPU, &rl) != 0)
			return false;
	}
	if (o->mem_limit > 0) {
		struct rlimit rl = {(rlim_t)o->mem_limit, (rlim_t)o->mem_limit};
		if (setrlimit(RLIMIT_AS, &rl) != 0)
			return false;
	}
	alarm((unsigned)o->cgi_timeout); /* survives execve: the wall-clock bound */
	return true;
}

/* The seed passes a query without '=' as one argument, '+' read as space.
 * An interpreter gets the script's absolute path instead (it never begins
 * with '-'), and never the query: "?-s" as php-cgi's argument would show
 * the source, "?-d..." would run code (CVE-2012-1823). */
static void build_argv(const struct request *req, const struct cgi_script *s, char *arg,
		       size_t n, char *file, char *argv[3])
{
	argv[0] = (char *)s->name;
	argv[1] = NULL;
	argv[2] = NULL;
	if (s->interpreter) {
		argv[0] = (char *)s->interpreter;
		argv[1] = file;
		return;
	}
	if (req->query && *req->query && !strchr(req->query, '=')) {
		fmt_snprintf(arg, n, "%s", req->query);
		for (char *p = arg; *p; p++)
			if (*p == '+')
				*p = ' ';
		argv[1] = arg;
	}
}

static bool is_nph(const struct cgi_script *s)
{
	return strncmp(s->name, "nph-", 4) == 0;
}

/* --relay: the script runs as our child with its stdout on a pipe, and
 * relay_answer() makes our answer of what it writes. */
static enum status relay(struct conn *c, const struct cgi_script *s, const struct options *o,
			 int body_fd, char *path, char **argv, char **envp, struct answer *a,
			 const struct request *req)
{
	int p[2];
	if (pipe2(p, O_CLOEXEC) != 0) {
		a->reason = "pipe-failed";
		return S_INTERNAL_SERVER_ERROR;
	}
	pid_t pid = fork();
	if (pid < 0) {
		a->reason = "fork-failed";
		return S_INTERNAL_SERVER_ERROR;
	}
	if (pid == 0) {
		/* fd 1 becomes the pipe: under inetd it was the connection's
		 * out, so the script's connection is its in alone */
		struct conn child = *c;
		child.out = child.in;
		if (dup2(p[1], 1) < 0 || !prepare_process(&child, body_fd, s, o, false))
			_exit(127);
		execve(path, argv, envp);
		_exit(127);
	}
	close(p[1]);
	if (body_fd >= 0)
		close(body_fd);
	/* A body still on the socket is drained after the answer
	 * (relay_drain); one we read into body_fd is not there any more, and
	 * waiting for it would hold the connection for --timeout. */
	else if (req->content_length > 0)
		a->drain =
			req->content_length < o->max_body ? req->content_length : o->max_body;
	return relay_answer(c, p[0], pid, s->script_name, req, o, a);
}

enum status cgi_run(struct conn *c, const struct request *req, const struct cgi_script *s,
		    const struct options *o, struct answer *a, struct access *log)
{
	int64_t length = req->content_length;
	if (length > o->max_body) {
		a->reason = "body-too-large";
		return S_PAYLOAD_TOO_LARGE;
	}
	bool body_expected = req->chunked || length > 0;
	if (req->expect_continue && body_expected &&
	    !conn_write(c, "HTTP/1.1 100 Continue\r\n\r\n", 25))
		return S_NONE;

	int body_fd = -1;
	if (req->redirected) {
		/* what the client may still send belongs to the request that
		 * redirected here, not to this script */
		body_fd = openat(AT_FDCWD, "/dev/null", O_RDONLY | O_CLOEXEC);
		if (body_fd < 0) {
			a->reason = "devnull-failed";
			return S_INTERNAL_SERVER_ERROR;
		}
	} else if (req->chunked) {
		enum status st = read_chunked(c, o->max_body, &body_fd, &length, &a->reason);
		if (st != S_OK)
			return st;
	}

	conn_name_local(c);
	struct cgi_vars v = {
		.req = req,
		.remote_addr = c->remote_addr,
		.remote_port = c->remote_port,
		.local_addr = c->local_addr,
		.local_port = c->local_port,
		.host_name = o->vhost_name,
		.server_name = o->server_name,
		.document_root = fs_root_path(),
		.script = s,
		.content_length = length,
		.https = c->tls,
		.pass_auth = o->pass_auth,
		.remote_user = log->user,
	};
	struct buf store;
	char store_on_stack[BUF_ON_STACK];
	buf_init_on(&store, store_on_stack, sizeof store_on_stack);
	char *envp[CGI_ENV_MAX];
	if (cgi_build_env(&v, &store, envp, CGI_ENV_MAX) == 0) {
		a->reason = "environment-failed";
		return S_INTERNAL_SERVER_ERROR;
	}
	char path[URL_PATH_MAX + 4096];
	fmt_snprintf(path, sizeof path, "%s%s",
		     strcmp(fs_root_path(), "/") ? fs_root_path() : "", s->script_name);
	char arg[REQUEST_LINE_MAX + 1], *argv[3];
	build_argv(req, s, arg, sizeof arg, path, argv);
	char *exe = s->interpreter ? (char *)s->interpreter : path;

	if (o->relay && !is_nph(s)) {
		conn_stderr_is_conn(c); /* while fd 1 is the connection's */
		return relay(c, s, o, body_fd, exe, argv, envp, a, req);
	}

	if (!is_nph(s)) {
		/* The seed's line: HTTP/1.0 whatever the request said, since
		 * the script's output ends only when the connection does. */
		char date[HTTPDATE_LEN], line[128];
		httpdate_format(clock_wall(), date);
		int n = fmt_snprintf(
			line, sizeof line,
			"HTTP/1.0 200 Script output follows\r\nServer: " SERVER_SOFTWARE
			"\r\nDate: %s\r\n",
			date);
		if (!conn_write(c, line, (size_t)n))
			return S_NONE;
	}
	a->status = S_OK;
	a->bytes = -1;
	log->status = S_OK;
	log->bytes = -1;
	log_access(log);
	a->logged = true;
	/* A body still on the socket: the script may leave it unread, and
	 * closing over it would reset the connection under the answer. No
	 * body, no fork. */
	if (body_fd < 0 && length > 0 && c->in_is_socket)
		keeper_fork(c, (uint64_t)length);
	if (!prepare_process(c, body_fd, s, o, true)) {
		log_error("cannot prepare to run %s: %s", s->script_name, strerror(errno));
		a->incomplete = true;
		return S_NONE;
	}
	execve(exe, argv, envp);
	log_error("cannot run %s: %s", s->script_name, strerror(errno));
	a->incomplete = true;
	return S_NONE;
}
