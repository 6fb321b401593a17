/* SPDX-License-Identifier: ISC */
/*
 * dialogue.c: the conversation engine's entry point; see dialogue.h for
 * the contract.
 *
 * dialogue_input() takes one input and dispatches it: free text goes to
 * dialogue_understand.c, which may come back here with a command, a
 * choice or a description; the walk is in dialogue_walk.c and everything
 * about the verdict in dialogue_verdict.c.  This file holds the inputs
 * that change the walk (choose, back, restart, skip) and the events that
 * only report state (summary, help, table, not understood).
 */
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "dialogue_int.h"

/*
 * The answers changed (an answer, a change of mind, an undo) after a
 * verdict was given.  When no verdict stands any more it is forgotten,
 * and so is what "it" meant after it; when another one now holds, "it"
 * means that one's subject (ask_verdict_subject()), though the verdict
 * itself is given only when asked for or when the walk ends.
 */
static void
dialogue_holds(struct dlg *d)
{
	uint32_t input = d->verdict_input;
	uint8_t subjects = d->frame.subjects;
	double conf;
	int v;

	if (d->last_verdict < 0)
		return;
	if ((v = dialogue_verdict(d, &conf)) < 0) {
		d->last_verdict = -1;
		d->last_pct = -1;
		ask_verdict_subject(d, -1);
		d->verdict_input = 0;	/* no verdict: "it" means none */
		return;
	}
	ask_verdict_subject(d, v);
	/* the same subject: "it" means what it did, a question's topic
	 * after one of the user's own included */
	if (d->frame.subjects == subjects)
		d->verdict_input = input;
}

/*
 * An answer by index: for the pending question it moves the walk on; for
 * another question it is a change, after which the walk resumes where it
 * was (or the verdict is given again when nothing is left to ask).
 */
void
dialogue_choose(struct dlg *d, struct dlg_events *evs, int q, int c,
    int is_change)
{
	struct dlg_ev_notice *no;
	int raw[KB_MAX_QUESTIONS];

	walk_raw(d, raw);
	if (q != d->pending && d->answer[q] < 0 &&
	    !walk_applicable(d->kb, (size_t)q, raw)) {
		walk_error(evs, DLG_ERR_NOT_APPLICABLE)->question = q;
		if (d->pending >= 0)
			walk_ask(d, evs, d->pending, 1);
		return;
	}
	walk_answer(d, q, c, DLG_ASKED);
	dialogue_holds(d);
	if (q == d->pending && !is_change) {
		walk_advance(d, evs);
		return;
	}
	no = walk_notice(evs, DLG_NOTICE_CHANGED);
	no->question = q;
	no->choice = c;
	walk_raw(d, raw);
	if (d->pending >= 0 && d->pending != q &&
	    d->how[d->pending] == DLG_UNANSWERED &&
	    walk_applicable(d->kb, (size_t)d->pending, raw))
		walk_ask(d, evs, d->pending, 1);
	else
		walk_advance(d, evs);
}

/*
 * Does the user's answer to question q (raw: walk_raw()) fire a rule, so
 * that it moves the verdict at all?  "Nothing specific yet: I'm choosing
 * what to learn" answers the domain question and fires none.
 */
static int
dialogue_answer_moves(const struct kb_dialogue *dl, size_t q, const int *raw)
{
	size_t r, t;

	if (raw[q] < 0)
		return 0;
	for (r = 0; r < dl->nrules; r++)
		for (t = 0; t < dl->rules[r].when.nterms; t++)
			if (dl->rules[r].when.terms[t].question == q &&
			    kb_rule_fires(&dl->rules[r], raw))
				return 1;
	return 0;
}

/*
 * Is there a basis for the verdict a message asks for ("I'm a Python dev,
 * which one should I pick?"): an answer to a question the KB marks
 * decisive ("the domain decides almost everything"), two answers or more,
 * or one that fires a rule of at least the KB's quick_basis weight for the
 * verdict (one of the article's "Learn X if" lines, not a side detail);
 * without quick_basis, one that points to the verdict at least as strongly
 * as a medium confidence (open questions left out), or a rule whose
 * basis_when holds as well (knowing Go, for someone choosing what to
 * learn: the article's "Rust as a strategic second language").  Only
 * answers that fire a rule count: a student with nothing to build yet who has done a
 * little Python ("which should I learn first?") has no basis, and is
 * asked the next decisive question instead.  Without one the walk asks
 * the decisive question instead of guessing from a side detail.  A KB
 * that marks no question decisive always has one.
 */
