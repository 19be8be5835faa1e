#include "chunked.h"

#include <string.h>

#include "limits.h"

enum {
	SIZE,	 /* hex digits of the chunk size */
	EXT,	 /* after ';': chunk extensions, ignored, up to CR */
	SIZE_LF, /* the LF after the size line's CR */
	DATA,
	DATA_CR, /* the CR after a chunk's data */
	DATA_LF,
	TRAILER,    /* the start of a trailer line, or CR for the end */
	TRAILER_IN, /* inside a trailer line */
	TRAILER_LF, /* the LF after a trailer line's CR */
	END_LF,	    /* the final LF */
	DONE,
};

void chunked_init(struct chunked *c, uint64_t max)
{
	*c = (struct chunked){.state = SIZE, .max = max};
}

static int hexval(char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}

enum status chunked_feed(struct chunked *c, const char *in, size_t n, char *out, size_t *outn,
			 size_t *used)
{
	size_t i = 0, o = 0;
	enum status s = S_OK;
	while (i < n && c->state != DONE) {
		char ch = in[i];
		switch (c->state) {
		case DATA: {
			size_t take = n - i;
			if (take > c->remaining)
				take = (size_t)c->remaining;
			memcpy(out + o, in + i, take);
			o += take;
			i += take;
			c->remaining -= take;
			if (c->remaining == 0)
				c->state = DATA_CR;
			continue;
		}
		case SIZE: {
			int v = hexval(ch);
			if (v >= 0) {
				/* 15 digits: sizes up to 2^60, far past any limit,
				 * and no overflow */
				if (++c->digits > 15) {
					s = S_BAD_REQUEST;
					goto out;
				}
				c->remaining = c->remaining * 16 + (uint64_t)v;
				break;
			}
			if (c->digits == 0) {
				s = S_BAD_REQUEST;
				goto out;
			}
			if (c->total + c->remaining > c->max) {
				s = S_PAYLOAD_TOO_LARGE;
				goto out;
			}
			if (ch == ';' || ch == ' ' || ch == '\t')
				c->state = EXT;
			else if (ch == '\r')
				c->state = SIZE_LF;
			else {
				s = S_BAD_REQUEST;
				goto out;
			}
			break;
		}
		case EXT:
			if (++c->line > CHUNK_LINE_MAX || ch == '\n' ||
			    ((unsigned char)ch < 0x20 && ch != '\t' && ch != '\r')) {
				s = S_BAD_REQUEST;
				goto out;
			}
			if (ch == '\r')
				c->state = SIZE_LF;
			break;
		case SIZE_LF:
			if (ch != '\n') {
				s = S_BAD_REQUEST;
				goto out;
			}
			c->line = 0;
			c->digits = 0;
			c->total += c->remaining;
			c->state = c->remaining ? DATA : TRAILER;
			break;
		case DATA_CR:
			if (ch != '\r') {
				s = S_BAD_REQUEST;
				goto out;
			}
			c->state = DATA_LF;
			break;
		case DATA_LF:
			if (ch != '\n') {
				s = S_BAD_REQUEST;
				goto out;
			}
			c->state = SIZE;
			break;
		case TRAILER:
			if (ch == '\r') {
				c->state = END_LF;
				break;
			}
			c->state = TRAILER_IN;
			/* fall through */
		case TRAILER_IN:
			if (++c->trailers > HEAD_MAX) {
				s = S_HEADERS_TOO_LARGE;
				goto out;
			}
			if (ch == '\n' ||
			    ((unsigned char)ch < 0x20 && ch != '\t' && ch != '\r')) {
				s = S_BAD_REQUEST;
				goto out;
			}
			if (ch == '\r')
				c->state = TRAILER_LF;
			break;
		case TRAILER_LF:
			if (ch != '\n') {
				s = S_BAD_REQUEST;
				goto out;
			}
			c->state = TRAILER;
			break;
		case END_LF:
			if (ch != '\n') {
				s = S_BAD_REQUEST;
				goto out;
			}
			c->state = DONE;
			c->done = true;
			break;
		}
		i++;
	}
out:
	*outn = o;
	*used = i;
	return s;
}
