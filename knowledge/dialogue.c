/*
 * dialogue.c: the conversation engine; see dialogue.h for the contract.
 *
 * The walk asks the knowledge base's questions in order, skipping those
 * that earlier answers make irrelevant.  Every answer feeds rules; a rule
 * whose condition holds adds weights to outcomes, and the outcome with the
 * most weight is the verdict.  Unanswered questions count with their
 * "assume" choice, which the recommendation states as an assumption.
 *
 * Free text is classified here, not by the client: a command ("back",
 * "why?"), a number or phrase answering the pending question, a
 * self-description from which several answers can be read at once, or a
 * question for the knowledge base.  What is not understood is said so,
 * with what the user can do; nothing is silently dropped or guessed.
 */
#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dialogue.h"

#define PLAIN_MAX	16384
#define CONF_TEMP	2.0	/* softmax temperature for confidence */
#define CONF_MAX	0.97

/* A bounded text buffer for the "plain" renderings. */
struct sbuf {
	size_t	len;
	int	full;
	char	buf[PLAIN_MAX];
};

static void sb_printf(struct sbuf *, const char *, ...)
    __attribute__((format(printf, 2, 3)));

static void
sb_printf(struct sbuf *sb, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (sb->full)
		return;
	va_start(ap, fmt);
	n = vsnprintf(sb->buf + sb->len, sizeof(sb->buf) - sb->len, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(sb->buf) - sb->len) {
		sb->full = 1;
		sb->len = sizeof(sb->buf) - 1;
		(void)strcpy(sb->buf + sb->len - 3, "...");
		return;
	}
	sb->len += (size_t)n;
}

static void
sb_init(struct sbuf *sb)
{
	sb->len = 0;
	sb->full = 0;
	sb->buf[0] = '\0';
}

static void
set_plain(json_t *o, struct sbuf *sb)
{
	while (sb->len > 0 && sb->buf[sb->len - 1] == '\n')
		sb->buf[--sb->len] = '\0';
	(void)json_object_set_new(o, "plain", json_string(sb->buf));
}

static json_t *
out_new(const char *kind)
{
	return json_pack("{s:s}", "kind", kind);
}

static void
out_push(json_t *out, json_t *o)
{
	(void)json_array_append_new(out, o);
}

/* ---- citations ---------------------------------------------------- */

static json_t *
figure_json(const struct kb_figure *f)
{
	char disp[128];
	json_t *j;

	(void)kb_format_figure(f, disp, sizeof(disp));
	j = json_pack("{s:f, s:s, s:s, s:s}", "value", f->value, "unit",
	    f->unit, "label", f->label, "display", disp);
	if (f->is_range)
		(void)json_object_set_new(j, "max", json_real(f->max));
	if (f->year)
		(void)json_object_set_new(j, "year", json_integer(f->year));
	return j;
}

/* A citation: the claim with its source and figures. */
static json_t *
cite(const struct kb_claim *c)
{
	json_t *j, *figs = json_array();
	size_t i;

	for (i = 0; i < c->nfigures; i++)
		(void)json_array_append_new(figs, figure_json(&c->figures[i]));
	j = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:o}", "claim", c->id,
	    "text", c->text, "subject", c->subject->id, "source",
	    c->source->name, "source_id", c->source->id, "section",
	    c->section->id, "figures", figs);
	if (c->quote != NULL)
		(void)json_object_set_new(j, "quote", json_string(c->quote));
	return j;
}

static json_t *
cite_all(const struct kb_claim *const *claims, size_t n)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < n; i++)
		(void)json_array_append_new(a, cite(claims[i]));
	return a;
}

/* "[1] Stack Overflow Developer Survey 2025: 72%" lines for plain text. */
static void
plain_sources(struct sbuf *sb, const struct kb_claim *const *claims, size_t n)
{
	size_t i, j;

	for (i = 0; i < n; i++) {
		sb_printf(sb, "  [%s] %s", claims[i]->source->name,
		    claims[i]->id);
		for (j = 0; j < claims[i]->nfigures && j < 3; j++) {
			char disp[128];

			(void)kb_format_figure(&claims[i]->figures[j], disp,
			    sizeof(disp));
			sb_printf(sb, "%s%s", j ? ", " : ": ", disp);
		}
		sb_printf(sb, "\n");
	}
}

/*
 * Chart data for an answer: when its claims carry two or more figures of
 * one unit (salaries, ranks, shares), the points of the unit with the most
 * of them.  NULL when there is nothing to compare.
 */
#define CHART_MAX_POINTS	32

/*
 * Two claims state the same figure when value, range, unit and year agree
 * and they are about the same subject, or one's label names the other's
 * subject (a comparison table's "median US salary (Rust)" is the Rust
 * claim's "median US salary").  Equal figures about different subjects
 * are both plotted: that is the comparison.
 */
static int
same_figure(const struct kb_figure *a, const struct kb_claim *ca,
    const struct kb_figure *b, const struct kb_claim *cb)
{
	if (a->value != b->value || a->max != b->max ||
	    a->is_range != b->is_range || a->year != b->year ||
	    strcmp(a->unit, b->unit) != 0)
		return 0;
	return ca->subject == cb->subject ||
	    strstr(a->label, cb->subject->name) != NULL ||
	    strstr(b->label, ca->subject->name) != NULL;
}

static json_t *
chart_for(const struct kb_claim *const *claims, size_t n)
{
	const struct kb_figure *plotted[CHART_MAX_POINTS];
	const struct kb_claim *plotted_claim[CHART_MAX_POINTS];
	const char *units[16];
	size_t counts[16], nunits = 0, nplotted = 0, i, j, best = 0;
	json_t *pts, *chart;

	for (i = 0; i < n; i++)
		for (j = 0; j < claims[i]->nfigures; j++) {
			const struct kb_figure *f = &claims[i]->figures[j];
			size_t u;

			if (strcmp(f->unit, "year") == 0)
				continue;
			for (u = 0; u < nunits; u++)
				if (strcmp(units[u], f->unit) == 0)
					break;
			if (u == nunits) {
				if (nunits == 16)
					continue;
				units[nunits] = f->unit;
				counts[nunits++] = 0;
			}
			counts[u]++;
		}
	for (i = 1; i < nunits; i++)
		if (counts[i] > counts[best])
			best = i;
	if (nunits == 0 || counts[best] < 2)
		return NULL;
	pts = json_array();
	for (i = 0; i < n; i++)
		for (j = 0; j < claims[i]->nfigures; j++) {
			const struct kb_figure *f = &claims[i]->figures[j];
			json_t *p;
			size_t k;

			if (strcmp(f->unit, units[best]) != 0 ||
			    nplotted == CHART_MAX_POINTS)
				continue;
			/* the same figure cited by two claims is one point */
			for (k = 0; k < nplotted; k++)
				if (same_figure(plotted[k], plotted_claim[k],
				    f, claims[i]))
					break;
			if (k < nplotted)
				continue;
			plotted[nplotted] = f;
			plotted_claim[nplotted++] = claims[i];
			p = figure_json(f);
			(void)json_object_set_new(p, "subject",
			    json_string(claims[i]->subject->id));
			(void)json_object_set_new(p, "subject_name",
			    json_string(claims[i]->subject->name));
			(void)json_object_set_new(p, "claim",
			    json_string(claims[i]->id));
			(void)json_array_append_new(pts, p);
		}
	if (json_array_size(pts) < 2) {
		json_decref(pts);
		return NULL;
	}
	chart = json_pack("{s:s, s:o}", "unit", units[best], "points", pts);
	return chart;
}

/* ---- the state of the walk ----------------------------------------- */

size_t
dialogue_size(void)
{
	return sizeof(struct dlg);
}

void
dialogue_init(struct dlg *d, const struct kb *kb)
{
	memset(d, 0, sizeof(*d));
	d->kb = kb;
	memset(d->answer, -1, sizeof(d->answer));
	d->pending = -1;
	d->last_verdict = -1;
}

static const struct kb_dialogue *
DL(const struct dlg *d)
{
	return &d->kb->dialogue;
}

/* Is question q relevant, given the answers in ans[]? */
static int
applicable(const struct kb *kb, size_t q, const int *ans)
{
	const struct kb_question *qu = &kb->dialogue.questions[q];

	return !qu->has_skip_if || !kb_cond_holds(&qu->skip_if, ans);
}

static void
raw_answers(const struct dlg *d, int *ans)
{
	size_t q;

	for (q = 0; q < KB_MAX_QUESTIONS; q++)
		ans[q] = q < DL(d)->nquestions ? d->answer[q] : -1;
}

/*
 * The answers the verdict is computed from: the user's, on questions still
 * relevant, and each remaining question's assumption.  assumed[q] (if not
 * NULL) tells which ones were assumed.
 */
static void
effective(const struct kb *kb, const int *raw, int *eff, int *assumed)
{
	size_t q, n = kb->dialogue.nquestions;

	for (q = 0; q < KB_MAX_QUESTIONS; q++) {
		eff[q] = -1;
		if (assumed != NULL)
			assumed[q] = 0;
	}
	for (q = 0; q < n; q++) {
		if (!applicable(kb, q, raw))
			continue;
		if (raw[q] >= 0)
			eff[q] = raw[q];
		else if (kb->dialogue.questions[q].assume_index >= 0) {
			eff[q] = kb->dialogue.questions[q].assume_index;
			if (assumed != NULL)
				assumed[q] = 1;
		}
	}
}

