/* SPDX-License-Identifier: ISC */
/*
 * kb.c: looking things up in a loaded knowledge base, and browsing it.
 */
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "kb.h"

const struct kb_claim *
kb_claim(const struct kb *kb, const char *id)
{
	int32_t i = strmap_get(&kb->ids, id);

	return i >= 0 ? &kb->claims[i] : NULL;
}

/*
 * The index of the element whose id is id in array base (n elements of
 * size bytes, each with its id, a const char *, at offset off), or -1.
 */
static int
kb_find(const void *base, size_t n, size_t size, size_t off, const char *id)
{
	const char *p = base, *eid;
	size_t i;

	for (i = 0; i < n; i++, p += size) {
		memcpy(&eid, p + off, sizeof(eid));
		if (strcmp(eid, id) == 0)
			return (int)i;
	}
	return -1;
}

/* kb_find() of key in array a of n elements of type st. */
#define KB_FIND(a, n, st, key) \
	kb_find((a), (n), sizeof(st), offsetof(st, id), (key))

const struct kb_subject *
kb_subject(const struct kb *kb, const char *id)
{
	int i = KB_FIND(kb->subjects, kb->nsubjects, struct kb_subject, id);

	return i >= 0 ? &kb->subjects[i] : NULL;
}

const struct kb_topic *
kb_topic(const struct kb *kb, const char *id)
{
	int i = KB_FIND(kb->topics, kb->ntopics, struct kb_topic, id);

	return i >= 0 ? &kb->topics[i] : NULL;
}

const struct kb_source *
kb_source(const struct kb *kb, const char *id)
{
	int i = KB_FIND(kb->sources, kb->nsources, struct kb_source, id);

	return i >= 0 ? &kb->sources[i] : NULL;
}

/*
 * Browsing: fill out[] (room for max) with the claims about a topic, a
 * subject or from a source, in the article's order.  Returns how many
 * there are in all, which may exceed max.
 */
size_t
kb_claims_by_topic(const struct kb *kb, const char *topic,
    const struct kb_claim **out, size_t max)
{
	size_t i, j, n = 0;

	for (i = 0; i < kb->nclaims; i++)
		for (j = 0; j < kb->claims[i].ntopics; j++)
			if (strcmp(kb->claims[i].topics[j]->id, topic) == 0) {
				if (n < max)
					out[n] = &kb->claims[i];
				n++;
				break;
			}
	return n;
}

size_t
kb_claims_by_subject(const struct kb *kb, const char *subject,
    const struct kb_claim **out, size_t max)
{
	size_t i, n = 0;

	for (i = 0; i < kb->nclaims; i++)
		if (strcmp(kb->claims[i].subject->id, subject) == 0) {
			if (n < max)
				out[n] = &kb->claims[i];
			n++;
		}
	return n;
}

size_t
kb_claims_by_source(const struct kb *kb, const char *source,
    const struct kb_claim **out, size_t max)
{
	size_t i, n = 0;

	for (i = 0; i < kb->nclaims; i++)
		if (strcmp(kb->claims[i].source->id, source) == 0) {
			if (n < max)
				out[n] = &kb->claims[i];
			n++;
		}
	return n;
}

int
kb_outcome_index(const struct kb *kb, const char *id)
{
	return KB_FIND(kb->dialogue.outcomes, kb->dialogue.noutcomes,
	    struct kb_outcome, id);
}

int
kb_question_index(const struct kb *kb, const char *id)
{
	return KB_FIND(kb->dialogue.questions, kb->dialogue.nquestions,
	    struct kb_question, id);
}

int
kb_choice_index(const struct kb_question *q, const char *id)
{
	return KB_FIND(q->choices, q->nchoices, struct kb_choice, id);
}

/*
 * Does cond hold for answers[] (a choice index per question, -1 for
 * unanswered)?  An unanswered question satisfies no term.
 */
