/* SPDX-License-Identifier: ISC */
/*
 * bench_engine: the cost of retrieval and of one dialogue turn, measured
 * in thread CPU time and reported as medians, next to a baseline measured
 * in the same process: parsing and re-serializing one typical 300-byte
 * protocol message with jansson, the work every message costs anyway.
 * A turn is measured twice: the engine alone (its events), and the engine
 * with protocol/render_json.c building the messages, which is what a turn
 * cost before the engine returned events instead of JSON.
 *
 *	bench_engine KB_DIR QUESTIONS.json... -- PERSONAS.json...
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "bench.h"
#include "dialogue.h"
#include "kb.h"
#include "kbdir.h"
#include "render.h"

#define REPEAT	7	/* rounds; the median of the round medians */

static struct dlg_events evs;

/* One input, and (when render) its messages built and freed. */
static void
turn(struct dlg *d, const struct dlg_input *in, int render)
{
	size_t i;

	dialogue_input(d, in, &evs);
	for (i = 0; render && i < evs.n; i++)
		json_decref(render_json(evs.kb, &evs.ev[i]));
}

/* The median cost of a one-message profile. */
static double
bench_profile(struct kb *kb, char **personas, size_t np, int render,
    double *samples, double *rounds)
{
	size_t r, i, ns;

	for (r = 0; r < REPEAT; r++) {
		for (i = 0, ns = 0; i < np; i++) {
			struct dlg d;
			struct dlg_input in = { DLG_SAY, personas[i],
			    strlen(personas[i]), NULL, NULL };
			double t0;

			dialogue_init(&d, kb);
			t0 = cpu_us();
			turn(&d, &in, render);
			samples[ns++] = cpu_us() - t0;
		}
		rounds[r] = median(samples, ns);
	}
	return median(rounds, REPEAT);
}

/* The median cost of a walk's turn: one choice, to the recommendation. */
static double
bench_walk(struct kb *kb, int render, double *samples, double *rounds)
{
	size_t r, i, ns;

	for (r = 0; r < REPEAT; r++) {
		ns = 0;
		for (i = 0; i < 200; i++) {
			struct dlg d;
			struct dlg_input in = { DLG_START, NULL, 0, NULL, NULL };

			dialogue_init(&d, kb);
			turn(&d, &in, render);
			while (d.pending >= 0 && ns < 16384) {
				char num[8];
				double t0;

				(void)snprintf(num, sizeof(num), "%zu",
				    1 + i % 2);
				in.kind = DLG_SAY;
				in.text = num;
				in.len = strlen(num);
				t0 = cpu_us();
				turn(&d, &in, render);
				samples[ns++] = cpu_us() - t0;
			}
		}
		rounds[r] = median(samples, ns);
	}
	return median(rounds, REPEAT);
}

static size_t
load_texts(const char *path, const char *arr, const char *key, char **out,
    size_t max)
{
	json_t *root = json_load_file(path, 0, NULL), *o;
	size_t i, n = 0;

	if (root == NULL) {
		fprintf(stderr, "bench: cannot read %s\n", path);
		return 0;
	}
	json_array_foreach(json_object_get(root, arr), i, o)
		if (n < max)
			out[n++] = strdup(json_string_value(json_object_get(o,
			    key)));
	json_decref(root);
	return n;
}

int
main(int argc, char *argv[])
{
	static char *questions[1024], *personas[1024];
	static double samples[16384], rounds[REPEAT];
	const char *msg = "{\"type\":\"say\",\"id\":\"m42\",\"conversation\":"
	    "\"irc:libera:#rust:alice\",\"text\":\"We are a team of Java "
	    "developers building REST APIs on Kubernetes and we need to ship "
	    "within weeks; our latency budget is tens of milliseconds at p99, "
	    "hiring is hard, and I would like to know what the article says "
	    "about Go's garbage collector pauses.\"}";
	size_t nq = 0, np = 0, i, r, ns;
	double base, search, turn_all, turn_engine, profile, profile_engine;
	struct errlist el;
	struct kb *kb;
	int a, inpersonas = 0;

	if (argc < 3) {
		fprintf(stderr, "usage: bench_engine KB QUESTIONS.json... -- "
		    "PERSONAS.json...\n");
		return 2;
	}
	errlist_init(&el);
	if ((kb = kbdir_load(argv[1], &el)) == NULL) {
		kbdir_print(&el, stderr);
		return 1;
	}
	for (a = 2; a < argc; a++) {
		if (strcmp(argv[a], "--") == 0)
			inpersonas = 1;
		else if (inpersonas)
			np += load_texts(argv[a], "personas", "text",
			    personas + np, 1024 - np);
		else
			nq += load_texts(argv[a], "questions", "q",
			    questions + nq, 1024 - nq);
	}

	/* baseline: one message through jansson, in and out */
	for (r = 0; r < REPEAT; r++) {
		for (ns = 0; ns < 2000; ns++) {
			double t0 = cpu_us();
			json_t *j = json_loadb(msg, strlen(msg), 0, NULL);
			char *s = json_dumps(j, JSON_COMPACT);

			free(s);
			json_decref(j);
			samples[ns] = cpu_us() - t0;
		}
		rounds[r] = median(samples, ns);
	}
	base = median(rounds, REPEAT);

	/* kb_search over every question */
	for (r = 0; r < REPEAT; r++) {
		for (i = 0, ns = 0; i < nq; i++) {
			struct kb_result res;
			double t0 = cpu_us();

			(void)kb_search(kb, questions[i], 5, &res);
			samples[ns++] = cpu_us() - t0;
		}
		rounds[r] = median(samples, ns);
	}
	search = median(rounds, REPEAT);

	/* a one-message profile: classify, extract, recommend */
	profile = bench_profile(kb, personas, np, 1, samples, rounds);
	profile_engine = bench_profile(kb, personas, np, 0, samples, rounds);
	/* a walk: one choice per turn, to the recommendation */
	turn_all = bench_walk(kb, 1, samples, rounds);
	turn_engine = bench_walk(kb, 0, samples, rounds);

	printf("engine benchmark (%s: %zu claims; %zu questions, %zu "
	    "personas; median of %d rounds of medians, thread CPU time)\n",
	    kb->id, kb->nclaims, nq, np, REPEAT);
	printf("  baseline: jansson parse+dump of a %zu-byte message: %.2f us\n",
	    strlen(msg), base);
	printf("  kb_search per question:            %7.2f us  (%.2fx "
	    "baseline)\n", search, search / base);
	printf("  dialogue turn, walk (choice):      %7.2f us  (%.2fx "
	    "baseline)\n", turn_all, turn_all / base);
	printf("  dialogue turn, one-message profile: %6.2f us  (%.2fx "
	    "baseline)\n", profile, profile / base);
	printf("  the same, engine alone (events, no JSON):\n");
	printf("  walk (choice):                     %7.2f us  (%.2fx "
	    "baseline)\n", turn_engine, turn_engine / base);
	printf("  one-message profile:               %7.2f us  (%.2fx "
	    "baseline)\n", profile_engine, profile_engine / base);
	printf("  memory per conversation: %zu bytes (struct dlg, no heap)\n",
	    dialogue_size());
	for (i = 0; i < nq; i++)
		free(questions[i]);
	for (i = 0; i < np; i++)
		free(personas[i]);
	kb_free(kb);
	errlist_free(&el);
	return 0;
}
