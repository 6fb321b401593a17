/* SPDX-License-Identifier: ISC */
/*
 * bench_fsync.c: what one group commit's fdatasync costs on this disk,
 * depending on how the journal segment is written (issue 16, the p99
 * target).  Not part of the daemon; run by hand:
 *
 *	build/bench_fsync [-d DIR] [-n SYNCS] [-b BYTES] [-r ROUNDS]
 *
 * In DIR (default: build/), each round runs every mode for SYNCS commits
 * of BYTES bytes each (one write, then one fdatasync), the modes in a
 * different order each round (interleaved, so that the disk's and the
 * machine's noise falls on all of them alike):
 *
 *	append	a new file, O_APPEND: the journal today.  Each sync writes
 *		the data, then the inode (its size changed).
 *	prealloc	a file filled with zeros, fsynced, its directory
 *		fsynced, before the round; then pwrite() in place from
 *		offset 0: no size change, no new extent.
 *	fallocate	fallocate()d (unwritten extents), fsynced; then
 *		pwrite() in place: each sync converts extents (metadata).
 *
 * Prints, per mode, the sync's latency p50 / p90 / p99 / p99.9 / max /
 * mean in microseconds over every round's syncs.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define NMODES 3

static const char *mode_name[NMODES] = { "append", "prealloc", "fallocate" };

static double
now_us(void)
{
	struct timespec ts;

	(void)clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static int
dbl_cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static void
die(const char *what)
{
	perror(what);
	exit(1);
}

static void
fsync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY);

	if (fd == -1 || fsync(fd) == -1)
		die(dir);
	(void)close(fd);
}

/*
 * Prepare mode m's file at path for n writes of len bytes; returns its
 * descriptor.
 */
static int
bench_fsync_prepare(int m, const char *dir, const char *path, size_t n,
    size_t len)
{
	size_t total = n * len, off;
	char *zero;
	int fd;

	(void)unlink(path);
	if (m == 0) {
		if ((fd = open(path, O_WRONLY | O_CREAT | O_APPEND, 0600)) == -1)
			die(path);
		fsync_dir(dir);
		return fd;
	}
	if ((fd = open(path, O_WRONLY | O_CREAT, 0600)) == -1)
		die(path);
	if (m == 1) {
		if ((zero = calloc(1, 1 << 20)) == NULL)
			die("calloc");
		for (off = 0; off < total; off += 1 << 20)
			if (pwrite(fd, zero, total - off < (1 << 20) ?
			    total - off : 1 << 20, (off_t)off) == -1)
				die("pwrite");
		free(zero);
	} else if (fallocate(fd, 0, 0, (off_t)total) == -1)
		die("fallocate");
	if (fsync(fd) == -1)
		die("fsync");
	fsync_dir(dir);
	return fd;
}

int
main(int argc, char **argv)
{
	const char *dir = "build";
	size_t syncs = 600, len = 6500, rounds = 4, r, i, k, cnt[NMODES] = {0};
	double *lat[NMODES], sum[NMODES] = {0};
	char path[4096], *buf;
	int c;

	while ((c = getopt(argc, argv, "d:n:b:r:")) != -1)
		switch (c) {
		case 'd': dir = optarg; break;
		case 'n': syncs = strtoul(optarg, NULL, 10); break;
		case 'b': len = strtoul(optarg, NULL, 10); break;
		case 'r': rounds = strtoul(optarg, NULL, 10); break;
		default:
			fprintf(stderr, "usage: bench_fsync [-d DIR] [-n SYNCS] "
			    "[-b BYTES] [-r ROUNDS]\n");
			return 2;
		}
	if (syncs == 0 || len == 0 || rounds == 0) {
		fprintf(stderr, "bench_fsync: -n, -b and -r must be > 0\n");
		return 2;
	}
	if ((buf = malloc(len)) == NULL)
		die("malloc");
	memset(buf, 'x', len);
	buf[len - 1] = '\n';
	for (k = 0; k < NMODES; k++)
		if ((lat[k] = calloc(syncs * rounds, sizeof(double))) == NULL)
			die("calloc");
	(void)snprintf(path, sizeof(path), "%s/bench_fsync.%ld", dir,
	    (long)getpid());
	for (r = 0; r < rounds; r++)
		for (k = 0; k < NMODES; k++) {
			int m = (int)((k + r) % NMODES), fd;

			fd = bench_fsync_prepare(m, dir, path, syncs, len);
			for (i = 0; i < syncs; i++) {
				double t0, t1;
				ssize_t w = m == 0 ? write(fd, buf, len) :
				    pwrite(fd, buf, len, (off_t)(i * len));

				if (w != (ssize_t)len)
					die("write");
				t0 = now_us();
				if (fdatasync(fd) == -1)
					die("fdatasync");
				t1 = now_us();
				lat[m][cnt[m]++] = t1 - t0;
				sum[m] += t1 - t0;
			}
			(void)close(fd);
			(void)unlink(path);
		}
	printf("fdatasync after one write of %zu bytes, %zu syncs x %zu "
	    "rounds per mode, in %s (us)\n", len, syncs, rounds, dir);
	printf("%-10s %8s %8s %8s %8s %8s %8s\n", "mode", "p50", "p90", "p99",
	    "p99.9", "max", "mean");
	for (k = 0; k < NMODES; k++) {
		size_t n = cnt[k];

		qsort(lat[k], n, sizeof(double), dbl_cmp);
		printf("%-10s %8.0f %8.0f %8.0f %8.0f %8.0f %8.0f\n",
		    mode_name[k], lat[k][n / 2], lat[k][n * 90 / 100],
		    lat[k][n * 99 / 100], lat[k][n * 999 / 1000], lat[k][n - 1],
		    sum[k] / (double)n);
		free(lat[k]);
	}
	free(buf);
	return 0;
}
