/* SPDX-License-Identifier: ISC */
/*
 * bench_store: what a signed, durable transcript costs.
 *
 *  1. Signing, by transcript size: turning the records so far into the
 *     transcript file, its trusted comment and minisign signature (what a
 *     "transcript" request or "end" does), and the Markdown rendering.
 *     Baseline, same run: jansson parsing the same file, which every
 *     client that reads the transcript pays anyway.  Thread CPU time.
 *
 *  2. Durable turns: a turn appends its records to the conversation's
 *     .part file and to the journal, then the journal is fdatasync'ed.
 *     The baseline syncs after every turn; group commit syncs once per
 *     event-loop iteration, for every turn that iteration handled (G
 *     conversations busy at once).  Wall time, on the state directory's
 *     file system.
 *
 * The records are real: the engine's answers to the evaluation questions.
 *
 *	bench_store KB_DIR QUESTIONS.json STATE_DIR
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>
#include <sodium.h>

#include "advisord.h"
#include "bench.h"
#include "dialogue.h"
#include "render.h"
#include "kb.h"
#include "minisign.h"
#include "transcript.h"

#define ROUNDS		7	/* signing: median of rounds */
#define SYNC_ROUNDS	5	/* durable turns: median of rounds */
#define POOL_MAX	4096	/* records generated from the questions */

struct pool {
	json_t	*msg[POOL_MAX];
	size_t	 n;
	size_t	 turn_start[POOL_MAX];	/* index of each turn's first record */
	size_t	 nturns;
};

/* Each question as a client "say", then what the engine answered. */
static void
pool_fill(struct pool *p, const struct kb *kb, const char *questions)
{
	static struct dlg_events evs;
	json_t *root = json_load_file(questions, 0, NULL), *o;
	size_t i, j;

	json_array_foreach(json_object_get(root, "questions"), i, o) {
		const char *q = json_string_value(json_object_get(o, "q"));
		struct dlg d;
		struct dlg_input in = { DLG_SAY, q, q ? strlen(q) : 0, NULL,
		    NULL };

		if (q == NULL || p->n + 16 > POOL_MAX)
			continue;
		p->turn_start[p->nturns++] = p->n;
		p->msg[p->n++] = json_pack("{s:s, s:s, s:s}", "type", "say",
		    "id", "m1", "text", q);
		dialogue_init(&d, kb);
		dialogue_input(&d, &in, &evs);
		for (j = 0; j < evs.n; j++)
			if (p->n < POOL_MAX)
				p->msg[p->n++] = render_json(kb, &evs.ev[j]);
	}
	json_decref(root);
}

/* The records of a transcript of n records, as the .part file holds them. */
static char *
part_of(const struct pool *p, size_t n, struct tr_chain *ch, size_t *lenp)
{
	size_t cap = 1 << 16, len = 0, i, rl;
	char *buf = malloc(cap), *rec, *nb;
	json_t *r;

	tr_chain_init(ch);
	for (i = 0; i < n && buf != NULL; i++) {
		r = i == 0 ? tr_header("bench", "2026-11-27T00:00:00.000Z",
		    "advisord/bench", "kb", "00", "0000000000000000") :
		    tr_record(ch, "2026-11-27T00:00:00.000Z", i % 2 ? "client" :
		    "server", p->msg[(i - 1) % p->n]);
		rec = tr_canonical(r, &rl);
		json_decref(r);
		if (rec == NULL)
			break;
		tr_chain_add(ch, rec, rl);
		while (len + rl + 2 > cap) {
			if ((nb = realloc(buf, cap * 2)) == NULL) {
				free(buf);
				free(rec);
				return NULL;
			}
			buf = nb;
			cap *= 2;
		}
		memcpy(buf + len, rec, rl);
		len += rl;
		buf[len++] = '\n';
		free(rec);
	}
	*lenp = len;
	return buf;
}

static void
bench_signing(const struct pool *p, const struct mini_key *key)
{
	static const size_t sizes[] = { 16, 128, 1024, 5000 };
	static double sample[256], sign[ROUNDS], md[ROUNDS], parse[ROUNDS];
	size_t s, r, k, reps, plen, flen;

	printf("signing a transcript (median of %d rounds, thread CPU time; "
	    "baseline: jansson parsing the same file)\n", ROUNDS);
	printf("  %8s %10s %12s %12s %12s %10s %9s\n", "records", "KiB",
	    "parse us", "sign us", "markdown us", "sign/parse", "sign MB/s");
	for (s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
		struct tr_chain ch;
		char *part = part_of(p, sizes[s], &ch, &plen), *file;

		if (part == NULL)
			return;
		file = tr_file(part, plen, &flen);
		reps = sizes[s] >= 1024 ? 5 : sizes[s] >= 128 ? 40 : 200;
		for (r = 0; r < ROUNDS; r++) {
			/* the snapshot: file, comment, signature */
			for (k = 0; k < reps; k++) {
				double t0 = cpu_us();
				size_t l;
				char *f = tr_file(part, plen, &l);
				char *tc = tr_trusted_comment("bench",
				    ch.records, ch.head, "snapshot", "00");
				char *sig = mini_sign(key, f, l, tc,
				    "advisord transcript bench");

				sample[k] = cpu_us() - t0;
				free(f);
				free(tc);
				free(sig);
			}
			sign[r] = median(sample, reps);
			for (k = 0; k < reps; k++) {
				double t0 = cpu_us();
				char *m = tr_markdown(file, flen);

				sample[k] = cpu_us() - t0;
				free(m);
			}
			md[r] = median(sample, reps);
			for (k = 0; k < reps; k++) {
				double t0 = cpu_us();
				json_t *j = json_loadb(file, flen, 0, NULL);

				sample[k] = cpu_us() - t0;
				json_decref(j);
			}
			parse[r] = median(sample, reps);
		}
		{
			double sg = median(sign, ROUNDS), pa = median(parse,
			    ROUNDS), mk = median(md, ROUNDS);

			printf("  %8zu %10.1f %12.1f %12.1f %12.1f %9.2fx "
			    "%9.0f\n", sizes[s], flen / 1024.0, pa, sg, mk,
			    sg / pa, flen / sg);
		}
		free(file);
		free(part);
	}
}

