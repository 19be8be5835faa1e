#include "relay.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "buf.h"
#include "clock.h"
#include "fmt.h"

static bool named(const char *name, const char *const *names)
{
	for (; *names; names++)
		if (strcasecmp(name, *names) == 0)
			return true;
	return false;
}

/* Fields of the script's that never reach the client: framing and
 * connection management are ours (RFC 9110 section 7.6.1), and so are the
 * Date and Server we send. */
static const char *const dropped[] = {
	"Connection", "Keep-Alive", "Proxy-Connection", "TE", "Trailer", "Transfer-Encoding",
	"Upgrade",    "Date",	    "Server",		NULL,
};

static bool is_alpha(char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z');
}

/* RFC 3875 section 6.3.2: an absolute URI (its scheme, RFC 3986 section
 * 3.1: ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":") or a local path that
 * starts with exactly one '/' ("//host" and "/\host" name another host to a
 * browser). A space or a backslash is in no URI. Sets *local. */
static bool location_valid(const char *v, bool *local)
{
	for (const char *p = v; *p; p++)
		if (*p == ' ' || *p == '\t' || *p == '\\')
			return false;
	*local = v[0] == '/';
	if (*local)
		return v[1] != '/';
	if (!is_alpha(v[0]))
		return false;
	const char *p = v + 1;
	while (is_alpha(*p) || (*p >= '0' && *p <= '9') || *p == '+' || *p == '-' || *p == '.')
		p++;
	return *p == ':';
}

/* Status: 3DIGIT, then nothing or a space and the phrase (RFC 3875 section
 * 6.3.3). Only a final code is ours to send: a 1xx would be an interim
 * answer with no final one after it. */
static bool status_valid(const char *v, struct cgi_head *h)
{
	for (int i = 0; i < 3; i++)
		if (v[i] < '0' || v[i] > '9')
			return false;
	if (v[3] && v[3] != ' ')
		return false;
	int code = (v[0] - '0') * 100 + (v[1] - '0') * 10 + (v[2] - '0');
	if (code < 200 || code > 599)
		return false;
	h->status = code;
	const char *phrase = v + 3;
	while (*phrase == ' ')
		phrase++;
	h->phrase = *phrase ? phrase : status_phrase(code);
	return true;
}

/* Content-Length: digits; repeated, the same number (RFC 9110 section 8.6). */
static bool length_valid(const char *v, struct cgi_head *h)
{
	uint64_t n;
	const char *end = fmt_decimal(v, &n);
	if (!end || *end || n > INT64_MAX)
		return false;
	if (h->content_length >= 0 && h->content_length != (int64_t)n)
		return false;
	h->content_length = (int64_t)n;
	return true;
}

bool cgi_head_parse(char *buf, size_t len, struct cgi_head *h, const char **reason)
{
	*h = (struct cgi_head){.status = S_OK, .content_length = -1};
	bool has_status = false;
	size_t nlines = 0;
	*reason = "script-header-invalid";
	char *end = buf + len;
	for (char *line = buf, *nl;
	     line < end && (nl = memchr(line, '\n', (size_t)(end - line))); line = nl + 1) {
		*reason = "script-header-invalid";
		/* a NUL would end the line for every string function below:
		 * what follows it would be dropped unseen, not judged */
		if (memchr(line, '\0', (size_t)(nl - line)))
			return false;
		*nl = '\0';
		if (nl > line && nl[-1] == '\r')
			nl[-1] = '\0';
		if (!*line)
			break;
		char *colon = strchr(line, ':');
		if (!colon || !request_is_token(line, (size_t)(colon - line)))
			return false;
		*colon = '\0';
		char *val = colon + 1;
		while (*val == ' ' || *val == '\t')
			val++;
		/* a bare CR (or any control byte) in a value would split our
		 * answer for some clients: the script's head is bad */
		char *vend = val;
		for (char *q = val; *q; q++) {
			if (((unsigned char)*q < 0x20 && *q != '\t') || *q == 0x7f)
				return false;
			if (*q != ' ' && *q != '\t')
				vend = q + 1;
		}
		*vend = '\0';
		nlines++;
		if (strcasecmp(line, "Status") == 0) {
			*reason =
				has_status ? "script-field-repeated" : "script-status-invalid";
			if (has_status || !status_valid(val, h))
				return false;
			has_status = true;
			continue;
		}
		if (strcasecmp(line, "Content-Length") == 0) {
			*reason = "script-content-length-invalid";
			if (!length_valid(val, h))
				return false;
			continue;
		}
		if (named(line, dropped))
			continue;
		if (strcasecmp(line, "Location") == 0) {
			bool local;
			*reason = h->location ? "script-field-repeated"
					      : "script-location-invalid";
			if (h->location || !location_valid(val, &local))
				return false;
			h->location = val;
			h->local_redirect = local;
		}
		if (strcasecmp(line, "Content-Type") == 0) {
			*reason = "script-field-repeated";
			if (h->type)
				return false;
			h->type = val;
		}
		*reason = "script-header-too-many";
		if (h->nfields == CGI_FIELDS_MAX)
			return false;
		h->fields[h->nfields++] = (struct cgi_field){line, val};
	}
	*reason = "script-header-no-cgi-field";
	if (!h->type && !h->location && !has_status)
		return false;
	/* RFC 3875 section 6.2.2: a local path and nothing else is ours to
	 * serve; with any other field it is the client's redirect (6.2.4). */
	h->local_redirect = h->local_redirect && nlines == 1;
	if (h->location && !has_status)
		h->status = S_FOUND;
	if (!has_status)
		h->phrase = status_phrase(h->status);
	*reason = NULL;
	return true;
}

