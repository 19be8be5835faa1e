/* test_sort.c: sort() against qsort(3) on arrays of every length up to 70
 * and some longer ones, with many equal keys and none, of several element
 * sizes; the listing's order (by name, case folded first) included. */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <strings.h>

#include "lib/sort.h"
#include "tests/unit/check.h"

static int by_int(const void *x, const void *y)
{
	int a = *(const int *)x, b = *(const int *)y;
	return (a > b) - (a < b);
}

struct wide {
	int key;
	char pad[13];
};

static int by_wide(const void *x, const void *y)
{
	return by_int(&((const struct wide *)x)->key, &((const struct wide *)y)->key);
}

static int by_name(const void *x, const void *y)
{
	const char *a = *(const char *const *)x, *b = *(const char *const *)y;
	int r = strcasecmp(a, b);
	return r ? r : strcmp(a, b);
}

int main(void)
{
	srand(7);
	long bad = 0, runs = 0;
	static int a[5000], b[5000];
	static struct wide wa[300], wb[300];
	size_t lens[80];
	size_t nl = 0;
	for (size_t n = 0; n <= 70; n++)
		lens[nl++] = n;
	lens[nl++] = 127, lens[nl++] = 128, lens[nl++] = 1000, lens[nl++] = 5000;
	for (size_t k = 0; k < nl; k++) {
		for (int range = 1; range <= 1000000; range *= 100) {
			size_t n = lens[k];
			for (size_t i = 0; i < n; i++)
				a[i] = b[i] = rand() % range - range / 2;
			sort(a, n, sizeof a[0], by_int);
			qsort(b, n, sizeof b[0], by_int);
			runs++;
			if (memcmp(a, b, n * sizeof a[0]) != 0 && bad++ < 3)
				printf("# ints, n=%zu range=%d differ\n", n, range);
			if (n > 300)
				continue;
			for (size_t i = 0; i < n; i++) {
				wa[i].key = rand() % range;
				memset(wa[i].pad, (int)i, sizeof wa[i].pad);
				wb[i] = wa[i];
			}
			sort(wa, n, sizeof wa[0], by_wide);
			qsort(wb, n, sizeof wb[0], by_wide);
			for (size_t i = 0; i < n; i++)
				if (wa[i].key != wb[i].key && bad++ < 3)
					printf("# wide, n=%zu range=%d differ at %zu\n", n,
					       range, i);
			/* the payload moved with its key: a multiset check */
			long sum_a = 0, sum_b = 0;
			for (size_t i = 0; i < n; i++) {
				sum_a += wa[i].key * 31 + wa[i].pad[5];
				sum_b += wb[i].key * 31 + wb[i].pad[5];
			}
			if (sum_a != sum_b && bad++ < 3)
				printf("# wide, n=%zu: elements torn\n", n);
		}
	}
	CHECK(bad == 0, "sort() orders as qsort() does in %ld runs", runs);

	const char *names[] = {"b.txt", "A.txt", "a.txt", "Zeta", "zeta", "_x", "10", "9", "é"};
	const char *want[] = {"10", "9", "_x", "A.txt", "a.txt", "b.txt", "Zeta", "zeta", "é"};
	sort(names, sizeof names / sizeof names[0], sizeof names[0], by_name);
	bool same = true;
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		same = same && strcmp(names[i], want[i]) == 0;
	CHECK(same, "the listing's order: case folded, then byte order");
	return check_done();
}