int
dialogue_has_basis(const struct dlg *d)
{
	const struct kb_dialogue *dl = DL(d);
	int raw[KB_MAX_QUESTIONS], eff[KB_MAX_QUESTIONS];
	size_t q, r;
	int marked = 0, answers = 0, v;
	double conf = 0;

	/* the user's own answers only: assumptions are no basis, nor is
	 * what was only studied ("we used java in class": d->studied_q) */
	walk_raw(d, raw);
	for (q = 0; q < dl->nquestions; q++)
		if (d->studied_q[q])
			raw[q] = -1;
	for (q = 0; q < dl->nquestions; q++) {
		if (!dialogue_answer_moves(dl, q, raw)) {
			marked |= dl->questions[q].decisive;
			continue;
		}
		answers++;
		if (dl->questions[q].decisive)
			return 1;
	}
	if (!marked || answers >= 2)
		return 1;
	v = verdict_strength(d, &conf);
	if (dl->quick_basis == 0 || v < 0)
		return conf >= DLG_CONF_MEDIUM;
	for (q = 0; q < KB_MAX_QUESTIONS; q++)
		eff[q] = raw[q];
	for (r = 0; r < dl->nrules; r++)
		if ((dl->rules[r].weights[v] >= dl->quick_basis ||
		    (dl->rules[r].weights[v] > 0 &&
		    dl->rules[r].basis_when.nterms > 0 &&
		    kb_cond_holds(&dl->rules[r].basis_when, eff))) &&
		    kb_rule_fires(&dl->rules[r], eff))
			return 1;
	return 0;
}

/*
 * With no verdict yet although a decisive question is answered ("I'm a
 * student": nothing specific to build), the next open question the KB
 * marks decisive, which could give one (the career question); -1 when
 * there is a verdict, no decisive answer yet (the notice says what to
 * tell) or no such question left.
 */
static int
dialogue_open_decisive(const struct dlg *d)
{
	const struct kb_dialogue *dl = DL(d);
	int raw[KB_MAX_QUESTIONS], answered = 0;
	size_t q;

	if (dialogue_verdict(d, NULL) >= 0)
		return -1;
	for (q = 0; q < dl->nquestions; q++)
		answered |= dl->questions[q].decisive && d->answer[q] >= 0;
	if (!answered)
		return -1;
	walk_raw(d, raw);
	for (q = 0; q < dl->nquestions; q++)
		if (dl->questions[q].decisive && d->how[q] == DLG_UNANSWERED &&
		    walk_applicable(d->kb, q, raw))
			return (int)q;
	return -1;
}

/*
 * What a description says joined with what was said before (answers
 * told or asked, never assumed): a choice with combines_with ("both, by
 * layer": services, and C/C++ code with memory-safety bugs) is taken for
 * question q when one of its first group and its combines_with answers
 * are known and one of the latter was said in this message (found): C++
 * memory bugs told with firmware are no part of the cloud backend that
 * later replaces it; nor does code the message leaves behind
 * (d->leaving: "c code with memory bugs we are leaving behind").
 * Writes the answers to record into out and their marks (ambiguous) into
 * amb; q's are changed only then.
 */
static void
dialogue_combine_with(const struct dlg *d, const int *found,
    const int *ambiguous, int *out, int *amb)
{
	const struct kb_dialogue *dl = DL(d);
	int known[KB_MAX_QUESTIONS];
	size_t q, x, t;

	for (q = 0; q < dl->nquestions; q++) {
		out[q] = found[q];
		amb[q] = ambiguous[q];
		known[q] = found[q] >= 0 ? found[q] : d->how[q] ==
		    DLG_UNANSWERED ? -1 : d->answer[q];
	}
	for (q = 0; q < dl->nquestions && !d->leaving; q++) {
		const struct kb_question *qu = &dl->questions[q];
		int now;

		if (known[q] < 0)
			continue;
		for (x = 0; x < qu->nchoices; x++) {
			const struct kb_choice *ch = &qu->choices[x];

			if (!ch->has_combines_with ||
			    !(ch->combines[0] & (1u << known[q])) ||
			    !kb_cond_holds(&ch->combines_with, known))
				continue;
			now = 0;
			for (t = 0; t < ch->combines_with.nterms; t++)
				now |= found[ch->combines_with.terms[t].
				    question] >= 0;
			if (now) {
				out[q] = (int)x;
				amb[q] = 0;	/* no longer one of two */
			}
			break;
		}
	}
}

