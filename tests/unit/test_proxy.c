/* test_proxy.c: the PROXY protocol parser (proxy_parse) against HAProxy's
 * proxy-protocol.txt: its examples and worst cases for version 1 (2.1),
 * binary headers for version 2 (2.2, 2.2.3, 2.2.6), every prefix of a good
 * header (never judged early, never past its end), and each class of bad
 * header with its reason. */
#include <stdint.h>

#include "lib/limits.h"
#include "lib/proxy.h"
#include "tests/unit/check.h"

static struct proxy_header h;

static enum proxy_result parse(const void *b, size_t n)
{
	return proxy_parse(b, n, &h);
}

static enum proxy_result parse_str(const char *s)
{
	return parse(s, strlen(s));
}

/* Every proper prefix of a good header asks for more, promises no fewer
 * bytes than the header has, and the whole header parses to its length. */
static bool prefixes_ask_for_more(const unsigned char *b, size_t len)
{
	for (size_t n = 0; n < len; n++)
		if (parse(b, n) != PROXY_MORE || h.len <= n || h.len > len)
			return false;
	return parse(b, len) == PROXY_DONE && h.len == len;
}

static const char sig[] = "\r\n\r\n\0\r\nQUIT\n";

/* A v2 header: signature, ver_cmd, fam, then body of blen bytes. */
static size_t v2(unsigned char *out, unsigned ver_cmd, unsigned fam, const void *body,
		 size_t blen)
{
	memcpy(out, sig, 12);
	out[12] = (unsigned char)ver_cmd;
	out[13] = (unsigned char)fam;
	out[14] = (unsigned char)(blen >> 8);
	out[15] = (unsigned char)blen;
	memcpy(out + 16, body, blen);
	return 16 + blen;
}

/* The four names the last header gave, one check each. */
static void check_names(const char *what, const char *src, const char *dst, const char *sport,
			const char *dport)
{
	CHECK_STR(h.src_addr, src, "%s: source address", what);
	CHECK_STR(h.dst_addr, dst, "%s: destination address", what);
	CHECK_STR(h.src_port, sport, "%s: source port", what);
	CHECK_STR(h.dst_port, dport, "%s: destination port", what);
}

/* s for a test's name: control bytes escaped, so TAP stays one line. */
static const char *shown(const char *s)
{
	static char out[256];
	size_t o = 0;
	for (; *s && o + 5 < sizeof out; s++)
		o += (size_t)snprintf(out + o, sizeof out - o,
				      (unsigned char)*s < 0x20 ? "\\x%02x" : "%c",
				      (unsigned char)*s);
	return out;
}

static const char *reason_of(const char *s)
{
	return parse_str(s) == PROXY_BAD ? h.reason : "(accepted)";
}

static const char *reason_of_v2(unsigned ver_cmd, unsigned fam, const void *body, size_t blen)
{
	static unsigned char b[PROXY_V2_MAX + 64];
	size_t n = v2(b, ver_cmd, fam, body, blen);
	return parse(b, n) == PROXY_BAD ? h.reason : "(accepted)";
}

