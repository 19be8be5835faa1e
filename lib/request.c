#include "request.h"

#include <string.h>
#include <strings.h>

#include "fmt.h"

/* tchar of RFC 9110 section 5.6.2: the bytes a method or field name may hold. */
static bool is_tchar(unsigned char c)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
		return true;
	return c && strchr("!#$%&'*+-.^_`|~", c) != NULL;
}

bool request_is_token(const char *s, size_t n)
{
	if (n == 0)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!is_tchar((unsigned char)s[i]))
			return false;
	return true;
}

/* field-vchar, SP and HTAB: what a field value may hold (obs-text included,
 * as RFC 9110 section 5.5 allows). */
static bool is_field_byte(unsigned char c)
{
	return c == '\t' || (c >= 0x20 && c != 0x7f);
}

size_t request_head_end(const char *buf, size_t len)
{
	size_t i = 0;
	while (i < len && (buf[i] == '\r' || buf[i] == '\n'))
		i++;
	/* An empty line: LF, optional CR, LF. */
	for (; i < len; i++) {
		if (buf[i] != '\n')
			continue;
		size_t j = i + 1;
		if (j < len && buf[j] == '\r')
			j++;
		if (j < len && buf[j] == '\n')
			return j + 1;
	}
	return 0;
}

/* A request line (without its CR LF) that cannot carry an HTTP-version: no
 * space, or the text after the last space does not begin "HTTP/". */
static bool lacks_version(const char *line, size_t n)
{
	const char *sp = NULL;
	for (const char *p = line; p < line + n; p++)
		if (*p == ' ')
			sp = p;
	return !sp || (size_t)(line + n - (sp + 1)) < 5 || memcmp(sp + 1, "HTTP/", 5) != 0;
}

size_t request_line_without_version(const char *buf, size_t len)
{
	size_t i = 0;
	while (i < len && (buf[i] == '\r' || buf[i] == '\n'))
		i++;
	const char *line = buf + i, *lf = memchr(line, '\n', len - i);
	if (!lf)
		return 0;
	const char *end = lf > line && lf[-1] == '\r' ? lf - 1 : lf;
	return lacks_version(line, (size_t)(end - line)) ? (size_t)(lf - buf) + 1 : 0;
}

static enum status refuse(struct request *req, enum status s, const char *why)
{
	req->reason = why;
	return s;
}

/* Splits off the next line of buf[*pos..end): NUL-terminates it in place
 * (dropping CR LF or LF) and returns its start; *n is its length. A CR that is
 * not followed by LF is an error (NULL). */
static char *next_line(char *buf, size_t *pos, size_t end, size_t *n)
{
	char *start = buf + *pos;
	char *lf = memchr(start, '\n', end - *pos);
	if (!lf)
		return NULL;
	size_t len = (size_t)(lf - start);
	*pos += len + 1;
	if (len > 0 && start[len - 1] == '\r')
		len--;
	start[len] = '\0';
	*n = len;
	return start;
}

/* Host per RFC 3986: reg-name, IPv4 or IP-literal, then an optional port.
 * Refuses anything that could change the meaning of SERVER_NAME or a
 * Location built from it. */
static bool valid_host(const char *h)
{
	size_t n = strlen(h);
	if (n > 255)
		return false;
	const char *p = h;
	if (*p == '[') {
		const char *close = strchr(p, ']');
		if (!close)
			return false;
		for (const char *q = p + 1; q < close; q++)
			if (!strchr("0123456789abcdefABCDEF:.", *q))
				return false;
		p = close + 1;
	} else {
		for (; *p && *p != ':'; p++) {
			unsigned char c = (unsigned char)*p;
			if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			      (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
			      c == '~'))
				return false;
		}
	}
	if (*p == ':') {
		p++;
		if (strlen(p) > 5)
			return false;
		for (; *p; p++)
			if (*p < '0' || *p > '9')
				return false;
	}
	return *p == '\0';
}

