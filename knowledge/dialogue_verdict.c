/* SPDX-License-Identifier: ISC */
/*
 * dialogue_verdict.c: the verdict and everything said about it.
 *
 * Every answer feeds rules; a rule whose condition holds adds weights to
 * outcomes, and the outcome with the most weight is the verdict.
 * Unanswered questions count with their "assume" choice, which the
 * recommendation states as an assumption.  Explanations show the rules
 * behind a verdict (why), the smallest changes of answers that would flip
 * it (what would change it), and the verdict for one hypothetical answer
 * (what if).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "dialogue_int.h"

#define CONF_TEMP	2.0	/* softmax temperature for confidence */
#define CONF_MAX	0.97
#define CONF_FLIP_KEEP	0.85	/* kept per open question that could flip it */
#define CONF_DOUBT_KEEP	0.7	/* kept per fired rule that doubts it */

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
		if (!kb_rule_fires(&dl->rules[r], eff))
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
	/* an answer the article says can rule the verdict out ("GC pauses
	 * can be disqualifying") leaves it less sure, however outweighed */
	for (r = 0; r < v->nfired; r++)
		if (dl->rules[v->fired[r]].doubts & (1u << v->outcome))
			v->confidence *= CONF_DOUBT_KEEP;
}

/*
 * How many open questions (relevant, not answered, skipped or left "not
 * sure") have a choice that alone would give another verdict than
 * outcome, with the answers raw[] as they are.
 */
static int
verdict_open_flips(const struct dlg *d, const int *raw, int outcome)
{
	const struct kb_dialogue *dl = DL(d);
	int alt[KB_MAX_QUESTIONS], eff[KB_MAX_QUESTIONS], n = 0;
	struct verdict v;
	size_t q, c;

	for (q = 0; q < dl->nquestions; q++) {
		if (d->how[q] != DLG_UNANSWERED ||
		    !walk_applicable(d->kb, q, raw))
			continue;
		memcpy(alt, raw, sizeof(alt));
		for (c = 0; c < dl->questions[q].nchoices; c++) {
			alt[q] = (int)c;
			walk_effective(d->kb, alt, d->how, eff, NULL);
			verdict_compute(d->kb, eff, &v);
			if (v.outcome != outcome) {
				n++;
				break;
			}
		}
	}
	return n;
}

/*
 * Confidence: how strongly the answers point to the verdict (a softmax
 * of the outcomes' scores, at most CONF_MAX), times CONF_FLIP_KEEP for
 * every open question that could still flip it on its own (*flips).  A verdict read from one sentence while several
 * questions could change it is therefore not "high".
 */
static void
verdict_confidence(const struct dlg *d, const int *raw, struct verdict *v,
    int *flips)
{
	int n;

	*flips = 0;
	if (v->outcome < 0)
		return;
	n = verdict_open_flips(d, raw, v->outcome);
	*flips = n;
	while (n-- > 0)
		v->confidence *= CONF_FLIP_KEEP;
}

/*
 * The current verdict and how strongly the answers given point to it
 * (*strength: the softmax part of the confidence, open questions left
 * out).
 */
int
verdict_strength(const struct dlg *d, double *strength)
{
	int raw[KB_MAX_QUESTIONS], eff[KB_MAX_QUESTIONS];
	struct verdict v;

	walk_raw(d, raw);
	walk_effective(d->kb, raw, d->how, eff, NULL);
	verdict_compute(d->kb, eff, &v);
	*strength = v.confidence;
	return v.outcome;
}

/*
 * The current verdict (an outcome index, or -1 when nothing points
 * anywhere yet) and its confidence (see verdict_confidence).
 */
int
dialogue_verdict(const struct dlg *d, double *confidence)
{
	int raw[KB_MAX_QUESTIONS], eff[KB_MAX_QUESTIONS], flips;
	struct verdict v;

	walk_raw(d, raw);
	walk_effective(d->kb, raw, d->how, eff, NULL);
	verdict_compute(d->kb, eff, &v);
	if (confidence != NULL) {
		verdict_confidence(d, raw, &v, &flips);
		*confidence = v.confidence;
	}
	return v.outcome;
}

