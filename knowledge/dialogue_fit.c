/* SPDX-License-Identifier: ISC */
/*
 * dialogue_fit.c: an answer from the article on a trade-off, fitted to
 * the user's workload (dialogue.json "fits", knowledge/SCHEMA.md).  The
 * article often answers "does X matter?" one way for one kind of work and
 * the other way for another; the search finds the general claim, and a
 * fit puts first the claims that hold for the work this message names,
 * or else for what the user told before.  Nothing here knows what the
 * trade-off is about.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "dialogue_int.h"

/* Is claim c among list[0..n)? */
static int
fit_listed(const struct kb_claim *c, const struct kb_claim *const *list,
    size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (list[i] == c)
			return 1;
	return 0;
}

/*
 * Where the last clause of text (len bytes) begins: after its last word
 * of phrases.reading.clause_breaks ("fine for crud apps, sure, but where
 * does it fall short?": what is asked comes after "but", and the work
 * named before it is granted, not asked about), or 0.
 */
static size_t
fit_last_clause(const struct kb_phrases *ph, const char *text, size_t len)
{
	size_t i = 0, b, k, at = 0;

	while (i < len) {
		while (i < len && !isalnum((unsigned char)text[i]))
			i++;
		b = i;
		while (i < len && (isalnum((unsigned char)text[i]) ||
		    text[i] == '\''))
			i++;
		for (k = 0; b < i && k < ph->nclause_breaks; k++)
			if (strlen(ph->clause_breaks[k]) == i - b &&
			    strncasecmp(ph->clause_breaks[k], text + b,
			    i - b) == 0)
				at = i;
	}
	return at;
}

/* Does squashed sq begin with one of list[0..n), a whole word or more? */
static int
fit_starts(const char *sq, const char *const *list, size_t n)
{
	size_t k;

	for (k = 0; k < n; k++)
		if (kb_phrase_starts(sq, list[k]))
			return 1;
	return 0;
}

/*
 * Does text (len bytes) ask for a figure, a sentence of it opening with a
 * phrases.reading.count_starts or duration_starts phrase ("how much did
 * the pauses drop, in microseconds?", "we do rest apis in node. how long
 * are go's gc pauses nowadays?")?  It asks a fact, not whether the
 * trade-off matters for the work its words name.  Each sentence mark
 * starts one more test of the rest: at most FIT_SENTENCES of them.
 */
#define FIT_SENTENCES	8

static int
fit_figure_asked(const struct kb *kb, const char *text, size_t len)
{
	const struct kb_phrases *ph = &kb->phrases;
	char sq[512];
	size_t at = 0, i, n = 0;

	for (;;) {
		kb_squash(text + at, len - at, sq, sizeof(sq));
		if (fit_starts(sq, ph->count_starts, ph->ncount_starts) ||
		    fit_starts(sq, ph->duration_starts, ph->nduration_starts))
			return 1;
		for (i = at; i + 1 < len && !((text[i] == '.' ||
		    text[i] == '?' || text[i] == '!') &&
		    isspace((unsigned char)text[i + 1])); i++)
			;
		if (i + 1 >= len || ++n >= FIT_SENTENCES)
			return 0;
		at = i + 2;
	}
}

/*
 * Does text (len bytes) say a number that is one of claim c's figures
 * (a range's either end)?
 */
static int
fit_figure_said(const struct kb *kb, const char *text, size_t len,
    const struct kb_claim *c)
{
	static struct kb_query q;	/* large; the engine is one thread */
	size_t i, k;
	char *end;
	double v;

	if (c->nfigures == 0)
		return 0;
	kb_normalize(kb, text, len, 0, &q);
	for (i = 0; i < q.n; i++) {
		if (!isdigit((unsigned char)q.raw[i][0]))
			continue;
		v = strtod(q.raw[i], &end);
		if (*end != '\0')
			continue;
		for (k = 0; k < c->nfigures; k++)
			if (v == c->figures[k].value || v == c->figures[k].max)
				return 1;
	}
	return 0;
}