/*
 * "actually now its a real-time trading engine" after "we build APIs"
 * (d->work_reopened): the first decisive question answered that found[]
 * does not answer again keeps no answer; a ruled_out notice says the old
 * one is dropped and the question is open, and the walk asks it again.
 * In the batch of the answers recorded with it (one undo).
 */
static void
dialogue_reopen_work(struct dlg *d, struct dlg_events *evs, const int *found)
{
	struct dlg_ev_notice *no;
	size_t q;

	if (!d->work_reopened)
		return;
	d->work_reopened = 0;
	for (q = 0; q < DL(d)->nquestions; q++)
		if (DL(d)->questions[q].decisive && d->answer[q] >= 0)
			break;
	if (q == DL(d)->nquestions || found[q] >= 0)
		return;
	no = walk_notice(evs, DLG_NOTICE_RULED_OUT);
	no->question = (int)q;
	no->choice = d->answer[q];
	no->current = -1;
	walk_record(d, (int)q, -1, DLG_UNANSWERED);
}

/*
 * A description: record what was understood (found[q], a choice or -1),
 * say so, and give a quick recommendation when the answers point
 * somewhere and have a basis (dialogue_has_basis: a side detail such as
 * a scripting background alone is none); then go on with the questions
 * that remain.  When the answers no longer point anywhere although a
 * verdict was given, the notice says there is not enough to go on.
 * asks_verdict < 0: the message asked something declined beside it
 * ("we build proxies. tokio or glommio?"): what was understood is
 * recorded and said, and the verdict waits for the next turn.
 */
void
dialogue_profile(struct dlg *d, struct dlg_events *evs, const int *found,
    const int *ambiguous, int asks_verdict)
{
	struct dlg_ev_notice *no = walk_notice(evs, DLG_NOTICE_UNDERSTOOD);
	size_t q;
	int next, v, joined[KB_MAX_QUESTIONS], marks[KB_MAX_QUESTIONS];
	double conf = 0;

	dialogue_combine_with(d, found, ambiguous, joined, marks);
	found = joined;
	ambiguous = marks;
	d->batch++;
	no->source = d->relay_role;
	dialogue_reopen_work(d, evs, found);
	for (q = 0; q < KB_MAX_QUESTIONS; q++) {
		no->found[q] = -1;
		if (q >= DL(d)->nquestions)
			continue;
		no->ambiguous[q] = (uint8_t)ambiguous[q];
		if (found[q] < 0)
			continue;
		walk_record(d, (int)q, found[q], DLG_DESCRIBED);
		d->studied_q[q] = (uint8_t)(d->studied &&
		    DL(d)->questions[q].study_no_basis);
		no->found[q] = (int8_t)found[q];
	}
	d->misses = 0;
	/* a verdict that has not changed, verdict nor confidence label, is
	 * not given again unless asked */
	if (asks_verdict < 0)
		;
	else if ((v = dialogue_verdict(d, &conf)) >= 0 &&
	    dialogue_has_basis(d) &&
	    (asks_verdict || v != d->last_verdict ||
	    strcmp(dialogue_confidence_label(conf), dialogue_confidence_label(
	    d->last_pct / 100.0)) != 0))
		verdict_recommend(d, evs, walk_next(d) >= 0);
	else if (v < 0 && d->last_verdict >= 0) {
		/* the verdict given no longer stands ("actually p99 of 50ms
		 * is fine" after a quick one from latency alone): say so */
		walk_notice(evs, DLG_NOTICE_NEED_MORE)->need =
		    DLG_NEED_RECOMMEND;
		d->last_verdict = -1;
		d->last_pct = -1;
	}
	if ((next = walk_next(d)) >= 0)
		walk_ask(d, evs, next, 0);
	else
		d->pending = -1;
}

/*
 * Not understood, escalating: the level grows with misses in a row.  With
 * cand1 and cand2 (choices of the pending question) it asks which one.
 * Returns the event, for what more the caller knows (a choice number).
 */
struct dlg_ev_not_understood *
dialogue_not_understood(struct dlg *d, struct dlg_events *evs, int cand1,
    int cand2)
{
	struct dlg_ev_not_understood *nu = &walk_emit(evs,
	    DLG_EV_NOT_UNDERSTOOD)->u.not_understood;

	d->misses++;
	nu->misses = d->misses;
	nu->question = d->pending;
	nu->cand1 = d->pending >= 0 && cand2 >= 0 ? cand1 : -1;
	nu->cand2 = d->pending >= 0 && cand1 >= 0 ? cand2 : -1;
	nu->number = -1;
	nu->unplaced[0] = '\0';
	return nu;
}