const char *
dialogue_confidence_label(double c)
{
	return c >= DLG_CONF_HIGH ? "high" : c >= DLG_CONF_MEDIUM ? "medium" :
	    "low";
}

static int
verdict_cmp_weight(const struct kb_dialogue *dl, int a, int b, int outcome)
{
	double wa = dl->rules[a].weights[outcome], wb = dl->rules[b].weights[
	    outcome];

	if (wa != wb)
		return wa > wb ? -1 : 1;
	return a < b ? -1 : 1;
}

/* Fired rules ordered by their weight for outcome, heaviest first. */
static void
verdict_order(const struct kb_dialogue *dl, struct verdict *v, int outcome)
{
	size_t i, j;

	for (i = 1; i < v->nfired; i++)
		for (j = i; j > 0 && verdict_cmp_weight(dl, v->fired[j - 1],
		    v->fired[j], outcome) > 0; j--) {
			int t = v->fired[j];

			v->fired[j] = v->fired[j - 1];
			v->fired[j - 1] = t;
		}
}

/*
 * The verdict for d's answers, its fired rules in the order they are
 * shown, and the answers behind it in *b.  Returns the outcome or -1.
 */
static int
verdict_basis(const struct dlg *d, struct verdict *v, struct dlg_basis *b)
{
	int raw[KB_MAX_QUESTIONS], eff[KB_MAX_QUESTIONS];
	int assumed[KB_MAX_QUESTIONS];
	size_t i;

	walk_raw(d, raw);
	walk_effective(d->kb, raw, d->how, eff, assumed);
	verdict_compute(d->kb, eff, v);
	if (v->outcome < 0)
		return -1;
	verdict_confidence(d, raw, v, &b->flips);
	verdict_order(DL(d), v, v->outcome);
	for (i = 0; i < KB_MAX_QUESTIONS; i++) {
		b->eff[i] = (int8_t)eff[i];
		b->assumed[i] = (uint8_t)(assumed[i] ? 1 +
		    ((d->spoken >> i) & 1) : 0);
		b->how[i] = d->how[i];
	}
	memcpy(b->scores, v->scores, sizeof(b->scores));
	for (i = 0; i < v->nfired; i++)
		b->fired[i] = (uint16_t)v->fired[i];
	b->nfired = v->nfired;
	return v->outcome;
}

/*
 * The recommendation for the answers so far.  quick marks one given from
 * a description before the walk is done; it lists its assumptions and how
 * many questions could refine it.
 */
void
verdict_recommend(struct dlg *d, struct dlg_events *evs, int quick)
{
	const struct kb_dialogue *dl = DL(d);
	struct dlg_ev_recommendation *r;
	struct dlg_basis b;
	struct verdict v;
	int raw[KB_MAX_QUESTIONS], eff[KB_MAX_QUESTIONS], q, pct;
	size_t i;

	if (verdict_basis(d, &v, &b) < 0) {
		walk_notice(evs, DLG_NOTICE_NEED_MORE)->need =
		    DLG_NEED_RECOMMEND;
		/* the walk is done with nothing to go on: the decisive
		 * question the notice asks for, again with its choices */
		if ((q = walk_reoffer(d)) >= 0) {
			struct dlg_event *e;

			walk_ask(d, evs, q, 0);
			/* every question dealt with: the last step, not one
			 * past the end ("10 of about 9").  Only here: an
			 * answer asked again to change it keeps step > of,
			 * which the page reads as no more to answer */
			e = evs->n > 0 ? &evs->ev[evs->n - 1] : NULL;
			if (e != NULL && e->type == DLG_EV_QUESTION &&
			    e->u.question.step > e->u.question.of)
				e->u.question.step = d->shown_step =
				    e->u.question.of;
		}
		return;
	}
	r = &walk_emit(evs, DLG_EV_RECOMMENDATION)->u.recommendation;
	r->outcome = v.outcome;
	ask_verdict_subject(d, v.outcome);
	r->basis = b;
	r->confidence = v.confidence;
	r->quick = quick;
	for (q = 0; q < KB_MAX_QUESTIONS; q++)
		eff[q] = b.eff[q];
	for (i = 0; i < dl->ncaveats; i++) {
		const struct kb_caveat *cv = &dl->caveats[i];

		if (cv->outcome_index >= 0 && cv->outcome_index != v.outcome)
			continue;
		if (kb_cond_holds(&cv->when, eff) && (cv->unless.nterms == 0 ||
		    !kb_cond_holds(&cv->unless, eff)))
			r->caveats[r->ncaveats++] = (uint16_t)i;
	}
	/* the questions still relevant and unanswered could refine it */
	walk_raw(d, raw);
	for (q = 0; q < (int)dl->nquestions; q++)
		if (walk_applicable(d->kb, (size_t)q, raw) &&
		    d->how[q] == DLG_UNANSWERED)
			r->remaining++;
	r->previous = d->last_verdict >= 0 && d->last_verdict != v.outcome ?
	    d->last_verdict : -1;
	/* asked again with nothing new: the renderers say it stands */
	pct = (int)lround(v.confidence * 100);
	r->unchanged = d->last_verdict == v.outcome && d->last_pct == pct &&
	    d->last_quick == (quick && r->remaining > 0);
	d->recommended = 1;
	d->last_verdict = v.outcome;
	d->last_pct = pct;
	d->last_quick = quick && r->remaining > 0;
}

