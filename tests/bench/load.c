/*
 * load: the benchmark's client. A new TCP connection per request (what a
 * process-per-request server pays for, and what keep-alive tools such as
 * wrk do not measure), CONC threads, until N requests are done or SECONDS
 * have passed. Loopback only.
 *
 *   load -p PORT -u PATH [-c CONC] [-n N] [-t SECONDS] [-b POSTBYTES]
 *        [-x MINBYTES] [-e TEXT] [-T TIMEOUT]
 *
 * Prints one line: ok=.. err=.. secs=.. rps=.. p50_ms=.. p99_ms=.. mbps=..
 * A request counts as ok when the answer's status is 200, it carries at
 * least MINBYTES bytes after the head and, with -e, its first 64 KiB hold
 * TEXT; mbps is body megabytes (10^6) a second, the request body included.
 * A send or receive that waits TIMEOUT seconds (default 60) ends that
 * request as an error, so a server that never answers cannot hang a run.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#define MAX_SAMPLES 1000000

static int port, conc = 1;
static long limit = 1000;
static double seconds;
static int timeout_s = 60;
static long long post_bytes = -1, min_bytes;
static const char *path = "/", *expect;
static double start;
static atomic_long issued, ok, errs;
static atomic_llong body_total;
static double *lat;
static atomic_long nlat;

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static bool send_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = send(fd, p, n, MSG_NOSIGNAL);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return false;
		p += w;
		n -= (size_t)w;
	}
	return true;
}

/* One request on a fresh connection; the body bytes after the head, or -1. */
static long long one(void)
{
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	long long body = -1;
	char req[512];
	int n;
	if (post_bytes >= 0)
		n = snprintf(req, sizeof req,
			     "POST %s HTTP/1.0\r\nHost: 127.0.0.1\r\nContent-Type: "
			     "application/octet-stream\r\nContent-Length: %lld\r\n\r\n",
			     path, post_bytes);
	else
		n = snprintf(req, sizeof req, "GET %s HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n",
			     path);
	struct timeval tv = {.tv_sec = timeout_s};
	if (setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv) != 0 ||
	    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv) != 0 ||
	    connect(fd, (struct sockaddr *)&sa, sizeof sa) != 0 ||
	    !send_all(fd, req, (size_t)n))
		goto out;
	static char zeros[1 << 16];
	for (long long left = post_bytes; left > 0;) {
		size_t k = left < (long long)sizeof zeros ? (size_t)left : sizeof zeros;
		if (!send_all(fd, zeros, k))
			goto out;
		left -= (long long)k;
	}
	/* The first 64 KiB are kept (the head and the start of the body, for
	 * -e); the rest is counted and dropped. */
	static _Thread_local char buf[1 << 16], sink[1 << 16];
	size_t have = 0;
	long long total = 0, head_end = -1;
	bool status_ok = false;
	for (;;) {
		bool keep = have < sizeof buf;
		ssize_t r = keep ? recv(fd, buf + have, sizeof buf - have, 0)
				 : recv(fd, sink, sizeof sink, 0);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			goto out;
		if (r == 0)
			break;
		total += r;
		if (keep) {
			have += (size_t)r;
			char *e = head_end < 0 ? memmem(buf, have, "\r\n\r\n", 4) : NULL;
			if (e) {
				head_end = (long long)(e - buf) + 4;
				status_ok = have > 12 && memcmp(buf + 8, " 200", 4) == 0;
			}
		}
		if (head_end < 0 && have == sizeof buf)
			goto out;
	}
	if (expect && (head_end < 0 || !memmem(buf + head_end, have - (size_t)head_end, expect,
					       strlen(expect))))
		status_ok = false;
	if (head_end >= 0 && status_ok)
		body = total - head_end;
out:;
	/* An RST instead of a FIN: no TIME_WAIT on either side, so a long run
	 * cannot run out of ports. The answer has been read to the end. */
	struct linger lg = {1, 0};
	setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
	close(fd);
	return body;
}

static void *worker(void *arg)
{
	(void)arg;
	for (;;) {
		if (atomic_fetch_add(&issued, 1) >= limit)
			break;
		if (seconds > 0 && now() - start >= seconds)
			break;
		double t0 = now();
		long long b = one();
		double dt = now() - t0;
		if (b >= 0 && b >= min_bytes) {
			atomic_fetch_add(&ok, 1);
			atomic_fetch_add(&body_total, b + (post_bytes > 0 ? post_bytes : 0));
			long i = atomic_fetch_add(&nlat, 1);
			if (i < MAX_SAMPLES)
				lat[i] = dt;
		} else {
			atomic_fetch_add(&errs, 1);
		}
	}
	return NULL;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	int o;
	while ((o = getopt(argc, argv, "p:u:c:n:t:b:x:e:T:")) != -1) {
		switch (o) {
		case 'p': port = atoi(optarg); break;
		case 'u': path = optarg; break;
		case 'c': conc = atoi(optarg); break;
		case 'n': limit = atol(optarg); break;
		case 't': seconds = atof(optarg); break;
		case 'b': post_bytes = atoll(optarg); break;
		case 'x': min_bytes = atoll(optarg); break;
		case 'e': expect = optarg; break;
		case 'T': timeout_s = atoi(optarg); break;
		default: return 2;
		}
	}
	if (port <= 0 || timeout_s < 1 || conc < 1 || conc > 64 || limit < 1 ||
	    limit > MAX_SAMPLES)
		return 2;
	lat = calloc(MAX_SAMPLES, sizeof *lat);
	if (!lat)
		return 1;
	pthread_t t[64];
	start = now();
	for (int i = 0; i < conc; i++)
		if (pthread_create(&t[i], NULL, worker, NULL) != 0)
			return 1;
	for (int i = 0; i < conc; i++)
		pthread_join(t[i], NULL);
	double secs = now() - start;
	long n = nlat < MAX_SAMPLES ? nlat : MAX_SAMPLES;
	qsort(lat, (size_t)n, sizeof *lat, cmp);
	double p50 = n ? lat[n / 2] : 0,
	       p99 = n ? lat[(n * 99) / 100 < n ? (n * 99) / 100 : n - 1] : 0;
	printf("ok=%ld err=%ld secs=%.3f rps=%.1f p50_ms=%.3f p99_ms=%.3f mbps=%.1f\n",
	       (long)ok, (long)errs, secs, (double)ok / secs, p50 * 1e3, p99 * 1e3,
	       (double)body_total / secs / 1e6);
	return 0;
}