/*
 * Undo the last batch of answers, and ask the question it reopened (the
 * notice names the answer restored, if any: "back" after a change of
 * mind); a verdict that no longer stands is forgotten, with what "it" meant
 * (dialogue_holds()).
 */
static void
dialogue_back(struct dlg *d, struct dlg_events *evs)
{
	struct dlg_ev_notice *no;
	int8_t back[KB_MAX_QUESTIONS];
	uint8_t batch, undone[KB_MAX_QUESTIONS];
	int q = -1, wiped = 1;

	if (d->nsteps == 0) {
		walk_error(evs, DLG_ERR_NOTHING_TO_UNDO);
		if (d->pending >= 0)
			walk_ask(d, evs, d->pending, 1);
		return;
	}
	batch = d->steps[d->nsteps - 1].batch;
	memset(back, -1, sizeof(back));
	memset(undone, 0, sizeof(undone));
	while (d->nsteps > 0 && d->steps[d->nsteps - 1].batch == batch) {
		struct dlg_step *st = &d->steps[--d->nsteps];

		q = st->question;
		undone[q] = 1;
		/* an answer the batch wiped (a restart's) comes back */
		if (d->how[q] == DLG_UNANSWERED &&
		    st->prev_how != DLG_UNANSWERED)
			back[q] = st->prev;
		else
			wiped = 0;
		d->answer[q] = st->prev;
		d->how[q] = st->prev_how;
	}
	d->recommended = 0;
	dialogue_holds(d);
	no = walk_notice(evs, DLG_NOTICE_UNDO);
	if (wiped) {
		/* the restart undone: every answer it wiped is back, and
		 * the walk goes on from them */
		no->question = -1;
		no->choice = -1;
		memcpy(no->found, back, sizeof(no->found));
		walk_advance(d, evs);
		return;
	}
	no->question = q;
	/* every answer of the batch (one description can answer several
	 * questions): the notice names them all */
	memcpy(no->ambiguous, undone, sizeof(no->ambiguous));
	/* after a change of mind the earlier answer is back: say which,
	 * not only that something was undone */
	if (d->how[q] != DLG_UNANSWERED)
		no->choice = d->answer[q];
	if (d->how[q] == DLG_UNANSWERED)
		walk_ask(d, evs, q, 0);
	else
		walk_advance(d, evs);
}

/*
 * "forget what i said about latency": question q's answer withdrawn as a
 * batch of its own (so "back" brings it back), said as an undo naming
 * that question (PROTOCOL.md 5.4), a verdict that no longer stands
 * forgotten (dialogue_holds()), and q asked again.  One never answered
 * has nothing to forget: it is asked as a change of it would be
 * (walk_ask_change(): the question says it was unanswered).
 */
void
dialogue_forget(struct dlg *d, struct dlg_events *evs, int q)
{
	struct dlg_ev_notice *no;

	if (q < 0 || (size_t)q >= DL(d)->nquestions)
		return;
	if (d->answer[q] < 0) {
		walk_ask_change(d, evs, q);
		return;
	}
	walk_answer(d, q, -1, DLG_UNANSWERED);
	dialogue_holds(d);
	no = walk_notice(evs, DLG_NOTICE_UNDO);
	no->question = q;
	no->choice = -1;
	walk_ask(d, evs, q, 0);
}

/*
 * Start again, keeping the answers wiped as one batch of steps (each
 * answered question recorded unanswered), so that "back" right after a
 * restart, a common slip, brings them back (dialogue_back()).  The rest
 * of the conversation (its last fact, its frame, its verdict) goes.
 */
static void
dialogue_restart(struct dlg *d)
{
	int8_t answer[KB_MAX_QUESTIONS];
	uint8_t how[KB_MAX_QUESTIONS], batch = d->batch;
	size_t q;

	memcpy(answer, d->answer, sizeof(answer));
	memcpy(how, d->how, sizeof(how));
	dialogue_init(d, d->kb);
	d->batch = (uint8_t)(batch + 1);
	for (q = 0; q < DL(d)->nquestions; q++) {
		if (how[q] == DLG_UNANSWERED)
			continue;
		d->answer[q] = answer[q];
		d->how[q] = how[q];
		walk_record(d, (int)q, -1, DLG_UNANSWERED);
	}
	d->recommended = 0;
}

/*
 * Every answer so far with how it was given, and which questions still
 * matter (a summary event).
 */