/* Does text (len bytes) hold a word of phrases.reading.first_person? */
static int
fit_personal(const struct kb *kb, const char *text, size_t len)
{
	const struct kb_phrases *ph = &kb->phrases;
	size_t i = 0, b, k;

	while (i < len) {
		while (i < len && !isalnum((unsigned char)text[i]))
			i++;
		b = i;
		while (i < len && isalnum((unsigned char)text[i]))
			i++;
		for (k = 0; b < i && k < ph->nfirst_person; k++)
			if (strlen(ph->first_person[k]) == i - b &&
			    strncasecmp(ph->first_person[k], text + b,
			    i - b) == 0)
				return 1;
	}
	return 0;
}

/*
 * The answers the message text (len bytes) names by itself, into
 * said[] (a choice per question, -1 none): each question a fit's
 * condition reads, matched as a description's choices are.  Only what
 * the message says is read, not what it asks to change.
 */
static void
fit_said(const struct dlg *d, const char *text, size_t len, int *said)
{
	static struct kb_query q;	/* large; the engine is one thread */
	const struct kb_dialogue *dl = DL(d);
	int score, tie, second;
	size_t i, span[2];

	for (i = 0; i < dl->nquestions; i++)
		said[i] = -1;
	i = fit_last_clause(&d->kb->phrases, text, len);
	text += i;
	len -= i;
	kb_normalize(d->kb, text, len, KB_NORM_MATCH, &q);
	for (i = 0; i < dl->nquestions; i++) {
		int c = match_choice(&d->kb->phrases, &dl->questions[i], &q,
		    &score, &tie, &second, span);

		if (c >= 0 && !tie && score > 0)
			said[i] = c;
	}
}

/*
 * The fit of the fits on lead whose conditions answers[] meets: the first,
 * or NULL when none does, or when two do that give different claims (the
 * words name two kinds of work at once, "an internal json api where
 * pauses would hurt": the search's own answer stands).
 */
static const struct kb_fit *
fit_meets(const struct kb_dialogue *dl, const struct kb_claim *lead,
    const int *answers, int *two)
{
	const struct kb_fit *found = NULL;
	size_t f;

	*two = 0;
	for (f = 0; f < dl->nfits; f++) {
		if (!fit_listed(lead, dl->fits[f].on, dl->fits[f].non) ||
		    !kb_cond_holds(&dl->fits[f].when, answers))
			continue;
		if (found == NULL)
			found = &dl->fits[f];
		else if (found->claims[0] != dl->fits[f].claims[0]) {
			*two = 1;
			return NULL;
		}
	}
	return found;
}

/*
 * Does text (len bytes) itself name subject s?  The frame a fit is checked
 * against may be the verdict this very message drew ("would go's gc
 * pauses hurt, we write the matching engine": a quick recommendation of
 * Rust), while the question named Go, whose claims the fit gives.
 */
static int
fit_names_subject(const struct kb *kb, const char *text, size_t len,
    size_t s)
{
	static struct kb_query q;	/* large; the engine is one thread */
	size_t i;

	kb_normalize(kb, text, len, 0, &q);
	for (i = 0; i < q.n; i++)
		if (q.subject[i] >= 0 && (size_t)q.subject[i] == s)
			return 1;
	return 0;
}

/*
 * The fit for answer a to text, or NULL: a fit is on a when a's first
 * claim is one of its "on" claims; of those, the one whose condition the
 * message's own words meet ("and for a plain crud app?"), else the one
 * the user's answers meet (fit_meets()).  The message's words come first:
 * one who told of a hard real-time system may still ask about web
 * services.  None when the message asks two questions, or when the
 * question named subjects (the frame's) and not the one the fit's first
 * claim is about ("does it have a garbage collector", of Rust).
 */
