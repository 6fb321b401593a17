/*
 * dialogue_ask.c: answering a question for the knowledge base, in the
 * conversation.
 *
 * Retrieval itself is kb_index.c's; what the conversation adds is here:
 *
 * - A follow-up ("and go?", "what about rust?" after "what's the rust
 *   salary?") asks the last question again about the subject it names:
 *   the last question's content terms, without its subjects, plus the new
 *   message's terms.  It is read so when the new message names a subject
 *   and either has no content of its own or begins with one of
 *   phrases.reading.follow_up_starts.  A follow-up that names no subject
 *   ("and how many use it at work?") keeps the last question's subjects
 *   instead.  The last question lives in struct dlg (d->last_ask, fixed
 *   size), so a replay of the same inputs reads the same follow-ups.
 * - A comparison ("which is faster, rust or go", "rust vs go hiring":
 *   two subjects named, or a word of phrases.reading.comparison_words)
 *   leads with the verdict of the comparison table's row on it, when the
 *   row's claim is among the best hits; the row's claim is then cited
 *   first.
 *
 * Both readings are recorded in the answer (follow_up, lead_row) so that
 * a renderer can say how the message was read.
 */
#include <stdio.h>
#include <string.h>

#include "dialogue_int.h"

#define ASK_LEAD_COVER	0.5	/* a table row holds this share of the question */
#define ASK_LEAD_NEAR	0.8	/* ... and this share of what the best hit holds */

/* Does squashed text sq begin with one of list[0..n)? */
static int
ask_starts(const char *sq, const char *const *list, size_t n)
{
	size_t i, len;

	for (i = 0; i < n; i++) {
		len = strlen(list[i]);
		if (strncmp(sq, list[i], len) == 0 && (sq[len] == ' ' ||
		    sq[len] == '\0'))
			return 1;
	}
	return 0;
}

/* Is one of the words of squashed text sq in list[0..n)? */
static int
ask_has_word(const char *sq, const char *const *list, size_t n)
{
	const char *p = sq;
	size_t i, len;

	while (*p != '\0') {
		len = strcspn(p, " ");
		for (i = 0; i < n; i++)
			if (strlen(list[i]) == len && strncmp(p, list[i], len) ==
			    0)
				return 1;
		p += len;
		while (*p == ' ')
			p++;
	}
	return 0;
}

/* How many terms of q name a subject, and how many are content. */
static void
ask_count(const struct kb_query *q, size_t *nsubj, size_t *ncontent,
    unsigned *subjects)
{
	size_t i;

	*nsubj = *ncontent = 0;
	*subjects = 0;
	for (i = 0; i < q->n; i++)
		if (q->subject[i] >= 0) {
			(*nsubj)++;
			*subjects |= 1u << q->subject[i];
		} else
			(*ncontent)++;
}

/* Append term i of from to q (bounded by TEXT_MAX_TOKENS). */
static void
ask_append(struct kb_query *q, const struct kb_query *from, size_t i)
{
	size_t n = q->n;

	if (n >= TEXT_MAX_TOKENS)
		return;
	q->term[n] = from->term[i];
	(void)memcpy(q->raw[n], from->raw[i], sizeof(q->raw[n]));
	q->proper[n] = from->proper[i];
	q->corrected[n] = from->corrected[i];
	q->stop[n] = from->stop[i];
	q->negation[n] = from->negation[i];
	q->subject[n] = from->subject[i];
	q->n = n + 1;
}

/*
 * The follow-up query: the last question's content terms (or, with
 * subjects set, the subjects last asked about) and every term of q.  The
 * corrections reported are q's.
 */
static void
ask_merge(const struct dlg *d, const struct kb_query *q, int subjects,
    struct kb_query *out)
{
	struct kb_query last;
	size_t i;

	kb_normalize(d->kb, d->last_ask, strlen(d->last_ask), 0, &last);
	*out = *q;
	out->n = 0;
	for (i = 0; i < last.n && !subjects; i++)
		if (last.subject[i] < 0)
			ask_append(out, &last, i);
	for (i = 0; i < d->kb->nsubjects && subjects && out->n <
	    TEXT_MAX_TOKENS; i++) {
		if (!(d->last_subjects & (1u << i)) ||
		    d->kb->subject_term[i] == NULL)
			continue;
		out->term[out->n] = d->kb->subject_term[i];
		(void)snprintf(out->raw[out->n], sizeof(out->raw[0]), "%s",
		    d->kb->subject_term[i]);
		out->proper[out->n] = out->corrected[out->n] = 0;
		out->stop[out->n] = out->negation[out->n] = 0;
		out->subject[out->n++] = (signed char)i;
	}
	for (i = 0; i < q->n; i++)
		ask_append(out, q, i);
}

