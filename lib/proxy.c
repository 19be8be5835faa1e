#include "proxy.h"

#include <arpa/inet.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "fmt.h"
#include "limits.h"

static const char v1_prefix[] = "PROXY ";
static const unsigned char v2_signature[12] = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D,
					       0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};

/* 2.2 */
enum { V2_FIXED = 16, CMD_LOCAL = 0x0, CMD_PROXY = 0x1 };
enum { FAM_UNSPEC = 0x0, FAM_INET = 0x1, FAM_INET6 = 0x2, FAM_UNIX = 0x3 };
enum { PROTO_STREAM = 0x1, PROTO_MAX = 0x2 };
/* 2.2, 2.2.3, 2.2.6 */
enum { PP2_TYPE_CRC32C = 0x03, PP2_TYPE_SSL = 0x20, PP2_CLIENT_SSL = 0x01 };

static enum proxy_result bad(struct proxy_header *h, const char *why)
{
	h->reason = why;
	return PROXY_BAD;
}

static enum proxy_result more(struct proxy_header *h, size_t at_least)
{
	h->len = at_least;
	return PROXY_MORE;
}

/* Text of a binary address, a v4-mapped IPv6 one as plain IPv4, as conn
 * names a socket's peer. */
static void name_address(int family, const unsigned char *a, char *out, size_t n)
{
	if (family == AF_INET6 &&
	    IN6_IS_ADDR_V4MAPPED((const struct in6_addr *)(const void *)a))
		fmt_inet_ntop(AF_INET, a + 12, out, (socklen_t)n);
	else
		fmt_inet_ntop(family, a, out, (socklen_t)n);
}

static uint16_t be16(const unsigned char *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

/* --- version 1 (2.1) --- */

/* A port: 0..65535 in decimal, no leading zero. */
static bool v1_port(const char *s, size_t n, char *out)
{
	if (n == 0 || n > 5 || (n > 1 && s[0] == '0'))
		return false;
	unsigned v = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (unsigned)(s[i] - '0');
	}
	if (v > 65535)
		return false;
	fmt_snprintf(out, 6, "%u", v);
	return true;
}

/* An address of the line's family in its canonical text: inet_pton(3)
 * takes exactly what 2.1 describes (four decimal octets without leading
 * zeros; eight groups of at most four hex digits, one "::" at most). */
static bool v1_address(int family, const char *s, size_t n, char *out)
{
	char text[46];
	unsigned char bin[16];
	if (n == 0 || n >= sizeof text)
		return false;
	memcpy(text, s, n);
	text[n] = '\0';
	if (inet_pton(family, text, bin) != 1)
		return false;
	name_address(family, bin, out, 46);
	return true;
}

static enum proxy_result parse_v1(const char *b, size_t n, struct proxy_header *h)
{
	size_t scan = n < PROXY_V1_MAX ? n : PROXY_V1_MAX;
	const char *lf = memchr(b, '\n', scan);
	if (!lf) {
		if (n >= PROXY_V1_MAX)
			return bad(h, "proxy-v1-too-long");
		/* the shortest line is "PROXY UNKNOWN\r\n" */
		return more(h, n + 1 < 15 ? 15 : n + 1);
	}
	size_t line = (size_t)(lf - b);
	if (line == 0 || b[line - 1] != '\r')
		return bad(h, "proxy-v1-syntax");
	const char *p = b + sizeof v1_prefix - 1, *end = b + line - 1;
	if (memchr(p, '\r', (size_t)(end - p)) || memchr(p, '\0', (size_t)(end - p)))
		return bad(h, "proxy-v1-syntax");
	h->len = line + 1;
	size_t rest = (size_t)(end - p);
	/* UNKNOWN: the rest of the line is ignored, the connection's own
	 * addresses stand. */
	if (rest >= 7 && memcmp(p, "UNKNOWN", 7) == 0 && (rest == 7 || p[7] == ' ')) {
		h->local = true;
		return PROXY_DONE;
	}
	int family;
	if (rest >= 5 && memcmp(p, "TCP4 ", 5) == 0)
		family = AF_INET;
	else if (rest >= 5 && memcmp(p, "TCP6 ", 5) == 0)
		family = AF_INET6;
	else
		return bad(h, "proxy-v1-syntax");
	p += 5;
	/* four fields, exactly one space between each, none after the last */
	const char *field[4];
	size_t flen[4];
	for (int i = 0; i < 4; i++) {
		const char *sp = i < 3 ? memchr(p, ' ', (size_t)(end - p)) : NULL;
		const char *fend = sp ? sp : end;
		if ((i < 3 && !sp) || (i == 3 && memchr(p, ' ', (size_t)(end - p))))
			return bad(h, "proxy-v1-syntax");
		field[i] = p;
		flen[i] = (size_t)(fend - p);
		if (flen[i] == 0)
			return bad(h, "proxy-v1-syntax");
		p = fend + (sp ? 1 : 0);
	}
	if (!v1_address(family, field[0], flen[0], h->src_addr) ||
	    !v1_address(family, field[1], flen[1], h->dst_addr))
		return bad(h, "proxy-v1-address");
	if (!v1_port(field[2], flen[2], h->src_port) ||
	    !v1_port(field[3], flen[3], h->dst_port))
		return bad(h, "proxy-v1-port");
	return PROXY_DONE;
}