/* The request line: method SP request-target SP HTTP-version. */
static enum status parse_request_line(struct request *req, char *line, size_t n)
{
	req->line_len = n;
	if (n > REQUEST_LINE_MAX)
		return refuse(req, S_URI_TOO_LONG, "request-line-too-long");
	/* "GET /x" alone is the HTTP/0.9 shape: no version, so no 1.x answer
	 * it could understand either; 400 (see request_line_without_version) */
	char *sp1 = memchr(line, ' ', n);
	char *sp2 = sp1 ? memchr(sp1 + 1, ' ', (size_t)(line + n - sp1 - 1)) : NULL;
	if (!sp2)
		return refuse(req, S_BAD_REQUEST, "no-version");
	if (memchr(sp2 + 1, ' ', (size_t)(line + n - sp2 - 1)))
		return refuse(req, S_BAD_REQUEST, "request-line-syntax");
	*sp1 = *sp2 = '\0';
	req->method = line;
	req->target = sp1 + 1;
	req->version = sp2 + 1;
	if (!request_is_token(line, (size_t)(sp1 - line)))
		return refuse(req, S_BAD_REQUEST, "bad-method-token");
	if (sp2 == sp1 + 1)
		return refuse(req, S_BAD_REQUEST, "empty-target");
	for (const char *t = req->target; *t; t++)
		if ((unsigned char)*t <= 0x20 || (unsigned char)*t >= 0x7f)
			return refuse(req, S_BAD_REQUEST, "bad-target-byte");

	const char *v = req->version;
	/* An HTTP/2 client that skipped the upgrade (RFC 9113 3.4): no
	 * version we could answer it in would be understood, so a plain 400
	 * and a close, at once, rather than a 505 that invites a retry. */
	if (strcmp(line, "PRI") == 0 && strcmp(v, "HTTP/2.0") == 0)
		return refuse(req, S_BAD_REQUEST, "http2-preface");
	if (strncmp(v, "HTTP/", 5) != 0 || !(v[5] >= '0' && v[5] <= '9') || v[6] != '.' ||
	    !(v[7] >= '0' && v[7] <= '9') || v[8] != '\0')
		return refuse(req, S_BAD_REQUEST, "bad-version");
	if (v[5] != '1')
		return refuse(req, S_VERSION_NOT_SUPPORTED, "unsupported-version");
	req->minor = v[7] - '0';
	if (req->minor > 1)
		req->minor = 1; /* HTTP/1.2 and up are answered as 1.1 (RFC 9110 6.2) */
	return S_OK;
}

/* The request target's forms (RFC 9112 section 3.2). */
static enum status split_target(struct request *req)
{
	const char *t = req->target;
	if (strchr(t, '#'))
		return refuse(req, S_BAD_REQUEST, "fragment-in-target");
	if (t[0] == '*' && t[1] == '\0') {
		req->path = t;
		req->path_len = 1;
		return S_OK; /* only OPTIONS takes it; the method check refuses */
	}
	if (t[0] != '/') {
		/* absolute-form: http://authority/path?query */
		const char *rest;
		if (strncasecmp(t, "http://", 7) == 0)
			rest = t + 7;
		else if (strncasecmp(t, "https://", 8) == 0)
			rest = t + 8;
		else
			return refuse(req, S_BAD_REQUEST, "bad-target-form");
		size_t alen = strcspn(rest, "/?");
		if (alen == 0 || memchr(rest, '@', alen))
			return refuse(req, S_BAD_REQUEST, "bad-target-authority");
		if (alen >= sizeof req->authority)
			return refuse(req, S_BAD_REQUEST, "bad-target-authority");
		memcpy(req->authority, rest, alen);
		req->authority[alen] = '\0';
		if (!valid_host(req->authority))
			return refuse(req, S_BAD_REQUEST, "bad-target-authority");
		req->host = req->authority;
		t = rest + alen;
		if (*t == '\0' || *t == '?') {
			/* an empty path means "/" (RFC 9112 3.2.2) */
			req->path = "/";
			req->path_len = 1;
			if (*t == '?')
				req->query = t + 1;
			return S_OK;
		}
	}
	const char *q = strchr(t, '?');
	req->path = t;
	req->path_len = q ? (size_t)(q - t) : strlen(t);
	req->query = q ? q + 1 : NULL;
	return S_OK;
}

