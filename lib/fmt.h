/* fmt.h: snprintf and inet_ntop for the conversions cgihandler uses, so
 * that the static build does without the C library's printf engine (musl's
 * vfprintf, with its floating-point formatting, is about 12 KiB of a
 * static binary every request execs). */
#ifndef CGIHANDLER_FMT_H
#define CGIHANDLER_FMT_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

/* snprintf(3) for this subset of its conversions, with C99's contract:
 * writes at most n bytes including the NUL (none when n is 0), returns the
 * length the whole output has, so a return >= n means it was cut.
 *   conversions  d i u x X c s %
 *   flags        - 0
 *   width        digits or *
 *   precision    .digits or .* (bytes of a %s; digits of an integer)
 *   length       l ll z j
 * Anything else (%f, %p, %hd, %n, ...) is copied out as written, its
 * argument not taken: the format attribute lets -Wformat check every
 * call's types as for snprintf, and tests/unit/test_fmt.c holds every
 * conversion the code uses. Returns -1 past INT_MAX bytes. */
int fmt_vsnprintf(char *out, size_t n, const char *fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));
int fmt_snprintf(char *out, size_t n, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* The text form of an address, as inet_ntop(3) writes it: dotted quad for
 * AF_INET; for AF_INET6 RFC 5952's (lower-case hex, leading zeros dropped,
 * the longest run of two or more zero groups, the first of equals, as
 * "::", and an IPv4-mapped address as ::ffff:a.b.c.d). NULL when af is
 * neither or size is too small (FMT_ADDR_LEN always suffices). */
#define FMT_ADDR_LEN 46 /* INET6_ADDRSTRLEN */
const char *fmt_inet_ntop(int af, const void *src, char *dst, size_t size);

/* Reads the decimal digits at s into *v: returns the byte after them, or
 * NULL when s starts with no digit. A number past UINT64_MAX reads as
 * UINT64_MAX (every digit is still read): a caller's bound below it
 * refuses it as too big, not as no number, so a caller can tell the two
 * apart (request.c's content-length-overflow). No sign, no space, no base
 * prefix, unlike strtoull, whose musl engine (intscan) is 2 KiB of the
 * static build. Content-Length (request and script), Range, the options'
 * numbers, LISTEN_PID and JOURNAL_STREAM are read with it. */
const char *fmt_decimal(const char *s, uint64_t *v);

#endif
