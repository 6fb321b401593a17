/* SPDX-License-Identifier: ISC */
/*
 * dialogue_walk.c: the walk through the questions and its bookkeeping.
 *
 * The walk asks the knowledge base's questions in order, skipping those
 * that earlier answers make irrelevant.  Every answer is recorded with how
 * it was given and the answer it replaced, so that "back" can undo it;
 * answers given by one input form a batch and are undone together.
 * Events are appended here too, so that every file adds them one way.
 */
#include <string.h>

#include "dialogue_int.h"

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
	d->last_pct = -1;
	d->shown = -1;
}

/* Is question q relevant, given the answers in ans[]? */
int
walk_applicable(const struct kb *kb, size_t q, const int *ans)
{
	const struct kb_question *qu = &kb->dialogue.questions[q];

	return !qu->has_skip_if || !kb_cond_holds(&qu->skip_if, ans);
}

/* The user's answers as kb_cond_holds() reads them: a choice or -1. */
void
walk_raw(const struct dlg *d, int *ans)
{
	size_t q;

	for (q = 0; q < KB_MAX_QUESTIONS; q++)
		ans[q] = q < DL(d)->nquestions ? d->answer[q] : -1;
}

/*
 * Does an answer of the user's stand, given or skipped?  Not d->nsteps:
 * a restart keeps the answers it wipes as steps, for "back".
 */
int
walk_answered(const struct dlg *d)
{
	size_t q;

	for (q = 0; q < DL(d)->nquestions; q++)
		if (d->how[q] != DLG_UNANSWERED)
			return 1;
	return 0;
}

/*
 * Does the user's answer raw[q], told in a description (how[q]), to a
 * question the walk skips still count?  It does when an answer that skips
 * it combines choices
 * (`combines`) and one of those alone would have the question asked: the
 * user's work holds that part, and what they told of it weighs (bugs told
 * of the lower layer when both layers are theirs).  A question skipped
 * for a single choice stays out: words that answer it there are a misread
 * or past work, which the KB says does not bear on that choice, unless
 * the question's told_counts_if holds: the KB says the told answer bears
 * there (a learner's aim of Kubernetes work, never asked of a learner).
 */
static int
walk_told_counts(const struct kb *kb, size_t q, const int *raw,
    const uint8_t *how)
{
	const struct kb_dialogue *dl = &kb->dialogue;
	int alt[KB_MAX_QUESTIONS];
	size_t p, g, c;

	if (how == NULL || how[q] != DLG_DESCRIBED)
		return 0;	/* chosen when asked of other work */
	if (dl->questions[q].has_told_counts_if &&
	    kb_cond_holds(&dl->questions[q].told_counts_if, raw))
		return 1;
	for (p = 0; p < dl->nquestions; p++) {
		const struct kb_choice *ch;

		if (p == q || raw[p] < 0)
			continue;
		ch = &dl->questions[p].choices[raw[p]];
		for (g = 0; g < ch->ncombines; g++)
			for (c = 0; c < dl->questions[p].nchoices; c++) {
				if (!(ch->combines[g] & (1u << c)))
					continue;
				memcpy(alt, raw, sizeof(alt));
				alt[p] = (int)c;
				if (walk_applicable(kb, q, alt))
					return 1;
			}
	}
	return 0;
}

/*
 * Does the user's answer raw[q] count in the verdict?  It does on a
 * question still relevant, and on one the walk skips when its told answer
 * still bears (walk_told_counts()).  The one test the verdict
 * (walk_effective) and the summary (a "relevant" answer) share, so that
 * the summary never calls "no longer relevant" an answer the verdict
 * weighs, nor the verdict weighs one it calls so (nu50 #6).
 */
int
walk_counts(const struct kb *kb, size_t q, const int *raw,
    const uint8_t *how)
{
	if (walk_applicable(kb, q, raw))
		return 1;
	return raw[q] >= 0 && walk_told_counts(kb, q, raw, how);
}

/*
 * The answers the verdict is computed from: the user's, on questions still
 * relevant or whose told answer still counts (walk_counts(); how is
 * the dlg's how[], NULL for none), and each remaining relevant question's
 * assumption.  assumed[q] (if not NULL) tells which ones were assumed.
 */