static const struct kb_fit *
fit_pick(const struct dlg *d, const char *text, size_t len,
    const struct kb_answer *a)
{
	const struct kb_dialogue *dl = DL(d);
	int said[KB_MAX_QUESTIONS], raw[KB_MAX_QUESTIONS], two, personal;
	const struct kb_fit *f;
	size_t s, i;

	for (i = 0; i < dl->nfits; i++)
		if (fit_listed(a->claims[0], dl->fits[i].on, dl->fits[i].non))
			break;
	/* two questions ("ok for web apis, and where does it fall
	 * short?") were answered part by part, each side its own */
	if (i == dl->nfits || ask_two_parts(d->kb, text, len) ||
	    ask_questions(d->kb, text, len))
		return NULL;
	/* only a follow-up of the last answer ("and for a plain crud
	 * app?") or a question about the user's own work (a
	 * phrases.reading.first_person word: "would the go gc hurt us
	 * there") is fitted: a question about the article keeps the
	 * search's answer, the same whatever was told before, and a unit or
	 * a kind of work it names may be what it asks about ("stop the
	 * world in microseconds").  The message's own words first, then
	 * the user's answers (for a question about the user only) */
	personal = fit_personal(d->kb, text, len);
	if (!personal && !a->follow_up)
		return NULL;
	fit_said(d, text, len, said);
	f = fit_meets(dl, a->claims[0], said, &two);
	if (f == NULL && !two && personal) {
		walk_raw(d, raw);
		f = fit_meets(dl, a->claims[0], raw, &two);
	}
	if (f == NULL || fit_figure_asked(d->kb, text, len))
		return NULL;
	/* a fit led by a claim on both subjects (ask_on_both(): "the
	 * language is almost never the bottleneck") holds whichever one
	 * the question named */
	s = (size_t)(f->claims[0]->subject - d->kb->subjects);
	if (d->frame.subjects != 0 && s < 8 &&
	    !ask_on_both(d->kb, f->claims[0]) &&
	    !(d->frame.subjects & (1u << s)) &&
	    !fit_names_subject(d->kb, text, len, s))
		return NULL;
	return f;
}

/*
 * Is claim c one of another fit's claims on the same answer (a fit on
 * lead other than f)?  Such a claim holds for other work than the user's
 * ("entirely adequate" for web services, to one writing a trading
 * engine), so it is left out.
 */
static int
fit_other(const struct dlg *d, const struct kb_fit *f,
    const struct kb_claim *lead, const struct kb_claim *c)
{
	const struct kb_dialogue *dl = DL(d);
	size_t g;

	for (g = 0; g < dl->nfits; g++)
		if (&dl->fits[g] != f && fit_listed(lead, dl->fits[g].on,
		    dl->fits[g].non) && fit_listed(c, dl->fits[g].claims,
		    dl->fits[g].nclaims) && !fit_listed(c, f->claims,
		    f->nclaims))
			return 1;
	return 0;
}

/*
 * Fit answer a, given to the message text (len bytes), to the user's
 * work: when a fit is on it (fit_pick()), its claims lead, in its order,
 * and the answer's own claims follow unless another fit on it lists them
 * (at most KB_ANSWER_MAX in all: the fit's give way to the answer's own
 * but the first).  Returns 1 when the claims changed.
 * The lead figure belongs to the old first claim: dropped when it moved.
 */
int
dialogue_fit(const struct dlg *d, const char *text, size_t len,
    struct kb_answer *a)
{
	const struct kb_claim *out[KB_ANSWER_MAX];
	const struct kb_claim *lead;
	const struct kb_fit *f;
	size_t i, n = 0, keep, room;

	/* an answer the search declined, claims kept ("can i call a rust
	 * crate from my go service?"), stays declined; one whose lead
	 * holds the very number the message says ("our 50k rps
	 * microservice": the article's own 50k) keeps it */
	if (a->nclaims == 0 || !a->res.covered || text == NULL ||
	    (f = fit_pick(d, text, len, a)) == NULL ||
	    fit_figure_said(d->kb, text, len, a->claims[0]))
		return 0;
	lead = a->claims[0];
	/* led by a claim of its own already: the answer fits */
	if (fit_listed(lead, f->claims, f->nclaims))
		return 0;
	/* the answer's own claims that stay (on something else than the
	 * case: "how long the pauses are") keep their place after at
	 * least one of the fit's */
	for (i = 0, keep = 0; i < a->nclaims; i++)
		if (!fit_listed(a->claims[i], f->claims, f->nclaims) &&
		    !fit_other(d, f, lead, a->claims[i]))
			keep++;
	room = keep >= KB_ANSWER_MAX ? 1 : KB_ANSWER_MAX - keep;
	for (i = 0; i < f->nclaims && n < room; i++)
		out[n++] = f->claims[i];
	for (i = 0; i < a->nclaims && n < KB_ANSWER_MAX; i++)
		if (!fit_listed(a->claims[i], out, n) &&
		    !fit_other(d, f, lead, a->claims[i]))
			out[n++] = a->claims[i];
	if (n == a->nclaims && memcmp(out, a->claims, n * sizeof(*out)) == 0)
		return 0;
	/* a comparison row's verdict ("on raw CPU performance, Rust comes
	 * out ahead") is no lead for the user's own work the fit answers */
	if (out[0] != lead)
		a->lead_figure = a->lead_row = -1;
	(void)memcpy(a->claims, out, n * sizeof(*out));
	a->nclaims = n;
	a->res.covered = 1;
	return 1;
}