struct verdict {
	double	scores[KB_MAX_OUTCOMES];
	double	top_rule[KB_MAX_OUTCOMES];	/* largest single weight */
	int	outcome;			/* -1: nothing to go on */
	double	confidence;
	int	fired[KB_MAX_RULES];
	size_t	nfired;
};

/* Score the outcomes for answers eff[]. */
static void
verdict_compute(const struct kb *kb, const int *eff, struct verdict *v)
{
	const struct kb_dialogue *dl = &kb->dialogue;
	double sum = 0, best = -1e9;
	size_t r, o;
	int any = 0;

	memset(v, 0, sizeof(*v));
	v->outcome = -1;
	for (r = 0; r < dl->nrules; r++) {
		if (!kb_cond_holds(&dl->rules[r].when, eff))
			continue;
		v->fired[v->nfired++] = (int)r;
		for (o = 0; o < dl->noutcomes; o++) {
			double w = dl->rules[r].weights[o];

			v->scores[o] += w;
			if (w > v->top_rule[o])
				v->top_rule[o] = w;
			if (w != 0)
				any = 1;
		}
	}
	if (!any)
		return;
	for (o = 0; o < dl->noutcomes; o++) {
		/* ties go to the outcome with the strongest single reason */
		double key = v->scores[o] * 1000 + v->top_rule[o];

		if (key > best) {
			best = key;
			v->outcome = (int)o;
		}
	}
	if (v->scores[v->outcome] <= 0) {
		v->outcome = -1;
		return;
	}
	for (o = 0; o < dl->noutcomes; o++)
		sum += exp(v->scores[o] / CONF_TEMP);
	v->confidence = exp(v->scores[v->outcome] / CONF_TEMP) / sum;
	if (v->confidence > CONF_MAX)	/* advice is never certain */
		v->confidence = CONF_MAX;
}

static void
verdict_of(const struct dlg *d, struct verdict *v, int *assumed)
{
	int raw[KB_MAX_QUESTIONS], eff[KB_MAX_QUESTIONS];

	raw_answers(d, raw);
	effective(d->kb, raw, eff, assumed);
	verdict_compute(d->kb, eff, v);
}

/*
 * The current verdict (an outcome index, or -1 when nothing points
 * anywhere yet) and its confidence.
 */
int
dialogue_verdict(const struct dlg *d, double *confidence)
{
	struct verdict v;

	verdict_of(d, &v, NULL);
	if (confidence != NULL)
		*confidence = v.confidence;
	return v.outcome;
}

static const char *
confidence_label(double c)
{
	return c >= 0.8 ? "high" : c >= 0.6 ? "medium" : "low";
}

/* The first relevant, unanswered question, or -1. */
static int
next_question(const struct dlg *d)
{
	int raw[KB_MAX_QUESTIONS];
	size_t q;

	raw_answers(d, raw);
	for (q = 0; q < DL(d)->nquestions; q++)
		if (d->how[q] == DLG_UNANSWERED && applicable(d->kb, q, raw))
			return (int)q;
	return -1;
}

/* Step k of about n: questions dealt with, and those still relevant. */
static void
progress(const struct dlg *d, int *step, int *of)
{
	int raw[KB_MAX_QUESTIONS], done = 0, left = 0;
	size_t q;

	raw_answers(d, raw);
	for (q = 0; q < DL(d)->nquestions; q++) {
		if (!applicable(d->kb, q, raw))
			continue;
		if (d->how[q] != DLG_UNANSWERED)
			done++;
		else
			left++;
	}
	*step = done + 1;
	*of = done + left;
}

static void
record(struct dlg *d, int q, int choice, enum dlg_how how)
{
	if (d->nsteps == DLG_MAX_HISTORY) {
		memmove(&d->steps[0], &d->steps[1],
		    (DLG_MAX_HISTORY - 1) * sizeof(d->steps[0]));
		d->nsteps--;
	}
	d->steps[d->nsteps].question = (uint8_t)q;
	d->steps[d->nsteps].prev = d->answer[q];
	d->steps[d->nsteps].prev_how = d->how[q];
	d->steps[d->nsteps].batch = d->batch;
	d->nsteps++;
	d->answer[q] = (int8_t)choice;
	d->how[q] = (uint8_t)how;
	d->recommended = 0;
}

/* ---- matching free text -------------------------------------------- */

static const char *
qtok(const struct kb_query *q, size_t i)
{
	return q->term[i] != NULL ? q->term[i] : q->raw[i];
}

/*
 * Does phrase ph occur in q, its terms in order with at most two other
 * words among them, and not negated ("we don't use Kubernetes")?  Returns
 * the phrase's length in terms when it does, with the words it spans in
 * [*span_start, *span_end); 0 otherwise.
 */
static int
phrase_match(const struct kb_query *q, const struct kb_phrase *ph,
    size_t *span_start, size_t *span_end)
{
	size_t s, i, j, pos, first_neg = 0;

	for (j = 0; j < ph->ntok; j++)
		if (strcmp(ph->tok[j], "not") == 0)
			first_neg = 1;
	for (s = 0; s < q->n; s++) {
		size_t end;
		int negated = 0;

		if (strcmp(qtok(q, s), ph->tok[0]) != 0)
			continue;
		for (j = 1, pos = s + 1; j < ph->ntok && pos < q->n &&
		    pos <= s + ph->ntok + 1; pos++)
			if (strcmp(qtok(q, pos), ph->tok[j]) == 0)
				j++;
		if (j < ph->ntok)
			continue;
		end = pos;
		/* a negation just before, or inside the span, turns it */
		for (i = s >= 2 ? s - 2 : 0; i < end && !first_neg; i++)
			if (q->negation[i]) {
				int in_phrase = 0;

				for (j = 0; j < ph->ntok; j++)
					if (strcmp(q->raw[i], ph->tok[j]) == 0)
						in_phrase = 1;
				if (!in_phrase)
					negated = 1;
			}
		if (!negated) {
			*span_start = s;
			*span_end = end;
			return (int)ph->ntok;
		}
	}
	return 0;
}

/*
 * Score each choice of question qu against q: the longest phrase of the
 * choice that matches.  Returns the best choice, or -1; *tie is set when
 * two choices score the same.
 */
static int
match_choice(const struct kb_question *qu, const struct kb_query *q,
    int *score, int *tie, int *second)
{
	int sc[KB_MAX_CHOICES], best = -1, best_score = 0, alt = -1;
	size_t c, m, g, from[KB_MAX_CHOICES], to[KB_MAX_CHOICES];

	*tie = 0;
	for (c = 0; c < qu->nchoices; c++) {
		int len = 0, hits = 0;

		/*
		 * The longest phrase decides; the number of phrases that
		 * match breaks ties ("internal command line tools" for a
		 * "platform engineering team" is about tools).
		 */
		from[c] = to[c] = 0;
		for (m = 0; m < qu->choices[c].nmatch; m++) {
			size_t a = 0, b = 0;
			int n = phrase_match(q, &qu->choices[c].match[m], &a,
			    &b);

			if (n > 0)
				hits++;
			if (n > len) {
				len = n;
				from[c] = a;
				to[c] = b;
			}
		}
		sc[c] = len * 16 + (hits < 16 ? hits : 15);
		if (len == 0)
			sc[c] = 0;
	}
	/*
	 * A choice that combines others wins when all of them are there, said
	 * in separate words ("performance-critical dev tooling" is one thing,
	 * not tooling plus performance).
	 */
	for (c = 0; c < qu->nchoices; c++) {
		size_t used_from[KB_MAX_COMBINES], used_to[KB_MAX_COMBINES], u;
		int sum = 0;

		for (g = 0; g < qu->choices[c].ncombines; g++) {
			int bestg = 0;
			size_t bm = 0;

			for (m = 0; m < qu->nchoices; m++) {
				int overlap = 0;

				if (!(qu->choices[c].combines[g] & (1u << m)) ||
				    sc[m] <= bestg)
					continue;
				for (u = 0; u < g; u++)
					if (from[m] < used_to[u] &&
					    used_from[u] < to[m])
						overlap = 1;
				if (overlap)
					continue;
				bestg = sc[m];
				bm = m;
			}
			if (bestg == 0)
				break;
			used_from[g] = from[bm];
			used_to[g] = to[bm];
			sum += bestg;
		}
		if (qu->choices[c].ncombines > 0 &&
		    g == qu->choices[c].ncombines && sum > sc[c])
			sc[c] = sum;
	}
	for (c = 0; c < qu->nchoices; c++) {
		if (sc[c] == 0)
			continue;
		if (sc[c] > best_score) {
			alt = best_score > 0 ? best : -1;
			best = (int)c;
			best_score = sc[c];
			*tie = 0;
		} else if (sc[c] == best_score) {
			*tie = 1;
			alt = (int)c;
		}
	}
	*score = best_score / 16;
	if (second != NULL)
		*second = alt;
	return best;
}