static void
dialogue_summary(struct dlg *d, struct dlg_events *evs)
{
	struct dlg_ev_summary *s = &walk_emit(evs, DLG_EV_SUMMARY)->u.summary;
	int raw[KB_MAX_QUESTIONS];
	size_t q;

	walk_raw(d, raw);
	for (q = 0; q < DL(d)->nquestions; q++) {
		s->answer[q] = d->answer[q];
		s->how[q] = d->how[q];
		/* relevant: it counts in the verdict (walk_counts), a told
		 * answer the walk skips included */
		s->relevant[q] = (uint8_t)walk_counts(d->kb, q, raw, d->how);
	}
	s->pending = d->pending;
}

/* Skip the pending question, or leave it "not sure": its assumption holds. */
static void
dialogue_skip(struct dlg *d, struct dlg_events *evs, enum dlg_in_kind kind)
{
	int q = d->pending;

	if (q < 0) {
		walk_error(evs, DLG_ERR_NO_QUESTION)->kind = kind;
		return;
	}
	d->batch++;
	walk_record(d, q, -1, kind == DLG_SKIP ? DLG_SKIPPED : DLG_NOT_SURE);
	d->misses = 0;
	walk_notice(evs, kind == DLG_SKIP ? DLG_NOTICE_SKIPPED :
	    DLG_NOTICE_UNSURE)->assumes = DL(d)->questions[q].assume_index >= 0;
	walk_advance(d, evs);
}

/*
 * The question and choice an input names by id, or an error event.
 * Returns 0 with *q and *c set (*c is -1 when no choice was given and
 * none is needed), or -1.
 */
static int
dialogue_ids(struct dlg *d, struct dlg_events *evs,
    const struct dlg_input *in, int need_choice, int *q, int *c)
{
	struct dlg_ev_error *e;

	*c = -1;
	if (in->question == NULL ||
	    (*q = kb_question_index(d->kb, in->question)) < 0) {
		walk_error(evs, DLG_ERR_UNKNOWN_QUESTION)->question_id =
		    in->question;
		return -1;
	}
	if (in->choice == NULL && !need_choice)
		return 0;
	if (in->choice == NULL || (*c = kb_choice_index(
	    &DL(d)->questions[*q], in->choice)) < 0) {
		e = walk_error(evs, DLG_ERR_UNKNOWN_CHOICE);
		e->question = *q;
		e->choice_id = in->choice;
		return -1;
	}
	return 0;
}

/* After a detour (help, summary, table), the pending question again. */
static void
dialogue_resume(struct dlg *d, struct dlg_events *evs)
{
	if (d->pending >= 0)
		walk_ask(d, evs, d->pending, 1);
}

/*
 * An input whose reply ends with an explanation ("why?", "what would
 * change it?") while a question is pending: that question again, in one
 * line (walk_ask(): brief), as after a what-if, so the user sees where
 * the walk stands.  Events from index from on are this input's.
 */
static void
dialogue_explained(struct dlg *d, struct dlg_events *evs, size_t from)
{
	if (evs->n > from &&
	    evs->ev[evs->n - 1].type == DLG_EV_EXPLANATION)
		walk_resume(d, evs);
}

/* Handle one input, appending to evs (free text comes back here). */
void
dialogue_handle(struct dlg *d, const struct dlg_input *in,
    struct dlg_events *evs)
{
	size_t from = evs->n;
	int q, c;