/* A fresh state directory has nothing to recover. */
static void
no_recovery(void *arg, const struct store_rec *sr)
{
	(void)arg;
	(void)sr;
}

/*
 * Durable turns: ROUNDS of `turns` turns spread over g conversations,
 * with one fdatasync per g turns (g = 1 is the fsync-per-turn baseline).
 * Returns the median turns per second.
 */
static double
durable_turns(const struct pool *p, const char *state, int mode, size_t g,
    size_t turns)
{
	static double rate[SYNC_ROUNDS];
	size_t r, t, i;

	for (r = 0; r < SYNC_ROUNDS; r++) {
		char dir[4096];
		struct store *st;
		double t0, t1;
		int fds[64];
		off_t lens[64];

		for (i = 0; i < 64; i++) {
			fds[i] = -1;
			lens[i] = 0;
		}

		(void)snprintf(dir, sizeof(dir), "%s/g%zu-r%zu", state, g, r);
		if ((st = store_open(dir, mode)) == NULL ||
		    store_recover(st, no_recovery, NULL) == -1) {
			fprintf(stderr, "bench_store: %s: %s\n", dir,
			    strerror(errno));
			exit(1);
		}
		t0 = wall_us();
		for (t = 0; t < turns; t++) {
			size_t turn = t % p->nturns, first = p->turn_start[turn],
			    last = turn + 1 < p->nturns ?
			    p->turn_start[turn + 1] : p->n;
			char id[32];

			/* the conversation this turn belongs to */
			(void)snprintf(id, sizeof(id), "conv-%zu", t % g);
			for (i = first; i < last; i++) {
				size_t len;
				char *rec = tr_canonical(p->msg[i], &len);

				if (rec == NULL ||
				    store_journal(st, id, "rec", rec, len) == -1 ||
				    store_part_append(st, id, &fds[t % g],
				    lens[t % g], rec, len) == -1) {
					fprintf(stderr, "bench_store: write "
					    "failed\n");
					exit(1);
				}
				lens[t % g] += (off_t)len + 1;
				free(rec);
			}
			if ((t + 1) % g == 0)
				(void)store_sync(st);
		}
		(void)store_sync(st);
		t1 = wall_us();
		rate[r] = turns / ((t1 - t0) / 1e6);
		for (i = 0; i < 64; i++)
			store_part_close(st, &fds[i]);
		store_close(st);
	}
	return median(rate, SYNC_ROUNDS);
}

static void
bench_durable(const struct pool *p, const char *state)
{
	static const size_t groups[] = { 4, 16, 64 };
	double base, off, rate;
	size_t i, bytes = 0;

	for (i = 0; i < p->n; i++) {
		size_t len;
		char *rec = tr_canonical(p->msg[i], &len);

		bytes += len;
		free(rec);
	}
	printf("durable turns (median of %d rounds, wall time; %zu-byte turns "
	    "on average, %s)\n", SYNC_ROUNDS, bytes / p->nturns, state);
	base = durable_turns(p, state, SYNC_TURN, 1, 200);
	printf("  baseline, fdatasync per turn:          %9.0f turns/s\n",
	    base);
	for (i = 0; i < sizeof(groups) / sizeof(groups[0]); i++) {
		rate = durable_turns(p, state, SYNC_TURN, groups[i],
		    200 * groups[i] > 4000 ? 4000 : 200 * groups[i]);
		printf("  group commit, %3zu turns per sync:     %9.0f turns/s "
		    " (%.1fx baseline)\n", groups[i], rate, rate / base);
	}
	off = durable_turns(p, state, SYNC_OFF, 1, 4000);
	printf("  no sync at all (not durable; ceiling): %9.0f turns/s  "
	    "(%.1fx baseline)\n", off, off / base);
}

int
main(int argc, char *argv[])
{
	static struct pool pool;
	struct mini_key key;
	struct errlist el;
	struct kb *kb;
	size_t i;

	if (argc != 4) {
		fprintf(stderr, "usage: bench_store KB_DIR QUESTIONS.json "
		    "STATE_DIR\n");
		return 2;
	}
	if (sodium_init() == -1 || mini_keygen(&key) == -1)
		return 1;
	log_init(LOG_LVL_WARN);
	errlist_init(&el);
	if ((kb = kbdir_load(argv[1], &el)) == NULL) {
		kbdir_print(&el, stderr);
		return 1;
	}
	pool_fill(&pool, kb, argv[2]);
	if (pool.nturns == 0) {
		fprintf(stderr, "bench_store: no questions in %s\n", argv[2]);
		return 1;
	}
	bench_signing(&pool, &key);
	bench_durable(&pool, argv[3]);
	for (i = 0; i < pool.n; i++)
		json_decref(pool.msg[i]);
	mini_key_wipe(&key);
	kb_free(kb);
	errlist_free(&el);
	return 0;
}
