/* SPDX-License-Identifier: ISC */
/*
 * worker.c: one thread that waits for the disk, so the event loop does not.
 *
 * The loop posts jobs; the worker runs each job's run() in order, then
 * hands the job back through an eventfd (one descriptor: a daemon run
 * under a small open-files limit has few to spare), and the loop calls its
 * done() from an
 * ev_io callback.  run() may only touch what its job owns and what does
 * not change while the daemon runs (paths, the signing key); done() runs
 * on the loop thread and may touch everything.  Jobs run one at a time in
 * the order they were posted, so a sync posted after a write covers it.
 *
 * At shutdown worker_drain() waits until every posted job is done (its
 * done() called), then stops the thread.
 */
#include <sys/eventfd.h>

#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <ev.h>

#include "advisord.h"

struct job {
	struct job	*next;
	void		(*run)(void *);
	void		(*done)(void *);
	void		*arg;
	int		 quiet;		/* done() may wait for the next job's */
};

struct worker {
	pthread_t	 thread;
	pthread_mutex_t	 mu;		/* the lists, stop, signalled */
	sem_t		 ready;		/* one post per job, one to stop */
	struct job	*head, *tail;	/* to run */
	struct job	*dhead, *dtail;	/* run, done() not yet called */
	int		 stop;
	int		 efd;		/* worker -> loop: "jobs are done" */
	int		 signalled;	/* efd's count is not zero */
	ev_io		 io;
	size_t		 pending;	/* posted, done() not yet called */
};

/*
 * The worker thread: wait for a post, run the job at the head of the
 * queue, hand it back.  It sleeps on a semaphore, not a condition
 * variable: a thread woken from pthread_cond_wait() takes the mutex back
 * marked contended, so its next unlock is a FUTEX_WAKE of no one, one
 * system call per commit for nothing (strace_turn.sh).  The mutex is
 * only held for the lists, never while sleeping.
 */
static void *
worker_main(void *arg)
{
	struct worker *w = arg;
	struct job *j;

	for (;;) {
		while (sem_wait(&w->ready) == -1 && errno == EINTR)
			continue;
		(void)pthread_mutex_lock(&w->mu);
		if ((j = w->head) == NULL) {
			int stop = w->stop;

			(void)pthread_mutex_unlock(&w->mu);
			if (stop)
				break;
			continue;
		}
		if ((w->head = j->next) == NULL)
			w->tail = NULL;
		(void)pthread_mutex_unlock(&w->mu);
		j->run(j->arg);
		(void)pthread_mutex_lock(&w->mu);
		j->next = NULL;
		if (w->dtail != NULL)
			w->dtail->next = j;
		else
			w->dhead = j;
		w->dtail = j;
		/*
		 * A quiet job with another queued behind it wakes no one: the
		 * loop reaps it with that one's (in order), one wake-up.
		 */
		if (!w->signalled && !(j->quiet && w->head != NULL)) {
			uint64_t one = 1;

			w->signalled = 1;
			/* non-blocking; at most one count is ever in it */
			(void)write(w->efd, &one, sizeof(one));
		}
		(void)pthread_mutex_unlock(&w->mu);
	}
	return NULL;
}

/* Call done() for every finished job; on the loop thread. */
static void
worker_reap(struct worker *w)
{
	struct job *list, *j;
	uint64_t n;

	(void)pthread_mutex_lock(&w->mu);
	list = w->dhead;
	w->dhead = w->dtail = NULL;
	if (w->signalled) {
		(void)read(w->efd, &n, sizeof(n));
		w->signalled = 0;
	}
	(void)pthread_mutex_unlock(&w->mu);
	while ((j = list) != NULL) {
		list = j->next;
		w->pending--;
		if (j->done != NULL)
			j->done(j->arg);
		free(j);
	}
}

static void
worker_io_cb(struct ev_loop *loop, ev_io *io, int revents)
{
	(void)loop;
	(void)revents;
	worker_reap(io->data);
}

/* Start the worker thread; its results arrive on loop.  NULL on failure. */
struct worker *
worker_start(struct ev_loop *loop)
{
	struct worker *w = calloc(1, sizeof(*w));

	if (w == NULL)
		return NULL;
	if ((w->efd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)) == -1) {
		free(w);
		return NULL;
	}
	if (sem_init(&w->ready, 0, 0) == -1) {
		(void)close(w->efd);
		free(w);
		return NULL;
	}
	(void)pthread_mutex_init(&w->mu, NULL);
	if ((errno = pthread_create(&w->thread, NULL, worker_main, w)) != 0) {
		(void)close(w->efd);
		(void)pthread_mutex_destroy(&w->mu);
		(void)sem_destroy(&w->ready);
		free(w);
		return NULL;
	}
	ev_io_init(&w->io, worker_io_cb, w->efd, EV_READ);
	w->io.data = w;
	if (loop != NULL)
		ev_io_start(loop, &w->io);
	return w;
}

/*
 * Queue a job (quiet: see worker_post_quiet).  The worker is woken
 * after the mutex is let go, so that it does not wake only to block on
 * it; a post while it is busy costs no system call (glibc counts the
 * semaphore's sleepers).
 */
static int
worker_queue(struct worker *w, void (*run)(void *), void (*done)(void *),
    void *arg, int quiet)
{
	struct job *j = calloc(1, sizeof(*j));

	if (j == NULL)
		return -1;
	j->run = run;
	j->done = done;
	j->arg = arg;
	j->quiet = quiet;
	(void)pthread_mutex_lock(&w->mu);
	if (w->tail != NULL)
		w->tail->next = j;
	else
		w->head = j;
	w->tail = j;
	w->pending++;
	(void)pthread_mutex_unlock(&w->mu);
	(void)sem_post(&w->ready);
	return 0;
}

/*
 * Queue a job: run(arg) on the worker, then done(arg) on the loop (done
 * may be NULL).  Returns -1 when out of memory: nothing is queued then.
 */
int
worker_post(struct worker *w, void (*run)(void *), void (*done)(void *),
    void *arg)
{
	return worker_queue(w, run, done, arg, 0);
}

/*
 * As worker_post, for a job whose done() need not run before the next
 * job's: when another job is queued behind it as it finishes, the loop is
 * woken once, for both (done() still runs first).  Saves a wake-up of the
 * loop (an eventfd write, an epoll_wait, a read) per pair.
 */
int
worker_post_quiet(struct worker *w, void (*run)(void *),
    void (*done)(void *), void *arg)
{
	return worker_queue(w, run, done, arg, 1);
}

/* How many jobs are posted and not yet done. */
size_t
worker_pending(const struct worker *w)
{
	return w->pending;
}

/*
 * Wait until every posted job is done, its done() called (which may post
 * more), on the calling (loop) thread.
 */
void
worker_wait(struct worker *w)
{
	while (w->pending > 0) {
		struct timespec ts = { 0, 1000000 };

		worker_reap(w);
		if (w->pending > 0)
			(void)nanosleep(&ts, NULL);
	}
}

/* Finish every job, stop the thread and free w. */
void
worker_stop(struct worker *w, struct ev_loop *loop)
{
	if (w == NULL)
		return;
	worker_wait(w);
	(void)pthread_mutex_lock(&w->mu);
	w->stop = 1;
	(void)pthread_mutex_unlock(&w->mu);
	(void)sem_post(&w->ready);
	(void)pthread_join(w->thread, NULL);
	if (loop != NULL)
		ev_io_stop(loop, &w->io);
	(void)close(w->efd);
	(void)pthread_mutex_destroy(&w->mu);
	(void)sem_destroy(&w->ready);
	free(w);
}