int
kb_cond_holds(const struct kb_cond *cond, const int *answers)
{
	size_t i;

	for (i = 0; i < cond->nterms; i++) {
		int a = answers[cond->terms[i].question];

		if (a < 0 || !(cond->terms[i].choices & (1u << a)))
			return 0;
	}
	return 1;
}

/*
 * Does rule r fire for answers[]: its condition holds and its "unless",
 * if any, does not?  A rule without a condition never fires.
 */
int
kb_rule_fires(const struct kb_rule *r, const int *answers)
{
	return r->when.nterms > 0 && kb_cond_holds(&r->when, answers) &&
	    (r->unless.nterms == 0 || !kb_cond_holds(&r->unless, answers));
}

/* The scale both ends of a figure are written in: 1, 1e6 or 1e9. */
static double
figure_scale(const struct kb_figure *f)
{
	if (strcmp(f->unit, "USD") == 0 || strcmp(f->unit, "year") == 0)
		return 1;
	if (f->value >= 1e12 && fmod(f->value, 1e10) == 0 &&
	    fmod(f->max, 1e10) == 0)
		return 1e12;
	if (f->value >= 1e9 && fmod(f->value, 1e7) == 0 &&
	    fmod(f->max, 1e7) == 0)
		return 1e9;
	if (f->value >= 1e6 && fmod(f->value, 1e4) == 0 &&
	    fmod(f->max, 1e4) == 0)
		return 1e6;
	return 1;
}

/*
 * A whole number of five digits or more with a comma between thousands,
 * as the article writes it ("709,000 developers", not "709000"); v is
 * below 1e15, so at most five groups.
 */
static void
format_grouped(double v, char *buf, size_t len)
{
	char digits[32];
	size_t n, i, o = 0;

	n = (size_t)snprintf(digits, sizeof(digits), "%.0f", v);
	if (n >= sizeof(digits) || len == 0) {
		(void)snprintf(buf, len, "%.15g", v);
		return;
	}
	for (i = 0; i < n && o + 2 < len; i++) {
		if (i > 0 && (n - i) % 3 == 0)
			buf[o++] = ',';
		buf[o++] = digits[i];
	}
	buf[o] = '\0';
}

static void
format_number(double v, const char *unit, double scale, char *buf,
    size_t len)
{
	/* Money is read in the words people use: "$145k", "$1 million". */
	if (strcmp(unit, "USD") == 0 && v >= 1e9 && fmod(v, 1e7) == 0)
		(void)snprintf(buf, len, "$%.15g billion", v / 1e9);
	else if (strcmp(unit, "USD") == 0 && v >= 1e6 && fmod(v, 1e4) == 0)
		(void)snprintf(buf, len, "$%.15g million", v / 1e6);
	else if (strcmp(unit, "USD") == 0 && v >= 1000 && fmod(v, 1000) == 0)
		(void)snprintf(buf, len, "$%.0fk", v / 1000);
	else if (strcmp(unit, "USD") == 0)
		(void)snprintf(buf, len, "$%.15g", v);
	else if (scale == 1 && v >= 10000 && v < 1e15 && fmod(v, 1) == 0 &&
	    strcmp(unit, "year") != 0 && strcmp(unit, "rank") != 0)
		format_grouped(v, buf, len);
	else
		(void)snprintf(buf, len, "%.15g", v / scale);
}

/*
 * Write a figure as people read it ("72%", "$145k-$185k", "2.26-2.8 million
 * developers", "#7") into buf.  Returns the length it needed.
 */