/*
 * Does text hold a run of digits that shown (a reason as the
 * recommendation says it) holds too, as a whole run ("3" and "4" of
 * "3-4x")?
 */
static int
verdict_shares_digits(const char *text, const char *shown)
{
	const char *p, *q;
	size_t l, m;

	for (p = text; *p != '\0'; p += l) {
		l = strspn(p, "0123456789");
		if (l == 0) {
			l = 1;
			continue;
		}
		for (q = shown; *q != '\0'; q += m) {
			m = strspn(q, "0123456789");
			if (m == 0) {
				m = 1;
				continue;
			}
			if (m == l && strncmp(p, q, l) == 0)
				return 1;
		}
	}
	return 0;
}

/*
 * The claims of the rules that fired and weigh on an outcome, in the
 * verdict's order, each once, at most max into out; with figures, only
 * a claim that holds a figure and writes a number its rule's reason
 * says.  Returns how many, 0 when there is no verdict.
 */
static size_t
verdict_rule_claims(const struct dlg *d, const struct kb_claim **out,
    size_t max, int figures)
{
	const struct kb_dialogue *dl = DL(d);
	struct dlg_basis b;
	struct verdict v;
	const struct kb_claim *c;
	size_t i, k, j, n = 0;
	int o, weighs;

	if (verdict_basis(d, &v, &b) < 0)
		return 0;
	for (i = 0; i < b.nfired && n < max; i++) {
		const struct kb_rule *ru = &dl->rules[b.fired[i]];

		for (weighs = 0, o = 0; o < (int)dl->noutcomes; o++)
			if (ru->weights[o] != 0)
				weighs = 1;
		for (k = 0; weighs && k < ru->nclaims && n < max; k++) {
			c = ru->claims[k];
			if (figures && (c->nfigures == 0 || ru->reason == NULL ||
			    !verdict_shares_digits(c->text, ru->reason)))
				continue;
			for (j = 0; j < n && out[j] != c; j++)
				;
			if (j == n)
				out[n++] = c;
		}
	}
	return n;
}

/*
 * The claims cited under the verdict's reasons, as the recommendation
 * lists them: the rules that fired and weigh on an outcome, in the
 * verdict's order, each claim once; at most max into out.  Returns how
 * many, 0 when there is no verdict.  "sources?" after a recommendation
 * is asked of these.
 */
size_t
verdict_claims(const struct dlg *d, const struct kb_claim **out,
    size_t max)
{
	return verdict_rule_claims(d, out, max, 0);
}

/*
 * The claims behind the figures the verdict's reasons show, as
 * verdict_claims() walks them: each claim of a reason's rule that holds
 * a figure and writes a number the reason says ("Go's is about 3-4x
 * larger": the claim of the 3-4x, not one dated 2026), each once; at
 * most max into out.  Returns how many, 0 when none.  "where does that
 * figure come from?" after a recommendation is asked of these.
 */