/*
 * Does squashed sq open with a phrases.reading.follow_up_starts phrase
 * ("and", "what about"), after any words of phrases.reading.fillers
 * ("ok and a simple json api?")?
 */
static int
fit_follow_start(const struct kb_phrases *ph, const char *sq)
{
	size_t k, l;
	int moved = 1;

	while (moved) {
		if (fit_starts(sq, ph->follow_up_starts, ph->nfollow_up_starts))
			return 1;
		moved = 0;
		for (k = 0; k < ph->nfillers; k++) {
			l = strlen(ph->fillers[k]);
			if (strncmp(sq, ph->fillers[k], l) == 0 &&
			    sq[l] == ' ') {
				sq += l + 1;
				moved = 1;
				break;
			}
		}
	}
	return 0;
}

/*
 * A follow-up right after an answer on a trade-off that names another
 * kind of work ("and a websocket chat server?" after "what's go's gc
 * like"), which the search declined (nothing but the work is said): the
 * claims of the fit on the last answer's first claim whose condition the
 * message's own words meet are the answer (a into a covered one).
 * Returns 1 when a was so answered.  None when two fits are met.
 */
int
dialogue_fit_follow(const struct dlg *d, const char *text, size_t len,
    struct kb_answer *a)
{
	const struct kb_dialogue *dl = DL(d);
	const struct kb_claim *prev;
	const struct kb_fit *f;
	int said[KB_MAX_QUESTIONS], two;
	char sq[512];

	if (a->nclaims > 0 || text == NULL || dl->nfits == 0 ||
	    frame_fact_lead(d) == NULL)
		return 0;
	kb_squash(text, len, sq, sizeof(sq));
	if (!fit_follow_start(&d->kb->phrases, sq))
		return 0;
	prev = &d->kb->claims[d->fact_claim];
	fit_said(d, text, len, said);
	if ((f = fit_meets(dl, prev, said, &two)) == NULL)
		return 0;
	(void)memcpy(a->claims, f->claims, f->nclaims * sizeof(*a->claims));
	a->nclaims = f->nclaims;
	a->res.covered = 1;
	a->follow_up = 1;
	a->nmissing = 0;
	a->lead_row = -1;
	a->lead_figure = -1;
	a->no_figure = 0;
	a->other_subject = -1;
	return 1;
}

/*
 * The article's search for text (len bytes), as a question is searched
 * (its intent read): into res; 0 when nothing is found.
 */
static int
fit_search(const struct dlg *d, const char *text, size_t len,
    struct kb_result *res)
{
	static struct kb_query q;	/* large; the engine is one thread */

	kb_normalize(d->kb, text, len, 0, &q);
	q.intent = kb_intent_of(d->kb, text, len);
	return kb_search_query(d->kb, &q, KB_MAX_HITS, res) > 0 &&
	    res->nhits > 0;
}

/*
 * The first fit (in the knowledge base's order) on claim best whose
 * condition said meets: its claims into a.  Returns 1 when one was.
 */
static int
fit_answer_on(const struct dlg *d, const struct kb_claim *best,
    const int *said, struct kb_answer *a)
{
	const struct kb_dialogue *dl = DL(d);
	size_t i;

	for (i = 0; i < dl->nfits; i++)
		if (fit_listed(best, dl->fits[i].on, dl->fits[i].non) &&
		    kb_cond_holds(&dl->fits[i].when, said)) {
			kb_answer_of(dl->fits[i].claims, dl->fits[i].nclaims,
			    a);
			return 1;
		}
	return 0;
}

/*
 * A question about a trade-off for the user's own work that the search
 * alone would decline, its wording being unfamiliar ("is go's gc gonna
 * bite us on a chat backend?"): when the search's best claim, covered or
 * not, is one a fit is on, and the message's own words meet that fit's
 * condition (the work it names: "a chat backend" is services), the fit's
 * claims are the answer (into a, covered).  The work named is what the
 * trade-off is asked of, so when it meets two fits the first in the
 * knowledge base's order speaks ("a realtime bidding backend": the
 * deterministic latency before the services).  Returns 1 when so
 * answered; nothing when the message asks for a figure.
 */