/* Reads and drops what the script still writes, until it closes its output
 * or its time is up, so it ends as it would have and nothing of it is sent. */
static void discard(struct conn *pc)
{
	char sink[16384];
	while (conn_read(pc, sink, sizeof sink) > 0)
		;
}

/* Copies the script's body through: first body[0..n), already read with
 * the head, then the rest of the pipe; at most limit bytes when limit >= 0. */
static void copy_body(struct conn *c, struct conn *pc, const char *body, size_t n,
		      int64_t limit, struct answer *a)
{
	uint64_t before = c->bytes_out;
	int64_t left = limit;
	char chunk[65536];
	for (;;) {
		if (limit >= 0 && (int64_t)n > left) {
			a->reason = "script-body-overlong";
			n = (size_t)left;
		}
		if (n && !conn_write(c, body, n)) {
			a->incomplete = true;
			break;
		}
		left -= (int64_t)n;
		if (limit >= 0 && left == 0) {
			/* anything more is past the framing we announced */
			if (!a->reason && conn_read(pc, chunk, 1) > 0)
				a->reason = "script-body-overlong";
			break;
		}
		ssize_t r = conn_read(pc, chunk, sizeof chunk);
		if (r <= 0) {
			if (limit >= 0) {
				a->reason = "script-body-short";
				a->incomplete = true;
			}
			break;
		}
		body = chunk;
		n = (size_t)r;
	}
	a->bytes = (int64_t)(c->bytes_out - before);
	discard(pc);
}

/* Sends the head for h, then the body the rules in relay.h give it. Returns
 * S_NONE, or 502 before anything was sent. */
static enum status answer(struct conn *c, struct conn *pc, const struct cgi_head *h,
			  const char *body, size_t n, bool head_only, struct answer *a,
			  int minor)
{
	/* RFC 9110 sections 9.3.2, 15.3.5, 15.3.6 and 15.4.5: no content for
	 * HEAD, 204, 205 and 304; 204 has no Content-Length, 205 an empty one,
	 * and HEAD and 304 may keep the script's (it describes the GET's). */
	bool bodyless = head_only || h->status == 204 || h->status == 205 || h->status == 304;
	int64_t length = h->status == 204 ? -1 : h->status == 205 ? 0 : h->content_length;
	if (!bodyless && !h->type) {
		char one;
		ssize_t r = n ? 1 : conn_read(pc, &one, 1);
		if (r != 0) {
			a->reason = r > 0 ? "script-body-without-type" : "script-timeout";
			return S_BAD_GATEWAY;
		}
		length = 0;
	}
	struct buf out;
	char store[BUF_ON_STACK];
	buf_init_on(&out, store, sizeof store);
	response_begin(&out, minor, h->status, h->phrase);
	for (size_t i = 0; i < h->nfields; i++)
		response_header(&out, h->fields[i].name, h->fields[i].value);
	if (length >= 0)
		buf_printf(&out, "Content-Length: %lld\r\n", (long long)length);
	response_end(&out);
	a->status = h->status;
	a->bytes = 0;
	bool sent = !buf_failed(&out) && conn_write(c, out.data, out.len);
	buf_free(&out);
	if (!sent)
		a->incomplete = true;
	else if (!bodyless)
		copy_body(c, pc, body, n, length, a);
	if (!sent || bodyless)
		discard(pc);
	return S_NONE;
}