size_t
kb_format_figure(const struct kb_figure *f, char *buf, size_t len)
{
	double scale = figure_scale(f);
	const char *unit = f->unit, *big = scale == 1e12 ? " trillion" :
	    scale == 1e9 ? " billion" : scale == 1e6 ? " million" : "";
	char a[64], b[64];
	int n;

	format_number(f->value, unit, scale, a, sizeof(a));
	format_number(f->max, unit, scale, b, sizeof(b));
	if (strcmp(unit, "rank") == 0)
		n = f->is_range ? snprintf(buf, len, "#%s-#%s", a, b) :
		    snprintf(buf, len, "#%s", a);
	else if (strcmp(unit, "%") == 0 || strcmp(unit, "x") == 0)
		n = f->is_range ? snprintf(buf, len, "%s-%s%s", a, b, unit) :
		    snprintf(buf, len, "%s%s", a, unit);
	else if (strcmp(unit, "USD") == 0 || strcmp(unit, "year") == 0)
		n = f->is_range ? snprintf(buf, len, "%s-%s", a, b) :
		    snprintf(buf, len, "%s", a);
	else
		n = f->is_range ? snprintf(buf, len, "%s-%s%s %s", a, b, big,
		    unit) : snprintf(buf, len, "%s%s %s", a, big, unit);
	return n < 0 ? 0 : (size_t)n;
}

/*
 * The answer made of claims[0..n) in that order, taken as wholly covered:
 * a reply the dialogue chose by its own reading (a fit, the article's
 * stance, a verdict's practice), not by a search.  At most KB_MAX_HITS.
 */
void
kb_answer_of(const struct kb_claim *const *claims, size_t n,
    struct kb_answer *a)
{
	struct kb_result res;
	size_t i;

	(void)memset(&res, 0, sizeof(res));
	for (i = 0; i < n && i < KB_MAX_HITS; i++) {
		res.hits[i].claim = claims[i];
		res.hits[i].score = res.hits[i].coverage = 1.0;
	}
	res.nhits = i;
	res.covered = 1;
	res.coverage = 1.0;
	kb_answer_from(&res, a);
}

/*
 * Choose the claims that answer a question from its search result: the
 * best claim, and up to two more that score nearly as well, so that "how
 * many Rust developers are there?" can bring both the worldwide count and
 * the primary-language count.  None when the result is not covered.
 */
void
kb_answer_from(const struct kb_result *res, struct kb_answer *a)
{
	size_t i;

	a->res = *res;
	a->nclaims = 0;
	a->lead_row = -1;
	a->lead_winner = 0;
	a->follow_up = 0;
	a->nmissing = 0;
	a->other_subject = -1;
	a->uncompared = 0;
	a->said_subject = 0;
	a->lead_figure = -1;
	a->no_figure = 0;
	a->parts_over = 0;
	a->table_source = 0;
	a->source_asked = 0;
	a->no_method = 0;
	a->unranked = 0;
	a->source_list = 0;
	if (!res->covered || res->nhits == 0)
		return;
	a->claims[a->nclaims++] = res->hits[0].claim;
	for (i = 1; i < res->nhits && a->nclaims < KB_ANSWER_MAX; i++) {
		const struct kb_hit *h = &res->hits[i];

		if (h->score < 0.7 * res->hits[0].score ||
		    h->coverage < 0.8 * res->hits[0].coverage)
			break;
		a->claims[a->nclaims++] = h->claim;
	}
}

void
kb_answer(const struct kb *kb, const char *text, size_t len,
    struct kb_answer *a)
{
	struct kb_query q;
	struct kb_result res;

	kb_normalize(kb, text, len, 0, &q);
	q.intent = kb_intent_of(kb, text, len);
	(void)kb_search_query(kb, &q, KB_MAX_HITS, &res);
	kb_answer_from(&res, a);
}

/*
 * The answer as plain text: each claim's statement followed by its source
 * in brackets.  Returns the length needed (as snprintf does).
 */
size_t
kb_answer_text(const struct kb_answer *a, char *buf, size_t len)
{
	size_t i, used = 0;
	int n;

	if (len > 0)
		buf[0] = '\0';
	for (i = 0; i < a->nclaims; i++) {
		n = snprintf(used < len ? buf + used : NULL,
		    used < len ? len - used : 0, "%s%s [%s]", i ? " " : "",
		    a->claims[i]->text, a->claims[i]->source->name);
		if (n > 0)
			used += (size_t)n;
	}
	return used;
}
