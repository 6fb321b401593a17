/* SPDX-License-Identifier: ISC */
/*
 * dialogue_frame.c: the frame of the last question (struct dlg_frame in
 * dialogue.h), kept word by word with why each word is or is not what the
 * question was about, and given back as a query without reading any text
 * again.  A follow-up takes it and overrides the slots it states
 * (dialogue_ask.c).  With it, what the last reply was (frame_last(),
 * frame_fact_lead()): the one reading of "right after" that the readers
 * of a short follow-up share.
 */
#include <string.h>

#include "dialogue_int.h"
#include "text.h"

/* Does q hold a word written raw? (words are dropped by their raw form) */
static int
frame_has_raw(const struct kb_query *q, const char *raw)
{
	size_t i;

	for (i = 0; i < q->n; i++)
		if (q->raw[i][0] == raw[0] && strcmp(q->raw[i], raw) == 0)
			return 1;
	return 0;
}

/* Word i of q as a frame word, left_out set to why. */
void
frame_word(const struct kb *kb, const struct kb_query *q, size_t i,
    uint8_t why, struct dlg_frame_word *w)
{
	w->term = q->term[i] != NULL ? strmap_get(&kb->vocab, q->term[i]) : -1;
	(void)memcpy(w->raw, q->raw[i], sizeof(w->raw));
	w->raw[sizeof(w->raw) - 1] = '\0';
	w->proper = q->proper[i];
	w->exact = q->exact[i];
	w->span = q->span[i];
	w->corrected = q->corrected[i];
	w->stop = q->stop[i];
	w->negation = q->negation[i];
	w->brk = q->brk[i];
	w->subject = q->subject[i];
	w->left_out = why;
}

/*
 * Keep in f the words of all, a question read for search: a word that
 * content no longer holds is a figure word (DLG_FRAME_FIGURE), one that
 * content holds and asked does not a follow-up start's (DLG_FRAME_CUE).
 * Words beyond DLG_FRAME_WORDS are not kept.  The other slots are the
 * caller's.
 */
void
frame_keep(struct dlg_frame *f, const struct kb *kb,
    const struct kb_query *all, const struct kb_query *content,
    const struct kb_query *asked)
{
	size_t i;
	uint8_t why;

	f->nwords = 0;
	for (i = 0; i < all->n && f->nwords < DLG_FRAME_WORDS; i++) {
		why = !frame_has_raw(content, all->raw[i]) ? DLG_FRAME_FIGURE :
		    !frame_has_raw(asked, all->raw[i]) ? DLG_FRAME_CUE : 0;
		frame_word(kb, all, i, why, &f->word[f->nwords++]);
	}
}

/* Append frame word w to q (bounded by TEXT_MAX_TOKENS). */
void
frame_append(const struct kb *kb, const struct dlg_frame_word *w,
    struct kb_query *q)
{
	size_t n = q->n;

	if (n >= TEXT_MAX_TOKENS)
		return;
	q->term[n] = w->term >= 0 && (size_t)w->term < kb->nterms ?
	    kb->terms[w->term].term : NULL;
	(void)memcpy(q->raw[n], w->raw, sizeof(q->raw[n]));
	q->proper[n] = w->proper;
	q->exact[n] = w->exact;
	q->span[n] = w->span;
	q->corrected[n] = w->corrected;
	q->stop[n] = w->stop;
	q->negation[n] = w->negation;
	q->brk[n] = w->brk;
	q->clause[n] = 0;	/* no clause analysis of a frame */
	q->subject[n] = w->subject;
	q->n = n + 1;
}

/*
 * The frame's words as a query in out (reset first, no intent, no
 * corrections), but those left out for a reason among the bits of drop
 * (DLG_FRAME_FIGURE, DLG_FRAME_CUE).
 */
void
frame_words(const struct dlg_frame *f, const struct kb *kb, unsigned drop,
    struct kb_query *out)
{
	size_t i;

	out->n = 0;
	out->nfixes = 0;
	out->intent = 0;
	out->intent_kept = 0;
	for (i = 0; i < f->nwords; i++)
		if ((f->word[i].left_out & drop) == 0)
			frame_append(kb, &f->word[i], out);
}

/*
 * Note what the engine just replied to input number d->inputs (events
 * evs; said: the input was a message, not a command or a button): an
 * explanation to a message (explain_input), an answer from the article
 * with claims (fact_input, its claims in order in fact_claims, how many
 * such answers came in a row in fact_run and the subjects they asked
 * about in thread_subjects).  verdict_input is noted where the verdict
 * is given (dialogue_verdict.c, dialogue_ask.c).  Plain numbers only:
 * a replay of the same inputs notes the same.
 */
void
frame_reply(struct dlg *d, int said, const struct dlg_events *evs)
{
	const struct kb_answer *a;
	size_t i, k;

	for (i = 0; said && i < evs->n; i++)
		if (evs->ev[i].type == DLG_EV_EXPLANATION) {
			d->explain_input = d->inputs;
			break;
		}
	for (i = 0; i < evs->n; i++) {
		if (evs->ev[i].type != DLG_EV_ANSWER ||
		    evs->ev[i].u.answer.nclaims == 0)
			continue;
		a = &evs->ev[i].u.answer;
		d->fact_run = (frame_last(d) & FRAME_FACT) ?
		    d->fact_run + 1 : 1;
		d->thread_subjects = (uint8_t)((d->fact_run > 1 ?
		    d->thread_subjects : 0) | d->frame.subjects);
		d->fact_input = d->inputs;
		d->fact_claim = (int)(a->claims[0] - d->kb->claims);
		for (k = 0; k < a->nclaims && k < DLG_FACT_CLAIMS; k++)
			d->fact_claims[k] = (int)(a->claims[k] -
			    d->kb->claims);
		d->nfact_claims = k;
		break;
	}
}

/*
 * What the reply to the input just before this one was, as bits:
 * FRAME_FACT an answer from the article with claims (fact_claims),
 * FRAME_VERDICT a recommendation or an "it" answered as its subject,
 * FRAME_EXPLAIN an explanation (why, what-if, what would change); 0 when
 * another input came between or nothing was replied yet.  Derived from
 * the input numbers struct dlg keeps (fact_input, verdict_input,
 * explain_input), so a replay rebuilds it with them; every reader of
 * a follow-up ("why?", "source?", "and go?", "forget that") asks here
 * rather than comparing the numbers itself.
 */
unsigned
frame_last(const struct dlg *d)
{
	unsigned bits = 0;

	if (d->inputs == 0)
		return 0;
	if (d->fact_input != 0 && d->fact_input + 1 == d->inputs)
		bits |= FRAME_FACT;
	if (d->verdict_input != 0 && d->verdict_input + 1 == d->inputs)
		bits |= FRAME_VERDICT;
	if (d->explain_input != 0 && d->explain_input + 1 == d->inputs)
		bits |= FRAME_EXPLAIN;
	return bits;
}

/*
 * The claim that led the last reply when that reply was an answer from
 * the article (FRAME_FACT), else NULL: what a follow-up that names
 * nothing ("why?", "is that recent?") is about.
 */
const struct kb_claim *
frame_fact_lead(const struct dlg *d)
{
	if (!(frame_last(d) & FRAME_FACT) || d->fact_claim < 0 ||
	    (size_t)d->fact_claim >= d->kb->nclaims)
		return NULL;
	return &d->kb->claims[d->fact_claim];
}
