/* SPDX-License-Identifier: ISC */
/*
 * bench.h: clocks and medians shared by the benchmarks.  Header-only
 * (static functions), like tests/unit/helpers.h.
 */
#ifndef BENCH_H
#define BENCH_H

#include <stdlib.h>
#include <time.h>

#define BENCH	__attribute__((unused)) static

/* CPU time of this thread, in microseconds: what the work itself costs. */
BENCH double
cpu_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

/* Wall time, in microseconds: for work that waits (fdatasync). */
BENCH double
wall_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

BENCH int
bench_dcmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* The median of v[0..n-1], which it sorts; 0 when n is 0. */
BENCH double
median(double *v, size_t n)
{
	qsort(v, n, sizeof(*v), bench_dcmp);
	return n ? v[n / 2] : 0;
}

#endif
