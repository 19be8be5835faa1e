#include "uri.h"

#include <string.h>

static int hexval(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

enum status uri_decode_path(const char *in, size_t n, char *out, const char **why)
{
	size_t o = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)in[i];
		if (c == '%') {
			if (i + 2 >= n) {
				*why = "bad-percent-escape";
				return S_BAD_REQUEST;
			}
			int h = hexval((unsigned char)in[i + 1]);
			int l = hexval((unsigned char)in[i + 2]);
			if (h < 0 || l < 0) {
				*why = "bad-percent-escape";
				return S_BAD_REQUEST;
			}
			c = (unsigned char)(h * 16 + l);
			i += 2;
		}
		if (c == 0) {
			*why = "nul-in-path";
			return S_BAD_REQUEST;
		}
		if (c < 0x20 || c == 0x7f) {
			*why = "control-byte-in-path";
			return S_BAD_REQUEST;
		}
		out[o++] = (char)c;
	}
	out[o] = '\0';
	return S_OK;
}

size_t uri_collapse(char *path)
{
	/* Walk components; w is where the next output byte goes. Output never
	 * gets ahead of input, so in place is safe. */
	char *w = path;
	const char *r = path;
	bool trailing = false;
	*w++ = '/';
	while (*r) {
		while (*r == '/')
			r++;
		if (!*r) {
			trailing = true;
			break;
		}
		const char *end = strchr(r, '/');
		size_t n = end ? (size_t)(end - r) : strlen(r);
		bool last = !end || !end[strspn(end, "/")];
		if (n == 1 && r[0] == '.') {
			trailing = last;
		} else if (n == 2 && r[0] == '.' && r[1] == '.') {
			/* drop the previous component, never the leading '/' */
			if (w > path + 1) {
				w--; /* the '/' after the previous component */
				while (w > path + 1 && w[-1] != '/')
					w--;
			}
			trailing = last;
		} else {
			memmove(w, r, n);
			w += n;
			*w++ = '/';
			trailing = last && end;
		}
		r += n;
		if (last)
			break;
	}
	/* w ends with a '/' after the last kept component (or is just "/") */
	if (w > path + 1 && !trailing)
		w--;
	*w = '\0';
	return (size_t)(w - path);
}

size_t uri_component_end(const char *path, size_t n)
{
	size_t depth = 0, end = strlen(path), i = 0;
	while (path[i]) {
		while (path[i] == '/')
			i++;
		size_t start = i;
		while (path[i] && path[i] != '/')
			i++;
		size_t len = i - start;
		if (len == 0 || (len == 1 && path[start] == '.'))
			continue;
		if (len == 2 && path[start] == '.' && path[start + 1] == '.') {
			if (depth > 0)
				depth--;
			continue;
		}
		if (++depth == n)
			end = i; /* a later push to depth n replaces this one */
	}
	return depth >= n ? end : strlen(path);
}

bool uri_has_dotfile(const char *path, bool well_known)
{
	static const char prefix[] = "/.well-known";
	const size_t n = sizeof prefix - 1;
	if (well_known && strncmp(path, prefix, n) == 0 && (path[n] == '/' || !path[n]))
		path += n;
	for (const char *p = path; (p = strchr(p, '/')) != NULL; p++)
		if (p[1] == '.')
			return true;
	return false;
}