void
walk_effective(const struct kb *kb, const int *raw, const uint8_t *how,
    int *eff, int *assumed)
{
	size_t q, n = kb->dialogue.nquestions;

	for (q = 0; q < KB_MAX_QUESTIONS; q++) {
		eff[q] = -1;
		if (assumed != NULL)
			assumed[q] = 0;
	}
	for (q = 0; q < n; q++) {
		if (!walk_applicable(kb, q, raw)) {
			if (walk_counts(kb, q, raw, how))
				eff[q] = raw[q];
			continue;
		}
		if (raw[q] >= 0)
			eff[q] = raw[q];
		else if (kb->dialogue.questions[q].assume_index >= 0) {
			eff[q] = kb->dialogue.questions[q].assume_index;
			if (assumed != NULL)
				assumed[q] = 1;
		}
	}
}

/* The first relevant, unanswered question, or -1. */
int
walk_next(const struct dlg *d)
{
	int raw[KB_MAX_QUESTIONS];
	size_t q;

	walk_raw(d, raw);
	for (q = 0; q < DL(d)->nquestions; q++)
		if (d->how[q] == DLG_UNANSWERED &&
		    walk_applicable(d->kb, q, raw))
			return (int)q;
	return -1;
}

/*
 * With the walk done and no verdict (every question skipped: nu47 F17),
 * the first relevant question the KB marks decisive that was left without
 * an answer (skipped or "not sure"), to offer again with its choices: the
 * need_more notice asks for exactly that, and without a question pending
 * "choices", a bare "2" or "pick 2" had nothing to answer (a bare "2"
 * became a search and matched "2-3 weeks").  -1 while a question is
 * pending or when there is none.  Bounded by the KB's question count.
 */
int
walk_reoffer(const struct dlg *d)
{
	int raw[KB_MAX_QUESTIONS];
	size_t q;

	if (d->pending >= 0)
		return -1;
	walk_raw(d, raw);
	for (q = 0; q < DL(d)->nquestions; q++)
		if (DL(d)->questions[q].decisive && d->answer[q] < 0 &&
		    (d->how[q] == DLG_SKIPPED || d->how[q] == DLG_NOT_SURE) &&
		    walk_applicable(d->kb, q, raw))
			return (int)q;
	return -1;
}

/* Step k of about n: questions dealt with, and those still relevant. */
static void
walk_progress(const struct dlg *d, int *step, int *of)
{
	int raw[KB_MAX_QUESTIONS], done = 0, left = 0;
	size_t q;

	walk_raw(d, raw);
	for (q = 0; q < DL(d)->nquestions; q++) {
		if (!walk_applicable(d->kb, q, raw))
			continue;
		if (d->how[q] != DLG_UNANSWERED)
			done++;
		else
			left++;
	}
	*step = done + 1;
	*of = done + left;
}

/*
 * Record choice (-1: none) as the answer to q, in the current batch,
 * keeping what it replaces for undo; the oldest step goes when the
 * history is full.
 */
void
walk_record(struct dlg *d, int q, int choice, enum dlg_how how)
{
	if (d->nsteps == DLG_MAX_HISTORY) {
		memmove(&d->steps[0], &d->steps[1],
		    (DLG_MAX_HISTORY - 1) * sizeof(d->steps[0]));
		d->nsteps--;
	}
	d->studied_q[q] = 0;	/* dialogue_profile() sets it again */
	d->steps[d->nsteps].question = (uint8_t)q;
	d->steps[d->nsteps].prev = d->answer[q];
	d->steps[d->nsteps].prev_how = d->how[q];
	d->steps[d->nsteps].batch = d->batch;
	d->nsteps++;
	d->answer[q] = (int8_t)choice;
	d->how[q] = (uint8_t)how;
	d->recommended = 0;
}

/* One answer, as a batch of its own. */
void
walk_answer(struct dlg *d, int q, int c, enum dlg_how how)
{
	d->batch++;
	walk_record(d, q, c, how);
	d->misses = 0;
}

/*
 * A new, zeroed event of type t at the end of evs.  Never NULL: past
 * DLG_MAX_EVENTS (a bug) it is the spill slot, counted in evs->dropped.
 */
struct dlg_event *
walk_emit(struct dlg_events *evs, enum dlg_ev_type t)
{
	struct dlg_event *e;

	if (evs->n < DLG_MAX_EVENTS)
		e = &evs->ev[evs->n++];
	else {
		e = &evs->spill;
		evs->dropped++;
	}
	memset(e, 0, sizeof(*e));
	e->type = t;
	return e;
}