size_t
verdict_figure_claims(const struct dlg *d, const struct kb_claim **out,
    size_t max)
{
	return verdict_rule_claims(d, out, max, 1);
}

/* Why question q is asked: its reason and the rules it feeds. */
void
verdict_why_question(struct dlg *d, struct dlg_events *evs, int q)
{
	const struct kb_dialogue *dl = DL(d);
	struct dlg_ev_explanation *x = &walk_emit(evs, DLG_EV_EXPLANATION)->
	    u.explanation;
	size_t r, t;

	x->topic = DLG_TOPIC_WHY_QUESTION;
	x->question = q;
	x->outcome = -1;
	for (r = 0; r < dl->nrules; r++) {
		const struct kb_rule *ru = &dl->rules[r];

		for (t = 0; t < ru->when.nterms; t++)
			if (ru->when.terms[t].question == q)
				break;
		if (t < ru->when.nterms)
			x->rules[x->nrules++] = (uint16_t)r;
	}
}

static void verdict_case(const struct dlg *, int,
    struct dlg_ev_explanation *);

/*
 * How the verdict came about: each answer's contribution, with claims.
 * Asked with another outcome named ("why not rust then?": d->what_for,
 * cleared here), the case for that one too (verdict_case).
 */
void
verdict_why(struct dlg *d, struct dlg_events *evs)
{
	struct dlg_ev_explanation *x;
	struct dlg_basis b;
	struct verdict v;
	const char *summary;
	int asked = d->what_for - 1;

	d->what_for = 0;
	if (verdict_basis(d, &v, &b) < 0) {
		walk_notice(evs, DLG_NOTICE_NEED_MORE)->need = DLG_NEED_WHY;
		return;
	}
	x = &walk_emit(evs, DLG_EV_EXPLANATION)->u.explanation;
	x->topic = DLG_TOPIC_WHY_VERDICT;
	x->question = -1;
	/* the verdict's reasons shown again: what follows ("where does
	 * that figure come from?") is asked of them, as right after it */
	d->verdict_input = d->inputs;
	x->outcome = v.outcome;
	x->basis = b;
	x->asked = -1;
	if (asked >= 0 && (size_t)asked < DL(d)->noutcomes &&
	    asked != v.outcome)
		verdict_case(d, asked, x);
	/* "who else does that?" next asks about the verdict explained:
	 * its summary is the last question a follow-up follows */
	summary = DL(d)->outcomes[v.outcome].summary;	/* optional */
	if (summary == NULL)
		summary = "";
	ask_remember(d, summary, strlen(summary), 0);
}

/*
 * The verdict if question q were answered c (and q2 c2, when q2 >= 0),
 * the other answers raw[] as told (how[]: walk_effective()).
 * Fills *ch, and returns its outcome: -1 when there would be no verdict,
 * or when the questions would not apply (then ch->applies is 0).
 */
static int
verdict_try(const struct kb *kb, const int *raw, const uint8_t *how, int q,
    int c, int q2, int c2, struct dlg_change *ch)
{
	int alt[KB_MAX_QUESTIONS], eff[KB_MAX_QUESTIONS];
	struct verdict v;

	memset(ch, 0, sizeof(*ch));
	ch->question = q;
	ch->choice = c;
	ch->question2 = q2;
	ch->choice2 = c2;
	ch->from = raw[q];
	ch->from2 = q2 >= 0 ? raw[q2] : -1;
	ch->outcome = -1;
	ch->answered = raw[q] >= 0;
	memcpy(alt, raw, sizeof(alt));
	alt[q] = c;
	if (q2 >= 0)
		alt[q2] = c2;
	walk_effective(kb, alt, how, eff, NULL);
	if (!walk_applicable(kb, (size_t)q, alt) ||
	    (q2 >= 0 && !walk_applicable(kb, (size_t)q2, alt)))
		return -1;
	ch->applies = 1;
	verdict_compute(kb, eff, &v);
	ch->outcome = v.outcome;
	ch->confidence = v.confidence;
	return v.outcome;
}