	switch (in->kind) {
	case DLG_START:
		if (d->pending < 0 && !walk_answered(d) && !d->recommended)
			(void)walk_notice(evs, DLG_NOTICE_WELCOME);
		if (d->pending >= 0)
			walk_ask(d, evs, d->pending, 1);
		else
			walk_advance(d, evs);
		break;
	case DLG_SAY:
		if (in->text == NULL)
			walk_error(evs, DLG_ERR_MISSING_TEXT);
		else {
			understand_say(d, evs, in->text, in->len);
			dialogue_explained(d, evs, from);
		}
		break;
	case DLG_CHOOSE:
	case DLG_CHANGE:
		if (dialogue_ids(d, evs, in, in->kind == DLG_CHOOSE, &q, &c) < 0)
			break;
		if (c < 0 && in->kind == DLG_CHANGE)
			walk_ask_change(d, evs, q);
		else if (c < 0)
			walk_ask(d, evs, q, 0);
		else
			dialogue_choose(d, evs, q, c, in->kind == DLG_CHANGE);
		break;
	case DLG_BACK:
		dialogue_back(d, evs);
		break;
	case DLG_RESTART:
		dialogue_restart(d);
		(void)walk_notice(evs, DLG_NOTICE_RESTART);
		walk_advance(d, evs);
		break;
	case DLG_WHY:
		if (d->pending >= 0 && !d->recommended)
			verdict_why_question(d, evs, d->pending);
		else
			verdict_why(d, evs);
		d->what_for = 0;	/* asked of this message only */
		dialogue_explained(d, evs, from);
		break;
	case DLG_WHAT_IF:
		if (dialogue_ids(d, evs, in, 1, &q, &c) == 0) {
			verdict_what_if(d, evs, q, c);
			walk_resume(d, evs);
		}
		break;
	case DLG_WHAT_CHANGES:
		/* before any recommendation there is no "it" to change: a
		 * verdict named here would be one the user never saw
		 * (NEWUSER42 #7); the walk goes on */
		if (d->pending >= 0 && d->last_verdict < 0) {
			d->what_for = 0;
			walk_notice(evs, DLG_NOTICE_NEED_MORE)->need =
			    DLG_NEED_CHANGE;
			dialogue_resume(d, evs);
		} else {
			verdict_what_changes(d, evs);
			dialogue_explained(d, evs, from);
		}
		break;
	case DLG_SUMMARY:
		dialogue_summary(d, evs);
		dialogue_resume(d, evs);
		break;
	case DLG_HELP:
		(void)walk_emit(evs, DLG_EV_HELP);
		dialogue_resume(d, evs);
		break;
	case DLG_TABLE:
		(void)walk_emit(evs, DLG_EV_TABLE);
		dialogue_resume(d, evs);
		break;
	case DLG_SKIP:
	case DLG_UNSURE:
		dialogue_skip(d, evs, in->kind);
		break;
	case DLG_RECOMMEND:
		if ((q = dialogue_open_decisive(d)) >= 0) {
			walk_ask(d, evs, q, 0);
			break;
		}
		verdict_recommend(d, evs, walk_next(d) >= 0);
		/* nothing to go on yet: the question that would give it */
		if (evs->n > 0 && evs->ev[evs->n - 1].type == DLG_EV_NOTICE &&
		    d->pending >= 0)
			walk_ask(d, evs, d->pending, 1);
		break;
	default:
		walk_error(evs, DLG_ERR_BAD_INPUT);
		break;
	}
}


/*
 * Is w (n lowercase letters) the frame word f typed with two adjacent
 * letters swapped ("waht", "teh") or, from four letters, with one letter
 * left out ("wher", "wich")?  The first letters must agree, as for every
 * typo the knowledge base corrects: a slip there is rare, and without it
 * "sued" would be "used".  With start set it asks instead for the one
 * slip at the start that is common in a frame word, the first two
 * letters swapped ("hwat", "ohw", "hwich": fingers reaching for "wh"),
 * which the caller tries only when no frame word fits w the first way
 * ("hwo" is "how" before it is "who"); a frame word is only read when
 * the knowledge base knows w in no other way, so no real word is taken
 * for it.
 */
static int
frame_typo_of(const char *w, size_t n, const char *f, int start)
{
	size_t fl, i;

	/* the first letters first: most words fail there, cheaply */
	if (start)
		return w[1] == f[0] && w[0] == f[1] && w[0] != w[1] &&
		    n >= 3 && strlen(f) == n &&
		    memcmp(w + 2, f + 2, n - 2) == 0;
	if (w[0] != f[0])
		return 0;
	fl = strlen(f);
	if (fl == n) {
		for (i = 0; i < n && w[i] == f[i]; i++)
			;
		return i + 1 < n && w[i] != w[i + 1] &&
		    w[i] == f[i + 1] && w[i + 1] == f[i] &&
		    memcmp(w + i + 2, f + i + 2, n - i - 2) == 0;
	}
	if (fl != n + 1 || n < 4)
		return 0;
	for (i = 0; i < n && w[i] == f[i]; i++)
		;
	return memcmp(w + i, f + i + 1, n - i) == 0;
}

/*
 * Does the knowledge base know word w (lowercase, as typed) as it is: a
 * stopword, negation, clause word, a real word the lexicon lists
 * (not_typos), a phrase's word, or, stemmed, a word of the claims?  Such
 * a word is never read as a frame word's typo ("form" stays "form" when
 * the article uses it).
 */