/* Is claim c the claim of a table row with a subject's verdict?  Its row. */
static int
ask_row_of(const struct kb *kb, const struct kb_claim *c)
{
	size_t r, s;

	for (r = 0; r < kb->nrows; r++) {
		if (kb->rows[r].claim != c)
			continue;
		for (s = 0; s < kb->nsubjects; s++)
			if (strcmp(kb->subjects[s].id, kb->rows[r].verdict) == 0)
				return (int)r;
	}
	return -1;
}

/*
 * A comparison leads with its table row's verdict: the row whose claim
 * holds the most of the question's content (at least ASK_LEAD_COVER of
 * it, and nearly as much as the best hit), the better ranked hit on a
 * tie.  The row's claim goes first among the cited claims.
 */
static void
ask_lead(const struct kb *kb, const struct kb_query *q, struct kb_answer *a)
{
	const struct kb_result *res = &a->res;
	double cov, best_cov = 0;
	size_t r, i, j, rank, best_rank = KB_MAX_HITS + 1;
	int row = -1;

	for (r = 0; r < kb->nrows; r++) {
		if (ask_row_of(kb, kb->rows[r].claim) != (int)r)
			continue;
		cov = kb_claim_coverage(kb, q, kb->rows[r].claim);
		if (cov < ASK_LEAD_COVER || cov < ASK_LEAD_NEAR * res->coverage)
			continue;
		for (rank = 0; rank < res->nhits &&
		    res->hits[rank].claim != kb->rows[r].claim; rank++)
			;
		if (cov > best_cov || (cov == best_cov && rank < best_rank)) {
			best_cov = cov;
			best_rank = rank;
			row = (int)r;
		}
	}
	if (row < 0)
		return;
	a->lead_row = row;
	for (j = 0; j < a->nclaims && a->claims[j] != kb->rows[row].claim; j++)
		;
	if (j == a->nclaims) {
		if (a->nclaims < KB_ANSWER_MAX)
			a->nclaims++;
		j = a->nclaims - 1;
	}
	for (i = j; i > 0; i--)
		a->claims[i] = a->claims[i - 1];
	a->claims[0] = kb->rows[row].claim;
}

/*
 * Does squashed text sq, which names no one ("mem footprint go svc vs
 * jvm", "rust or go: which pays more"), read as a question though it
 * neither ends in "?" nor starts like one?  It does when it compares
 * (phrases.reading.comparison_words) or asks anywhere
 * (phrases.reading.question_words).  The caller checks for "I" and "we":
 * a description may compare too.
 */
int
ask_is_question(const struct kb *kb, const char *sq)
{
	const struct kb_phrases *ph = &kb->phrases;

	return ask_has_word(sq, ph->comparison_words, ph->ncomparison_words) ||
	    ask_has_word(sq, ph->question_words, ph->nquestion_words);
}

/*
 * Answer text (len bytes, squashed as sq) from the knowledge base into a,
 * as a question of this conversation: a follow-up of the last question,
 * or a comparison led by its verdict.  Remembers the question when it has
 * a topic of its own.
 */
void
ask_answer(struct dlg *d, const char *text, size_t len, const char *sq,
    struct kb_answer *a)
{
	const struct kb_phrases *ph = &d->kb->phrases;
	struct kb_query q, merged;
	struct kb_result res;
	size_t nsubj, ncontent;
	unsigned subjects;
	int follow = 0, cue;

	kb_normalize(d->kb, text, len, 0, &q);
	ask_count(&q, &nsubj, &ncontent, &subjects);
	cue = ask_starts(sq, ph->follow_up_starts, ph->nfollow_up_starts);
	if (d->last_ask[0] != '\0' && nsubj > 0 && (ncontent == 0 || cue)) {
		ask_merge(d, &q, 0, &merged);
		follow = 1;
	} else if (d->last_subjects != 0 && nsubj == 0 && ncontent > 0 &&
	    cue) {
		ask_merge(d, &q, 1, &merged);
		follow = 1;
	}
	(void)kb_search_query(d->kb, follow ? &merged : &q, KB_MAX_HITS, &res);
	kb_answer_from(&res, a);
	a->follow_up = follow;
	if (a->nclaims == 0)
		return;
	if (subjects != 0)
		d->last_subjects = (uint8_t)subjects;
	if ((subjects & (subjects - 1)) != 0 ||
	    ask_has_word(sq, ph->comparison_words, ph->ncomparison_words))
		ask_lead(d->kb, follow ? &merged : &q, a);
	if (!follow && ncontent > 0) {
		size_t n = len < sizeof(d->last_ask) - 1 ? len :
		    sizeof(d->last_ask) - 1;

		(void)memcpy(d->last_ask, text, n);
		d->last_ask[n] = '\0';
	}
}
