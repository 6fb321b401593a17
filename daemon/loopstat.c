/* SPDX-License-Identifier: ISC */
/*
 * loopstat.c: where the event loop's time goes, for benchmarks only.
 *
 * With ADVISORD_LOOP_STATS=FILE in the environment the daemon times every
 * round of its loop (from the end of the poll to the start of the next:
 * wall clock and the loop thread's own CPU, which tells work from being
 * preempted), the group commit's pieces (the .part writes and journal
 * write before it is posted; post to run on the worker, the sync, run to
 * done on the loop) and writes log2 histograms of them, with the longest
 * rounds, to FILE at exit.  Without it nothing is timed: loopstat_on is 0
 * and every call returns at once.  Not a metric: a tool to find a tail.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <ev.h>

#include "advisord.h"

#define LS_BUCKETS	24	/* 1 µs .. 8 s, log2 */
#define LS_WORST	16

int loopstat_on;

static const char *ls_path;
static const char *ls_names[LS_NKINDS] = {
	"round wall", "round cpu", "commit begin (parts+journal write)",
	"sync: post to run (worker queue)", "sync: run (fdatasync)",
	"sync: run end to done (handoff)", "sync: post to done",
	"poll wait"
};
static unsigned long ls_hist[LS_NKINDS][LS_BUCKETS];
static double ls_sum[LS_NKINDS], ls_max[LS_NKINDS];
static unsigned long ls_n[LS_NKINDS];
static struct { double wall, cpu, begin, t0; } ls_worst[LS_WORST];
static double ls_t0, ls_c0, ls_tpoll, ls_begin;
static ev_check ls_check;
static ev_prepare ls_prepare;

/* The calling thread's CPU time, seconds. */
static double
loopstat_cpu(void)
{
	struct timespec t;

	(void)clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Count one duration (seconds) of kind k. */
void
loopstat_note(int k, double sec)
{
	double us = sec * 1e6;
	int b = 0;

	if (!loopstat_on || k < 0 || k >= LS_NKINDS)
		return;
	while (b < LS_BUCKETS - 1 && us >= (double)(1UL << b))
		b++;
	ls_hist[k][b]++;
	ls_sum[k] += sec;
	ls_n[k]++;
	if (sec > ls_max[k])
		ls_max[k] = sec;
	if (k == LS_COMMIT_BEGIN)
		ls_begin += sec;
}

/* After the poll: a round begins. */
static void
loopstat_check_cb(struct ev_loop *loop, ev_check *w, int revents)
{
	(void)loop;
	(void)w;
	(void)revents;
	ls_t0 = server_clock();
	ls_c0 = loopstat_cpu();
	ls_begin = 0;
	if (ls_tpoll > 0)
		loopstat_note(LS_POLL, ls_t0 - ls_tpoll);
}

/* Before the poll (after every other prepare watcher): the round ends. */
static void
loopstat_prepare_cb(struct ev_loop *loop, ev_prepare *w, int revents)
{
	double t = server_clock(), wall, cpu;
	int i, m = 0;

	(void)loop;
	(void)w;
	(void)revents;
	ls_tpoll = t;
	if (ls_t0 == 0)
		return;
	wall = t - ls_t0;
	cpu = loopstat_cpu() - ls_c0;
	loopstat_note(LS_ROUND_WALL, wall);
	loopstat_note(LS_ROUND_CPU, cpu);
	for (i = 1; i < LS_WORST; i++)
		if (ls_worst[i].wall < ls_worst[m].wall)
			m = i;
	if (wall > ls_worst[m].wall) {
		ls_worst[m].wall = wall;
		ls_worst[m].cpu = cpu;
		ls_worst[m].begin = ls_begin;
		ls_worst[m].t0 = ls_t0;
	}
}

/* Start timing when ADVISORD_LOOP_STATS names a file. */
void
loopstat_init(struct ev_loop *loop)
{
	if ((ls_path = getenv("ADVISORD_LOOP_STATS")) == NULL ||
	    *ls_path == '\0')
		return;
	loopstat_on = 1;
	ev_check_init(&ls_check, loopstat_check_cb);
	ev_set_priority(&ls_check, EV_MAXPRI);
	ev_check_start(loop, &ls_check);
	ev_prepare_init(&ls_prepare, loopstat_prepare_cb);
	ev_set_priority(&ls_prepare, EV_MINPRI);
	ev_prepare_start(loop, &ls_prepare);
	ev_unref(loop);
	ev_unref(loop);
}

/* Stop timing and write the histograms to the file. */
void
loopstat_dump(struct ev_loop *loop)
{
	FILE *f;
	int k, b;

	if (!loopstat_on)
		return;
	ev_ref(loop);
	ev_ref(loop);
	ev_check_stop(loop, &ls_check);
	ev_prepare_stop(loop, &ls_prepare);
	loopstat_on = 0;
	if ((f = fopen(ls_path, "w")) == NULL)
		return;
	for (k = 0; k < LS_NKINDS; k++) {
		fprintf(f, "%s: n %lu mean %.1f us max %.1f us\n", ls_names[k],
		    ls_n[k], ls_n[k] ? ls_sum[k] * 1e6 / (double)ls_n[k] : 0,
		    ls_max[k] * 1e6);
		for (b = 0; b < LS_BUCKETS; b++)
			if (ls_hist[k][b] > 0)
				fprintf(f, "  < %8lu us %lu\n", 1UL << b,
				    ls_hist[k][b]);
	}
	fprintf(f, "longest rounds (wall, cpu, commit begin) us, start "
	    "(CLOCK_MONOTONIC s):\n");
	for (k = 0; k < LS_WORST; k++)
		if (ls_worst[k].wall > 0)
			fprintf(f, "  %.0f %.0f %.0f %.6f\n",
			    ls_worst[k].wall * 1e6, ls_worst[k].cpu * 1e6,
			    ls_worst[k].begin * 1e6, ls_worst[k].t0);
	(void)fclose(f);
}
