/* proxy.h: the PROXY protocol header a load balancer (HAProxy's send-proxy
 * and send-proxy-v2, nginx stream, cloud balancers) puts before the request,
 * naming the client it accepted. The spec is HAProxy's proxy-protocol.txt
 * (Debian: /usr/share/doc/haproxy/proxy-protocol.txt.gz); section numbers
 * below are its. A pure parser: the bytes come in, the reading is conn's. */
#ifndef CGIHANDLER_PROXY_H
#define CGIHANDLER_PROXY_H

#include <stdbool.h>
#include <stddef.h>

enum proxy_result {
	PROXY_DONE, /* a whole valid header: h->len bytes of the input */
	PROXY_MORE, /* a valid beginning: all n bytes are header, and it is at
		     * least h->len bytes long (h->len > n) */
	PROXY_BAD,  /* refuse the connection; h->reason says why */
};

struct proxy_header {
	size_t len;
	/* The connection's own addresses stand: a v2 LOCAL command (a
	 * health check, 2.2), v1 UNKNOWN (2.1), or a v2 family we do not
	 * read (AF_UNSPEC, AF_UNIX, UDP), which 2.2 lets a receiver treat
	 * as UNSPEC. */
	bool local;
	/* The client spoke TLS to the balancer: a v2 PP2_TYPE_SSL TLV with
	 * the PP2_CLIENT_SSL bit (2.2.6). */
	bool tls;
	/* When !local: the client (source) and the address it connected to
	 * (destination), addresses as inet_ntop(3) writes them, a v4-mapped
	 * IPv6 address as plain IPv4; ports in decimal. */
	char src_addr[46], src_port[6], dst_addr[46], dst_port[6];
	/* PROXY_BAD: "proxy-missing" (neither "PROXY " nor the v2
	 * signature), "proxy-v1-too-long" (no CRLF within PROXY_V1_MAX),
	 * "proxy-v1-syntax", "proxy-v1-address", "proxy-v1-port",
	 * "proxy-v2-version", "proxy-v2-command", "proxy-v2-family",
	 * "proxy-v2-too-long" (past PROXY_V2_MAX), "proxy-v2-length" (shorter
	 * than its addresses), "proxy-v2-tlv" (a TLV past its bounds),
	 * "proxy-v2-crc32c" (PP2_TYPE_CRC32C does not match, 2.2.3). */
	const char *reason;
};

/* Parses the header at the start of buf[0..n), version 1 (2.1: one line of
 * at most PROXY_V1_MAX bytes with its CRLF, "PROXY TCP4|TCP6 src dst sport
 * dport" with canonical addresses and ports 0..65535 without leading zeros,
 * or "PROXY UNKNOWN" and anything up to the CRLF) or version 2 (2.2: the
 * 12-byte signature, version 2, command LOCAL or PROXY, a family and
 * protocol in range, 16 + length bytes at most PROXY_V2_MAX, TLVs walked
 * within that length, SSL sub-TLVs within theirs). Bytes after the header
 * are never looked at once the header is whole. A v1 line is judged only
 * when its CRLF is in (2.1 says so); a prefix that cannot begin a header is
 * refused at once. */
enum proxy_result proxy_parse(const void *buf, size_t n, struct proxy_header *h);

#endif
