/* check.h: the smallest TAP producer. CHECK(cond, name) prints "ok N - name"
 * or "not ok N - name"; check_done() prints the plan and returns the exit
 * status. tests/run sums the lines of every suite. */
#ifndef CGIHANDLER_CHECK_H
#define CGIHANDLER_CHECK_H

#include <stdio.h>
#include <string.h>

static int check_count, check_failed;

#define CHECK(cond, ...)                                                                       \
	do {                                                                                   \
		int ok_ = (cond) ? 1 : 0;                                                      \
		printf("%sok %d - ", ok_ ? "" : "not ", ++check_count);                        \
		printf(__VA_ARGS__);                                                           \
		printf("\n");                                                                  \
		if (!ok_) {                                                                    \
			check_failed++;                                                        \
			printf("#   %s:%d: %s\n", __FILE__, __LINE__, #cond);                  \
		}                                                                              \
	} while (0)

#define CHECK_STR(got, want, ...)                                                              \
	do {                                                                                   \
		const char *g_ = (got), *w_ = (want);                                          \
		CHECK(g_ &&w_ ? strcmp(g_, w_) == 0 : g_ == w_, __VA_ARGS__);                  \
		if (g_ && w_ && strcmp(g_, w_) != 0)                                           \
			printf("#   got \"%s\", want \"%s\"\n", g_, w_);                       \
	} while (0)

static inline int check_done(void)
{
	printf("1..%d\n", check_count);
	return check_failed ? 1 : 0;
}

#endif