/* --- version 2 (2.2) --- */

/* CRC32c (Castagnoli, reflected), as RFC 4960 appendix B computes it. */
static uint32_t crc32c(uint32_t crc, const unsigned char *p, size_t n)
{
	crc = ~crc;
	while (n--) {
		crc ^= *p++;
		for (int k = 0; k < 8; k++)
			crc = (crc >> 1) ^ (0x82F63B78u & (0u - (crc & 1)));
	}
	return ~crc;
}

/* 2.2.3: the checksum of the whole header with its own field zeroed. */
static bool crc32c_matches(const unsigned char *b, size_t len, size_t field)
{
	uint32_t want = (uint32_t)b[field] << 24 | (uint32_t)b[field + 1] << 16 |
			(uint32_t)b[field + 2] << 8 | b[field + 3];
	static const unsigned char zero[4];
	uint32_t crc = crc32c(0, b, field);
	crc = crc32c(crc, zero, 4);
	crc = crc32c(crc, b + field + 4, len - field - 4);
	return crc == want;
}

/* Walks the TLVs of b[from..to): each is a type, a 16-bit length and that
 * many bytes, wholly inside the range. Returns false when one is not. */
static bool walk_tlvs(const unsigned char *b, size_t from, size_t to, struct proxy_header *h,
		      bool top)
{
	size_t i = from;
	while (i < to) {
		if (to - i < 3)
			return false;
		unsigned type = b[i];
		size_t vlen = be16(b + i + 1), v = i + 3;
		if (vlen > to - v)
			return false;
		if (top && type == PP2_TYPE_SSL) {
			/* 2.2.6: client (1 byte), verify (4), then sub-TLVs */
			if (vlen < 5 || !walk_tlvs(b, v + 5, v + vlen, h, false))
				return false;
			if (b[v] & PP2_CLIENT_SSL)
				h->tls = true;
		} else if (top && type == PP2_TYPE_CRC32C) {
			if (vlen != 4 || !crc32c_matches(b, h->len, v)) {
				h->reason = "proxy-v2-crc32c";
				return false;
			}
		}
		i = v + vlen;
	}
	return true;
}

static enum proxy_result parse_v2(const unsigned char *b, size_t n, struct proxy_header *h)
{
	if (n < V2_FIXED)
		return more(h, V2_FIXED);
	unsigned version = b[12] >> 4, command = b[12] & 0xF;
	unsigned family = b[13] >> 4, protocol = b[13] & 0xF;
	if (version != 2)
		return bad(h, "proxy-v2-version");
	if (command != CMD_LOCAL && command != CMD_PROXY)
		return bad(h, "proxy-v2-command");
	if (family > FAM_UNIX || protocol > PROTO_MAX)
		return bad(h, "proxy-v2-family");
	size_t len = V2_FIXED + be16(b + 14);
	if (len > PROXY_V2_MAX)
		return bad(h, "proxy-v2-too-long");
	if (n < len)
		return more(h, len);
	h->len = len;
	/* 2.2: LOCAL discards the whole block, family included */
	if (command == CMD_LOCAL) {
		h->local = true;
		return PROXY_DONE;
	}
	static const size_t address_bytes[] = {0, 12, 36, 216};
	size_t tlvs = V2_FIXED + address_bytes[family];
	if (len < tlvs)
		return bad(h, "proxy-v2-length");
	h->reason = NULL;
	if (!walk_tlvs(b, tlvs, len, h, true))
		return bad(h, h->reason ? h->reason : "proxy-v2-tlv");
	if (protocol != PROTO_STREAM || (family != FAM_INET && family != FAM_INET6)) {
		h->local = true; /* 2.2: the UNSPEC fallback */
		return PROXY_DONE;
	}
	int af = family == FAM_INET ? AF_INET : AF_INET6;
	size_t alen = family == FAM_INET ? 4 : 16;
	const unsigned char *a = b + V2_FIXED;
	name_address(af, a, h->src_addr, sizeof h->src_addr);
	name_address(af, a + alen, h->dst_addr, sizeof h->dst_addr);
	fmt_snprintf(h->src_port, sizeof h->src_port, "%u", be16(a + 2 * alen));
	fmt_snprintf(h->dst_port, sizeof h->dst_port, "%u", be16(a + 2 * alen + 2));
	return PROXY_DONE;
}

enum proxy_result proxy_parse(const void *buf, size_t n, struct proxy_header *h)
{
	const unsigned char *b = buf;
	*h = (struct proxy_header){0};
	/* the version is told by its first bytes (2.2, end): a prefix that
	 * matches neither can be refused with the first byte */
	size_t k1 = n < sizeof v1_prefix - 1 ? n : sizeof v1_prefix - 1;
	size_t k2 = n < sizeof v2_signature ? n : sizeof v2_signature;
	if (n > 0 && memcmp(b, v1_prefix, k1) == 0)
		return k1 < sizeof v1_prefix - 1 ? more(h, 15) : parse_v1(buf, n, h);
	if (n > 0 && memcmp(b, v2_signature, k2) == 0)
		return parse_v2(b, n, h);
	if (n == 0)
		return more(h, 1);
	return bad(h, "proxy-missing");
}
