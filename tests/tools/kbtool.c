/* SPDX-License-Identifier: ISC */
/*
 * kbtool: look inside a knowledge base from the shell (for authors, tests
 * and benchmarks).
 *
 *	kbtool check DIR		validate; print the hash or every error
 *	kbtool search DIR [-k N] TEXT	ranked claims for a question
 *	kbtool eval DIR FILE.json	run an eval questions file, print JSON
 *	kbtool personas DIR FILE.json	one-message profiles against verdicts
 *	kbtool chat DIR [-j]		talk to the engine on stdin (-j: JSON)
 */
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "dialogue.h"
#include "render.h"
#include "kb.h"
#include "kbdir.h"

static int
usage(void)
{
	fprintf(stderr, "usage: kbtool check DIR\n"
	    "       kbtool search DIR [-k N] TEXT\n"
	    "       kbtool eval DIR QUESTIONS.json\n");
	return 2;
}

static struct kb *
load(const char *dir)
{
	struct errlist el;
	struct kb *kb;

	errlist_init(&el);
	if ((kb = kbdir_load(dir, &el)) == NULL) {
		kbdir_print(&el, stderr);
		fprintf(stderr, "%zu error%s\n", errlist_count(&el),
		    errlist_count(&el) == 1 ? "" : "s");
	}
	errlist_free(&el);
	return kb;
}

static void
print_result(const struct kb *kb, const struct kb_result *res)
{
	size_t i;

	printf("covered %d coverage %.2f terms %zu unknown %zu", res->covered,
	    res->coverage, res->nterms, res->nunknown);
	for (i = 0; i < res->ncorrected; i++)
		printf(" [%s]", res->corrected[i]);
	printf("\n");
	for (i = 0; i < res->nhits; i++)
		printf("%2zu %7.3f %.2f m%zu %-40s %s\n", i + 1,
		    res->hits[i].score, res->hits[i].coverage,
		    res->hits[i].nmatched, res->hits[i].claim->id,
		    res->hits[i].claim->text);
	(void)kb;
}

/* Does every pattern of expect match text?  Prints the first that fails. */
static int
all_match(json_t *expect, const char *text, int verbose)
{
	size_t i;
	json_t *p;

	json_array_foreach(expect, i, p) {
		regex_t re;
		int ok;

		if (regcomp(&re, json_string_value(p), REG_EXTENDED |
		    REG_ICASE | REG_NOSUB) != 0) {
			fprintf(stderr, "bad pattern %s\n", json_string_value(p));
			return 0;
		}
		ok = regexec(&re, text, 0, NULL, 0) == 0;
		regfree(&re);
		if (!ok) {
			if (verbose)
				printf("    missing /%s/\n", json_string_value(p));
			return 0;
		}
	}
	return 1;
}

/*
 * Run a questions file: answered questions count at top-1 when the first
 * claim alone matches every pattern, at top-3 when the first three claims
 * together do, and as answered when the reply's claims do; unknown ones
 * count when the reply says the article doesn't cover them.
 */
static int
eval(struct kb *kb, const char *file, int verbose)
{
	json_error_t jerr;
	json_t *root, *qs, *q;
	size_t i, n = 0, nunk = 0, top1 = 0, top3 = 0, answered = 0, unk = 0;

	if ((root = json_load_file(file, 0, &jerr)) == NULL) {
		fprintf(stderr, "%s:%d: %s\n", file, jerr.line, jerr.text);
		return 1;
	}
	qs = json_object_get(root, "questions");
	json_array_foreach(qs, i, q) {
		const char *text = json_string_value(json_object_get(q, "q"));
		json_t *expect = json_object_get(q, "expect");
		struct kb_answer a;
		char buf[8192];
		size_t j;

		kb_answer(kb, text, strlen(text), &a);
		if (json_is_true(json_object_get(q, "unknown"))) {
			nunk++;
			if (a.nclaims == 0)
				unk++;
			else if (verbose)
				printf("UNKNOWN ANSWERED %s -> %s (cov %.2f "
				    "unk %.2f)\n", text, a.claims[0]->id,
				    a.res.coverage, a.res.unknown_share);
			continue;
		}
		n++;
		buf[0] = '\0';
		if (a.res.nhits > 0)
			(void)snprintf(buf, sizeof(buf), "%s [%s]",
			    a.res.hits[0].claim->text,
			    a.res.hits[0].claim->source->name);
		if (a.res.nhits > 0 && all_match(expect, buf, 0))
			top1++;
		buf[0] = '\0';
		for (j = 0; j < 3 && j < a.res.nhits; j++) {
			size_t used = strlen(buf);

			(void)snprintf(buf + used, sizeof(buf) - used, " %s [%s]",
			    a.res.hits[j].claim->text,
			    a.res.hits[j].claim->source->name);
		}
		if (all_match(expect, buf, 0))
			top3++;
		(void)kb_answer_text(&a, buf, sizeof(buf));
		if (a.nclaims > 0 && all_match(expect, buf, 0))
			answered++;
		else if (verbose) {
			printf("FAIL %s (covered %d cov %.2f unk %.2f)\n", text,
			    a.res.covered, a.res.coverage, a.res.unknown_share);
			for (j = 0; j < 3 && j < a.res.nhits; j++)
				printf("    %zu %s\n", j + 1,
				    a.res.hits[j].claim->id);
			(void)all_match(expect, buf, 1);
		}
	}
	printf("{\"questions\": %zu, \"top1\": %zu, \"top3\": %zu, "
	    "\"answered\": %zu, \"unknown\": %zu, \"unknown_right\": %zu}\n",
	    n, top1, top3, answered, nunk, unk);
	json_decref(root);
	return 0;
}

