/* SPDX-License-Identifier: ISC */
/*
 * kbtool: look inside a knowledge base from the shell (for authors, tests
 * and benchmarks).
 *
 *	kbtool check DIR [EVAL.json ...]	validate; print the hash or every
 *					error, the claims without asks by
 *					kind, and (an error) every ask that
 *					shares LEAK_NGRAM words in a row with
 *					a question of the eval files
 *	kbtool search DIR [-k N] TEXT	ranked claims for a question
 *	kbtool eval DIR FILE.json	run an eval questions file, print JSON
 *	kbtool personas DIR FILE.json	one-message profiles against verdicts
 *	kbtool chat DIR [-j]		talk to the engine on stdin (-j: JSON)
 */
#include <ctype.h>
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
	fprintf(stderr, "usage: kbtool check DIR [EVAL.json ...]\n"
	    "       kbtool search DIR [-k N] TEXT\n"
	    "       kbtool clauses DIR TEXT\n"
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
	/* "m3+a1": 3 terms matched, 1 of them only through the claim's
	 * asks; "!" after it: the claim answers the question's intent */
	for (i = 0; i < res->nhits; i++) {
		char asked[32] = "";

		if (res->hits[i].nasked > 0)
			(void)snprintf(asked, sizeof(asked), "+a%zu",
			    res->hits[i].nasked);
		printf("%2zu %7.3f %.2f m%zu%s%s %-40s %s\n", i + 1,
		    res->hits[i].score, res->hits[i].coverage,
		    res->hits[i].nmatched, asked,
		    res->hits[i].intent ? "!" : "", res->hits[i].claim->id,
		    res->hits[i].claim->text);
	}
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

#define LEAK_NGRAM	4	/* words in a row an ask may not share */

/* The search terms of a text, as the engine reads a question. */
struct leak_words {
	size_t		  n;
	char		(*raw)[TEXT_TOKEN_MAX];
};

/*
 * The search terms of text into *w (kb_normalize()), kept so that each
 * text is read once, not once per pair compared.  Returns -1 when out of
 * memory (said on stderr).
 */
static int
leak_terms(const struct kb *kb, const char *text, struct leak_words *w)
{
	static struct kb_query q;

	kb_normalize(kb, text, strlen(text), 0, &q);
	w->n = q.n;
	if ((w->raw = calloc(q.n + 1, sizeof(*w->raw))) == NULL) {
		fprintf(stderr, "kbtool: out of memory\n");
		return -1;
	}
	memcpy(w->raw, q.raw, q.n * sizeof(*w->raw));
	return 0;
}

/* Whether a and b share LEAK_NGRAM terms in a row; *at is where in a. */
static int
leak_shared(const struct leak_words *a, const struct leak_words *b,
    size_t *at)
{
	size_t i, j, k;

	for (i = 0; i + LEAK_NGRAM <= a->n; i++)
		for (j = 0; j + LEAK_NGRAM <= b->n; j++) {
			for (k = 0; k < LEAK_NGRAM; k++)
				if (strcmp(a->raw[i + k], b->raw[j + k]) != 0)
					break;
			if (k == LEAK_NGRAM) {
				*at = i;
				return 1;
			}
		}
	return 0;
}

/*
 * The texts of eval file root (the "q" or "text" of each entry of its
 * "questions", "descriptions", "conversations" and "personas", the "say"
 * of each of
 * an entry's "steps") into *out, *n of them; each error names file and
 * the entry, on stderr.  Returns -1 on any error (an eval file of
 * another shape checks nothing, so it is no pass).
 */
static int
eval_texts(const char *file, json_t *root, const char ***out, size_t *n)
{
	const char *keys[] = { "questions", "descriptions", "conversations",
	    "personas" };
	json_t *list, *e, *steps, *st, *t;
	size_t k, i, j, cap = 0;
	const char **qs;
	int bad = 0, lists = 0;

	*out = NULL;
	*n = 0;
	for (k = 0; k < 4; k++) {
		if ((list = json_object_get(root, keys[k])) == NULL)
			continue;
		lists++;
		if (!json_is_array(list)) {
			fprintf(stderr, "%s: $.%s: expected an array, got "
			    "%s\n", file, keys[k], json_is_object(list) ?
			    "an object" : json_is_string(list) ? "a string" :
			    "a number, boolean or null");
			bad = 1;
			continue;
		}
		json_array_foreach(list, i, e)
			cap += 1 + json_array_size(json_object_get(e, "steps"));
	}
	if (lists == 0) {
		fprintf(stderr, "%s: not an eval file: no \"questions\", "
		    "\"descriptions\", \"conversations\" or \"personas\"\n",
		    file);
		return -1;
	}
	if ((qs = calloc(cap + 1, sizeof(*qs))) == NULL) {
		fprintf(stderr, "%s: out of memory\n", file);
		return -1;
	}
	for (k = 0; k < 4; k++) {
		list = json_object_get(root, keys[k]);
		json_array_foreach(list, i, e) {
			steps = json_object_get(e, "steps");
			if ((t = json_object_get(e, "q")) == NULL)
				t = json_object_get(e, "text");
			if (json_is_string(t))
				qs[(*n)++] = json_string_value(t);
			else if (t != NULL || steps == NULL) {
				fprintf(stderr, "%s: $.%s[%zu]: no question "
				    "text (\"q\" or \"text\" a string)\n", file,
				    keys[k], i);
				bad = 1;
			}
			if (steps != NULL && !json_is_array(steps)) {
				fprintf(stderr, "%s: $.%s[%zu].steps: expected "
				    "an array\n", file, keys[k], i);
				bad = 1;
			}
			json_array_foreach(steps, j, st) {
				if ((t = json_object_get(st, "say")) == NULL)
					continue;	/* a command step */
				if (json_is_string(t))
					qs[(*n)++] = json_string_value(t);
				else {
					fprintf(stderr, "%s: $.%s[%zu].steps"
					    "[%zu].say: expected a string\n",
					    file, keys[k], i, j);
					bad = 1;
				}
			}
		}
	}
	*out = qs;
	return bad ? -1 : 0;
}

/*
 * Whether a and b are the same text once case, spaces and punctuation are
 * left out ("What does Amazon use Go for?", "what does amazon use go
 * for"): an ask too short for LEAK_NGRAM terms may still repeat an eval
 * sentence whole.
 */
static int
leak_same_text(const char *a, const char *b)
{
	for (;;) {
		while (*a != '\0' && !isalnum((unsigned char)*a))
			a++;
		while (*b != '\0' && !isalnum((unsigned char)*b))
			b++;
		if (*a == '\0' || *b == '\0')
			return *a == *b;
		if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
			return 0;
		a++;
		b++;
	}
}

/*
 * Every ask of kb checked against the texts of an eval file
 * (eval_texts()): an ask that shares LEAK_NGRAM search terms in a row
 * with one, or is the same text (leak_same_text()), repeats the eval set
 * (whoever wrote it), so that sentence would measure nothing; each is
 * printed.  asks are kb's asks in claim order, read by leak_terms().
 * Returns how many; -1 when the file cannot be read or is no eval file
 * (said on stderr).
 */
static int
leak_check(const struct kb *kb, const struct leak_words *asks,
    const char *file)
{
	json_error_t jerr;
	json_t *root;
	size_t i, c, a, at, k, n = 0, nq, na = 0;
	const char **qs;
	struct leak_words *eq = NULL;
	const struct leak_words *aq;
	int rc = 0;

	if ((root = json_load_file(file, 0, &jerr)) == NULL) {
		fprintf(stderr, "%s:%d: %s\n", file, jerr.line, jerr.text);
		return -1;
	}
	if (eval_texts(file, root, &qs, &nq) == -1 ||
	    (eq = calloc(nq + 1, sizeof(*eq))) == NULL) {
		rc = -1;
		goto out;
	}
	for (i = 0; i < nq; i++)
		if (leak_terms(kb, qs[i], &eq[i]) == -1) {
			rc = -1;
			goto out;
		}
	for (c = 0; c < kb->nclaims; c++)
		for (a = 0; a < kb->claims[c].nasks; a++) {
			aq = &asks[na++];
			for (i = 0; i < nq; i++) {
				if (leak_same_text(kb->claims[c].asks[a], qs[i])) {
					printf("leak: %s: ask '%s' is the same "
					    "text as %s: '%s'\n", kb->claims[c].id,
					    kb->claims[c].asks[a], file, qs[i]);
					n++;
					break;
				}
				if (aq->n < LEAK_NGRAM)
					continue;
				if (!leak_shared(aq, &eq[i], &at))
					continue;
				printf("leak: %s: ask '%s' shares '",
				    kb->claims[c].id, kb->claims[c].asks[a]);
				for (k = 0; k < LEAK_NGRAM; k++)
					printf("%s%s", k ? " " : "",
					    aq->raw[at + k]);
				printf("' with %s: '%s'\n", file, qs[i]);
				n++;
				break;
			}
		}
	rc = (int)n;
out:
	if (eq != NULL)
		for (i = 0; i < nq; i++)
			free(eq[i].raw);
	free(eq);
	free(qs);
	json_decref(root);
	return rc;
}

/*
 * How the dialogue reads TEXT's clauses (understand_clauses()): one line
 * each, its mood and what set it, whom it is about, negated, past, and
 * whether it asks for the verdict only; a KB without lexicon.json
 * "clause_words" reads none (exit 1).
 */
static int
clauses(const struct kb *kb, const char *text)
{
	static const char *const moods[] = { "declarative", "interrogative",
	    "imperative" };
	static const char *const persons[] = { "none", "user", "other" };
	struct dlg_clause c[DLG_MAX_CLAUSES];
	size_t n, i;

	n = understand_clauses(kb, text, strlen(text), c, DLG_MAX_CLAUSES);
	if (n == 0) {
		fprintf(stderr, "kbtool: no clauses read (the lexicon has no "
		    "clause_words, or the text no words)\n");
		return 1;
	}
	for (i = 0; i < n; i++)
		printf("%zu. [%s%s%s%s person=%s%s%s%s%s] \"%.*s\"\n", i + 1,
		    moods[c[i].mood], c[i].why[0] ? " (" : "", c[i].why,
		    c[i].why[0] ? ")" : "", persons[c[i].person],
		    c[i].negated ? " negated" : "", c[i].past ? " past" : "",
		    c[i].verdict ? " verdict" : "", c[i].self ? " self" : "",
		    (int)c[i].len,
		    text + c[i].from);
	return 0;
}

/* The claims without asks, counted by kind ("fact 3, design 1"). */
static void
report_unasked(const struct kb *kb)
{
	const char *kinds[16];
	size_t counts[16], nk = 0, c, k, total = 0;

	for (c = 0; c < kb->nclaims; c++) {
		if (kb->claims[c].nasks > 0)
			continue;
		total++;
		for (k = 0; k < nk && strcmp(kinds[k], kb->claims[c].kind); k++)
			;
		if (k == nk && nk < 16) {
			kinds[nk] = kb->claims[c].kind;
			counts[nk++] = 0;
		}
		if (k < nk)
			counts[k]++;
	}
	printf("claims without asks: %zu of %zu", total, kb->nclaims);
	for (k = 0; k < nk; k++)
		printf("%s%s %zu", k ? ", " : " (", kinds[k], counts[k]);
	printf("%s\n", nk ? ")" : "");
}

int
main(int argc, char *argv[])
{
	struct kb *kb;
	int rc = 0, f;

	if (argc < 3)
		return usage();
	if ((kb = load(argv[2])) == NULL)
		return 1;
	if (strcmp(argv[1], "check") == 0) {
		printf("%s: %zu claims, %zu sources, %zu topics, %zu rows, "
		    "%zu questions, %zu rules; hash %s\n", kb->id, kb->nclaims,
		    kb->nsources, kb->ntopics, kb->nrows,
		    kb->dialogue.nquestions, kb->dialogue.nrules, kb->hash_hex);
		report_unasked(kb);
		int leaks = 0;
		struct leak_words *asks;
		size_t c, a, na = 0;

		/* every ask read once, for every eval file */
		for (c = 0; c < kb->nclaims; c++)
			na += kb->claims[c].nasks;
		if ((asks = calloc(na + 1, sizeof(*asks))) == NULL)
			return 1;
		na = 0;
		for (c = 0; c < kb->nclaims; c++)
			for (a = 0; a < kb->claims[c].nasks; a++)
				if (leak_terms(kb, kb->claims[c].asks[a],
				    &asks[na++]) == -1)
					return 1;
		for (f = 3; f < argc; f++) {
			int n = leak_check(kb, asks, argv[f]);

			if (n != 0)
				rc = 1;
			if (n > 0)
				leaks = 1;
		}
		for (a = 0; a < na; a++)
			free(asks[a].raw);
		free(asks);
		if (leaks)
			printf("asks must come from the article, not from "
			    "eval questions\n");
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

				char asked[32] = "";

				/* " a2": the asks of 2 claims use it too */
				if (ti >= 0 && kb->terms[ti].napost > 0)
					(void)snprintf(asked, sizeof(asked),
					    " a%zu", kb->terms[ti].napost);
				/* why a word is read as a name: written as
				 * one (P:), in a name's slot after an opener
				 * or marker (P/slot:), right before a name
				 * follower (P/follower:); E: the claims
				 * write it as a name (an entity) */
				printf("[%s%s%s%s%s df=%zu idf=%.2f%s] ",
				    ti >= 0 && kb->terms[ti].entity &&
				    q.subject[t] < 0 ? "E:" : "",
				    q.subject[t] >= 0 ? "S:" :
				    (q.proper[t] & KB_PROPER_FOLLOW) ?
				    "P/follower:" :
				    (q.proper[t] & KB_PROPER_SLOT) ?
				    "P/slot:" : q.proper[t] ? "P:" : "",
				    q.raw[t],
				    q.corrected[t] ? "->" : "",
				    q.corrected[t] ? q.term[t] : "",
				    ti >= 0 ? kb->terms[ti].npost : 0,
				    ti >= 0 ? kb->terms[ti].idf : 0.0, asked);
			}
			printf("\n");
			kb_search(kb, argv[i], k, &res);
			print_result(kb, &res);
		}
	} else if (strcmp(argv[1], "clauses") == 0 && argc == 4) {
		rc = clauses(kb, argv[3]);
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