int
dialogue_fit_own(const struct dlg *d, const char *text, size_t len,
    struct kb_answer *a)
{
	const struct kb_dialogue *dl = DL(d);
	struct kb_result res;
	int said[KB_MAX_QUESTIONS];
	char sq[512];

	if (text == NULL || dl->nfits == 0 ||
	    fit_figure_asked(d->kb, text, len))
		return 0;
	/* calling one language from another ("can i call a rust crate
	 * from my go service?") is asked, not a trade-off of the work */
	kb_squash(text, len, sq, sizeof(sq));
	if (ask_crossing(d->kb, sq) || !fit_search(d, text, len, &res))
		return 0;
	fit_said(d, text, len, said);
	return fit_answer_on(d, res.hits[0].claim, said, a);
}

/*
 * Does text (len bytes) point at the user's situation by a phrase of
 * phrases.reading.situation_refs ("in that setup", "for us")?
 */
static int
fit_situation(const struct dlg *d, const char *text, size_t len)
{
	const struct kb_phrases *ph = &d->kb->phrases;
	char sq[512];

	if (ph->nsituation_refs == 0)
		return 0;
	kb_squash(text, len, sq, sizeof(sq));
	return kb_phrase_chain_has(&d->kb->situation_refs_by_word,
	    ph->situation_refs, ph->nsituation_refs, sq);
}

/*
 * A trade-off question about work it names without saying it is the
 * user's ("would go's gc hurt a realtime audio engine?", "go gc fine for
 * webhook handlers?") that the search declines for its unfamiliar words
 * ("audio", "handlers"): when the work named (or, naming none but
 * pointing at the user's, "an issue in that setup?", the work the user
 * told) meets a fit's condition and the
 * search's best claim, not covered, is one that fit is on, the fit's
 * claims are the answer (into a, covered), as dialogue_fit_own() gives
 * them to a question about the user's own work.  A question the search
 * covers keeps its answer; nothing when the message asks for a figure.
 * a holds the declined answer (ask_answer()'s search): its best hit is
 * tested first, so that a search of its own is made only for a question
 * whose best claim a fit is on and which names such work.  Returns 1 when
 * so answered.
 */
int
dialogue_fit_declined(const struct dlg *d, const char *text, size_t len,
    struct kb_answer *a)
{
	const struct kb_dialogue *dl = DL(d);
	struct kb_result res;
	int said[KB_MAX_QUESTIONS];
	size_t i;
	int meets = 0;

	if (text == NULL || dl->nfits == 0 || a->res.nhits == 0 ||
	    a->res.hits[0].nmatched < 2)
		return 0;
	/* the declined answer's own best claim first, the cheap test:
	 * most declined questions are on nothing a fit is on */
	for (i = 0; i < dl->nfits && !meets; i++)
		meets = fit_listed(a->res.hits[0].claim, dl->fits[i].on,
		    dl->fits[i].non);
	if (!meets || fit_figure_asked(d->kb, text, len))
		return 0;
	fit_said(d, text, len, said);
	for (i = 0, meets = 0; i < dl->nfits && !meets; i++)
		meets = kb_cond_holds(&dl->fits[i].when, said);
	/* naming no work but pointing at the user's ("an issue in that
	 * setup?", "for us"): the work they told, as fit_pick() reads a
	 * question about the user */
	if (!meets && (fit_personal(d->kb, text, len) || fit_situation(d,
	    text, len))) {
		walk_raw(d, said);
		for (i = 0; i < dl->nfits && !meets; i++)
			meets = kb_cond_holds(&dl->fits[i].when, said);
	}
	if (!meets)
		return 0;
	if (!fit_search(d, text, len, &res) || res.covered)
		return 0;
	/* the trade-off itself is asked in the article's words ("gc" and
	 * "pauses", "garbage collection" and "problem"): one shared word
	 * beside a name the article never uses is another question ("is
	 * elixir a better bet than go for realtime chat?") */
	if (res.hits[0].nmatched < 2)
		return 0;
	return fit_answer_on(d, res.hits[0].claim, said, a);
}