/* Content-Length: 1*DIGIT, fitting in 63 bits; repeated fields must agree. */
static enum status parse_content_length(struct request *req, const char *v)
{
	uint64_t n;
	const char *end = fmt_decimal(v, &n);
	if (!end)
		return refuse(req, S_BAD_REQUEST, "bad-content-length");
	/* too many digits, even with more bytes after them */
	if (n > INT64_MAX)
		return refuse(req, S_BAD_REQUEST, "content-length-overflow");
	if (*end)
		return refuse(req, S_BAD_REQUEST, "bad-content-length");
	if (req->content_length >= 0 && req->content_length != (int64_t)n)
		return refuse(req, S_BAD_REQUEST, "conflicting-content-length");
	req->content_length = (int64_t)n;
	return S_OK;
}

/* Transfer-Encoding: a list of codings whose last must be chunked (RFC 9112
 * section 6.1); we decode nothing but chunked. */
static enum status parse_transfer_encoding(struct request *req, const char *v, bool *seen_other)
{
	const char *p = v;
	while (*p) {
		while (*p == ' ' || *p == '\t' || *p == ',')
			p++;
		if (!*p)
			break;
		const char *end = p;
		while (*end && *end != ',' && *end != ' ' && *end != '\t' && *end != ';')
			end++;
		size_t n = (size_t)(end - p);
		if (!request_is_token(p, n))
			return refuse(req, S_BAD_REQUEST, "bad-transfer-coding");
		if (req->chunked)
			return refuse(req, S_BAD_REQUEST, "coding-after-chunked");
		if (n == 7 && strncasecmp(p, "chunked", 7) == 0)
			req->chunked = true;
		else
			*seen_other = true;
		p = end;
		while (*p && *p != ',') {
			if (*p != ' ' && *p != '\t')
				return refuse(req, S_BAD_REQUEST, "bad-transfer-coding");
			p++;
		}
	}
	return S_OK;
}

static enum status parse_header_line(struct request *req, char *line, size_t n)
{
	if (line[0] == ' ' || line[0] == '\t')
		return refuse(req, S_BAD_REQUEST, "obs-fold");
	char *colon = memchr(line, ':', n);
	if (!colon)
		return refuse(req, S_BAD_REQUEST, "header-without-colon");
	size_t nlen = (size_t)(colon - line);
	if (nlen > 0 && (line[nlen - 1] == ' ' || line[nlen - 1] == '\t'))
		return refuse(req, S_BAD_REQUEST, "space-before-colon");
	if (!request_is_token(line, nlen))
		return refuse(req, S_BAD_REQUEST, "bad-field-name");
	char *v = colon + 1, *end = line + n;
	for (char *p = v; p < end; p++)
		if (!is_field_byte((unsigned char)*p))
			return refuse(req, S_BAD_REQUEST, "bad-field-byte");
	while (v < end && (*v == ' ' || *v == '\t'))
		v++;
	while (end > v && (end[-1] == ' ' || end[-1] == '\t'))
		end--;
	*colon = '\0';
	*end = '\0';
	if (req->nheaders == HEADERS_MAX)
		return refuse(req, S_HEADERS_TOO_LARGE, "too-many-headers");
	req->headers[req->nheaders++] = (struct header){line, v};
	return S_OK;
}

enum status request_parse(struct request *req, char *buf, size_t len)
{
	*req = (struct request){.content_length = -1, .reason = "ok"};
	if (memchr(buf, '\0', len))
		return refuse(req, S_BAD_REQUEST, "nul-byte");
	for (size_t i = 0; i < len; i++)
		if (buf[i] == '\r' && (i + 1 == len || buf[i + 1] != '\n'))
			return refuse(req, S_BAD_REQUEST, "bare-cr");

	size_t pos = 0;
	while (pos < len && (buf[pos] == '\r' || buf[pos] == '\n'))
		pos++;
	size_t n;
	char *line = next_line(buf, &pos, len, &n);
	if (!line || n == 0)
		return refuse(req, S_BAD_REQUEST, "no-request-line");
	enum status s = parse_request_line(req, line, n);
	if (s != S_OK)
		return s;

