#include "buf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fmt.h"

/* Gives back b's heap block, if it has one. The static build
 * (CGIHANDLER_STATIC) never does: with no free or realloc anywhere, musl
 * links its small bump allocator instead of the full one (malloc, free and
 * realloc were 7.8 KiB of it); a process serves one request and returns
 * everything at exit, and doubling keeps what is left behind smaller than
 * the final buffer. Where the C library's allocator is linked anyway (the
 * dynamic build, and the unit tests and fuzz targets, which build many
 * buffers in one process) the block is freed. */
static void release(struct buf *b)
{
#ifndef CGIHANDLER_STATIC
	if (b->on_heap)
		free(b->data);
#endif
	(void)b;
}

static bool reserve(struct buf *b, size_t more)
{
	if (b->failed)
		return false;
	if (more > (size_t)-1 / 2 - b->len || (b->limit && b->len + more > b->limit)) {
		b->failed = true;
		return false;
	}
	size_t need = b->len + more + 1;
	if (need <= b->cap)
		return true;
	size_t cap = b->cap ? b->cap : 256;
	while (cap < need)
		cap *= 2;
	/* A new block and a copy, not realloc: see release(). */
	char *p = malloc(cap);
	if (!p) {
		b->failed = true;
		return false;
	}
	if (b->data)
		memcpy(p, b->data, b->len + 1);
	release(b);
	b->data = p;
	b->cap = cap;
	b->on_heap = true;
	return true;
}

void buf_init_on(struct buf *b, char *storage, size_t n)
{
	*b = (struct buf){.data = storage, .cap = n};
	storage[0] = '\0';
}

void buf_add(struct buf *b, const void *p, size_t n)
{
	if (!reserve(b, n))
		return;
	memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void buf_puts(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

void buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = fmt_vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0) {
		b->failed = true;
		return;
	}
	if (!reserve(b, (size_t)n))
		return;
	va_start(ap, fmt);
	fmt_vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

void buf_html(struct buf *b, const char *s, bool quote)
{
	for (; *s; s++) {
		switch (*s) {
		case '&': buf_puts(b, "&amp;"); break;
		case '<': buf_puts(b, "&lt;"); break;
		case '>': buf_puts(b, "&gt;"); break;
		case '"': buf_puts(b, quote ? "&quot;" : "\""); break;
		case '\'': buf_puts(b, quote ? "&#x27;" : "'"); break;
		default: buf_add(b, s, 1);
		}
	}
}

void buf_urlencode(struct buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		unsigned char c = *p;
		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~' ||
		    c == '/') {
			buf_add(b, p, 1);
		} else {
			char e[3] = {'%', hex[c >> 4], hex[c & 15]};
			buf_add(b, e, 3);
		}
	}
}

bool buf_failed(const struct buf *b)
{
	return b->failed;
}

void buf_free(struct buf *b)
{
	release(b);
	*b = (struct buf){.limit = b->limit};
}