static int
frame_known(const struct kb *kb, const char *w)
{
	struct text_tokens tt;

	if (strmap_get(&kb->clause_words, w) >= 0 ||
	    strmap_get(&kb->not_typos, w) >= 0)
		return 1;
	/* the stopwords and negations are kept light and stemmed */
	text_tokenize(kb->stemmer, w, strlen(w), TEXT_LIGHT, &tt);
	if (tt.n != 1 || strmap_get(&kb->mvocab, tt.tok[0]) >= 0 ||
	    strmap_get(&kb->stopwords, tt.tok[0]) >= 0 ||
	    strmap_get(&kb->negations, tt.tok[0]) >= 0)
		return 1;
	text_tokenize(kb->stemmer, w, strlen(w), TEXT_STEM, &tt);
	return tt.n != 1 || strmap_get(&kb->vocab, tt.tok[0]) >= 0;
}

/*
 * A copy of text (len bytes) in which each word the knowledge base does
 * not know that is a lexicon typo_frames word mistyped (frame_typo_of():
 * "waht about go salary", "who wrote thsi article") is written as that
 * word, the first of the list it fits; NULL when no word changed or out
 * of memory (the message is then read as typed).  *outlen is the copy's
 * length; the caller frees it.  Why here: the vocabulary's typo
 * corrector never touches stopwords (they are matched as they are), so
 * such a word stayed unknown and the coverage gate declined a question
 * whose every content word the article covers; every reader of the
 * message (the words as typed included) now sees the frame word.
 * Bounded: one pass over text, at most 2 * KB_MAX_TYPO_FRAMES
 * comparisons a word (the swap at the start tried second), words of 3 to TEXT_TOKEN_MAX - 1 letters only, and the copy
 * grows by at most one byte per word of four letters or more.
 */
static char *
dialogue_frame_typos(const struct kb *kb, const char *text, size_t len,
    size_t *outlen)
{
	char w[TEXT_TOKEN_MAX], *out = NULL;
	const char *f;
	size_t i = 0, j, n, k, o = 0;
	uint64_t cand;	/* the frames w may be a typo of, a bit each */
	int start;

	if (kb->ntypo_frames == 0)
		return NULL;
	while (i < len) {
		/* a word of ASCII letters, not after an apostrophe or a
		 * letter of another script ("don't": "t" is no word) */
		for (j = i; j < len && ((text[j] | 0x20) >= 'a' &&
		    (text[j] | 0x20) <= 'z'); j++)
			;
		n = j - i;
		f = NULL;
		if (n >= 3 && n < TEXT_TOKEN_MAX && (i == 0 ||
		    (text[i - 1] != '\'' &&
		    (unsigned char)text[i - 1] < 0x80)) &&
		    (j == len || (unsigned char)text[j] < 0x80)) {
			for (k = 0; k < n; k++)
				w[k] = (char)(text[i + k] | 0x20);
			w[n] = '\0';
			/* only the frames frame_typo_of() can accept, in list
			 * order: first those of w's first letter and of its
			 * length or one more, then, for the swap at the start,
			 * those of w's second letter and its length; most
			 * words have none */
			for (start = 0; start < 2 && f == NULL; start++) {
				cand = start == 0 ?
				    kb->typo_frames_first[w[0] - 'a'] &
				    (kb->typo_frames_len[n] | (n >= 4 ?
				    kb->typo_frames_len[n + 1] : 0)) :
				    kb->typo_frames_first[w[1] - 'a'] &
				    kb->typo_frames_len[n];
				for (; cand != 0; cand &= cand - 1) {
					k = (size_t)__builtin_ctzll(cand);
					if (frame_typo_of(w, n, kb->typo_frames[k],
					    start)) {
						f = kb->typo_frames[k];
						break;
					}
				}
			}
			if (f != NULL && frame_known(kb, w))
				f = NULL;
		}
		if (f != NULL && out == NULL) {
			if ((out = malloc(len + len / 4 + 2)) == NULL)
				return NULL;
			(void)memcpy(out, text, i);
			o = i;
		}
		if (out != NULL) {
			if (f != NULL) {
				(void)memcpy(out + o, f, strlen(f));
				o += strlen(f);
			} else {
				(void)memcpy(out + o, text + i, n);
				o += n;
			}
			if (j < len)
				out[o++] = text[j];
		}
		i = j + 1;
	}
	if (out == NULL)
		return NULL;
	out[o] = '\0';
	*outlen = o;
	return out;
}