static int
personas(struct kb *kb, const char *file, int verbose)
{
	json_error_t jerr;
	json_t *root, *ps, *p;
	size_t i, n = 0, right = 0;

	if ((root = json_load_file(file, 0, &jerr)) == NULL) {
		fprintf(stderr, "%s:%d: %s\n", file, jerr.line, jerr.text);
		return 1;
	}
	ps = json_object_get(root, "personas");
	json_array_foreach(ps, i, p) {
		const char *text = json_string_value(json_object_get(p, "text"));
		const char *want = json_string_value(json_object_get(p,
		    "verdict"));
		double conf;
		int v = dialogue_profile_verdict(kb, text, &conf);
		const char *got = v >= 0 ? kb->dialogue.outcomes[v].id : "none";

		n++;
		if (strcmp(got, want) == 0)
			right++;
		else if (verbose)
			printf("MISS want %s got %s (%.2f): %s\n", want, got, conf,
			    text);
	}
	printf("{\"personas\": %zu, \"right\": %zu}\n", n, right);
	json_decref(root);
	return 0;
}

static int
chat(struct kb *kb, int as_json)
{
	static struct dlg_events evs;
	static struct render_buf b;
	struct dlg d;
	struct dlg_input in;
	char line[4096];
	size_t i;
	json_t *o;

	dialogue_init(&d, kb);
	memset(&in, 0, sizeof(in));
	in.kind = DLG_START;
	for (;;) {
		dialogue_input(&d, &in, &evs);
		for (i = 0; i < evs.n; i++) {
			if (as_json) {
				char *s;

				o = render_json(kb, &evs.ev[i]);
				s = json_dumps(o, JSON_SORT_KEYS |
				    JSON_COMPACT);
				printf("%s\n", s);
				free(s);
				json_decref(o);
			} else {
				(void)render_plain(kb, &evs.ev[i], &b);
				printf("[%s] %s\n", render_type(evs.ev[i].type),
				    render_plain_trim(&b));
			}
		}
		if (fgets(line, sizeof(line), stdin) == NULL)
			break;
		line[strcspn(line, "\n")] = '\0';
		printf("> %s\n", line);
		memset(&in, 0, sizeof(in));
		in.kind = DLG_SAY;
		in.text = line;
		in.len = strlen(line);
	}
	return 0;
}

int
main(int argc, char *argv[])
{
	struct kb *kb;
	int rc = 0;

	if (argc < 3)
		return usage();
	if ((kb = load(argv[2])) == NULL)
		return 1;
	if (strcmp(argv[1], "check") == 0) {
		printf("%s: %zu claims, %zu sources, %zu topics, %zu rows, "
		    "%zu questions, %zu rules; hash %s\n", kb->id, kb->nclaims,
		    kb->nsources, kb->ntopics, kb->nrows,
		    kb->dialogue.nquestions, kb->dialogue.nrules, kb->hash_hex);
	} else if (strcmp(argv[1], "search") == 0) {
		struct kb_result res;
		size_t k = 5;
		int i = 3;

		if (i + 1 < argc && strcmp(argv[i], "-k") == 0) {
			k = (size_t)atoi(argv[i + 1]);
			i += 2;
		}
		if (i >= argc)
			rc = usage();
		else {
			struct kb_query q;
			size_t t;

			kb_normalize(kb, argv[i], strlen(argv[i]), 0, &q);
			for (t = 0; t < q.n; t++) {
				int32_t ti = q.term[t] ? strmap_get(&kb->vocab,
				    q.term[t]) : -1;

				printf("[%s%s%s%s df=%zu idf=%.2f] ",
				    q.subject[t] >= 0 ? "S:" : q.proper[t] ?
				    "P:" : "", q.raw[t],
				    q.corrected[t] ? "->" : "",
				    q.corrected[t] ? q.term[t] : "",
				    ti >= 0 ? kb->terms[ti].npost : 0,
				    ti >= 0 ? kb->terms[ti].idf : 0.0);
			}
			printf("\n");
			kb_search(kb, argv[i], k, &res);
			print_result(kb, &res);
		}
	} else if (strcmp(argv[1], "personas") == 0 && argc >= 4) {
		rc = personas(kb, argv[3], argc > 4 && strcmp(argv[4], "-v") ==
		    0);
	} else if (strcmp(argv[1], "chat") == 0) {
		rc = chat(kb, argc > 3 && strcmp(argv[3], "-j") == 0);
	} else if (strcmp(argv[1], "eval") == 0 && argc >= 4) {
		rc = eval(kb, argv[3], argc > 4 && strcmp(argv[4], "-v") == 0);
	} else
		rc = usage();
	kb_free(kb);
	return rc;
}