enum status relay_answer(struct conn *c, int fd, pid_t pid, const char *script_name,
			 const struct request *req, const struct options *o, struct answer *a)
{
	/* Read the header block, bounded in size and by the script's clock. */
	char head[CGI_HEAD_MAX + 1];
	size_t have = 0, end = 0;
	struct conn pc = *c;
	pc.in = fd;
	conn_set_deadline(&pc, o->cgi_timeout ? (int64_t)o->cgi_timeout * 1000 : INT32_MAX);
	while (!end && have < CGI_HEAD_MAX) {
		ssize_t n = conn_read(&pc, head + have, CGI_HEAD_MAX - have);
		if (n <= 0)
			break;
		have += (size_t)n;
		end = request_head_end(head, have);
	}
	/* the answer is made now, the script's time after the request's */
	clock_wall_forget();
	enum status result = S_BAD_GATEWAY;
	static struct cgi_head h;
	static char location[REQUEST_LINE_MAX + 1];
	if (!end) {
		a->reason = "script-header-invalid";
	} else if (!cgi_head_parse(head, end, &h, &a->reason)) {
		/* the reason is set */
	} else if (h.local_redirect) {
		/* what it writes after the block is not ours to send */
		discard(&pc);
		a->reason = "script-location-invalid";
		if (strlen(h.location) < sizeof location) {
			memcpy(location, h.location, strlen(h.location) + 1);
			a->location = location;
			a->reason = NULL;
			result = S_NONE;
		}
	} else {
		/* the parse wrote into head[0..end) only, never into the body
		 * that follows it */
		result = answer(c, &pc, &h, head + end, have - end,
				strcmp(req->method, "HEAD") == 0, a, req->minor);
	}
	close(fd);
	int status;
	if (result != S_NONE)
		kill(pid, SIGTERM);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (WIFSIGNALED(status))
		log_error("%s ended by signal %d", script_name, WTERMSIG(status));
	else if (WEXITSTATUS(status))
		log_error("%s exited with %d", script_name, WEXITSTATUS(status));
	return result;
}

bool relay_local_request(struct request *r, const char *location, char *store, size_t n)
{
	size_t len = strlen(location);
	if (len >= n)
		return false;
	memcpy(store, location, len + 1);
	/* A fragment is the client's, never part of a request (RFC 9110
	 * section 4.2.5, RFC 3986 section 3.5), and RFC 3875's local-pathquery
	 * has none: the path and query before it are what is served, as a
	 * client would ask for them. */
	char *fragment = strchr(store, '#');
	if (fragment)
		*fragment = '\0';
	if (strcmp(r->method, "HEAD") != 0)
		r->method = "GET";
	r->target = store;
	r->path = store;
	char *q = strchr(store, '?');
	r->path_len = q ? (size_t)(q - store) : strlen(store);
	r->query = q ? q + 1 : NULL;
	r->content_length = -1;
	r->chunked = false;
	r->expect_continue = false;
	r->redirected = true;
	static const char *const body_fields[] = {"Content-Length", "Content-Type",
						  "Transfer-Encoding", "Expect", NULL};
	size_t kept = 0;
	for (size_t i = 0; i < r->nheaders; i++)
		if (!named(r->headers[i].name, body_fields))
			r->headers[kept++] = r->headers[i];
	r->nheaders = kept;
	return true;
}

void relay_drain(struct conn *c, int64_t bytes, int timeout_s)
{
	if (c->in_is_socket && bytes > 0)
		conn_drain(c, (uint64_t)bytes, (int64_t)timeout_s * 1000);
}