/* Is change a a better thing to suggest than b?  The user's own first. */
static int
verdict_better(const struct dlg_change *a, const struct dlg_change *b)
{
	if (a->answered != b->answered)
		return a->answered > b->answered;
	return a->confidence > b->confidence;
}

/* Two changes that flip the verdict, when no single one does. */
static void
verdict_pairs(const struct kb *kb, const int *raw, const uint8_t *how,
    int current, struct dlg_ev_explanation *x)
{
	const struct kb_dialogue *dl = &kb->dialogue;
	struct dlg_change ch;
	size_t q, q2, c, c2;

	x->pairs = 1;
	for (q = 0; q < dl->nquestions && x->nchanges < DLG_MAX_WHATIF; q++)
		for (q2 = q + 1; q2 < dl->nquestions &&
		    x->nchanges < DLG_MAX_WHATIF; q2++)
			for (c = 0; c < dl->questions[q].nchoices; c++)
				for (c2 = 0; c2 < dl->questions[q2].nchoices;
				    c2++) {
					if (raw[q] == (int)c ||
					    raw[q2] == (int)c2)
						continue;
					if (verdict_try(kb, raw, how, (int)q,
					    (int)c, (int)q2, (int)c2, &ch) <
					    0 || ch.outcome == current ||
					    (x->asked >= 0 &&
					    ch.outcome != x->asked))
						continue;
					x->changes[x->nchanges++] = ch;
					goto next_pair;
				}
next_pair:	;
}

/*
 * The case for outcome o, not the verdict, for d's answers, into x: the
 * fired rules that weigh for o (the user's own answers pointing there)
 * and the caveats shown with the verdict whose "case_for" is o (the
 * article's word for o to this user: "Rust as a strategic second
 * language" to a Java developer told Go).  Each list stops at
 * DLG_MAX_CASE.
 */
static void
verdict_case(const struct dlg *d, int o, struct dlg_ev_explanation *x)
{
	const struct kb_dialogue *dl = DL(d);
	struct dlg_basis b;
	struct verdict v;
	int eff[KB_MAX_QUESTIONS];
	size_t i;

	x->asked = o;
	if (verdict_basis(d, &v, &b) < 0)
		return;
	for (i = 0; i < b.nfired && x->npros < DLG_MAX_CASE; i++)
		if (dl->rules[b.fired[i]].weights[o] > 0)
			x->pros[x->npros++] = b.fired[i];
	for (i = 0; i < KB_MAX_QUESTIONS; i++)
		eff[i] = b.eff[i];
	for (i = 0; i < dl->ncaveats && x->ncases < DLG_MAX_CASE; i++) {
		const struct kb_caveat *cv = &dl->caveats[i];

		if (cv->case_for_index != o || (cv->outcome_index >= 0 &&
		    cv->outcome_index != v.outcome))
			continue;
		if (kb_cond_holds(&cv->when, eff) && (cv->unless.nterms == 0 ||
		    !kb_cond_holds(&cv->unless, eff)))
			x->cases[x->ncases++] = (uint16_t)i;
	}
}

/*
 * The smallest changes of answers that flip the verdict: single changes
 * first (the user's own answers before assumptions), pairs only when no
 * single change does it.  Asked about one outcome ("and rust?": d->
 * what_for, cleared here), the case for it first (verdict_case) and only
 * the changes that make it the verdict.
 */