/* "2", "2.", "#2", "option 2": a choice by its number. */
static int
match_number(const char *text, size_t len, size_t nchoices)
{
	size_t i = 0;
	long n = 0;
	int digits = 0;

	while (i < len && (isspace((unsigned char)text[i]) || text[i] == '#'))
		i++;
	if (len - i >= 7 && strncasecmp(text + i, "option ", 7) == 0)
		i += 7;
	while (i < len && isdigit((unsigned char)text[i]) && digits < 4) {
		n = n * 10 + (text[i] - '0');
		i++;
		digits++;
	}
	while (i < len && (isspace((unsigned char)text[i]) || text[i] == '.' ||
	    text[i] == ')'))
		i++;
	if (digits == 0 || i != len || n < 1 || (size_t)n > nchoices)
		return -1;
	return (int)n - 1;
}

/* ---- commands in free text ----------------------------------------- */

/*
 * Lowercase text, keep letters, digits and single spaces, drop the rest:
 * "Why?" -> "why", "What would change it?" -> "what would change it".
 */
static void
squash(const char *text, size_t len, char *out, size_t outlen)
{
	size_t i, n = 0;
	int space = 0;

	for (i = 0; i < len && n + 1 < outlen; i++) {
		unsigned char c = (unsigned char)text[i];

		if (isalnum(c) || c == '\'') {
			if (space && n > 0)
				out[n++] = ' ';
			space = 0;
			if (n + 1 < outlen && c != '\'')
				out[n++] = (char)tolower(c);
		} else
			space = 1;
	}
	out[n] = '\0';
}

static const struct {
	const char		*text;
	enum dlg_in_kind	 kind;
} commands[] = {
	{ "back", DLG_BACK }, { "undo", DLG_BACK }, { "go back", DLG_BACK },
	{ "previous", DLG_BACK }, { "previous question", DLG_BACK },
	{ "restart", DLG_RESTART }, { "start over", DLG_RESTART },
	{ "reset", DLG_RESTART }, { "start again", DLG_RESTART },
	{ "help", DLG_HELP }, { "commands", DLG_HELP },
	{ "what can you do", DLG_HELP }, { "what can i say", DLG_HELP },
	{ "summary", DLG_SUMMARY }, { "my answers", DLG_SUMMARY },
	{ "recap", DLG_SUMMARY }, { "what did i say", DLG_SUMMARY },
	{ "show my answers", DLG_SUMMARY }, { "answers so far", DLG_SUMMARY },
	{ "why", DLG_WHY }, { "why are you asking", DLG_WHY },
	{ "why are you asking this", DLG_WHY }, { "why do you ask", DLG_WHY },
	{ "why this question", DLG_WHY }, { "why ask", DLG_WHY },
	{ "how did you get there", DLG_WHY }, { "how did you get that", DLG_WHY },
	{ "explain", DLG_WHY }, { "explain that", DLG_WHY },
	{ "explain the recommendation", DLG_WHY }, { "why that", DLG_WHY },
	{ "how come", DLG_WHY }, { "why this verdict", DLG_WHY },
	{ "what would change it", DLG_WHAT_CHANGES },
	{ "what would change that", DLG_WHAT_CHANGES },
	{ "what would change your mind", DLG_WHAT_CHANGES },
	{ "what would change the answer", DLG_WHAT_CHANGES },
	{ "what would change the recommendation", DLG_WHAT_CHANGES },
	{ "what would change the verdict", DLG_WHAT_CHANGES },
	{ "what would make it different", DLG_WHAT_CHANGES },
	{ "skip", DLG_SKIP }, { "pass", DLG_SKIP }, { "next", DLG_SKIP },
	{ "skip this", DLG_SKIP }, { "skip it", DLG_SKIP },
	{ "not sure", DLG_UNSURE }, { "unsure", DLG_UNSURE },
	{ "i don't know", DLG_UNSURE }, { "i dont know", DLG_UNSURE },
	{ "dont know", DLG_UNSURE }, { "don't know", DLG_UNSURE },
	{ "no idea", DLG_UNSURE }, { "dunno", DLG_UNSURE },
	{ "i'm not sure", DLG_UNSURE }, { "im not sure", DLG_UNSURE },
	{ "no preference", DLG_UNSURE },
	{ "recommend", DLG_RECOMMEND }, { "recommendation", DLG_RECOMMEND },
	{ "your recommendation", DLG_RECOMMEND },
	{ "just tell me", DLG_RECOMMEND }, { "verdict", DLG_RECOMMEND },
	{ "result", DLG_RECOMMEND }, { "results", DLG_RECOMMEND },
	{ "what do you recommend", DLG_RECOMMEND },
	{ "what should i learn", DLG_RECOMMEND },
	{ "what should i use", DLG_RECOMMEND },
	{ "refine", DLG_START }, { "continue", DLG_START },
	{ "go on", DLG_START }, { "ask me", DLG_START },
	{ "start", DLG_START }, { "begin", DLG_START }, { "hi", DLG_START },
	{ "hello", DLG_START }, { "hey", DLG_START },
	{ "table", DLG_TABLE }, { "comparison table", DLG_TABLE },
	{ "show the table", DLG_TABLE }, { "compare", DLG_TABLE },
	{ "comparison", DLG_TABLE },
};

static int
command_of(const char *squashed)
{
	size_t i;

	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		char want[64];

		squash(commands[i].text, strlen(commands[i].text), want,
		    sizeof(want));
		if (strcmp(squashed, want) == 0)
			return (int)commands[i].kind;
	}
	return -1;
}

/*
 * Does the text speak of the user ("I", "we", "our team")?  A question
 * that does ("what should I learn, as a Java developer?") describes a
 * situation as much as it asks.
 */
static int
first_person(const char *text, size_t len, const char *sq)
{
	static const char *const words[] = { "i", "im", "ive", "id", "me",
	    "my", "mine", "myself", "we", "weve", "our", "ours", "us",
	    "ourselves", NULL };
	const char *p = sq;
	size_t i;

	while (*p != '\0') {
		size_t n = strcspn(p, " ");

		for (i = 0; words[i] != NULL; i++)
			if (strlen(words[i]) == n && strncmp(p, words[i], n) == 0)
				return 1;
		p += n;
		while (*p == ' ')
			p++;
	}
	/* "we're" squashes to "were", which is also a plain verb */
	for (i = 0; i + 4 < len; i++)
		if ((i == 0 || !isalpha((unsigned char)text[i - 1])) &&
		    strncasecmp(text + i, "we", 2) == 0 &&
		    (strncmp(text + i + 2, "'re", 3) == 0 ||
		    (i + 6 < len && strncmp(text + i + 2, "\xe2\x80\x99re", 5) ==
		    0)))
			return 1;
	return 0;
}

/* Does the text read as a question rather than a statement? */
static int
looks_like_question(const char *text, size_t len, const char *sq)
{
	static const char *const starts[] = { "what ", "which ", "who ",
	    "whom ", "whose ", "when ", "where ", "why ", "how ", "is ", "are ",
	    "does ", "do ", "did ", "can ", "could ", "should ", "would ",
	    "will ", "was ", "were ", "has ", "have ", "tell me ", "compare ",
	    "explain ", NULL };
	size_t i;

	while (len > 0 && isspace((unsigned char)text[len - 1]))
		len--;
	if (len > 0 && text[len - 1] == '?')
		return 1;
	for (i = 0; starts[i] != NULL; i++)
		if (strncmp(sq, starts[i], strlen(starts[i])) == 0)
			return 1;
	return 0;
}

/* ---- outputs --------------------------------------------------------- */

