#include "fmt.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>

/* Why not the C library's: see fmt.h (about 12 KiB of the static build). */

struct out {
	char *p;
	size_t n, len; /* room (without the NUL) and bytes produced */
};

static void put(struct out *o, char c)
{
	if (o->len < o->n)
		o->p[o->len] = c;
	o->len++;
}

static void pad(struct out *o, char c, int k)
{
	while (k-- > 0)
		put(o, c);
}

int fmt_vsnprintf(char *out, size_t n, const char *fmt, va_list ap)
{
	struct out o = {out, n ? n - 1 : 0, 0};
	for (const char *f = fmt; *f; f++) {
		if (*f != '%') {
			put(&o, *f);
			continue;
		}
		const char *start = f++;
		bool left = false, zero = false;
		for (;; f++) {
			if (*f == '-')
				left = true;
			else if (*f == '0')
				zero = true;
			else
				break;
		}
		int width = 0, prec = -1;
		if (*f == '*') {
			width = va_arg(ap, int);
			if (width < 0) {
				left = true;
				width = -width;
			}
			f++;
		} else {
			while (*f >= '0' && *f <= '9')
				width = width * 10 + (*f++ - '0');
		}
		if (*f == '.') {
			f++;
			prec = 0;
			if (*f == '*') {
				prec = va_arg(ap, int);
				f++;
			} else {
				while (*f >= '0' && *f <= '9')
					prec = prec * 10 + (*f++ - '0');
			}
		}
		int size = 0; /* 0 int, 1 long, 2 long long, 3 size_t, 4 intmax_t */
		if (*f == 'l') {
			size = f[1] == 'l' ? 2 : 1;
			f += size;
		} else if (*f == 'z' || *f == 'j') {
			size = *f == 'z' ? 3 : 4;
			f++;
		}
		char digits[24];
		const char *s;
		int len;
		bool neg = false;
		switch (*f) {
		case '%': put(&o, '%'); continue;
		case 'c':
			digits[0] = (char)va_arg(ap, int);
			s = digits;
			len = 1;
			zero = false;
			break;
		case 's':
			s = va_arg(ap, const char *);
			if (!s)
				s = "(null)";
			len = (int)(prec >= 0 ? strnlen(s, (size_t)prec) : strlen(s));
			zero = false;
			break;
		case 'd':
		case 'i':
		case 'u':
		case 'x':
		case 'X': {
			uintmax_t v;
			bool is_signed = *f == 'd' || *f == 'i';
			if (is_signed) {
				intmax_t x = size == 0	 ? va_arg(ap, int)
					     : size == 1 ? va_arg(ap, long)
					     : size == 2 ? va_arg(ap, long long)
					     : size == 3 ? (intmax_t)va_arg(ap, size_t)
							 : va_arg(ap, intmax_t);
				neg = x < 0;
				v = neg ? -(uintmax_t)x : (uintmax_t)x;
			} else {
				v = size == 0	? va_arg(ap, unsigned)
				    : size == 1 ? va_arg(ap, unsigned long)
				    : size == 2 ? va_arg(ap, unsigned long long)
				    : size == 3 ? va_arg(ap, size_t)
						: va_arg(ap, uintmax_t);
			}
			unsigned base = *f == 'x' || *f == 'X' ? 16 : 10;
			const char *hex = *f == 'X' ? "0123456789ABCDEF" : "0123456789abcdef";
			char *e = digits + sizeof digits, *p = e;
			while (v) {
				*--p = hex[v % base];
				v /= base;
			}
			/* a precision is the least number of digits; "%.0d" of 0
			 * is nothing, and "%d" of 0 is "0" */
			int want = prec >= 0 ? prec : 1;
			len = (int)(e - p);
			int lead = want > len ? want - len : 0;
			if (prec >= 0)
				zero = false;
			int sign = neg ? 1 : 0;
			int body = sign + lead + len;
			if (!left && !zero)
				pad(&o, ' ', width - body);
			if (neg)
				put(&o, '-');
			if (!left && zero)
				pad(&o, '0', width - body);
			pad(&o, '0', lead);
			for (; p < e; p++)
				put(&o, *p);
			if (left)
				pad(&o, ' ', width - body);
			continue;
		}
		default:
			/* not a conversion we have: out as written */
			for (const char *c = start; c <= f && *c; c++)
				put(&o, *c);
			if (!*f)
				f--;
			continue;
		}
		if (!left)
			pad(&o, ' ', width - len);
		for (int i = 0; i < len; i++)
			put(&o, s[i]);
		if (left)
			pad(&o, ' ', width - len);
	}
	if (n)
		out[o.len < o.n ? o.len : o.n] = '\0';
	return o.len > INT32_MAX ? -1 : (int)o.len;
}

int fmt_snprintf(char *out, size_t n, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int r = fmt_vsnprintf(out, n, fmt, ap);
	va_end(ap);
	return r;
}

/* Appends the dotted quad of a[0..3]. */
static char *quad(char *p, const unsigned char *a)
{
	for (int i = 0; i < 4; i++) {
		unsigned v = a[i];
		if (v >= 100)
			*p++ = (char)('0' + v / 100);
		if (v >= 10)
			*p++ = (char)('0' + v / 10 % 10);
		*p++ = (char)('0' + v % 10);
		*p++ = i < 3 ? '.' : '\0';
	}
	return p - 1;
}

const char *fmt_inet_ntop(int af, const void *src, char *dst, size_t size)
{
	const unsigned char *a = src;
	char buf[FMT_ADDR_LEN], *p = buf;
	if (af == AF_INET) {
		quad(p, a);
	} else if (af == AF_INET6) {
		static const unsigned char mapped[12] = {0, 0, 0, 0, 0,	   0,
							 0, 0, 0, 0, 0xff, 0xff};
		int groups = memcmp(a, mapped, 12) == 0 ? 6 : 8;
		/* the longest run of zero groups, at least two, the first of
		 * equals (RFC 5952 section 4.2) */
		int best = -1, best_len = 1;
		for (int i = 0; i < groups;) {
			int j = i;
			while (j < groups && a[2 * j] == 0 && a[2 * j + 1] == 0)
				j++;
			if (j - i > best_len) {
				best = i;
				best_len = j - i;
			}
			i = j > i ? j : i + 1;
		}
		for (int i = 0; i < groups; i++) {
			if (i == best) {
				*p++ = ':';
				if (i == 0)
					*p++ = ':';
				i += best_len - 1;
				continue;
			}
			unsigned v = (unsigned)a[2 * i] << 8 | a[2 * i + 1];
			bool any = false;
			for (int shift = 12; shift >= 0; shift -= 4) {
				unsigned d = v >> shift & 15;
				if (d || any || shift == 0) {
					*p++ = "0123456789abcdef"[d];
					any = true;
				}
			}
			if (i < groups - 1 || groups == 6)
				*p++ = ':';
		}
		if (groups == 6)
			p = quad(p, a + 12);
		*p = '\0';
	} else {
		return NULL;
	}
	size_t len = strlen(buf);
	if (len >= size)
		return NULL;
	memcpy(dst, buf, len + 1);
	return dst;
}

const char *fmt_decimal(const char *s, uint64_t *v)
{
	uint64_t x = 0;
	const char *p = s;
	for (; *p >= '0' && *p <= '9'; p++) {
		unsigned d = (unsigned)(*p - '0');
		x = x > (UINT64_MAX - d) / 10 ? UINT64_MAX : x * 10 + d;
	}
	if (p == s)
		return NULL;
	*v = x;
	return p;
}