/* A new notice n, its question and choice unset (-1). */
struct dlg_ev_notice *
walk_notice(struct dlg_events *evs, enum dlg_notice n)
{
	struct dlg_ev_notice *no = &walk_emit(evs, DLG_EV_NOTICE)->u.notice;

	no->notice = n;
	no->question = no->choice = -1;
	return no;
}

/* A new engine error err, naming no question yet. */
struct dlg_ev_error *
walk_error(struct dlg_events *evs, enum dlg_error err)
{
	struct dlg_ev_error *e = &walk_emit(evs, DLG_EV_ERROR)->u.error;

	e->error = err;
	e->question = -1;
	return e;
}

/*
 * Did the events of this input before its last one say something of
 * their own (an answer, an explanation, a summary...) that leaves the
 * pending question's choices out of it?  Not when there are none (the
 * question asked for again: "repeat the question") and not after a
 * reply that is not understood or an error, which send the user back to
 * the choices ("choose one of these").
 */
static int
walk_detour(const struct dlg_events *evs)
{
	size_t i;
	int said = 0;

	for (i = 0; i + 1 < evs->n; i++) {
		if (evs->ev[i].type == DLG_EV_NOT_UNDERSTOOD ||
		    evs->ev[i].type == DLG_EV_ERROR ||
		    evs->ev[i].type == DLG_EV_QUESTION)
			return 0;
		said = 1;
	}
	return said;
}

/*
 * Ask question q (making it pending).  resume marks a question asked
 * again after a detour (a free-form question, an explanation).  Asked
 * again after a detour when it was last shown with its choices at the
 * same step, unanswered, it is brief (the renderers say it in one line
 * and how to see its choices: NEWUSER42 #9, fourteen lines of menu after
 * every two-line answer), provided the knowledge base words that pointer
 * (phrases.ask_again).
 */
void
walk_ask(struct dlg *d, struct dlg_events *evs, int q, int resume)
{
	struct dlg_ev_question *e = &walk_emit(evs, DLG_EV_QUESTION)->
	    u.question;

	d->pending = q;
	walk_progress(d, &e->step, &e->of);
	e->question = q;
	e->resume = resume;
	e->current = d->answer[q];
	e->brief = resume && d->kb->phrases.ask_again != NULL &&
	    e->current < 0 && q == d->shown && e->step == d->shown_step &&
	    e->of == d->shown_of && walk_detour(evs);
	if (!e->brief) {
		d->shown = q;
		d->shown_step = e->step;
		d->shown_of = e->of;
	}
}

/*
 * q asked again to change its answer ("change my team answer").  One
 * never answered (not reached yet, skipped, "not sure") has nothing to
 * change: the event says so (unanswered), so the reply can tell the user
 * their premise was wrong instead of silently asking it as the next step
 * (nu47 F13).
 */
void
walk_ask_change(struct dlg *d, struct dlg_events *evs, int q)
{
	walk_ask(d, evs, q, 0);
	if (d->answer[q] < 0 && evs->n > 0 &&
	    evs->ev[evs->n - 1].type == DLG_EV_QUESTION)
		evs->ev[evs->n - 1].u.question.unanswered = 1;
}

/*
 * After a detour that leaves the walk where it was (a what-if), the
 * pending question again, as after an answer from the article; none
 * once the walk is done.
 */
void
walk_resume(struct dlg *d, struct dlg_events *evs)
{
	if (d->pending >= 0)
		walk_ask(d, evs, d->pending, 1);
}

/*
 * Continue the walk: the next question, or the recommendation.  When a
 * verdict was given and the answers now point to another one with a
 * basis, it is given first: a verdict that silently stopped standing
 * ("2" to the timeline after a quick Go for the job market: now Rust)
 * would be the user's last word on it until the walk ends.
 */
void
walk_advance(struct dlg *d, struct dlg_events *evs)
{
	int q = walk_next(d), v;

	if (q >= 0) {
		if (d->last_verdict >= 0 && (v = dialogue_verdict(d, NULL)) >=
		    0 && v != d->last_verdict && dialogue_has_basis(d))
			verdict_recommend(d, evs, 1);
		walk_ask(d, evs, q, 0);
		return;
	}
	d->pending = -1;
	verdict_recommend(d, evs, 0);
}