void
verdict_what_changes(struct dlg *d, struct dlg_events *evs)
{
	const struct kb_dialogue *dl = DL(d);
	struct dlg_ev_explanation *x;
	struct dlg_change ch;
	int raw[KB_MAX_QUESTIONS], current, asked = d->what_for - 1;
	size_t q, c, i;

	d->what_for = 0;
	walk_raw(d, raw);
	if ((current = dialogue_verdict(d, NULL)) < 0) {
		walk_notice(evs, DLG_NOTICE_NEED_MORE)->need = DLG_NEED_CHANGE;
		return;
	}
	x = &walk_emit(evs, DLG_EV_EXPLANATION)->u.explanation;
	x->topic = DLG_TOPIC_WHAT_WOULD_CHANGE;
	x->question = -1;
	x->outcome = current;
	x->asked = -1;
	if (asked >= 0 && (size_t)asked < dl->noutcomes && asked != current)
		verdict_case(d, asked, x);
	for (q = 0; q < dl->nquestions; q++)
		for (c = 0; c < dl->questions[q].nchoices; c++) {
			if (raw[q] == (int)c ||
			    verdict_try(d->kb, raw, d->how, (int)q, (int)c,
			    -1, -1,
			    &ch) < 0 || ch.outcome == current ||
			    (x->asked >= 0 && ch.outcome != x->asked))
				continue;
			for (i = 0; i < x->nchanges; i++)
				if (verdict_better(&ch, &x->changes[i]))
					break;
			if (i >= DLG_MAX_WHATIF)
				continue;
			if (x->nchanges == DLG_MAX_WHATIF)
				x->nchanges--;
			memmove(&x->changes[i + 1], &x->changes[i],
			    (x->nchanges - i) * sizeof(x->changes[0]));
			x->changes[i] = ch;
			x->nchanges++;
		}
	if (x->nchanges == 0)
		verdict_pairs(d->kb, raw, d->how, current, x);
}

/*
 * A what-if answering question q with c where the answers raw[] skip q
 * ("what if we also had a C++ library with memory bugs?" to one who
 * builds APIs): when the KB names the answer an added part of the work
 * makes (kb_question.added_as) and it is not the answer now, the verdict
 * with that answer instead (x->changes[0], x->part), and the rules that
 * answer c feeds (x->pros: the article's case for that part).
 */
static void
verdict_part(const struct dlg *d, const int *raw, int q, int c,
    struct dlg_ev_explanation *x)
{
	const struct kb_dialogue *dl = DL(d);
	const struct kb_question *qu = &dl->questions[q];
	struct dlg_change ch;
	size_t r, t;

	if (qu->added_q < 0 || raw[qu->added_q] == qu->added_c ||
	    verdict_try(d->kb, raw, d->how, qu->added_q, qu->added_c, -1, -1,
	    &ch) < 0)
		return;
	x->changes[0] = ch;
	x->part = 1;
	for (r = 0; r < dl->nrules && x->npros < DLG_MAX_CASE; r++)
		for (t = 0; t < dl->rules[r].when.nterms; t++)
			if (dl->rules[r].when.terms[t].question == q &&
			    (dl->rules[r].when.terms[t].choices &
			    (1u << c))) {
				x->pros[x->npros++] = (uint16_t)r;
				break;
			}
}

/* The verdict if question q were answered c. */
void
verdict_what_if(struct dlg *d, struct dlg_events *evs, int q, int c)
{
	struct dlg_ev_explanation *x;
	int raw[KB_MAX_QUESTIONS], current;

	walk_raw(d, raw);
	current = dialogue_verdict(d, NULL);
	x = &walk_emit(evs, DLG_EV_EXPLANATION)->u.explanation;
	(void)verdict_strength(d, &x->strength);
	x->topic = DLG_TOPIC_WHAT_IF;
	x->question = q;
	x->choice = c;
	x->outcome = current;
	x->asked = -1;
	x->nchanges = 1;
	if (verdict_try(d->kb, raw, d->how, q, c, -1, -1,
	    &x->changes[0]) >= 0 || x->changes[0].applies)
		return;
	verdict_part(d, raw, q, c, x);
}

/*
 * "what if my team was 3 people": the what-if names question q but none of
 * its choices.  Rather than an error, the verdict under each choice of q
 * other than the answer given now, one what_if explanation each (at most
 * DLG_WHATIF_EACH_MAX choices; a question with more returns -1 and emits
 * nothing, the caller then says it could not tell the choice).
 */
int
verdict_what_if_each(struct dlg *d, struct dlg_events *evs, int q)
{
	const struct kb_question *qu = &DL(d)->questions[q];
	int raw[KB_MAX_QUESTIONS];
	size_t c;

	if (qu->nchoices > DLG_WHATIF_EACH_MAX)
		return -1;
	walk_raw(d, raw);
	for (c = 0; c < qu->nchoices; c++)
		if (raw[q] != (int)c)
			verdict_what_if(d, evs, q, (int)c);
	return 0;
}