	while ((line = next_line(buf, &pos, len, &n)) != NULL && n > 0) {
		if ((s = parse_header_line(req, line, n)) != S_OK)
			return s;
	}

	if ((s = split_target(req)) != S_OK)
		return s;

	const char *host = NULL;
	bool seen_te = false, seen_other_coding = false;
	for (size_t i = 0; i < req->nheaders; i++) {
		struct header *h = &req->headers[i];
		if (strcasecmp(h->name, "Host") == 0) {
			if (host)
				return refuse(req, S_BAD_REQUEST, "duplicate-host");
			host = h->value;
			if (*host && !valid_host(host))
				return refuse(req, S_BAD_REQUEST, "bad-host");
			/* RFC 9112 3.2.2: an absolute-form target's authority
			 * is the host and the field is ignored, so the field
			 * says so too (as Apache's does): a script reading
			 * HTTP_HOST sees the host --host and --vhosts
			 * checked, never one that no check saw */
			if (req->authority[0])
				h->value = req->authority;
		} else if (strcasecmp(h->name, "Content-Length") == 0) {
			if ((s = parse_content_length(req, h->value)) != S_OK)
				return s;
		} else if (strcasecmp(h->name, "Transfer-Encoding") == 0) {
			seen_te = true;
			if ((s = parse_transfer_encoding(req, h->value, &seen_other_coding)) !=
			    S_OK)
				return s;
		} else if (strcasecmp(h->name, "Expect") == 0 && req->minor == 1) {
			if (strcasecmp(h->value, "100-continue") != 0)
				return refuse(req, S_EXPECTATION_FAILED, "unknown-expectation");
			req->expect_continue = true;
		}
	}
	if (req->minor == 1 && !host)
		return refuse(req, S_BAD_REQUEST, "missing-host");
	if (!req->host && host && *host)
		req->host = host;
	if (seen_te) {
		/* RFC 9112 6.1: TE in a 1.0 request is faulty; TE with CL is a
		 * smuggling attempt; a final coding other than chunked leaves the
		 * body's end unknown. */
		if (req->minor == 0)
			return refuse(req, S_BAD_REQUEST, "transfer-encoding-in-http10");
		if (req->content_length >= 0)
			return refuse(req, S_BAD_REQUEST,
				      "content-length-and-transfer-encoding");
		if (!req->chunked)
			return refuse(req, S_BAD_REQUEST, "chunked-not-final");
		if (seen_other_coding)
			return refuse(req, S_NOT_IMPLEMENTED, "unsupported-transfer-coding");
	}
	return S_OK;
}

const char *request_header(const struct request *req, const char *name)
{
	for (size_t i = 0; i < req->nheaders; i++)
		if (strcasecmp(req->headers[i].name, name) == 0)
			return req->headers[i].value;
	return NULL;
}

const char *request_singleton(const struct request *req, const char *name)
{
	const char *v = NULL;
	for (size_t i = 0; i < req->nheaders; i++)
		if (strcasecmp(req->headers[i].name, name) == 0) {
			if (v)
				return NULL;
			v = req->headers[i].value;
		}
	return v;
}

bool request_list_next(const struct request *req, const char *name, struct request_list *it,
		       const char **member, size_t *len)
{
	for (;;) {
		if (!it->at) {
			while (it->line < req->nheaders &&
			       strcasecmp(req->headers[it->line].name, name) != 0)
				it->line++;
			if (it->line == req->nheaders)
				return false;
			it->at = req->headers[it->line++].value;
		}
		const char *p = it->at;
		while (*p == ' ' || *p == '\t' || *p == ',')
			p++;
		if (!*p) {
			it->at = NULL; /* this line is done: the next line of the field */
			continue;
		}
		const char *start = p, *last = p; /* last: past the last non-OWS byte */
		bool quoted = false;
		for (; *p && (quoted || *p != ','); p++) {
			if (quoted && *p == '\\' && p[1])
				p++;
			else if (*p == '"')
				quoted = !quoted;
			if (*p != ' ' && *p != '\t')
				last = p + 1;
		}
		it->at = p;
		*member = start;
		*len = (size_t)(last - start);
		return true;
	}
}
