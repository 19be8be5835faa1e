/* sort.h: qsort(3)'s contract by heapsort, for the directory listing.
 * musl's qsort (smoothsort) is 2.2 KiB of the static build; a heapsort
 * is a tenth of that and, like it, O(n log n) at worst, in place, without
 * recursion or allocation. */
#ifndef CGIHANDLER_SORT_H
#define CGIHANDLER_SORT_H

#include <stddef.h>

/* Sorts n elements of size bytes at base into the order cmp gives
 * (negative, zero or positive as qsort's). Not stable: equal elements
 * may come out in any order, as with qsort. */
void sort(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *));

#endif