static void
emit_error(json_t *out, const char *code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* An output of kind with one tag (key: val) and a text, plain as is. */
static void
emit_text(json_t *out, const char *kind, const char *key, const char *val,
    const char *msg)
{
	struct sbuf sb;
	json_t *o = out_new(kind);

	(void)json_object_set_new(o, key, json_string(val));
	(void)json_object_set_new(o, "text", json_string(msg));
	sb_init(&sb);
	sb_printf(&sb, "%s", msg);
	set_plain(o, &sb);
	out_push(out, o);
}

static void
emit_error(json_t *out, const char *code, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	(void)vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	emit_text(out, "error", "code", code, msg);
}

static void
emit_notice(json_t *out, const char *event, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
emit_notice(json_t *out, const char *event, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	(void)vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	emit_text(out, "notice", "event", event, msg);
}

static json_t *
choices_json(const struct kb_question *qu)
{
	json_t *a = json_array();
	size_t c;

	for (c = 0; c < qu->nchoices; c++)
		(void)json_array_append_new(a, json_pack("{s:s, s:s, s:i}",
		    "id", qu->choices[c].id, "label", qu->choices[c].label,
		    "number", (int)c + 1));
	return a;
}

static void
plain_choices(struct sbuf *sb, const struct kb_question *qu)
{
	size_t c;

	for (c = 0; c < qu->nchoices; c++)
		sb_printf(sb, "  %zu. %s\n", c + 1, qu->choices[c].label);
}

/*
 * Ask question q (making it pending).  resume marks a question asked
 * again after a detour (a free-form question, an explanation).
 */
static void
emit_question(struct dlg *d, json_t *out, int q, int resume)
{
	const struct kb_question *qu = &DL(d)->questions[q];
	struct sbuf sb;
	int step, of;
	json_t *o;

	d->pending = q;
	progress(d, &step, &of);
	o = out_new("question");
	(void)json_object_set_new(o, "question", json_string(qu->id));
	(void)json_object_set_new(o, "text", json_string(qu->text));
	(void)json_object_set_new(o, "choices", choices_json(qu));
	(void)json_object_set_new(o, "progress", json_pack("{s:i, s:i}",
	    "step", step, "of", of));
	if (resume)
		(void)json_object_set_new(o, "resume", json_true());
	if (d->answer[q] >= 0)
		(void)json_object_set_new(o, "current",
		    json_string(qu->choices[d->answer[q]].id));
	sb_init(&sb);
	sb_printf(&sb, "%s(step %d of about %d) %s\n", resume ?
	    "Back to the walk: " : "", step, of, qu->text);
	plain_choices(&sb, qu);
	sb_printf(&sb, "Reply with a number or in your own words; 'skip', "
	    "'not sure', 'why?' and 'help' work too.");
	set_plain(o, &sb);
	out_push(out, o);
}

/* One rule that fired, as a reason. */
static json_t *
reason_json(const struct dlg *d, int r, const int *eff, const int *assumed)
{
	const struct kb_dialogue *dl = DL(d);
	const struct kb_rule *ru = &dl->rules[r];
	json_t *j, *answers = json_array(), *weights = json_object();
	double weight = 0;
	size_t t, o;

	for (o = 0; o < dl->noutcomes; o++)
		if (ru->weights[o] != 0) {
			(void)json_object_set_new(weights, dl->outcomes[o].id,
			    json_real(ru->weights[o]));
			if (fabs(ru->weights[o]) > fabs(weight))
				weight = ru->weights[o];
		}
	for (t = 0; t < ru->when.nterms; t++) {
		int q = ru->when.terms[t].question;
		const struct kb_question *qu = &dl->questions[q];
		const char *how = assumed != NULL && assumed[q] ? "assumed" :
		    d->how[q] == DLG_DESCRIBED ? "described" : "answered";

		if (eff[q] < 0)
			continue;
		(void)json_array_append_new(answers, json_pack("{s:s, s:s, "
		    "s:s, s:s}", "question", qu->id, "choice",
		    qu->choices[eff[q]].id, "label", qu->choices[eff[q]].label,
		    "how", how));
	}
	j = json_pack("{s:s, s:s, s:f, s:o, s:o, s:o}", "rule", ru->id,
	    "text", ru->reason, "weight", weight, "weights", weights,
	    "answers", answers, "citations", cite_all(ru->claims,
	    ru->nclaims));
	return j;
}

static int
fired_cmp_weight(const struct kb_dialogue *dl, int a, int b, int outcome)
{
	double wa = dl->rules[a].weights[outcome], wb = dl->rules[b].weights[
	    outcome];

	if (wa != wb)
		return wa > wb ? -1 : 1;
	return a < b ? -1 : 1;
}

/* Fired rules ordered by their weight for outcome, heaviest first. */
static void
order_fired(const struct kb_dialogue *dl, struct verdict *v, int outcome)
{
	size_t i, j;

	for (i = 1; i < v->nfired; i++)
		for (j = i; j > 0 && fired_cmp_weight(dl, v->fired[j - 1],
		    v->fired[j], outcome) > 0; j--) {
			int t = v->fired[j];

			v->fired[j] = v->fired[j - 1];
			v->fired[j - 1] = t;
		}
}

/*
 * The recommendation for the answers so far.  quick marks one given from
 * a description before the walk is done; it lists its assumptions and how
 * many questions could refine it.
 */
static void
emit_recommendation(struct dlg *d, json_t *out, int quick)
{
	const struct kb_dialogue *dl = DL(d);
	int raw[KB_MAX_QUESTIONS], eff[KB_MAX_QUESTIONS];
	int assumed[KB_MAX_QUESTIONS];
	json_t *o, *reasons, *caveats, *assumptions, *scores;
	const struct kb_outcome *oc;
	struct verdict v;
	struct sbuf sb;
	size_t i, q;
	int step, of, n = 0;

	raw_answers(d, raw);
	effective(d->kb, raw, eff, assumed);
	verdict_compute(d->kb, eff, &v);
	if (v.outcome < 0) {
		emit_notice(out, "need_more", "I don't have enough to go on "
		    "yet: tell me what you are building.");
		return;
	}
	oc = &dl->outcomes[v.outcome];
	order_fired(dl, &v, v.outcome);

	reasons = json_array();
	for (i = 0; i < v.nfired; i++) {
		int r = v.fired[i];
		size_t k;
		int nonzero = 0;

		for (k = 0; k < dl->noutcomes; k++)
			if (dl->rules[r].weights[k] != 0)
				nonzero = 1;
		if (nonzero)
			(void)json_array_append_new(reasons,
			    reason_json(d, r, eff, assumed));
	}
	caveats = json_array();
	for (i = 0; i < dl->ncaveats; i++) {
		const struct kb_caveat *cv = &dl->caveats[i];

		if (cv->outcome_index >= 0 && cv->outcome_index != v.outcome)
			continue;
		if (!kb_cond_holds(&cv->when, eff))
			continue;
		(void)json_array_append_new(caveats, json_pack("{s:s, s:s, "
		    "s:o}", "id", cv->id, "text", cv->text, "citations",
		    cite_all(cv->claims, cv->nclaims)));
	}
	assumptions = json_array();
	for (q = 0; q < dl->nquestions; q++)
		if (assumed[q])
			(void)json_array_append_new(assumptions, json_pack(
			    "{s:s, s:s, s:s, s:s}", "question",
			    dl->questions[q].id, "text", dl->questions[q].text,
			    "choice", dl->questions[q].choices[eff[q]].id,
			    "label", dl->questions[q].choices[eff[q]].label));
	scores = json_object();
	for (i = 0; i < dl->noutcomes; i++)
		(void)json_object_set_new(scores, dl->outcomes[i].id,
		    json_real(v.scores[i]));

	progress(d, &step, &of);
	o = out_new("recommendation");
	(void)json_object_set_new(o, "verdict", json_string(oc->id));
	(void)json_object_set_new(o, "label", json_string(oc->label));
	if (oc->summary != NULL)
		(void)json_object_set_new(o, "summary",
		    json_string(oc->summary));
	(void)json_object_set_new(o, "confidence",
	    json_real(round(v.confidence * 100) / 100));
	(void)json_object_set_new(o, "confidence_label",
	    json_string(confidence_label(v.confidence)));
	(void)json_object_set_new(o, "scores", scores);
	(void)json_object_set_new(o, "reasons", reasons);
	(void)json_object_set_new(o, "caveats", caveats);
	(void)json_object_set_new(o, "assumptions", assumptions);
	(void)json_object_set_new(o, "quick", json_boolean(quick));
	(void)json_object_set_new(o, "remaining", json_integer(of - step + 1));
	if (d->last_verdict >= 0 && d->last_verdict != v.outcome)
		(void)json_object_set_new(o, "previous",
		    json_string(dl->outcomes[d->last_verdict].id));

	sb_init(&sb);
	sb_printf(&sb, "%s: %s (confidence %s, %.0f%%)\n", quick ?
	    "Quick recommendation" : "Recommendation", oc->label,
	    confidence_label(v.confidence), v.confidence * 100);
	if (oc->summary != NULL)
		sb_printf(&sb, "%s\n", oc->summary);
	sb_printf(&sb, "Why:\n");
	for (i = 0; i < v.nfired; i++) {
		const struct kb_rule *ru = &dl->rules[v.fired[i]];

		if (ru->weights[v.outcome] <= 0)
			continue;
		sb_printf(&sb, "%d. %s\n", ++n, ru->reason);
		plain_sources(&sb, ru->claims, ru->nclaims < 2 ? ru->nclaims :
		    2);
	}
	for (i = 0; i < v.nfired; i++) {
		const struct kb_rule *ru = &dl->rules[v.fired[i]];

		if (ru->weights[v.outcome] > 0)
			continue;
		sb_printf(&sb, "Against it: %s\n", ru->reason);
	}
	if (json_array_size(caveats) > 0) {
		json_t *c;

		sb_printf(&sb, "Keep in mind:\n");
		json_array_foreach(caveats, i, c)
			sb_printf(&sb, "- %s\n", json_string_value(
			    json_object_get(c, "text")));
	}
	if (json_array_size(assumptions) > 0) {
		json_t *a;

		sb_printf(&sb, "Assumed, since you didn't say:");
		json_array_foreach(assumptions, i, a)
			sb_printf(&sb, "%s %s", i ? ";" : "",
			    json_string_value(json_object_get(a, "label")));
		sb_printf(&sb, "\n");
	}
	if (quick && of - step + 1 > 0)
		sb_printf(&sb, "I can refine this with %d more question%s; "
		    "answer the next one, or ask 'why?', 'what would change "
		    "it?' or anything about the article.\n", of - step + 1,
		    of - step + 1 == 1 ? "" : "s");
	else
		sb_printf(&sb, "Ask 'why?', 'what would change it?', 'what if "
		    "...', or 'restart'.\n");
	set_plain(o, &sb);
	out_push(out, o);
	d->recommended = 1;
	d->last_verdict = v.outcome;
}

/* Continue the walk: the next question, or the recommendation. */
static void
advance(struct dlg *d, json_t *out)
{
	int q = next_question(d);

	if (q >= 0) {
		emit_question(d, out, q, 0);
		return;
	}
	d->pending = -1;
	emit_recommendation(d, out, 0);
}

/* Answer a free-form question from the knowledge base. */
static void
emit_kb_answer(struct dlg *d, json_t *out, const struct kb_answer *a)
{
	const struct kb *kb = d->kb;
	struct sbuf sb;
	json_t *o, *chart, *fixes;
	size_t i;

	o = out_new("answer");
	sb_init(&sb);
	if (a->nclaims == 0) {
		(void)json_object_set_new(o, "covered", json_false());
		(void)json_object_set_new(o, "text",
		    json_string(kb->not_covered));
		(void)json_object_set_new(o, "citations", json_array());
		sb_printf(&sb, "%s", kb->not_covered);
	} else {
		struct sbuf text;

		sb_init(&text);
		for (i = 0; i < a->nclaims; i++)
			sb_printf(&text, "%s%s", i ? " " : "",
			    a->claims[i]->text);
		(void)json_object_set_new(o, "covered", json_true());
		(void)json_object_set_new(o, "text", json_string(text.buf));
		(void)json_object_set_new(o, "citations",
		    cite_all(a->claims, a->nclaims));
		if ((chart = chart_for(a->claims, a->nclaims)) != NULL)
			(void)json_object_set_new(o, "chart", chart);
		for (i = 0; i < a->nclaims; i++)
			sb_printf(&sb, "%s [%s]\n", a->claims[i]->text,
			    a->claims[i]->source->name);
	}
	if (a->res.ncorrected > 0) {
		fixes = json_array();
		for (i = 0; i < a->res.ncorrected; i++)
			(void)json_array_append_new(fixes,
			    json_string(a->res.corrected[i]));
		(void)json_object_set_new(o, "corrected", fixes);
	}
	set_plain(o, &sb);
	out_push(out, o);
}

static void
emit_why_question(struct dlg *d, json_t *out, int q)
{
	const struct kb_dialogue *dl = DL(d);
	const struct kb_question *qu = &dl->questions[q];
	json_t *o, *rules = json_array();
	struct sbuf sb;
	size_t r, t;

	sb_init(&sb);
	sb_printf(&sb, "Why I ask \"%s\": %s\n", qu->text, qu->why);
	for (r = 0; r < dl->nrules; r++) {
		const struct kb_rule *ru = &dl->rules[r];
		json_t *weights = json_object();
		size_t o2;

		for (t = 0; t < ru->when.nterms; t++)
			if (ru->when.terms[t].question == q)
				break;
		if (t == ru->when.nterms) {
			json_decref(weights);
			continue;
		}
		for (o2 = 0; o2 < dl->noutcomes; o2++)
			if (ru->weights[o2] != 0)
				(void)json_object_set_new(weights,
				    dl->outcomes[o2].id,
				    json_real(ru->weights[o2]));
		(void)json_array_append_new(rules, json_pack("{s:s, s:s, s:o, "
		    "s:o}", "rule", ru->id, "text", ru->reason, "weights",
		    weights, "citations", cite_all(ru->claims, ru->nclaims)));
		sb_printf(&sb, "- It feeds: %s\n", ru->reason);
	}
	o = out_new("explanation");
	(void)json_object_set_new(o, "topic", json_string("why_question"));
	(void)json_object_set_new(o, "question", json_string(qu->id));
	(void)json_object_set_new(o, "text", json_string(qu->why));
	(void)json_object_set_new(o, "rules", rules);
	set_plain(o, &sb);
	out_push(out, o);
}

/* How the verdict came about: each answer's contribution, with claims. */
static void
emit_why_verdict(struct dlg *d, json_t *out)
{
	const struct kb_dialogue *dl = DL(d);
	int raw[KB_MAX_QUESTIONS], eff[KB_MAX_QUESTIONS];
	int assumed[KB_MAX_QUESTIONS];
	json_t *o, *contrib = json_array(), *scores = json_object();
	struct verdict v;
	struct sbuf sb;
	size_t i;

	raw_answers(d, raw);
	effective(d->kb, raw, eff, assumed);
	verdict_compute(d->kb, eff, &v);
	if (v.outcome < 0) {
		json_decref(contrib);
		json_decref(scores);
		emit_notice(out, "need_more", "There is no verdict yet: nothing "
		    "you told me points one way or the other.");
		return;
	}
	order_fired(dl, &v, v.outcome);
	sb_init(&sb);
	sb_printf(&sb, "How I got to %s:\n", dl->outcomes[v.outcome].label);
	for (i = 0; i < v.nfired; i++) {
		const struct kb_rule *ru = &dl->rules[v.fired[i]];
		size_t k;

		(void)json_array_append_new(contrib, reason_json(d, v.fired[i],
		    eff, assumed));
		for (k = 0; k < dl->noutcomes; k++)
			if (ru->weights[k] != 0)
				sb_printf(&sb, "%+g %s: %s\n", ru->weights[k],
				    dl->outcomes[k].label, ru->reason);
		plain_sources(&sb, ru->claims, ru->nclaims < 2 ?
		    ru->nclaims : 2);
	}
	sb_printf(&sb, "Totals:");
	for (i = 0; i < dl->noutcomes; i++) {
		(void)json_object_set_new(scores, dl->outcomes[i].id,
		    json_real(v.scores[i]));
		sb_printf(&sb, " %s %g%s", dl->outcomes[i].label, v.scores[i],
		    i + 1 < dl->noutcomes ? "," : "\n");
	}
	o = out_new("explanation");
	(void)json_object_set_new(o, "topic", json_string("why_verdict"));
	(void)json_object_set_new(o, "verdict",
	    json_string(dl->outcomes[v.outcome].id));
	(void)json_object_set_new(o, "contributions", contrib);
	(void)json_object_set_new(o, "scores", scores);
	set_plain(o, &sb);
	out_push(out, o);
}

struct change {
	int	question;
	int	choice;
	int	question2;	/* -1: a single change */
	int	choice2;
	int	applies;	/* the changed questions still apply */
	int	outcome;	/* -1: no verdict */
	double	confidence;
	int	answered;	/* changes an answer the user gave */
};

/*
 * The verdict if question q were answered c (and q2 c2, when q2 >= 0).
 * Fills *ch, and returns its outcome: -1 when there would be no verdict,
 * or when the questions would not apply (then ch->applies is 0).
 */
static int
try_change(const struct kb *kb, const int *raw, int q, int c, int q2, int c2,
    struct change *ch)
{
	int alt[KB_MAX_QUESTIONS], eff[KB_MAX_QUESTIONS];
	struct verdict v;

	memset(ch, 0, sizeof(*ch));
	ch->question = q;
	ch->choice = c;
	ch->question2 = q2;
	ch->choice2 = c2;
	ch->outcome = -1;
	ch->answered = raw[q] >= 0;
	memcpy(alt, raw, sizeof(alt));
	alt[q] = c;
	if (q2 >= 0)
		alt[q2] = c2;
	effective(kb, alt, eff, NULL);
	if (!applicable(kb, (size_t)q, alt) ||
	    (q2 >= 0 && !applicable(kb, (size_t)q2, alt)))
		return -1;
	ch->applies = 1;
	verdict_compute(kb, eff, &v);
	ch->outcome = v.outcome;
	ch->confidence = v.confidence;
	return v.outcome;
}

static json_t *
change_json(const struct kb_dialogue *dl, const struct change *ch,
    const int *raw, struct sbuf *sb)
{
	const struct kb_question *qu = &dl->questions[ch->question];
	json_t *j, *steps = json_array();
	int k;

	for (k = 0; k < 2; k++) {
		int q = k ? ch->question2 : ch->question;
		int c = k ? ch->choice2 : ch->choice;

		if (q < 0)
			continue;
		qu = &dl->questions[q];
		(void)json_array_append_new(steps, json_pack("{s:s, s:s, s:s, "
		    "s:s?}", "question", qu->id, "choice", qu->choices[c].id,
		    "label", qu->choices[c].label, "from", raw[q] >= 0 ?
		    qu->choices[raw[q]].id : NULL));
		sb_printf(sb, "%s%s -> \"%s\"", k ? " and " : "- ", qu->text,
		    qu->choices[c].label);
	}
	sb_printf(sb, ": %s (confidence %.0f%%)\n",
	    dl->outcomes[ch->outcome].label, ch->confidence * 100);
	j = json_pack("{s:o, s:s, s:f}", "changes", steps, "verdict",
	    dl->outcomes[ch->outcome].id, "confidence",
	    round(ch->confidence * 100) / 100);
	return j;
}

static int
change_better(const struct change *a, const struct change *b)
{
	if (a->answered != b->answered)
		return a->answered > b->answered;
	return a->confidence > b->confidence;
}

/*
 * The smallest changes of answers that flip the verdict: single changes
 * first (the user's own answers before assumptions), pairs only when no
 * single change does it.
 */
static void
emit_what_changes(struct dlg *d, json_t *out)
{
	const struct kb_dialogue *dl = DL(d);
	struct change best[DLG_MAX_WHATIF], ch;
	int raw[KB_MAX_QUESTIONS], current;
	size_t nbest = 0, q, q2, c, c2, i;
	json_t *o, *list = json_array();
	struct sbuf sb;
	int pairs = 0;

	raw_answers(d, raw);
	current = dialogue_verdict(d, NULL);
	if (current < 0) {
		json_decref(list);
		emit_notice(out, "need_more", "There is no verdict to change "
		    "yet.");
		return;
	}
	for (q = 0; q < dl->nquestions; q++)
		for (c = 0; c < dl->questions[q].nchoices; c++) {
			if (raw[q] == (int)c ||
			    try_change(d->kb, raw, (int)q, (int)c, -1, -1,
			    &ch) < 0 || ch.outcome == current)
				continue;
			for (i = 0; i < nbest; i++)
				if (change_better(&ch, &best[i]))
					break;
			if (i >= DLG_MAX_WHATIF)
				continue;
			if (nbest == DLG_MAX_WHATIF)
				nbest--;
			memmove(&best[i + 1], &best[i], (nbest - i) *
			    sizeof(best[0]));
			best[i] = ch;
			nbest++;
		}
	if (nbest == 0) {
		pairs = 1;
		for (q = 0; q < dl->nquestions && nbest < DLG_MAX_WHATIF; q++)
			for (q2 = q + 1; q2 < dl->nquestions &&
			    nbest < DLG_MAX_WHATIF; q2++)
				for (c = 0; c < dl->questions[q].nchoices; c++)
					for (c2 = 0; c2 < dl->questions[q2].
					    nchoices && nbest < DLG_MAX_WHATIF;
					    c2++) {
						if (raw[q] == (int)c ||
						    raw[q2] == (int)c2)
							continue;
						if (try_change(d->kb, raw,
						    (int)q, (int)c, (int)q2,
						    (int)c2, &ch) < 0 ||
						    ch.outcome == current)
							continue;
						best[nbest++] = ch;
						goto next_pair;
					}
next_pair:		;
	}
	sb_init(&sb);
	if (nbest == 0)
		sb_printf(&sb, "No change of one or two answers would change "
		    "the verdict (%s).\n", dl->outcomes[current].label);
	else
		sb_printf(&sb, "The verdict (%s) would change if%s:\n",
		    dl->outcomes[current].label, pairs ?
		    " two answers changed" : " one answer changed");
	for (i = 0; i < nbest; i++)
		(void)json_array_append_new(list, change_json(dl, &best[i], raw,
		    &sb));
	o = out_new("explanation");
	(void)json_object_set_new(o, "topic", json_string("what_would_change"));
	(void)json_object_set_new(o, "verdict",
	    json_string(dl->outcomes[current].id));
	(void)json_object_set_new(o, "alternatives", list);
	set_plain(o, &sb);
	out_push(out, o);
}

static void
emit_what_if(struct dlg *d, json_t *out, int q, int c)
{
	const struct kb_dialogue *dl = DL(d);
	int raw[KB_MAX_QUESTIONS], current;
	struct change ch;
	struct sbuf sb;
	json_t *o;

	raw_answers(d, raw);
	current = dialogue_verdict(d, NULL);
	o = out_new("explanation");
	(void)json_object_set_new(o, "topic", json_string("what_if"));
	(void)json_object_set_new(o, "question",
	    json_string(dl->questions[q].id));
	(void)json_object_set_new(o, "choice",
	    json_string(dl->questions[q].choices[c].id));
	sb_init(&sb);
	(void)try_change(d->kb, raw, q, c, -1, -1, &ch);
	if (!ch.applies) {
		sb_printf(&sb, "\"%s\" does not apply given your other answers, "
		    "so \"%s\" would change nothing.", dl->questions[q].text,
		    dl->questions[q].choices[c].label);
		(void)json_object_set_new(o, "verdict", json_null());
	} else if (ch.outcome < 0) {
		sb_printf(&sb, "If you said \"%s\", nothing would point one way "
		    "or the other yet.", dl->questions[q].choices[c].label);
		(void)json_object_set_new(o, "verdict", json_null());
	} else {
		sb_printf(&sb, "If you said \"%s\" to \"%s\", the verdict would "
		    "be %s (confidence %.0f%%)%s.",
		    dl->questions[q].choices[c].label, dl->questions[q].text,
		    dl->outcomes[ch.outcome].label, ch.confidence * 100,
		    current == ch.outcome ? ", the same as now" :
		    current >= 0 ? ", a change" : "");
		(void)json_object_set_new(o, "verdict",
		    json_string(dl->outcomes[ch.outcome].id));
		(void)json_object_set_new(o, "confidence",
		    json_real(round(ch.confidence * 100) / 100));
	}
	(void)json_object_set_new(o, "differs", json_boolean(current >= 0 &&
	    ch.outcome >= 0 && current != ch.outcome));
	(void)json_object_set_new(o, "text", json_string(sb.buf));
	set_plain(o, &sb);
	out_push(out, o);
}

static const char *
how_name(int how)
{
	switch (how) {
	case DLG_ASKED:		return "answered";
	case DLG_DESCRIBED:	return "described";
	case DLG_NOT_SURE:	return "not sure";
	case DLG_SKIPPED:	return "skipped";
	}
	return "unanswered";
}

static void
emit_summary(struct dlg *d, json_t *out)
{
	const struct kb_dialogue *dl = DL(d);
	int raw[KB_MAX_QUESTIONS];
	json_t *o, *list = json_array();
	struct sbuf sb;
	size_t q;

	raw_answers(d, raw);
	sb_init(&sb);
	sb_printf(&sb, "Your answers so far:\n");
	for (q = 0; q < dl->nquestions; q++) {
		const struct kb_question *qu = &dl->questions[q];
		int rel = applicable(d->kb, q, raw);

		if (!rel && d->answer[q] < 0)
			continue;
		(void)json_array_append_new(list, json_pack("{s:s, s:s, s:s?, "
		    "s:s?, s:s, s:b}", "question", qu->id, "text", qu->text,
		    "choice", d->answer[q] >= 0 ? qu->choices[d->answer[q]].id :
		    NULL, "label", d->answer[q] >= 0 ?
		    qu->choices[d->answer[q]].label : NULL, "how",
		    how_name(d->how[q]), "relevant", rel));
		sb_printf(&sb, "- %s %s%s\n", qu->text, d->answer[q] >= 0 ?
		    qu->choices[d->answer[q]].label : how_name(d->how[q]),
		    rel ? "" : " (no longer relevant)");
	}
	o = out_new("summary");
	(void)json_object_set_new(o, "answers", list);
	if (d->pending >= 0)
		(void)json_object_set_new(o, "pending",
		    json_string(dl->questions[d->pending].id));
	set_plain(o, &sb);
	out_push(out, o);
}

static void
emit_help(struct dlg *d, json_t *out)
{
	static const char *const cmds[][2] = {
		{ "back", "undo your last answer" },
		{ "change", "change an earlier answer, e.g. 'change building'" },
		{ "restart", "start the walk again" },
		{ "why", "why I ask a question, or how I got to a verdict" },
		{ "what would change it", "the smallest change that flips the "
		    "verdict" },
		{ "what if", "e.g. 'what if I said weeks'" },
		{ "summary", "your answers so far" },
		{ "skip / not sure", "leave a question out" },
		{ "recommend", "a verdict now, with assumptions" },
		{ "table", "the article's comparison table" },
	};
	json_t *o, *list = json_array();
	struct sbuf sb;
	size_t i;

	sb_init(&sb);
	sb_printf(&sb, "%s\nYou can answer with a number or in your own "
	    "words, describe your situation in one message, or ask anything "
	    "about the article. Commands:\n", DL(d)->central_question);
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		(void)json_array_append_new(list, json_pack("{s:s, s:s}",
		    "command", cmds[i][0], "text", cmds[i][1]));
		sb_printf(&sb, "- %s: %s\n", cmds[i][0], cmds[i][1]);
	}
	o = out_new("help");
	(void)json_object_set_new(o, "text", json_string(sb.buf));
	(void)json_object_set_new(o, "commands", list);
	set_plain(o, &sb);
	out_push(out, o);
}

static void
emit_table(struct dlg *d, json_t *out)
{
	const struct kb *kb = d->kb;
	json_t *o, *cols = json_array(), *rows = json_array();
	struct sbuf sb;
	size_t i, j;

	sb_init(&sb);
	for (i = 0; i < kb->ncolumns; i++)
		(void)json_array_append_new(cols, json_pack("{s:s, s:s}", "id",
		    kb->columns[i]->id, "name", kb->columns[i]->name));
	for (i = 0; i < kb->nrows; i++) {
		const struct kb_table_row *r = &kb->rows[i];
		json_t *cells = json_object();
		const struct kb_subject *vs = kb_subject(kb, r->verdict);

		sb_printf(&sb, "%s: ", r->dimension);
		for (j = 0; j < kb->ncolumns; j++) {
			(void)json_object_set_new(cells, kb->columns[j]->id,
			    json_string(r->cells[j]));
			sb_printf(&sb, "%s %s; ", kb->columns[j]->name,
			    r->cells[j]);
		}
		sb_printf(&sb, "verdict: %s\n", vs ? vs->name : r->verdict);
		(void)json_array_append_new(rows, json_pack("{s:s, s:s, s:o, "
		    "s:s, s:o}", "id", r->id, "dimension", r->dimension,
		    "cells", cells, "verdict", r->verdict, "citation",
		    cite(r->claim)));
	}
	o = out_new("table");
	(void)json_object_set_new(o, "columns", cols);
	(void)json_object_set_new(o, "rows", rows);
	set_plain(o, &sb);
	out_push(out, o);
}

/* Escalating reprompt: what was expected, then what is possible. */
static void
emit_not_understood(struct dlg *d, json_t *out, int cand1, int cand2)
{
	const struct kb_dialogue *dl = DL(d);
	struct sbuf sb;
	json_t *o;

	d->misses++;
	o = out_new("not_understood");
	(void)json_object_set_new(o, "level", json_integer(d->misses > 3 ? 3 :
	    d->misses));
	sb_init(&sb);
	if (d->pending >= 0 && cand1 >= 0 && cand2 >= 0) {
		const struct kb_question *qu = &dl->questions[d->pending];

		sb_printf(&sb, "Did you mean \"%s\" or \"%s\"? Reply with its "
		    "number.\n", qu->choices[cand1].label,
		    qu->choices[cand2].label);
		(void)json_object_set_new(o, "candidates", json_pack(
		    "[s, s]", qu->choices[cand1].id, qu->choices[cand2].id));
	} else if (d->pending >= 0) {
		const struct kb_question *qu = &dl->questions[d->pending];

		sb_printf(&sb, "I didn't catch that: choose one of these, or "
		    "ask me anything about the article.\n");
		plain_choices(&sb, qu);
		(void)json_object_set_new(o, "question", json_string(qu->id));
		(void)json_object_set_new(o, "choices", choices_json(qu));
	} else
		sb_printf(&sb, "I didn't catch that. Ask me anything about the "
		    "article, or say 'why?', 'what would change it?' or "
		    "'restart'.\n");
	if (d->misses >= 2)
		sb_printf(&sb, "You can also say 'skip' or 'not sure', describe "
		    "your situation in one message (for example: \"Java "
		    "developer, we build microservices on Kubernetes, need to "
		    "ship fast\"), or say 'help' for every command.\n");
	(void)json_object_set_new(o, "text", json_string(sb.buf));
	set_plain(o, &sb);
	out_push(out, o);
}

/* ---- handling input -------------------------------------------------- */

static int
find_question(const struct dlg *d, const char *id)
{
	return id != NULL ? kb_question_index(d->kb, id) : -1;
}

static void
answer_question(struct dlg *d, int q, int c, enum dlg_how how)
{
	d->batch++;
	record(d, q, c, how);
	d->misses = 0;
}

/*
 * Read answers for unanswered questions from a description.  found[q] is
 * set to the choice read, -1 for none; ambiguous[q] marks a question whose
 * answer could be two choices.  Returns how many answers were read.
 */
static int
extract(const struct dlg *d, const struct kb_query *q, int *found,
    int *ambiguous, int all)
{
	const struct kb_dialogue *dl = DL(d);
	size_t i;
	int n = 0;

	for (i = 0; i < dl->nquestions; i++) {
		int score, tie, c;

		found[i] = -1;
		ambiguous[i] = 0;
		if (!all && d->how[i] != DLG_UNANSWERED)
			continue;
		c = match_choice(&dl->questions[i], q, &score, &tie, NULL);
		if (c < 0)
			continue;
		if (tie) {
			ambiguous[i] = 1;
			continue;
		}
		found[i] = c;
		n++;
	}
	return n;
}

/*
 * A description: record what was understood, say so, and give a quick
 * recommendation when the answers point somewhere; then go on with the
 * questions that remain.
 */
static void
handle_profile(struct dlg *d, json_t *out, const int *found,
    const int *ambiguous)
{
	const struct kb_dialogue *dl = DL(d);
	json_t *o, *list = json_array();
	struct sbuf sb;
	size_t q;

	d->batch++;
	sb_init(&sb);
	sb_printf(&sb, "Here is what I understood:\n");
	for (q = 0; q < dl->nquestions; q++) {
		if (found[q] < 0)
			continue;
		record(d, (int)q, found[q], DLG_DESCRIBED);
		(void)json_array_append_new(list, json_pack("{s:s, s:s, s:s, "
		    "s:s}", "question", dl->questions[q].id, "text",
		    dl->questions[q].text, "choice",
		    dl->questions[q].choices[found[q]].id, "label",
		    dl->questions[q].choices[found[q]].label));
		sb_printf(&sb, "- %s %s\n", dl->questions[q].text,
		    dl->questions[q].choices[found[q]].label);
	}
	for (q = 0; q < dl->nquestions; q++)
		if (ambiguous[q])
			sb_printf(&sb, "(I couldn't tell your answer to \"%s\"; "
			    "I'll ask.)\n", dl->questions[q].text);
	o = out_new("notice");
	(void)json_object_set_new(o, "event", json_string("understood"));
	(void)json_object_set_new(o, "understood", list);
	(void)json_object_set_new(o, "text", json_string(sb.buf));
	set_plain(o, &sb);
	out_push(out, o);
	d->misses = 0;
	if (dialogue_verdict(d, NULL) >= 0)
		emit_recommendation(d, out, next_question(d) >= 0);
	if ((q = (size_t)next_question(d)) != (size_t)-1)
		emit_question(d, out, (int)q, 0);
	else
		d->pending = -1;
}

static void
handle_back(struct dlg *d, json_t *out)
{
	const struct kb_dialogue *dl = DL(d);
	uint8_t batch;
	int q = -1;

	if (d->nsteps == 0) {
		emit_error(out, "nothing_to_undo", "There is nothing to undo.");
		if (d->pending >= 0)
			emit_question(d, out, d->pending, 1);
		return;
	}
	batch = d->steps[d->nsteps - 1].batch;
	while (d->nsteps > 0 && d->steps[d->nsteps - 1].batch == batch) {
		struct dlg_step *st = &d->steps[--d->nsteps];

		q = st->question;
		d->answer[q] = st->prev;
		d->how[q] = st->prev_how;
	}
	d->recommended = 0;
	emit_notice(out, "undo", "Undone: your answer to \"%s\".",
	    dl->questions[q].text);
	if (d->how[q] == DLG_UNANSWERED)
		emit_question(d, out, q, 0);
	else
		advance(d, out);
}

static void
handle_restart(struct dlg *d, json_t *out)
{
	const struct kb *kb = d->kb;

	dialogue_init(d, kb);
	emit_notice(out, "restart", "Starting again. %s",
	    kb->dialogue.central_question);
	advance(d, out);
}

/*
 * Read "what if I said X" / "change Q to X" style text: the question and
 * choice it names.  Prefers the pending question, then answered ones.
 */
static int
parse_target(const struct dlg *d, const char *text, size_t len, int *qout,
    int *cout)
{
	const struct kb_dialogue *dl = DL(d);
	struct kb_query q;
	size_t i;
	int best_q = -1, best_c = -1, best_score = 0, best_rank = 9;

	kb_normalize(d->kb, text, len, KB_NORM_MATCH, &q);
	for (i = 0; i < dl->nquestions; i++) {
		int score, tie, c, rank;

		c = match_choice(&dl->questions[i], &q, &score, &tie, NULL);
		if (c < 0)
			continue;
		rank = (int)i == d->pending ? 0 : d->answer[i] >= 0 ? 1 : 2;
		if (score > best_score || (score == best_score &&
		    rank < best_rank)) {
			best_score = score;
			best_rank = rank;
			best_q = (int)i;
			best_c = c;
		}
	}
	/* "change building": a question named by its id */
	if (best_q < 0)
		for (i = 0; i < dl->nquestions; i++) {
			char sq[64];

			squash(dl->questions[i].id, strlen(dl->questions[i].id),
			    sq, sizeof(sq));
			if (strstr(text, sq) != NULL) {
				best_q = (int)i;
				break;
			}
		}
	*qout = best_q;
	*cout = best_c;
	return best_q;
}

/*
 * An answer by id: for the pending question it moves the walk on; for
 * another question it is a change, after which the walk resumes where it
 * was (or the verdict is given again when nothing is left to ask).
 */
static void
handle_choose(struct dlg *d, json_t *out, int q, int c, int is_change)
{
	const struct kb_dialogue *dl = DL(d);
	int raw[KB_MAX_QUESTIONS];

	raw_answers(d, raw);
	if (q != d->pending && d->answer[q] < 0 && !applicable(d->kb,
	    (size_t)q, raw)) {
		emit_error(out, "not_applicable", "\"%s\" does not apply given "
		    "your other answers.", dl->questions[q].text);
		if (d->pending >= 0)
			emit_question(d, out, d->pending, 1);
		return;
	}
	answer_question(d, q, c, DLG_ASKED);
	if (q == d->pending && !is_change) {
		advance(d, out);
		return;
	}
	emit_notice(out, "changed", "Changed: %s -> %s.", dl->questions[q].text,
	    dl->questions[q].choices[c].label);
	raw_answers(d, raw);
	if (d->pending >= 0 && d->pending != q &&
	    d->how[d->pending] == DLG_UNANSWERED &&
	    applicable(d->kb, (size_t)d->pending, raw))
		emit_question(d, out, d->pending, 1);
	else
		advance(d, out);
}

static void
handle_say(struct dlg *d, json_t *out, const char *text, size_t len)
{
	const struct kb_dialogue *dl = DL(d);
	struct kb_query q;
	struct dlg_input in;
	char sq[512];
	int found[KB_MAX_QUESTIONS], ambiguous[KB_MAX_QUESTIONS];
	int cmd, n, question;

	squash(text, len, sq, sizeof(sq));
	if (sq[0] == '\0') {
		emit_not_understood(d, out, -1, -1);
		return;
	}

	/* 1. a command, said in words */
	if ((cmd = command_of(sq)) >= 0) {
		memset(&in, 0, sizeof(in));
		in.kind = (enum dlg_in_kind)cmd;
		(void)dialogue_input(d, &in, out);
		return;
	}
	if (strncmp(sq, "what if ", 8) == 0 || strncmp(sq, "change ", 7) == 0) {
		int tq, tc, is_whatif = sq[0] == 'w';

		if (parse_target(d, sq, strlen(sq), &tq, &tc) < 0) {
			emit_error(out, "unknown_choice", "I couldn't tell which "
			    "answer you mean; say 'summary' to see them.");
			return;
		}
		if (is_whatif && tc >= 0)
			emit_what_if(d, out, tq, tc);
		else if (tc >= 0)
			handle_choose(d, out, tq, tc, 1);
		else if (is_whatif)
			emit_error(out, "unknown_choice", "Which answer to "
			    "\"%s\"? Try 'what if I said ...' with one of its "
			    "choices.", dl->questions[tq].text);
		else
			emit_question(d, out, tq, 0);
		return;
	}

	question = looks_like_question(text, len, sq);
	kb_normalize(d->kb, text, len, KB_NORM_MATCH, &q);

	/* 2. an answer to the pending question */
	if (d->pending >= 0 && (!question || first_person(text, len, sq))) {
		const struct kb_question *qu = &dl->questions[d->pending];
		int c, score, tie, second;

		if ((c = match_number(text, len, qu->nchoices)) >= 0) {
			answer_question(d, d->pending, c, DLG_ASKED);
			advance(d, out);
			return;
		}
		c = match_choice(qu, &q, &score, &tie, &second);
		if (c >= 0 && tie) {
			emit_not_understood(d, out, c, second);
			return;
		}
		if (c >= 0) {
			int pend = d->pending;

			/* and whatever else the same words tell */
			n = extract(d, &q, found, ambiguous, 0);
			if (found[pend] < 0)
				n++;
			found[pend] = c;
			ambiguous[pend] = 0;
			if (n > 1) {
				handle_profile(d, out, found, ambiguous);
				return;
			}
			answer_question(d, pend, c, DLG_ASKED);
			advance(d, out);
			return;
		}
	}

	/* 3. a description of the user's situation */
	if ((!question || first_person(text, len, sq)) &&
	    (n = extract(d, &q, found, ambiguous, 0)) > 0) {
		handle_profile(d, out, found, ambiguous);
		return;
	}

	/* 4. a question for the knowledge base */
	{
		struct kb_answer a;

		kb_answer(d->kb, text, len, &a);
		if (question || a.nclaims > 0) {
			emit_kb_answer(d, out, &a);
			d->misses = 0;
			if (d->pending >= 0)
				emit_question(d, out, d->pending, 1);
			return;
		}
	}
	emit_not_understood(d, out, -1, -1);
}

/*
 * Handle one input; append the outputs to out (a JSON array).  Returns 0,
 * or -1 when out is not an array.
 */
int
dialogue_input(struct dlg *d, const struct dlg_input *in, json_t *out)
{
	const struct kb_dialogue *dl = DL(d);
	int q, c;

	if (!json_is_array(out))
		return -1;
	d->inputs++;
	switch (in->kind) {
	case DLG_START:
		if (d->pending < 0 && d->nsteps == 0 && !d->recommended) {
			json_t *o = out_new("notice");
			struct sbuf sb;

			sb_init(&sb);
			sb_printf(&sb, "%s", dl->intro ? dl->intro :
			    dl->central_question);
			(void)json_object_set_new(o, "event",
			    json_string("welcome"));
			(void)json_object_set_new(o, "text",
			    json_string(sb.buf));
			(void)json_object_set_new(o, "central_question",
			    json_string(dl->central_question));
			set_plain(o, &sb);
			out_push(out, o);
		}
		if (d->pending >= 0)
			emit_question(d, out, d->pending, 1);
		else
			advance(d, out);
		break;
	case DLG_SAY:
		if (in->text == NULL) {
			emit_error(out, "missing_text", "There is no text.");
			break;
		}
		handle_say(d, out, in->text, in->len);
		break;
	case DLG_CHOOSE:
	case DLG_CHANGE:
		if ((q = find_question(d, in->question)) < 0) {
			emit_error(out, "unknown_question", "There is no "
			    "question '%s'.", in->question ? in->question : "");
			break;
		}
		if (in->choice == NULL && in->kind == DLG_CHANGE) {
			emit_question(d, out, q, 0);
			break;
		}
		if (in->choice == NULL || (c = kb_choice_index(
		    &dl->questions[q], in->choice)) < 0) {
			emit_error(out, "unknown_choice", "Question '%s' has no "
			    "choice '%s'.", dl->questions[q].id, in->choice ?
			    in->choice : "");
			break;
		}
		handle_choose(d, out, q, c, in->kind == DLG_CHANGE);
		break;
	case DLG_BACK:
		handle_back(d, out);
		break;
	case DLG_RESTART:
		handle_restart(d, out);
		break;
	case DLG_WHY:
		if (d->pending >= 0 && !d->recommended)
			emit_why_question(d, out, d->pending);
		else
			emit_why_verdict(d, out);
		break;
	case DLG_WHAT_IF:
		if ((q = find_question(d, in->question)) < 0) {
			emit_error(out, "unknown_question", "There is no "
			    "question '%s'.", in->question ? in->question : "");
			break;
		}
		if (in->choice == NULL ||
		    (c = kb_choice_index(&dl->questions[q], in->choice)) < 0) {
			emit_error(out, "unknown_choice", "Question '%s' has no "
			    "choice '%s'.", dl->questions[q].id, in->choice ?
			    in->choice : "");
			break;
		}
		emit_what_if(d, out, q, c);
		break;
	case DLG_WHAT_CHANGES:
		emit_what_changes(d, out);
		break;
	case DLG_SUMMARY:
		emit_summary(d, out);
		if (d->pending >= 0)
			emit_question(d, out, d->pending, 1);
		break;
	case DLG_HELP:
		emit_help(d, out);
		if (d->pending >= 0)
			emit_question(d, out, d->pending, 1);
		break;
	case DLG_SKIP:
	case DLG_UNSURE:
		if (d->pending < 0) {
			emit_error(out, "no_question", "There is no question to "
			    "%s.", in->kind == DLG_SKIP ? "skip" :
			    "be unsure about");
			break;
		}
		q = d->pending;
		d->batch++;
		record(d, q, -1, in->kind == DLG_SKIP ? DLG_SKIPPED :
		    DLG_NOT_SURE);
		d->misses = 0;
		emit_notice(out, in->kind == DLG_SKIP ? "skipped" : "unsure",
		    "%s", dl->questions[q].assume_index >= 0 ?
		    "Fine, I'll assume the usual case for that." :
		    "Fine, I'll leave that out.");
		advance(d, out);
		break;
	case DLG_RECOMMEND:
		emit_recommendation(d, out, next_question(d) >= 0);
		break;
	case DLG_TABLE:
		emit_table(d, out);
		if (d->pending >= 0)
			emit_question(d, out, d->pending, 1);
		break;
	default:
		emit_error(out, "bad_input", "Unknown input.");
		break;
	}
	return 0;
}

/*
 * The verdict for a one-message description, from a fresh conversation
 * (for tests and benchmarks).  Returns the outcome index or -1.
 */
int
dialogue_profile_verdict(const struct kb *kb, const char *text,
    double *confidence)
{
	struct dlg d;
	struct dlg_input in;
	json_t *out = json_array();
	int v;

	dialogue_init(&d, kb);
	memset(&in, 0, sizeof(in));
	in.kind = DLG_SAY;
	in.text = text;
	in.len = strlen(text);
	(void)dialogue_input(&d, &in, out);
	json_decref(out);
	v = dialogue_verdict(&d, confidence);
	return v;
}
