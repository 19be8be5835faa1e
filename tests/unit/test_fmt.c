/* test_fmt.c: fmt_snprintf against the C library's snprintf for every
 * conversion the code uses and their edges, cut at every size; and
 * fmt_inet_ntop against inet_ntop. */
#include <arpa/inet.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>

#include "lib/fmt.h"
#include "tests/unit/check.h"

static int bad;

/* Both formatters, into buffers of every size from 0 to the whole. */
#define SAME(...)                                                                              \
	do {                                                                                   \
		char want[256], got[256];                                                      \
		int rw = snprintf(want, sizeof want, __VA_ARGS__);                             \
		int rg = fmt_snprintf(got, sizeof got, __VA_ARGS__);                           \
		bool ok = rw == rg && strcmp(want, got) == 0;                                  \
		for (size_t n = 0; ok && n <= (size_t)rw + 1; n++) {                           \
			memset(got, 'Z', sizeof got);                                          \
			memset(want, 'Z', sizeof want);                                        \
			rg = fmt_snprintf(n ? got : NULL, n, __VA_ARGS__);                     \
			snprintf(n ? want : NULL, n, __VA_ARGS__);                             \
			ok = rg == rw && memcmp(want, got, n + 1) == 0;                        \
		}                                                                              \
		CHECK(ok, "fmt_snprintf(%s) is snprintf's output", #__VA_ARGS__);              \
		bad += !ok;                                                                    \
	} while (0)

int main(void)
{
	SAME("plain text");
	SAME("%%");
	SAME("%d %d %d", 0, -1, 42);
	SAME("%d %d", INT_MAX, INT_MIN);
	SAME("%u %u", 0u, UINT_MAX);
	SAME("%lld %lld %lld", 0LL, LLONG_MAX, LLONG_MIN);
	SAME("%llx %llx", 0ULL, ULLONG_MAX);
	SAME("%lx %ld %lu", 0xdeadbeefUL, -5L, ULONG_MAX);
	SAME("%zu %zu", (size_t)0, SIZE_MAX);
	SAME("%jd", (intmax_t)-123456789012345);
	SAME("%x %X", 0xabcdefu, 0xabcdefu);
	SAME("\\x%02x", 7);
	SAME("\\x%02x", 0x7f);
	SAME("%2d|%-4d|%04d|%-4d|", 5, 5, -5, -5);
	SAME("%5s|%-5s|%.2s|%.0s|%.10s", "ab", "ab", "abc", "abc", "abc");
	SAME("%.*s|%.*s", 3, "abcdef", 0, "abcdef");
	SAME("%.60s", "a fairly long method name that goes on past sixty bytes for sure, yes");
	SAME("%.300s line %u: %s", "/etc/file", 12u, "what");
	SAME("%*d|%-*d|%*s", 6, 42, 6, 42, -4, "x");
	SAME("%.3d|%.0d|%5.3d", 7, 0, -7);
	SAME("%c%c", 'a', 0x7e);
	SAME("HTTP/1.%d %d %s\r\nServer: x\r\nDate: %s\r\n", 1, 404, "Not Found", "d");
	SAME("\"%llx-%llx-%lx%s%s\"", 123456789ULL, 987654321ULL, 0x1234UL, "-", "gz");
	SAME("cgihandler[%d]: ", 2147483);
	SAME("%s - %s [%s] \"%s\" %s %s%s%s", "127.0.0.1", "-", "when", "GET / HTTP/1.1", "200",
	     "12", " ", "reason");
	SAME("%s", "");
	CHECK(bad == 0, "fmt_snprintf agrees with snprintf on every case above");

	/* what cgihandler has no conversion for comes out as written */
	char out[64];
	CHECK(fmt_snprintf(out, sizeof out, "a%fb%%", 1.5) == 5 && strcmp(out, "a%fb%") == 0,
	      "an unknown conversion is copied out, not guessed at");

	/* addresses: a table with the RFC 5952 cases, then random ones */
	static const char *const six[] = {
		"::",
		"::1",
		"1::",
		"2001:db8::1",
		"2001:db8:0:0:1:0:0:1",
		"2001:db8::1:0:0:1",
		"2001:0:0:1::1",
		"2001:db8:0:1:1:1:1:1",
		"fe80::1:2:3:4",
		"1:2:3:4:5:6:7:8",
		"0:1:0:1:0:1:0:1",
		"::ffff:127.0.0.1",
		"::ffff:0.0.0.0",
		"ffff::",
		"abcd:ef01:2345:6789:abcd:ef01:2345:6789",
	};
	int addr_bad = 0;
	for (size_t i = 0; i < sizeof six / sizeof six[0]; i++) {
		unsigned char a[16];
		char want[INET6_ADDRSTRLEN], got[FMT_ADDR_LEN];
		if (inet_pton(AF_INET6, six[i], a) != 1 ||
		    !inet_ntop(AF_INET6, a, want, sizeof want) ||
		    !fmt_inet_ntop(AF_INET6, a, got, sizeof got) || strcmp(want, got) != 0) {
			printf("# %s: got %s\n", six[i], got);
			addr_bad++;
		}
	}
	CHECK(addr_bad == 0, "fmt_inet_ntop writes the RFC 5952 form of every IPv6 case");
	/* random addresses, with zero groups likely, against inet_ntop;
	 * ::a.b.c.d (IPv4-compatible, deprecated) is left out: glibc writes it
	 * in mixed notation, musl and RFC 5952 in hex */
	srand(12);
	long rnd_bad = 0, rnd_n = 0;
	for (int k = 0; k < 200000; k++) {
		unsigned char a[16];
		for (int i = 0; i < 16; i += 2) {
			int r = rand() % 3;
			a[i] = r ? 0 : (unsigned char)rand();
			a[i + 1] = r ? 0 : (unsigned char)rand();
		}
		if (k % 7 == 0)
			memcpy(a, "\0\0\0\0\0\0\0\0\0\0\xff\xff", 12);
		static const unsigned char zero12[12];
		if (memcmp(a, zero12, 12) == 0)
			continue;
		char want[INET6_ADDRSTRLEN], got[FMT_ADDR_LEN];
		inet_ntop(AF_INET6, a, want, sizeof want);
		fmt_inet_ntop(AF_INET6, a, got, sizeof got);
		rnd_n++;
		if (strcmp(want, got) != 0 && rnd_bad++ < 3)
			printf("# want %s, got %s\n", want, got);
	}
	CHECK(rnd_bad == 0, "fmt_inet_ntop agrees with inet_ntop on %ld random IPv6 addresses",
	      rnd_n);
	unsigned char z[16] = {0};
	z[12] = 10, z[15] = 1;
	CHECK_STR(fmt_inet_ntop(AF_INET6, z, out, sizeof out), "::a00:1",
		  "an IPv4-compatible address in hex, as RFC 5952 has it");

	long four_bad = 0;
	for (uint64_t v = 0; v <= UINT32_MAX; v += 9973) {
		unsigned char a[4] = {(unsigned char)(v >> 24), (unsigned char)(v >> 16),
				      (unsigned char)(v >> 8), (unsigned char)v};
		char want[INET_ADDRSTRLEN], got[FMT_ADDR_LEN];
		inet_ntop(AF_INET, a, want, sizeof want);
		fmt_inet_ntop(AF_INET, a, got, sizeof got);
		if (strcmp(want, got) != 0 && four_bad++ < 3)
			printf("# want %s, got %s\n", want, got);
	}
	unsigned char top[4] = {255, 255, 255, 255};
	CHECK(four_bad == 0 && strcmp(fmt_inet_ntop(AF_INET, top, out, sizeof out),
				      "255.255.255.255") == 0,
	      "fmt_inet_ntop agrees with inet_ntop on IPv4 addresses");
	CHECK(!fmt_inet_ntop(AF_INET, top, out, 15) && fmt_inet_ntop(AF_INET, top, out, 16),
	      "too small a buffer is refused");
	CHECK(!fmt_inet_ntop(AF_UNIX, top, out, sizeof out), "an unknown family is refused");

	/* fmt_decimal: what strtoull reads in base 10, minus sign and space */
	static const struct {
		const char *in;
		unsigned long long want;
		int used; /* bytes read; -1: refused */
	} dec[] = {
		{"0", 0, 1},
		{"42", 42, 2},
		{"007", 7, 3},
		{"12:34", 12, 2},
		{"404=/x", 404, 3},
		{"10K", 10, 2},
		{"18446744073709551615", 18446744073709551615ULL, 20},
		/* past UINT64_MAX: every digit read, the value saturated, so a
		 * bound below it says "too big", not "no number" */
		{"18446744073709551616", 18446744073709551615ULL, 20},
		{"99999999999999999999:1", 18446744073709551615ULL, 20},
		{"184467440737095516150", 18446744073709551615ULL, 21},
		{"", 0, -1},
		{"-1", 0, -1},
		{"+1", 0, -1},
		{" 1", 0, -1},
		{"0x10", 0, 1},
		{"x", 0, -1},
	};
	int dec_bad = 0;
	for (size_t i = 0; i < sizeof dec / sizeof dec[0]; i++) {
		uint64_t v = 12345;
		const char *end = fmt_decimal(dec[i].in, &v);
		bool ok = dec[i].used < 0 ? end == NULL && v == 12345
					  : end == dec[i].in + dec[i].used && v == dec[i].want;
		if (!ok) {
			printf("# fmt_decimal(\"%s\"): wrong\n", dec[i].in);
			dec_bad++;
		}
	}
	CHECK(dec_bad == 0, "fmt_decimal reads digits only, and saturates past UINT64_MAX");
	return check_done();
}