int main(void)
{
	/* 2.1: the spec's example, with the request behind it */
	const char *ex = "PROXY TCP4 192.168.0.1 192.168.0.11 56324 443\r\n"
			 "GET / HTTP/1.1\r\nHost: 192.168.0.11\r\n\r\n";
	CHECK(parse_str(ex) == PROXY_DONE, "v1: the spec's example parses");
	CHECK(h.len == 47 && memcmp(ex + h.len, "GET ", 4) == 0,
	      "v1: its length is the line, CRLF included, not a byte of the request");
	check_names("v1", "192.168.0.1", "192.168.0.11", "56324", "443");
	CHECK(!h.local && !h.tls, "v1: not local, no TLS");
	CHECK(prefixes_ask_for_more((const unsigned char *)ex, 47),
	      "v1: every prefix of the line asks for more");

	/* 2.1: the longest lines a receiver must take */
	const char *v4max = "PROXY TCP4 255.255.255.255 255.255.255.255 65535 65535\r\n";
	CHECK(parse_str(v4max) == PROXY_DONE && h.len == 56,
	      "v1: the TCP4 worst case, 56 bytes");
	const char *v6max = "PROXY TCP6 ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff "
			    "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff 65535 65535\r\n";
	CHECK(parse_str(v6max) == PROXY_DONE && h.len == 104,
	      "v1: the TCP6 worst case, 104 bytes");
	CHECK_STR(h.src_addr, "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
		  "v1: a full IPv6 address");
	CHECK(parse_str("PROXY UNKNOWN\r\n") == PROXY_DONE && h.len == 15 && h.local,
	      "v1: UNKNOWN short form, 15 bytes, the connection's addresses stand");
	const char *unk = "PROXY UNKNOWN ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff "
			  "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff 65535 65535\r\n";
	CHECK(strlen(unk) == PROXY_V1_MAX && parse_str(unk) == PROXY_DONE && h.local &&
		      h.len == PROXY_V1_MAX,
	      "v1: UNKNOWN worst case, 107 bytes, the rest ignored");
	CHECK(parse_str("PROXY TCP6 ::1 ::1 1 0\r\n") == PROXY_DONE &&
		      strcmp(h.src_addr, "::1") == 0 && strcmp(h.dst_port, "0") == 0,
	      "v1: \"::\" compression, port 0");
	CHECK(parse_str("PROXY TCP6 0:0:0:0:0:FFFF:7f00:1 ::1 1 2\r\n") == PROXY_DONE &&
		      strcmp(h.src_addr, "127.0.0.1") == 0,
	      "v1: an IPv6 address is named canonically, v4-mapped as IPv4");

	/* 2.1: no CRLF within 107 bytes; grammar; addresses; ports */
	char longline[200];
	snprintf(longline, sizeof longline, "PROXY UNKNOWN %0120d\r\n", 0);
	CHECK(parse(longline, PROXY_V1_MAX) == PROXY_BAD &&
		      strcmp(h.reason, "proxy-v1-too-long") == 0,
	      "v1: no CRLF in 107 bytes: too long, judged at 107");
	CHECK(parse(longline, PROXY_V1_MAX - 1) == PROXY_MORE,
	      "v1: 106 bytes without CRLF: more");
	static const char *const syntax[] = {
		"PROXY TCP4 1.2.3.4 5.6.7.8 1 2\n",	    /* LF alone */
		"PROXY TCP4 1.2.3.4 5.6.7.8 1 2\r\r\n",	    /* stray CR */
		"PROXY TCP4  1.2.3.4 5.6.7.8 1 2\r\n",	    /* two spaces */
		"PROXY TCP4 1.2.3.4 5.6.7.8 1 2 \r\n",	    /* trailing space */
		"PROXY TCP4 1.2.3.4 5.6.7.8 1\r\n",	    /* a field short */
		"PROXY TCP4 1.2.3.4 5.6.7.8 1 2 3\r\n",	    /* a field more */
		"PROXY TCP5 1.2.3.4 5.6.7.8 1 2\r\n",	    /* no such protocol */
		"PROXY tcp4 1.2.3.4 5.6.7.8 1 2\r\n",	    /* case matters */
		"PROXY UNKNOWNX\r\n",			    /* not the word */
		"PROXY \r\n",				    /* nothing */
		"PROXY TCP4 1.2.3.4\t5.6.7.8 1 2\r\n",	    /* a tab */
		"PROXY TCP4 1.2.3.4 5.6.7.8 1 2\r\nGET / ", /* (good: control) */
	};
	size_t nsyntax = sizeof syntax / sizeof syntax[0];
	for (size_t i = 0; i + 1 < nsyntax; i++) {
		CHECK_STR(reason_of(syntax[i]), "proxy-v1-syntax", "v1: refused: %s",
			  shown(syntax[i]));
	}
	CHECK_STR(reason_of(syntax[nsyntax - 1]), "(accepted)", "v1: the control line is good");
	static const char *const addresses[] = {
		"PROXY TCP4 01.2.3.4 5.6.7.8 1 2\r\n",	    /* leading zero */
		"PROXY TCP4 256.2.3.4 5.6.7.8 1 2\r\n",	    /* octet > 255 */
		"PROXY TCP4 1.2.3 5.6.7.8 1 2\r\n",	    /* three octets */
		"PROXY TCP4 1.2.3.4.5 5.6.7.8 1 2\r\n",	    /* five */
		"PROXY TCP4 ::1 5.6.7.8 1 2\r\n",	    /* family mismatch */
		"PROXY TCP6 1.2.3.4 ::1 1 2\r\n",	    /* family mismatch */
		"PROXY TCP6 1::2::3 ::1 1 2\r\n",	    /* two "::" */
		"PROXY TCP6 12345::1 ::1 1 2\r\n",	    /* five hex digits */
		"PROXY TCP6 1:2:3:4:5:6:7:8:9 ::1 1 2\r\n", /* 144 bits */
		"PROXY TCP4 example.com 5.6.7.8 1 2\r\n",   /* a name */
	};
	for (size_t i = 0; i < sizeof addresses / sizeof addresses[0]; i++)
		CHECK_STR(reason_of(addresses[i]), "proxy-v1-address", "v1: refused: %s",
			  shown(addresses[i]));
	static const char *const ports[] = {
		"PROXY TCP4 1.2.3.4 5.6.7.8 65536 2\r\n",
		"PROXY TCP4 1.2.3.4 5.6.7.8 01 2\r\n",
		"PROXY TCP4 1.2.3.4 5.6.7.8 1 -2\r\n",
		"PROXY TCP4 1.2.3.4 5.6.7.8 1 0x2\r\n",
		"PROXY TCP4 1.2.3.4 5.6.7.8 1 999999\r\n",
	};
	for (size_t i = 0; i < sizeof ports / sizeof ports[0]; i++)
		CHECK_STR(reason_of(ports[i]), "proxy-v1-port", "v1: refused: %s",
			  shown(ports[i]));

	/* neither version: refused with the first byte that tells */
	CHECK_STR(reason_of("GET / HTTP/1.1\r\n\r\n"), "proxy-missing",
		  "a bare request: missing");
	CHECK(parse("G", 1) == PROXY_BAD, "refused at its first byte");
	CHECK(parse("PROXZ", 5) == PROXY_BAD && strcmp(h.reason, "proxy-missing") == 0,
	      "\"PROXZ\": missing");
	CHECK(parse("POST ", 5) == PROXY_BAD, "\"POST \" is not \"PROXY \"");
	CHECK(parse("\r\n\r\n\0\r\nQUIX", 12) == PROXY_BAD, "a wrong v2 signature");
	CHECK(parse("\r\nGET", 5) == PROXY_BAD, "CRLF then a request: not v2");
	CHECK(parse("", 0) == PROXY_MORE && h.len == 1, "nothing yet: more");

	/* 2.2: version 2, TCP over IPv4 */
	unsigned char b[PROXY_V2_MAX + 64];
	unsigned char a4[12] = {192, 168, 0, 1, 192, 168, 0, 11, 0xdc, 0x04, 0x01, 0xbb};
	size_t n = v2(b, 0x21, 0x11, a4, sizeof a4);
	memcpy(b + n, "GET / HTTP/1.1\r\n\r\n", 18);
	CHECK(parse(b, n + 18) == PROXY_DONE && h.len == 28,
	      "v2 TCP4: 28 bytes, request unread");
	check_names("v2 TCP4", "192.168.0.1", "192.168.0.11", "56324", "443");
	CHECK(!h.local && !h.tls, "v2 TCP4: not local, no TLS");
	CHECK(prefixes_ask_for_more(b, n), "v2: every prefix asks for more, exactly");
	CHECK(parse(b, 16) == PROXY_MORE && h.len == 28,
	      "v2: after 16 bytes the length is known");

	/* TCP over IPv6 */
	unsigned char a6[36] = {0};
	a6[0] = 0x20, a6[1] = 0x01, a6[2] = 0x0d, a6[3] = 0xb8, a6[15] = 1;
	a6[31] = 1, a6[32] = 0x30, a6[33] = 0x39, a6[34] = 0, a6[35] = 80;
	n = v2(b, 0x21, 0x21, a6, sizeof a6);
	CHECK(parse(b, n) == PROXY_DONE && h.len == 52, "v2 TCP6: 52 bytes");
	check_names("v2 TCP6", "2001:db8::1", "::1", "12345", "80");

	/* LOCAL (a health check): the block is skipped whatever it holds */
	CHECK(strcmp(reason_of_v2(0x20, 0x00, "", 0), "(accepted)") == 0 && h.local &&
		      h.len == 16,
	      "v2 LOCAL, no address: accepted, local");
	CHECK(strcmp(reason_of_v2(0x20, 0x11, a4, sizeof a4), "(accepted)") == 0 && h.local &&
		      h.len == 28,
	      "v2 LOCAL with addresses: skipped by the length, local");
	/* the families we do not read fall back to the real endpoints */
	unsigned char ax[216] = {0};
	CHECK(strcmp(reason_of_v2(0x21, 0x31, ax, 216), "(accepted)") == 0 && h.local,
	      "v2 PROXY over AF_UNIX: accepted, local (2.2's UNSPEC fallback)");
	CHECK(strcmp(reason_of_v2(0x21, 0x00, "", 0), "(accepted)") == 0 && h.local,
	      "v2 PROXY, AF_UNSPEC: accepted, local");
	CHECK(strcmp(reason_of_v2(0x21, 0x12, a4, sizeof a4), "(accepted)") == 0 && h.local,
	      "v2 PROXY, UDP over IPv4: accepted, local");

	/* 2.2: each field's bad values */
	static const struct {
		unsigned ver_cmd, fam;
		size_t len; /* address bytes given */
		const char *reason, *name;
	} fields[] = {
		{0x11, 0x11, 12, "proxy-v2-version", "version 1"},
		{0x31, 0x11, 12, "proxy-v2-version", "version 3"},
		{0x22, 0x11, 12, "proxy-v2-command", "command 2"},
		{0x2F, 0x11, 12, "proxy-v2-command", "command 15"},
		{0x21, 0x41, 12, "proxy-v2-family", "family 4"},
		{0x21, 0x13, 12, "proxy-v2-family", "protocol 3"},
		{0x21, 0x11, 11, "proxy-v2-length", "TCP4 with 11 address bytes"},
		{0x21, 0x21, 35, "proxy-v2-length", "TCP6 with 35 address bytes"},
		{0x21, 0x31, 215, "proxy-v2-length", "UNIX with 215 address bytes"},
	};
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
		CHECK_STR(reason_of_v2(fields[i].ver_cmd, fields[i].fam, ax, fields[i].len),
			  fields[i].reason, "v2: %s", fields[i].name);
	static unsigned char zeros[PROXY_V2_MAX];
	CHECK_STR(reason_of_v2(0x21, 0x11, zeros, PROXY_V2_MAX - 16), "(accepted)",
		  "v2: PROXY_V2_MAX bytes in all (zero bytes as NOOP-like TLVs)");
	memcpy(b, sig, 12);
	b[12] = 0x21, b[13] = 0x11, b[14] = 0xff, b[15] = 0xff;
	CHECK(parse(b, 16) == PROXY_BAD && strcmp(h.reason, "proxy-v2-too-long") == 0,
	      "v2: a length past PROXY_V2_MAX is refused before it is read");

	/* TLVs: walked within the length (2.2) */
	unsigned char body[64];
	memcpy(body, a4, 12);
	memcpy(body + 12, "\x04\x00\x02xy", 5); /* NOOP, 2 bytes */
	CHECK_STR(reason_of_v2(0x21, 0x11, body, 17), "(accepted)",
		  "v2: a NOOP TLV is skipped");
	CHECK_STR(reason_of_v2(0x21, 0x11, body, 16), "proxy-v2-tlv",
		  "v2: a TLV value past the length");
	CHECK_STR(reason_of_v2(0x21, 0x11, body, 14), "proxy-v2-tlv",
		  "v2: a TLV head cut by the length");
	memcpy(body + 12, "\x04\x00\x00", 3);
	CHECK_STR(reason_of_v2(0x21, 0x11, body, 15), "(accepted)", "v2: an empty TLV");

	/* 2.2.6: PP2_TYPE_SSL, client PP2_CLIENT_SSL, verify 0, a version
	 * sub-TLV */
	memcpy(body + 12, "\x20\x00\x0d\x01\x00\x00\x00\x00\x21\x00\x05TLSv1", 16);
	CHECK(strcmp(reason_of_v2(0x21, 0x11, body, 28), "(accepted)") == 0 && h.tls,
	      "v2: the SSL TLV with PP2_CLIENT_SSL: tls");
	body[15] = 0x02; /* a client certificate, but not over TLS */
	CHECK(strcmp(reason_of_v2(0x21, 0x11, body, 28), "(accepted)") == 0 && !h.tls,
	      "v2: the SSL TLV without PP2_CLIENT_SSL: no tls");
	body[15] = 0x01;
	body[14] = 0x04; /* shorter than client + verify */
	CHECK_STR(reason_of_v2(0x21, 0x11, body, 16 + 3), "proxy-v2-tlv",
		  "v2: an SSL TLV shorter than its fixed part");
	body[14] = 0x0c; /* the sub-TLV's value now passes the SSL TLV's end */
	CHECK_STR(reason_of_v2(0x21, 0x11, body, 28), "proxy-v2-tlv",
		  "v2: an SSL sub-TLV past its TLV");
	CHECK(strcmp(reason_of_v2(0x20, 0x11, body, 28), "(accepted)") == 0 && !h.tls,
	      "v2 LOCAL: its TLVs are not read, no tls");

	/* 2.2.3: PP2_TYPE_CRC32C over the whole header, its field zeroed;
	 * the value was computed apart (a bitwise CRC-32C in Python) */
	memcpy(body + 12, "\x03\x00\x04\x00\x3f\x0b\x41", 7);
	memcpy(body, (unsigned char[]){127, 0, 0, 1, 127, 0, 0, 2, 0x9c, 0x40, 0, 80}, 12);
	CHECK_STR(reason_of_v2(0x21, 0x11, body, 19), "(accepted)", "v2: a right CRC32C");
	body[18] ^= 1;
	CHECK_STR(reason_of_v2(0x21, 0x11, body, 19), "proxy-v2-crc32c", "v2: a wrong CRC32C");
	body[18] ^= 1;
	body[0] = 10; /* the address changed under the checksum */
	CHECK_STR(reason_of_v2(0x21, 0x11, body, 19), "proxy-v2-crc32c",
		  "v2: a changed address fails the CRC32C");
	memcpy(body + 12, "\x03\x00\x03\x00\x3f\x0b", 6);
	CHECK_STR(reason_of_v2(0x21, 0x11, body, 18), "proxy-v2-crc32c",
		  "v2: a CRC32C TLV of 3 bytes");
	return check_done();
}