/*
 * Did the say text (len bytes) have words past the TEXT_MAX_TOKENS the
 * engine reads?  Then a notice saying so (DLG_NOTICE_TRUNCATED) opens
 * the reply, before what the first words were read as: a long message
 * answered from its start alone, without a word, looked answered in
 * full (review hx46).  A word takes at least two bytes with the space
 * after it, so a text shorter than twice the bound is not tokenized
 * again; a longer one is read once more (at most 8192 bytes, the
 * protocol's bound), without the search's work.
 */
static void
dialogue_cut(const struct dlg *d, const char *text, size_t len,
    struct dlg_events *evs)
{
	struct text_tokens tt;
	struct dlg_event *e;

	if (text == NULL || len < 2 * TEXT_MAX_TOKENS)
		return;
	text_tokenize(d->kb->stemmer, text, len, TEXT_LIGHT, &tt);
	if (!(tt.truncated & TEXT_CUT_WORDS))
		return;
	/* first in the reply: the others move up one (the last one,
	 * at DLG_MAX_EVENTS, is dropped and counted as walk_emit does) */
	if (evs->n == DLG_MAX_EVENTS)
		evs->dropped++;
	else
		evs->n++;
	(void)memmove(&evs->ev[1], &evs->ev[0],
	    (evs->n - 1) * sizeof(evs->ev[0]));
	e = &evs->ev[0];
	memset(e, 0, sizeof(*e));
	e->type = DLG_EV_NOTICE;
	e->u.notice.notice = DLG_NOTICE_TRUNCATED;
	e->u.notice.question = e->u.notice.choice = -1;
	e->u.notice.current = -1;
	e->u.notice.words = (int)tt.n;
}

/*
 * Handle one input: evs is emptied, then holds what the engine says,
 * and what it said is noted as the last reply (frame_reply()) for the
 * input after it.  The summary command is not counted (d->inputs): a
 * look at the answers between a fact and its follow-up does not part
 * them.
 */
void
dialogue_input(struct dlg *d, const struct dlg_input *in,
    struct dlg_events *evs)
{
	struct dlg_input cleaned, fixed;
	char *ctext = NULL, *ftext = NULL;
	size_t i, clen = 0, flen = 0;

	ask_forget();
	/* what prints as nothing is read as nothing ("\ufeff2" is "2") */
	if (in->kind == DLG_SAY && (ctext = text_clean(in->text, in->len,
	    &clen)) != NULL) {
		cleaned = *in;
		cleaned.text = ctext;
		cleaned.len = clen;
		in = &cleaned;
	}
	/* a frame word mistyped is read as that word by every reader */
	if (in->kind == DLG_SAY && (ftext = dialogue_frame_typos(d->kb,
	    in->text, in->len, &flen)) != NULL) {
		fixed = *in;
		fixed.text = ftext;
		fixed.len = flen;
		in = &fixed;
	}
	evs->kb = d->kb;
	evs->n = 0;
	evs->dropped = 0;
	/* a look at the answers (the summary command, the page's button)
	 * changes nothing and says nothing new: the input after it still
	 * comes right after the last fact ("the year before?") */
	if (in->kind != DLG_SUMMARY)
		d->inputs++;
	d->spoken = 0;
	d->leaving = 0;
	d->studied = 0;
	d->relay_role = 0;
	dialogue_handle(d, in, evs);
	if (in->kind == DLG_SAY)
		dialogue_cut(d, in->text, in->len, evs);
	/* a trade-off answered for the user's own work (dialogue_fit.c) */
	if (in->kind == DLG_SAY)
		for (i = 0; i < evs->n; i++)
			if (evs->ev[i].type == DLG_EV_ANSWER &&
			    !dialogue_fit_follow(d, in->text, in->len,
			    &evs->ev[i].u.answer))
				(void)dialogue_fit(d, in->text, in->len,
				    &evs->ev[i].u.answer);
	frame_reply(d, in->kind == DLG_SAY, evs);
	free(ftext);
	free(ctext);
}

/*
 * The verdict for a one-message description, from a fresh conversation
 * (for tests and benchmarks).  Returns the outcome index or -1.
 */
int
dialogue_profile_verdict(const struct kb *kb, const char *text,
    double *confidence)
{
	static struct dlg_events evs;	/* large; tests are one thread */
	struct dlg d;
	struct dlg_input in;

	dialogue_init(&d, kb);
	memset(&in, 0, sizeof(in));
	in.kind = DLG_SAY;
	in.text = text;
	in.len = strlen(text);
	dialogue_input(&d, &in, &evs);
	return dialogue_verdict(&d, confidence);
}
