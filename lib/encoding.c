#include "encoding.h"

#include <string.h>
#include <strings.h>

static const char *const suffixes[CODINGS] = {".br", ".gz"};
static const char *const tokens[CODINGS] = {"br", "gzip"};

const char *encoding_suffix(enum coding c)
{
	return suffixes[c];
}

const char *encoding_token(enum coding c)
{
	return tokens[c];
}

static bool is_ows(char c)
{
	return c == ' ' || c == '\t';
}

/* qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] ), RFC 9110
 * section 12.4.2; -1 when it is not one. */
static int qvalue(const char *p, size_t n)
{
	if (n == 0 || (p[0] != '0' && p[0] != '1'))
		return -1;
	int q = (p[0] - '0') * 1000, scale = 100;
	if (n == 1)
		return q;
	if (p[1] != '.' || n > 5)
		return -1;
	for (size_t i = 2; i < n; i++, scale /= 10) {
		if (p[i] < '0' || p[i] > '9')
			return -1;
		q += (p[i] - '0') * scale;
	}
	return q > 1000 ? -1 : q;
}

int encoding_member(const char *m, size_t n, const char **name, size_t *name_len)
{
	size_t i = 0;
	while (i < n && m[i] != ';' && !is_ows(m[i]))
		i++;
	*name = m;
	*name_len = i;
	if (i == 0)
		return -1;
	int q = 1000;
	while (i < n) {
		while (i < n && is_ows(m[i]))
			i++;
		if (i == n)
			break;
		if (m[i++] != ';')
			return -1;
		while (i < n && is_ows(m[i]))
			i++;
		size_t start = i;
		while (i < n && m[i] != ';' && !is_ows(m[i]))
			i++;
		/* a parameter: "q=..." is the weight; others (none are defined
		 * for codings) are skipped */
		if (i - start >= 2 && (m[start] == 'q' || m[start] == 'Q') &&
		    m[start + 1] == '=') {
			q = qvalue(m + start + 2, i - start - 2);
			if (q < 0)
				return -1;
		}
	}
	return q;
}

static bool named(const char *name, size_t n, const char *token)
{
	size_t t = strlen(token);
	return n == t && strncasecmp(name, token, n) == 0;
}

size_t encoding_accepted(const struct request *req, enum coding out[CODINGS])
{
	int q[CODINGS] = {-1, -1}, identity = -1, star = -1;
	struct request_list it = {0};
	const char *m;
	size_t len;
	while (request_list_next(req, "Accept-Encoding", &it, &m, &len)) {
		const char *name;
		size_t n;
		int w = encoding_member(m, len, &name, &n);
		if (w < 0)
			continue;
		if (named(name, n, "br"))
			q[CODING_BR] = w;
		else if (named(name, n, "gzip") || named(name, n, "x-gzip"))
			q[CODING_GZIP] = w;
		else if (named(name, n, "identity"))
			identity = w;
		else if (named(name, n, "*"))
			star = w;
	}
	if (identity < 0)
		identity = star; /* -1 when neither: identity is only implied */
	size_t k = 0;
	for (int c = 0; c < CODINGS; c++) {
		int w = q[c] >= 0 ? q[c] : star;
		if (w > 0 && w >= identity)
			out[k++] = (enum coding)c;
	}
	if (k == 2 && (q[CODING_GZIP] >= 0 ? q[CODING_GZIP] : star) >
			      (q[CODING_BR] >= 0 ? q[CODING_BR] : star)) {
		out[0] = CODING_GZIP;
		out[1] = CODING_BR;
	}
	return k;
}
