/*
 * spawn: the cost of one request to a process-per-request handler without
 * an activator or TCP in the way: a socketpair, fork, exec of the handler
 * with the pair on fd 0 and 1, the request written, the answer read to
 * EOF, the child reaped. For A/B comparisons of two builds on a busy
 * machine: run both in alternation and compare medians.
 *
 *   spawn [-t] N REQUEST-PATH BINARY [ARGS...]   (stderr of the child: /dev/null)
 *
 * -t: a loopback TCP connection instead of a socketpair (accepted here and
 * handed to the child, as inetd does), so TCP's own costs are in.
 *
 * Prints: median_us=.. mean_us=.. p90_us=.. faults=.. cpu_us=.. (page faults and
 * user+system CPU of the child, from wait4's rusage)
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* A connected pair: sv[0] the client's end, sv[1] the server's. */
static int pair(int tcp_listener, int sv[2])
{
	if (tcp_listener < 0)
		return socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv);
	struct sockaddr_in sa;
	socklen_t sl = sizeof sa;
	if (getsockname(tcp_listener, (struct sockaddr *)&sa, &sl) != 0)
		return -1;
	sv[0] = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (sv[0] < 0 || connect(sv[0], (struct sockaddr *)&sa, sl) != 0)
		return -1;
	sv[1] = accept4(tcp_listener, NULL, NULL, SOCK_CLOEXEC);
	return sv[1] < 0 ? -1 : 0;
}

int main(int argc, char **argv)
{
	int listener = -1;
	if (argc > 1 && strcmp(argv[1], "-t") == 0) {
		struct sockaddr_in sa = {.sin_family = AF_INET};
		sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		listener = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
		if (listener < 0 || bind(listener, (struct sockaddr *)&sa, sizeof sa) != 0 ||
		    listen(listener, 16) != 0)
			return 1;
		argv++;
		argc--;
	}
	if (argc < 4)
		return 2;
	int n = atoi(argv[1]);
	if (n < 1 || n > 1000000)
		return 2;
	char req[1024];
	int rn = snprintf(req, sizeof req, "GET %s HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n",
			  argv[2]);
	double *t = calloc((size_t)n, sizeof *t), sum = 0;
	long faults = 0;
	double cpu = 0;
	int null = open("/dev/null", O_WRONLY | O_CLOEXEC);
	if (!t || null < 0)
		return 1;
	for (int i = 0; i < n; i++) {
		int sv[2];
		if (pair(listener, sv) != 0)
			return 1;
		double t0 = now_us();
		pid_t pid = fork();
		if (pid < 0)
			return 1;
		if (pid == 0) {
			if (dup2(sv[1], 0) < 0 || dup2(sv[1], 1) < 0 || dup2(null, 2) < 0)
				_exit(127);
			execv(argv[3], argv + 3);
			_exit(127);
		}
		close(sv[1]);
		if (write(sv[0], req, (size_t)rn) != rn)
			return 1;
		char buf[65536];
		while (read(sv[0], buf, sizeof buf) > 0)
			;
		int st;
		struct rusage ru;
		if (wait4(pid, &st, 0, &ru) != pid)
			return 1;
		faults += ru.ru_minflt + ru.ru_majflt;
		cpu += (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e6 +
		       (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec);
		t[i] = now_us() - t0;
		sum += t[i];
		/* RST, not FIN: no TIME_WAIT piles up over a long run */
		struct linger lg = {1, 0};
		if (listener >= 0)
			setsockopt(sv[0], SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
		close(sv[0]);
	}
	qsort(t, (size_t)n, sizeof *t, cmp);
	printf("median_us=%.1f mean_us=%.1f p90_us=%.1f faults=%.1f cpu_us=%.1f\n", t[n / 2],
	       sum / n, t[n * 9 / 10], (double)faults / n, cpu / n);
	return 0;
}
