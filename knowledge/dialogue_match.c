/* SPDX-License-Identifier: ISC */
/*
 * dialogue_match.c: which choice of a question the user's words name.
 *
 * A choice is named by its phrases (knowledge-base data: its "match"
 * list, in vocabulary terms) found in the user's words, or by its roles
 * (its "roles": words found together in any order, "others depend"); a phrase preceded
 * by a negation cue within its reach counts against the choice, and the
 * longest match wins.  dialogue_understand.c decides when to ask this.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "dialogue_int.h"
#include "text.h"

/* Is the word w[0..len) in list[0..n)?  See text_word_in(). */
int
match_in_list(const char *w, size_t len, const char *const *list,
    size_t n)
{
	return text_word_in(w, len, list, n);
}

/*
 * Is w[0..len) a comparative the article never uses ("leaner",
 * "snappier"): at least 4 letters before an ending of
 * phrases.reading.comparative_endings, and not a word of the claims
 * (kb->svocab), a stopword, a word of any reading list or a word that
 * only ends so (lexicon "not_comparatives": "weather")?  Such a word
 * compares, as a word of phrases.reading.comparison_words does.
 */
int
match_comparative(const struct kb *kb, const char *w, size_t len)
{
	const struct kb_phrases *ph = &kb->phrases;
	size_t i, n;

	for (i = 0; i < ph->ncomparative_endings; i++) {
		n = strlen(ph->comparative_endings[i]);
		if (len >= n + 4 && memcmp(w + len - n,
		    ph->comparative_endings[i], n) == 0)
			break;
	}
	return i < ph->ncomparative_endings &&
	    strmap_getn(&kb->not_comparatives, w, len) < 0 &&
	    strmap_getn(&kb->svocab, w, len) < 0 &&
	    strmap_getn(&kb->stopwords, w, len) < 0 &&
	    (kb_listed(ph, w, len) & KB_LISTED_READING) == 0;
}

/*
 * Is word i of q the phrase token tok?  A phrase's words are interned in
 * the match vocabulary (kb_phrase_compile), and so is a word of q that is
 * in it (q->term), so for those one pointer comparison says it; the
 * others (stopwords, negations) compare as text.
 */
static int
match_eq(const struct kb_query *q, size_t i, const char *tok)
{
	if (q->term[i] != NULL)
		return q->term[i] == tok;
	return q->raw[i][0] == tok[0] && strcmp(q->raw[i], tok) == 0;
}

/*
 * Matching phrases of one question that count; past it a phrase is not
 * counted (a message is bounded by TEXT_MAX_TOKENS words, and no real
 * sentence matches this many phrases of one question).
 */
#define UNDERSTAND_MAX_HITS	64

/* How many words before a phrase a negation still reaches. */
#define UNDERSTAND_NEG_REACH	6

/*
 * The first word of q a negation may stand at to reach word s: at most
 * UNDERSTAND_NEG_REACH words before it, where a number right before
 * another word ("1 ms", "30 ms" read from "1ms") counts with that word
 * as one quantity, so a number glued to its unit or not reaches alike
 * ("cannot afford even a 1ms GC pause").
 */
static size_t
match_reach_start(const struct kb_query *q, size_t s)
{
	size_t i = s, counted = 0;

	while (i > 0 && counted < UNDERSTAND_NEG_REACH) {
		i--;
		if (i + 1 < s && !q->brk[i + 1] && q->raw[i][0] != '\0' &&
		    strspn(q->raw[i], "0123456789") == strlen(q->raw[i]))
			continue;	/* counts with the word after it */
		counted++;
	}
	return i;
}

/*
 * Is the negation that reaches word a of q a set-aside one (the nearest
 * negation before it, in its clause and within reach, is marked
 * MATCH_SET_ASIDE: "than" after "rather")?
 */
static int
match_set_aside(const struct kb_query *q, size_t a)
{
	size_t k = a, start = match_reach_start(q, a);

	if (a < q->n && q->negation[a] == MATCH_SET_ASIDE)
		return 1;
	while (k > start) {
		k--;
		if (q->brk[k + 1])
			return 0;
		if (q->negation[k])
			return q->negation[k] == MATCH_SET_ASIDE;
	}
	return 0;
}

/*
 * Is word i of q (a word about the user) inside a negation carried over
 * it: the words right before it, back to a negation, are all of
 * phrases.reading.negation_carriers ("not that we care about k8s", "I
 * don't think we need kubernetes")?  Then "we" does not end the reach.
 */
static int
match_carried(const struct kb_phrases *kp, const struct kb_query *q,
    size_t i)
{
	size_t k = i;

	if (kp->nnegation_carriers == 0)
		return 0;
	while (k-- > 0) {
		if (q->brk[k + 1])
			return 0;
		if (q->negation[k])
			return k + 1 < i;
		if (!match_in_list(q->raw[k], strlen(q->raw[k]),
		    kp->negation_carriers, kp->nnegation_carriers) || i - k > 3)
			return 0;
	}
	return 0;
}

/*
 * Does word i of q end a negation's reach: a word about the user ("we
 * don't use containers, we build apis") or a clause break ("but"), both
 * phrases.reading lists, or a clause mark before it ("not embedded, just
 * backend services": the comma)?
 */
static int
match_breaks(const struct kb_phrases *kp, const struct kb_query *q,
    size_t i)
{
	size_t n = strlen(q->raw[i]);

	if (q->brk[i])
		return 1;
	if (match_carried(kp, q, i))
		return 0;
	return match_in_list(q->raw[i], n, kp->first_person,
	    kp->nfirst_person) || match_in_list(q->raw[i], n,
	    kp->clause_breaks, kp->nclause_breaks);
}

/*
 * Does the clause word s stands in open with a phrases.reading.
 * team_subjects phrase whose first word is a negation ("nobody here",
 * "none of us"), no break (match_breaks) nor join between it and s?  Such a
 * subject negates what its whole clause says, past UNDERSTAND_NEG_REACH
 * ("nobody here has time to fight a compiler for months": no months).
 */
static inline int	match_refusal_at(const struct kb_query *, size_t,
			    size_t, const char *);

static int
match_negated_subject(const struct kb_phrases *kp, const struct kb_query *q,
    size_t s)
{
	size_t a, m;

	/* the subject's first word is a negation before s: none, no such
	 * subject (most messages; the scan below is dearer) */
	for (a = 0; a < s && !q->negation[a]; a++)
		;
	if (a == s)
		return 0;
	/* a join ("and") may open another clause with its own subject:
	 * "nobody here knows rust and the product is a cli" */
	for (a = s; a > 0 && !match_breaks(kp, q, a); a--)
		if (match_in_list(q->raw[a], strlen(q->raw[a]), kp->joins,
		    kp->njoins))
			return 0;
	/* ", and honestly nobody here ...": the join and fillers that
	 * open the clause come before its subject */
	while (a < s && (match_in_list(q->raw[a], strlen(q->raw[a]),
	    kp->joins, kp->njoins) || match_in_list(q->raw[a],
	    strlen(q->raw[a]), kp->fillers, kp->nfillers)))
		a++;
	if (a >= s || !q->negation[a])
		return 0;
	for (m = 0; m < kp->nteam_subjects; m++)
		if (match_refusal_at(q, a, s, kp->team_subjects[m]))
			return 1;
	return 0;
}

/*
 * Is w (len bytes, a word as phrases are matched: plurals folded, so
 * "does" reads "doe") a verb of phrases.reading.negation_after?
 */
static int
match_after_verb(const struct kb_phrases *kp, const char *w, size_t len)
{
	char v[16];
	size_t i;

	for (i = 0; i < kp->nnegation_after; i++) {
		if (strlen(kp->negation_after[i]) >= sizeof(v))
			continue;
		(void)strcpy(v, kp->negation_after[i]);
		text_light_stem(v);
		if (strlen(v) == len && strncmp(v, w, len) == 0)
			return 1;
	}
	return 0;
}

/*
 * Is w, a negation (lexicon.json "negations"), a verb of
 * phrases.reading.negation_after and more in one word ("doesnt", "isnt",
 * "arent": the verb and its negation typed without the apostrophe)?  The
 * verb is compared as written: such a word has no plural folded, so
 * "doesnt" holds "does", not the folded "doe".
 */
static int
match_contracted(const struct kb_phrases *kp, const char *w)
{
	size_t n = strlen(w), i, k;

	for (i = 0; i < kp->nnegation_after; i++)
		if ((k = strlen(kp->negation_after[i])) < n &&
		    strncmp(w, kp->negation_after[i], k) == 0)
			return 1;
	return 0;
}

/*
 * Does the phrase starting at word s of q open its clause: only
 * stopwords and phrases.reading.fillers between the clause's start (the
 * message's, or a clause mark) and it ("terraform and k8s ...", "tbh
 * containers and helm ...")?  Not so when a content word comes first
 * ("we deploy on kubernetes and ..."): the phrase is then what the user
 * does, not what a verb after it speaks of.  Bounded by s.
 */
static int
match_opens_clause(const struct kb_phrases *kp, const struct kb_query *q,
    size_t s)
{
	size_t j;

	for (j = s; j > 0 && !q->brk[j]; j--)
		if (!q->stop[j - 1] && !match_in_list(q->raw[j - 1],
		    strlen(q->raw[j - 1]), kp->fillers, kp->nfillers))
			return 0;
	return 1;
}

/*
 * Where the verb that may negate a phrase [s, end) of q stands: past at
 * most two words of phrases.reading.negation_heads ("docker integration
 * doesn't matter") and at most one word of phrases.reading.joins with
 * the content word after it ("terraform and k8s tooling is a nonissue":
 * both named are what is refused), with no clause mark or negation among
 * them.  The join is taken only when the phrase opens its clause
 * (match_opens_clause()) and what follows is said of both: a head word
 * after the joined word ("k8s tooling") or a verb of
 * phrases.reading.plural_verbs ("containers and helm are unimportant").
 * In "we run everything on kubernetes and latency is irrelevant" (review
 * hx47b) the verb speaks of latency alone; kubernetes is what the user
 * runs on.  Bounded by two heads and one join.
 */
static size_t
match_past_heads(const struct kb_phrases *kp, const struct kb_query *q,
    size_t s, size_t end)
{
	size_t k = end, before = end;
	int heads = 0, joined = !match_opens_clause(kp, q, s), took = 0;

	while (k < q->n && !q->brk[k] && !q->negation[k]) {
		if (heads < 2 && match_in_list(q->raw[k], strlen(q->raw[k]),
		    kp->negation_heads, kp->nnegation_heads)) {
			heads++;
			if (took)
				took = 2;	/* a head after the joined word */
			k++;
		} else if (!joined && k + 1 < q->n && !q->brk[k + 1] &&
		    !q->negation[k + 1] && !q->stop[k + 1] &&
		    match_in_list(q->raw[k], strlen(q->raw[k]), kp->joins,
		    kp->njoins)) {
			joined = took = 1;
			before = k;
			k += 2;
		} else
			break;
	}
	if (took == 1 && (k >= q->n || !match_in_list(q->raw[k],
	    strlen(q->raw[k]), kp->plural_verbs, kp->nplural_verbs)))
		return before;
	return k;
}

static inline int	match_refusal_at(const struct kb_query *, size_t,
			    size_t, const char *);

/* How many words after a verb of negation_after a word of
 * phrases.reading.dismissals may come ("is totally irrelevant", "is a
 * nonissue"). */
#define MATCH_DISMISS_REACH	3

/*
 * Is word k of q a verb of phrases.reading.negation_after followed,
 * within MATCH_DISMISS_REACH words and with no clause mark or negation
 * between, by an entry of phrases.reading.dismissals (words in a row:
 * "non issue", the hyphen parts words) ("kubernetes
 * integration is totally irrelevant")?  Such a word refuses the phrase
 * before the verb as "doesn't matter" does; a negation before it ("is
 * not irrelevant") keeps the phrase, so it stops the look, as does a
 * phrases.reading.clause_breaks word ("is anything but irrelevant").
 */
static int
match_dismissed(const struct kb_phrases *kp, const struct kb_query *q,
    size_t k)
{
	size_t d, i;

	if (kp->ndismissals == 0 || k >= q->n || q->brk[k] ||
	    !match_after_verb(kp, q->raw[k], strlen(q->raw[k])))
		return 0;
	for (d = k + 1; d < q->n && d <= k + MATCH_DISMISS_REACH; d++) {
		/* "is anything but irrelevant": a clause break word
		 * ("but") turns what follows, as a negation does */
		if (q->brk[d] || q->negation[d] || match_in_list(q->raw[d],
		    strlen(q->raw[d]), kp->clause_breaks, kp->nclause_breaks))
			return 0;
		for (i = 0; i < kp->ndismissals; i++)
			if (match_refusal_at(q, d, q->n, kp->dismissals[i]))
				return 1;
	}
	return 0;
}

/*
 * Does a word of phrases.reading.negation_adverbs stand at word k of q,
 * right after a phrase (and its negation_heads), or right after a verb of
 * phrases.reading.negation_after there, with a word after it in its
 * clause ("latency barely matters", "gc pauses hardly matter to us",
 * "p99 is barely an issue")?  It negates the phrase as "doesn't" there
 * does.  Only in this slot: before a phrase such a word says little of
 * it ("we can barely find backend devs" is no "not backend"), and in
 * lexicon.json "negations" the stemmer made "hardly", "barely" the words
 * "hard", "bare" ("hard realtime", "bare metal" negated).  Cost: two
 * list lookups.
 */
static int
match_adverb_after(const struct kb_phrases *kp, const struct kb_query *q,
    size_t k)
{
	if (kp->nnegation_adverbs == 0 || k >= q->n || q->brk[k])
		return 0;
	if (k + 2 < q->n && !q->brk[k + 1] &&
	    match_after_verb(kp, q->raw[k], strlen(q->raw[k])))
		k++;
	return k + 1 < q->n && !q->brk[k + 1] && match_in_list(q->raw[k],
	    strlen(q->raw[k]), kp->negation_adverbs, kp->nnegation_adverbs);
}

/* How far from a negation the phrase its intensifier leads to may start:
 * room for a how-often between them ("not even once in a while for a
 * few ms", "not even now and then for a couple of ms"). */
#define MATCH_LEAST_REACH	9

/*
 * Does the negation at word i of q lead, through a word of
 * phrases.reading.negation_intensifiers right after it ("not even",
 * "never even") and at most MATCH_LEAST_REACH words after that, to the
 * phrase starting at words [s, e), or does the phrase start with that
 * word ("not" + "even a few ms"), with no clause mark from the
 * intensifier to the phrase's end?  Such a phrase is the least of what
 * the user refuses ("it can't stall, not even for a couple of ms", "not
 * even once in a while for a few ms"): said with the negation, not
 * negated by it.  The clause mark keeps "latency doesn't even matter, a
 * few ms" one negation and a tolerance; a word after the intensifier,
 * before the phrase or in its gap, of phrases.reading.aside_after_negation
 * or negation_accepts ("not even worried about a few ms", "wouldn't even
 * mind a few ms") makes the negation an aside, not a refusal, so it stops
 * the look too.
 */
static int
match_least_after(const struct kb_phrases *kp, const struct kb_query *q,
    size_t i, size_t s, size_t e)
{
	size_t k, n;

	if (kp->nnegation_intensifiers == 0 || s <= i || s - i >
	    MATCH_LEAST_REACH || e > q->n ||
	    !match_in_list(q->raw[i + 1], strlen(q->raw[i + 1]),
	    kp->negation_intensifiers, kp->nnegation_intensifiers))
		return 0;
	for (k = i + 1; k < e; k++) {
		if (q->brk[k] || (k > i + 1 && k < s && q->negation[k]))
			return 0;
		/* the aside may sit in the phrase's own gap too: "even
		 * [worried about] a few ms" */
		if (k <= i + 1 || q->stop[k])
			continue;
		n = strlen(q->raw[k]);
		if (match_in_list(q->raw[k], n, kp->aside_after_negation,
		    kp->naside_after_negation) || match_in_list(q->raw[k], n,
		    kp->negation_accepts, kp->nnegation_accepts))
			return 0;
	}
	return 1;
}

/*
 * Is the phrase at words [a, b) of q the least of what a negation before
 * it refuses (match_least_after: "not even a few ms")?
 */
static int
match_least(const struct kb_phrases *kp, const struct kb_query *q,
    size_t a, size_t b)
{
	size_t i;

	for (i = a; i-- > 0 && a - i <= MATCH_LEAST_REACH; )
		if (q->negation[i])
			return match_least_after(kp, q, i, a, b);
	return 0;
}

/* How many words a clause may hold before the bare negation that
 * closes it and turns it ("gc pauses no, ..."). */
#define MATCH_TOPIC_NO	3

/*
 * Is the phrase at words [s, e) of q turned by a bare negation right
 * after it that closes a short clause ("latency no, not an issue", "k8s
 * nope, it's a binary"): the negation at word e, then a clause mark or
 * the end, and at most MATCH_TOPIC_NO words in the clause before it?
 * The topic named, then "no": what a free-text answer to a question
 * opens with.
 */
static int
match_topic_then_no(const struct kb_query *q, size_t s, size_t e)
{
	size_t k;

	if (e >= q->n || !q->negation[e] || q->brk[e] ||
	    (e + 1 < q->n && !q->brk[e + 1]))
		return 0;
	for (k = s; k > 0 && !q->brk[k]; k--)
		;
	return e - k <= MATCH_TOPIC_NO;
}

/*
 * Does the comma (or bracket) before word k of q part a phrase of ph
 * whose words run across it?  It does when the word right after the
 * mark is itself one of ph's words: the phrase's next word opens a new
 * clause ("php mostly, go looks easier" says no "mostly go"; "i know
 * java, go ..." no "know go").  Any other word after the mark
 * ("a key-value database, the engine itself") restates one thing, and
 * the phrase may run across it.  Bounded by ph->ntok.
 */
static int
match_comma_splits(const struct kb_query *q, const struct kb_phrase *ph,
    size_t k)
{
	size_t j;

	if (k >= q->n || q->brk[k] == 0)
		return 0;
	for (j = 1; j < ph->ntok; j++)
		if (match_eq(q, k, ph->tok[j]))
			return 1;
	return 0;
}

/*
 * Does a word of phrases.reading.conditions ("if") that is none of ph's
 * own terms stand in the gap of ph's occurrence [s, end) of q?  It opens
 * a clause of its own, so the terms on either side belong to two
 * clauses: "we need to know if go is fast" asks about Go and says no
 * "know go" (review hx51b: it recorded "Go already", and "i dont know if
 * go is fast" ruled it out).  Bounded by the span, at most two words
 * longer than ph.
 */
static int
match_gap_condition(const struct kb_phrases *kp, const struct kb_query *q,
    const struct kb_phrase *ph, size_t s, size_t end)
{
	size_t k, j;

	for (k = s + 1; k < end && k < q->n; k++) {
		if (!match_in_list(q->raw[k], strlen(q->raw[k]),
		    kp->conditions, kp->nconditions))
			continue;
		for (j = 0; j < ph->ntok; j++)
			if (strcmp(q->raw[k], ph->tok[j]) == 0)
				break;
		if (j == ph->ntok)
			return 1;
	}
	return 0;
}

/*
 * Does phrase ph occur in q, its terms in order with at most two other
 * words among them and no sentence mark or dash among them, and not
 * negated ("we don't use containers", "not
 * after the highest salary")?  A negation turns a phrase when it is inside
 * its span or at most UNDERSTAND_NEG_REACH words before it with no break
 * between (understand_breaks).  Returns the phrase's length in terms when
 * it does, with the words it spans in [*span_start, *span_end); minus
 * that length when it occurs negated only (the span set too); 0 when it
 * does not occur.  A negation right after a verb that follows the
 * phrase (phrases.reading.negation_after: "latency is not critical"), or
 * the two in one word ("doesn't"), turns it too, unless a clause mark
 * comes between ("next month, haven't decided" is not negated).
 */
static int
match_phrase(const struct kb_phrases *kp, const struct kb_query *q,
    const struct kb_phrase *ph, size_t *span_start, size_t *span_end)
{
	size_t s, i, j, k, pos, neg_start = 0, neg_end = 0;
	int neg_len = 0, first_neg = -1;

	for (s = 0; s < q->n; s++) {
		size_t end;
		int negated = 0;

		if (!match_eq(q, s, ph->tok[0]))
			continue;
		for (j = 1, pos = s + 1; j < ph->ntok && pos < q->n &&
		    pos <= s + ph->ntok + 1; pos++)
			if (match_eq(q, pos, ph->tok[j]))
				j++;
		if (j < ph->ntok)
			continue;
		end = pos;
		/* its words in one sentence, no dash among them: "(python
		 * mostly) - go or rust?" says no "mostly go", "i know java
		 * well - go or rust" no "know go" (review hx47); a comma
		 * may join one thing said twice ("a key-value database,
		 * the engine itself") */
		for (k = s + 1; k < end && !(q->brk[k] & (TEXT_BRK_SENTENCE |
		    TEXT_BRK_DASH)) && !match_comma_splits(q, ph, k); k++)
			;
		if (k < end || match_gap_condition(kp, q, ph, s, end))
			continue;
		if (first_neg < 0)	/* once, for a phrase that occurs */
			for (j = 0, first_neg = 0; j < ph->ntok; j++)
				if (strcmp(ph->tok[j], "not") == 0)
					first_neg = 1;
		/* a negation before (within reach), or inside the span */
		for (i = match_reach_start(q, s); i < end && !first_neg; i++)
			if (q->negation[i] && !match_least_after(kp, q, i, s,
			    end)) {
				int in_phrase = 0;

				for (j = 0; j < ph->ntok; j++)
					if (strcmp(q->raw[i], ph->tok[j]) == 0)
						in_phrase = 1;
				for (k = i + 1; k <= s && i < s; k++)
					if (match_breaks(kp, q, k) &&
					    (k < s || q->brk[k]))
						in_phrase = 1;
				if (!in_phrase)
					negated = 1;
			}
		if (!negated && !first_neg && match_negated_subject(kp, q, s))
			negated = 1;
		/* "pay is not what drives me": a verb of
		 * phrases.reading.negation_after, then a negation; or the
		 * two in one word ("memory layout doesn't matter": "doesnt");
		 * up to two words of phrases.reading.negation_heads between
		 * the phrase and the verb ("docker integration doesn't
		 * matter": what the phrase names is what is negated) */
		k = match_past_heads(kp, q, s, end);
		if (!first_neg && k + 1 < q->n && q->negation[k + 1] &&
		    !q->brk[k] && !q->brk[k + 1] &&
		    match_after_verb(kp, q->raw[k], strlen(q->raw[k])))
			negated = 1;
		if (!first_neg && k < q->n && q->negation[k] &&
		    !q->brk[k] && match_contracted(kp, q->raw[k]))
			negated = 1;
		if (!first_neg && match_adverb_after(kp, q, k))
			negated = 1;
		if (!first_neg && match_topic_then_no(q, s, end))
			negated = 1;
		if (!first_neg && match_dismissed(kp, q, k))
			negated = 1;
		if (!negated) {
			*span_start = s;
			*span_end = end;
			return (int)ph->ntok;
		}
		if (neg_len == 0) {
			neg_len = (int)ph->ntok;
			neg_start = s;
			neg_end = end;
		}
	}
	if (neg_len > 0) {
		*span_start = neg_start;
		*span_end = neg_end;
	}
	return -neg_len;
}

/* How many words a role's words may spread over ("the layer every
 * other app depends on"). */
#define MATCH_ROLE_WINDOW	8

/*
 * Does role r (a choice's "roles" entry: words in any order) occur in q:
 * each of its words, the first time it occurs, within MATCH_ROLE_WINDOW
 * words of the others and with no clause mark among them?  Returns its
 * length in words with the span in [*span_start, *span_end), minus that
 * when a negation reaches it as it reaches a phrase (match_phrase), 0
 * when it does not occur.
 */
static int
match_role(const struct kb_phrases *kp, const struct kb_query *q,
    const struct kb_phrase *r, size_t *span_start, size_t *span_end)
{
	size_t j, i, lo = q->n, hi = 0;

	for (j = 0; j < r->ntok; j++) {
		for (i = 0; i < q->n && !match_eq(q, i, r->tok[j]); i++)
			;
		if (i == q->n)
			return 0;
		if (i < lo)
			lo = i;
		if (i > hi)
			hi = i;
	}
	if (hi - lo >= MATCH_ROLE_WINDOW)
		return 0;
	for (i = lo + 1; i <= hi; i++)
		if (q->brk[i])
			return 0;
	*span_start = lo;
	*span_end = hi + 1;
	for (i = match_reach_start(q, lo); i <= hi; i++) {
		size_t k;
		int broken = 0;

		if (!q->negation[i])
			continue;
		for (k = i + 1; k <= lo && i < lo; k++)
			if (match_breaks(kp, q, k))
				broken = 1;
		if (!broken)
			return -(int)r->ntok;
	}
	return (int)r->ntok;
}

/*
 * Is one of the three words before word i of q, with no break between, an
 * exclusive ("we only do the apis": phrases.reading.exclusives)?  Not
 * when a later clause adds to it (a word of phrases.reading.additions
 * after a clause mark past word i: "we only do the API layer. well,
 * actually no, we also own the proxy"): the "only" is taken back.
 */
static int
match_exclusive(const struct kb_phrases *kp, const struct kb_query *q,
    size_t i)
{
	size_t k;
	int later = 0;

	for (k = i + 1; k < q->n; k++) {
		later |= q->brk[k];
		if (later && match_in_list(q->raw[k], strlen(q->raw[k]),
		    kp->additions, kp->nadditions))
			return 0;
	}
	for (k = i; k > 0 && i - k < 3; k--) {
		if (q->brk[k])		/* a clause mark before word k */
			return 0;
		if (match_in_list(q->raw[k - 1], strlen(q->raw[k - 1]),
		    kp->exclusives, kp->nexclusives))
			return 1;
	}
	return 0;
}

static int	match_refusal_rest(const struct kb_query *, size_t, size_t,
		    const char *);

/*
 * Does entry e of a reading list (one word, or words said in a row: "can
 * not have", "in front of") begin at word k of q, ending before word a?
 * q's words are read plurals folded ("requests" is "request"), so an
 * entry's word matches as written or folded the same way.  Inline, the
 * first word's first letter tested here: most entries end there, and
 * the callers try every entry of a list at every word (12k calls).
 */
static inline int
match_refusal_at(const struct kb_query *q, size_t k, size_t a,
    const char *e)
{
	if (*e != '\0' && (k >= a || q->raw[k][0] != e[0]))
		return 0;
	return match_refusal_rest(q, k, a, e);
}

/* match_refusal_at() once its first test is passed: the whole entry. */
static int
match_refusal_rest(const struct kb_query *q, size_t k, size_t a,
    const char *e)
{
	char folded[TEXT_TOKEN_MAX];
	size_t len;

	while (*e != '\0') {
		if (k >= a)
			return 0;
		if (q->raw[k][0] != e[0])	/* folding keeps the first
						 * letter: most words end here */
			return 0;
		len = text_word_len(e);
		if (strlen(q->raw[k]) != len ||
		    strncmp(q->raw[k], e, len) != 0) {
			/* folding only shortens a word */
			if (len >= sizeof(folded) || strlen(q->raw[k]) >= len)
				return 0;
			memcpy(folded, e, len);
			folded[len] = '\0';
			text_light_stem(folded);
			if (strcmp(q->raw[k], folded) != 0)
				return 0;
		}
		k++;
		e += len;
		e += *e == ' ';
	}
	return 1;
}

/* How many words before a phrase a position word still reaches. */
#define MATCH_FRONT_REACH	6
/* How many words after a phrase "through it" still reaches: the phrase
 * is then inside the subject, which may run long ("each api call from
 * each of our services is gonna go through it"). */
#define MATCH_PASS_REACH	12

/*
 * Is the phrase at word a of q the object of a position in front of it
 * (phrases.reading.fronts: "in front of our services", "between the
 * internet and all our microservices", "before it reaches our
 * backends"): one of them ends at most MATCH_FRONT_REACH words before
 * it, with no clause mark between?  Such words name what the thing built
 * serves, not the thing.
 */
static int
match_fronted(const struct kb_phrases *kp, const struct kb_query *q,
    size_t a)
{
	size_t k, r, from = a > MATCH_FRONT_REACH ? a - MATCH_FRONT_REACH : 0;

	for (k = a; k-- > from; ) {
		if (q->brk[k + 1])
			return 0;
		for (r = 0; r < kp->nfronts; r++)
			if (match_refusal_at(q, k, a, kp->fronts[r]))
				return 1;
	}
	return 0;
}

/*
 * Where a word of phrases.reading.passes_through begins at most
 * MATCH_PASS_REACH words after a phrase ending before word b of q, with
 * no clause mark between ("every packet of every service goes through
 * it"): the phrase then names what passes through the thing built, what
 * it serves, when no other choice's phrase lies wholly between (the
 * caller's check: "the sidecar that sits next to each service and every
 * request passes through it" is about the service's requests, not the
 * sidecar).  Returns that word's index, or 0 when there is none.
 */
static size_t
match_passed(const struct kb_phrases *kp, const struct kb_query *q,
    size_t b)
{
	size_t k, r;

	for (k = b; k < q->n && k - b <= MATCH_PASS_REACH; k++) {
		if (q->brk[k])		/* a clause mark before word k */
			return 0;
		for (r = 0; r < kp->npasses_through; r++)
			if (match_refusal_at(q, k, q->n,
			    kp->passes_through[r]))
				return k;
	}
	return 0;
}

/*
 * Is a negated topic at word a of q refused rather than dismissed: a
 * word or words of phrases.reading.refusals from the word before the
 * negation that reaches it ("can't have" reads "can not have") up to the
 * topic ("the gateway cannot afford even a 1ms GC pause", "we can't have
 * any pauses"), and no word of aside_after_negation after the negation
 * ("we don't care about latency", "can't be bothered about latency"
 * dismiss it)?  A refused topic is one the user wants none of: it reads
 * as its own choice (strict latency), not as the choice its negation
 * names ("latency isn't a concern").
 */
static int
match_refused(const struct kb_phrases *kp, const struct kb_query *q,
    size_t a)
{
	size_t i, k, r, from;
	int refused = 0, negated = 0;

	if (kp->nrefusals == 0 || a >= q->n)
		return 0;
	from = match_reach_start(q, a);
	for (i = a; i-- > from; ) {
		if (q->brk[i + 1])
			return 0;
		if (q->negation[i]) {
			negated = 1;
			break;
		}
	}
	if (!negated)		/* no negation before it, within reach */
		return 0;
	/* from the word before the negation: "can't" reads "can not"; the
	 * topic's own word too: an event nobody wants ("it can't stall") */
	for (k = i > 0 && !q->brk[i] ? i - 1 : i; k <= a; k++) {
		size_t n = strlen(q->raw[k]);

		if (k > i && match_in_list(q->raw[k], n,
		    kp->aside_after_negation, kp->naside_after_negation))
			return 0;
		for (r = 0; r < kp->nrefusals && !refused; r++)
			refused = match_refusal_at(q, k, a + 1,
			    kp->refusals[r]);
	}
	return refused;
}

/*
 * Is a topic said without a negation at words [a, b) of q called
 * unacceptable: a word or words of phrases.reading.harms at most
 * UNDERSTAND_NEG_REACH words before it or as many words other than
 * stopwords after it, with no clause mark
 * between ("latency spikes are unacceptable", "a stop the world pause
 * would kill us", "zero tolerance for p99 spikes")?  Such a topic is
 * wanted none of, as a refused one (match_refused).
 */
static int
match_harmed(const struct kb_phrases *kp, const struct kb_query *q,
    size_t a, size_t b)
{
	size_t k, r, from, to, words;

	if (kp->nharms == 0 || a >= q->n || b > q->n || b <= a)
		return 0;
	for (from = a; from > 0 && a - from < UNDERSTAND_NEG_REACH &&
	    !q->brk[from]; from--)
		;
	/* after it, stopwords are not counted: the harm is often told at
	 * the end of what the topic would do ("a pause in the middle of a
	 * request would be a disaster") */
	for (to = b, words = 0; to < q->n && words < UNDERSTAND_NEG_REACH &&
	    !q->brk[to]; to++)
		if (!q->stop[to])
			words++;
	for (k = from; k < to; k++) {
		if (k >= a && k < b)
			continue;
		for (r = 0; r < kp->nharms; r++)
			if (match_refusal_at(q, k, k < a ? a : to,
			    kp->harms[r]))
				return 1;
	}
	return 0;
}

/*
 * Was choice c of question qu read from a topic q rules out: one of its
 * negated_topics said negated with a refusal (match_refused: "it can't
 * stall")?  For the understood notice, which then says why the choice is
 * not the "doesn't matter" one.  A topic said with a harm word and no
 * negation (match_harmed: "gc spikes kill our tick rate", "latency
 * spikes are unacceptable") is not asked here: nothing in those words
 * reads as "doesn't matter", and "You ruled that out" told a user who
 * had ruled nothing out what they had not said (nu50).
 */
int
match_ruled_out(const struct kb_phrases *kp, const struct kb_question *qu,
    const struct kb_query *q, int c)
{
	const struct kb_choice *ch;
	size_t m, a, b;
	int n;

	if (c < 0 || (size_t)c >= qu->nchoices)
		return 0;
	ch = &qu->choices[c];
	for (m = 0; m < ch->nnegated_topics; m++) {
		a = b = 0;
		n = match_phrase(kp, q, &ch->negated_topics[m], &a, &b);
		if (n < 0 && match_refused(kp, q, a))
			return 1;
	}
	return 0;
}

/*
 * Does q speak of question qu's topic: a phrase of one of its choices'
 * negated_topics (which selects nothing said plainly: "p99 latency
 * matters a lot" names the latency question's topic, no choice) occurs
 * in q, negated or not?
 */
int
match_topic_said(const struct kb_phrases *kp, const struct kb_question *qu,
    const struct kb_query *q)
{
	size_t c, m, a, b;

	for (c = 0; c < qu->nchoices; c++)
		for (m = 0; m < qu->choices[c].nnegated_topics; m++)
			if (match_phrase(kp, q, &qu->choices[c].
			    negated_topics[m], &a, &b) != 0)
				return 1;
	return 0;
}

/*
 * Is a one-word phrase match n at word a of q a point in time rather
 * than what the word says: right after a word of
 * phrases.reading.date_points with no clause mark between ("starting
 * next month" names when, not "months" of time to invest; "the next 6
 * months" is a two-word phrase and still reads)?
 */
static int
match_date_point(const struct kb_phrases *kp, const struct kb_query *q,
    size_t a, int n)
{
	if ((n != 1 && n != -1) || a == 0 || a >= q->n || q->brk[a])
		return 0;
	return match_in_list(q->raw[a - 1], strlen(q->raw[a - 1]),
	    kp->date_points, kp->ndate_points);
}

/*
 * The bits of q's words (kb_phrase_bit()) into has: of its term when it
 * has one, else of the word, the strings match_eq() compares, so a
 * phrase with a need bit (struct kb_phrase) not in has does not occur in
 * q, neither as a phrase (match_phrase) nor as a role (match_role).
 */
static void
match_bits(const struct kb_query *q, uint64_t has[KB_PHRASE_BITS / 64])
{
	size_t i;
	unsigned b;

	memset(has, 0, KB_PHRASE_BITS / 8);
	for (i = 0; i < q->n; i++) {
		b = kb_phrase_bit(q->term[i] != NULL ? q->term[i] : q->raw[i]);
		has[b / 64] |= (uint64_t)1 << (b % 64);
	}
}

/* Does phrase ph need a word whose bit is not in has (match_bits())? */
static int
match_lacks(const struct kb_phrase *ph,
    const uint64_t has[KB_PHRASE_BITS / 64])
{
	uint64_t lack = 0;
	size_t k;

	for (k = 0; k < KB_PHRASE_BITS / 64; k++)
		lack |= ph->need[k] & ~has[k];
	return lack != 0;
}

/*
 * Does has (match_bits()) hold a bit of key (struct kb_choice's key or
 * avoid_key)?  When not, none of the phrases key was made of occurs.
 */
static int
match_keyed(const uint64_t key[KB_PHRASE_BITS / 64],
    const uint64_t has[KB_PHRASE_BITS / 64])
{
	uint64_t any = 0;
	size_t k;

	for (k = 0; k < KB_PHRASE_BITS / 64; k++)
		any |= key[k] & has[k];
	return any != 0;
}

/*
 * The number word w stands for (phrases.reading.number_names: "two 2"),
 * into *v; 0 when it is none.
 */
int
match_number_name(const struct kb_phrases *kp, const char *w, double *v)
{
	const struct kb_phrase_chain *ch = &kp->number_names_by_word;
	size_t k, n = strlen(w);
	int32_t e;

	/* a name w begins is one of the chain of w's first word, in order */
	if (ch->next != NULL) {
		for (e = kb_phrase_chain_word(ch, w, text_word_len(w));
		    e >= 0; e = ch->next[e])
			if (strncmp(kp->number_names[e], w, n) == 0 &&
			    kp->number_names[e][n] == ' ') {
				*v = strtod(kp->number_names[e] + n + 1, NULL);
				return 1;
			}
		return 0;
	}
	for (k = 0; k < kp->nnumber_names; k++)
		/* the first byte first: most entries differ there, and a
		 * strncmp() call costs more than the byte */
		if ((n == 0 || kp->number_names[k][0] == w[0]) &&
		    strncmp(kp->number_names[k], w, n) == 0 &&
		    kp->number_names[k][n] == ' ') {
			*v = strtod(kp->number_names[k] + n + 1, NULL);
			return 1;
		}
	return 0;
}

/* words before an amount a negation reaches ("not looking at 2 months") */
#define UNDERSTAND_AMOUNT_NEG	3

/* Is w one of amount am's units? */
static int
match_unit(const struct kb_amount *am, const char *w)
{
	size_t u;

	for (u = 0; u < am->nunits; u++)
		if (strcmp(am->units[u], w) == 0)
			return 1;
	return 0;
}

/*
 * Does amount am count for the number at word i of q: it has no leads
 * and no trails, or one of its leads is among the UNDERSTAND_AMOUNT_NEG
 * words before it in its clause ("in 2 years", "the runway is 2 years",
 * not "10 years, go dev"), or one of its trails among as many words
 * after it ("33ms per tick", "16 ms per frame": the unit is one of
 * them)?  Cost: at most 2 * UNDERSTAND_AMOUNT_NEG words a word of the list.
 */
static int
match_amount_led(const struct kb_amount *am, const struct kb_query *q,
    size_t i)
{
	size_t k, l;

	if (am->nleads == 0 && am->ntrails == 0)
		return 1;
	for (k = i; k-- > 0 && i - k <= UNDERSTAND_AMOUNT_NEG &&
	    !q->brk[k + 1]; )
		for (l = 0; l < am->nleads; l++)
			if (strcmp(q->raw[k], am->leads[l]) == 0)
				return 1;
	for (k = i + 1; k < q->n && k - i <= UNDERSTAND_AMOUNT_NEG &&
	    !q->brk[k]; k++)
		for (l = 0; l < am->ntrails; l++)
			if (strcmp(q->raw[k], am->trails[l]) == 0)
				return 1;
	return 0;
}

/* Is w the unit of an amount of some choice of qu counting for the
 * number at word i of q (match_amount_led)? */
static int
match_amount_unit(const struct kb_question *qu, const struct kb_query *q,
    size_t i, const char *w)
{
	size_t c, m;

	for (c = 0; c < qu->nchoices; c++)
		for (m = 0; m < qu->choices[c].namounts; m++)
			if (match_unit(&qu->choices[c].amounts[m], w) &&
			    match_amount_led(&qu->choices[c].amounts[m], q, i))
				return 1;
	return 0;
}

/*
 * Are the two words at j and j + 1 of q a two-word unit of an amount of
 * qu counting for the number at word i: after it ("three of us": people,
 * where "of" alone breaks the amount), with ends set only when they end
 * their clause ("2 of us know go" is part of the team, not its size), or
 * before it ("a team of 3")?  The two words go into pair.
 */
static int
match_amount_pair(const struct kb_question *qu, const struct kb_query *q,
    size_t i, size_t j, char *pair, size_t size, int ends)
{
	int n;

	if (j + 1 >= q->n || q->brk[j + 1] ||
	    (ends && j + 2 < q->n && !q->brk[j + 2]))
		return 0;
	n = snprintf(pair, size, "%s %s", q->raw[j], q->raw[j + 1]);
	if (n < 0 || (size_t)n >= size)
		return 0;
	return match_amount_unit(qu, q, i, pair);
}

/*
 * The number word w starts with, into *v: digits ("5", "0.5": the
 * tokenizer writes ".5" so) with the rest of the word at *unit ("5ms":
 * "ms", "6+" is 6 with no unit), or a word of phrases.reading.number_names
 * (*unit ""); 0 when w is none.  "-3" is -3, which no amount holds.
 */
static int
match_amount_number(const struct kb_phrases *kp, const char *w, double *v,
    const char **unit)
{
	char num[TEXT_TOKEN_MAX];
	size_t d;

	for (d = w[0] == '-'; isdigit((unsigned char)w[d]) ||
	    (w[d] == '.' && d > (size_t)(w[0] == '-')); d++)
		;
	if (d == 0) {
		*unit = "";
		return match_number_name(kp, w, v);
	}
	if (d == 1 && w[0] == '-')
		return 0;
	if (d >= sizeof(num))
		return 0;
	memcpy(num, w, d);
	num[d] = '\0';
	*v = strtod(num, NULL);
	*unit = strcmp(w + d, "+") == 0 ? "" : w + d;
	return 1;
}

/*
 * The unit of the number at word i of q for question qu: written with it
 * ("5ms") or a word after it in the same clause, one stopword or one
 * reading.amount_approx word between allowed ("six more months",
 * "twenty-odd years"), never a reading.amount_breaks word ("three of us"
 * counts people, it is no 3 microseconds) unless it opens a two-word
 * unit right after the number (match_amount_pair()).  Returns the unit, or NULL; *end is the word after
 * it.
 */
static const char *
match_amount_unit_at(const struct kb_phrases *kp, const struct kb_question *qu,
    const struct kb_query *q, size_t i, const char *unit, size_t *end)
{
	static char pair[2 * TEXT_TOKEN_MAX + 1];	/* one thread */
	size_t j;

	if (unit[0] != '\0') {
		*end = i + 1;
		return match_amount_unit(qu, q, i, unit) ? unit : NULL;
	}
	/* a two-word unit ending in an amount_breaks word stands before
	 * its number: "a team of 3" */
	if (i >= 2 && !q->brk[i] && !q->brk[i - 1] &&
	    match_in_list(q->raw[i - 1], strlen(q->raw[i - 1]),
	    kp->amount_breaks, kp->namount_breaks) &&
	    match_amount_pair(qu, q, i, i - 2, pair, sizeof(pair), 0)) {
		*end = i + 1;
		return pair;
	}
	for (j = i + 1; j < q->n && j <= i + 2 && !q->brk[j]; j++)
		if (j == i + 1 && match_amount_pair(qu, q, i, j, pair,
		    sizeof(pair), 1)) {
			*end = j + 2;
			return pair;
		} else if (match_amount_unit(qu, q, i, q->raw[j])) {
			*end = j + 1;
			return q->raw[j];
		} else if (match_in_list(q->raw[j], strlen(q->raw[j]),
		    kp->amount_breaks, kp->namount_breaks) || (!q->stop[j] &&
		    !match_in_list(q->raw[j], strlen(q->raw[j]),
		    kp->amount_approx, kp->namount_approx)))
			break;
	return NULL;
}

/*
 * Does a phrase of list (phrases.reading.amount_upper or amount_lower)
 * end right before word i of q, in its clause?  Returns the word it
 * starts at, or i when none does; the longest one is taken ("no more
 * than" before "more than").
 */
static size_t
match_amount_bound(const char **list, size_t nlist, const struct kb_query *q,
    size_t i)
{
	size_t k, best = i;

	for (k = 0; k < nlist; k++) {
		const char *p = list[k];
		size_t nw = 1, j, at;
		int ok = 1;

		for (j = 0; p[j] != '\0'; j++)
			nw += p[j] == ' ';
		if (nw > i)
			continue;
		at = i - nw;
		for (j = at; j < i && ok; j++) {
			size_t wl = strcspn(p, " ");

			ok = (j == at || !q->brk[j]) &&
			    strlen(q->raw[j]) == wl &&
			    strncmp(q->raw[j], p, wl) == 0;
			p += wl + (p[wl] == ' ');
		}
		if (ok && !q->brk[i] && at < best)
			best = at;
	}
	return best;
}

/*
 * Does amount am hold the values the user named: [lo, hi] for an amount
 * or a range, every value below hi (bound < 0: "less than 6 months"), or
 * every value above lo (bound > 0: "at least 8 months")?  An upper bound
 * of at least the amount's within_from holds too: "p99 under 100ms" is a
 * budget the user stays within, the tolerant choice's, though it spans
 * values below its from (kb_amount.within_from).
 */
static int
match_amount_holds(const struct kb_amount *am, double lo, double hi,
    int bound)
{
	if (bound < 0)
		return ((!am->has_from || am->from <= 0) &&
		    (!am->has_below || am->below >= hi)) ||
		    (am->has_within && hi >= am->within_from);
	if (bound > 0)
		return !am->has_below && (!am->has_from || am->from <= lo);
	return (!am->has_from || lo >= am->from) &&
	    (!am->has_below || hi < am->below);
}

/* How many words after an amount's unit a reading.amount_past phrase
 * still tells it a past ("three months of job hunting so far"). */
#define UNDERSTAND_AMOUNT_PAST	6
/* How many words before an amount's number a reading.possession_verbs
 * word makes it time held, not time gone ("we have 6 months now"). */
#define UNDERSTAND_AMOUNT_HELD	2

/*
 * Does a phrase of list start at word k of q, its words within one clause
 * (no q->brk inside)?  Returns its word count, 0 when none does.  Cost:
 * the list's words, each compared once.
 */
static size_t
match_list_at(const char **list, size_t nlist, const struct kb_query *q,
    size_t k)
{
	size_t m, j;

	for (m = 0; m < nlist; m++) {
		const char *p = list[m];
		int ok = 1;

		for (j = k; ok && *p != '\0'; j++) {
			size_t wl = strcspn(p, " ");

			ok = j < q->n && (j == k || !q->brk[j]) &&
			    strlen(q->raw[j]) == wl &&
			    strncmp(q->raw[j], p, wl) == 0;
			p += wl + (p[wl] == ' ');
		}
		if (ok)
			return j - k;
	}
	return 0;
}

/*
 * Is the amount whose number is word i and whose unit ends before word
 * end told as a past, not a time still to spend?  A phrase of
 * phrases.reading.amount_past_leads right before it ("the past three
 * months", "spent 2 months") or one of amount_past in its clause at most
 * UNDERSTAND_AMOUNT_PAST words after it ("three months of job hunting
 * so far"; a one-word one right after it: "unemployed for two months
 * now", not "a 10ms hiccup now and then", nor an amount held, a
 * reading.possession_verbs word at most UNDERSTAND_AMOUNT_HELD words
 * before its number: "we have 6 months now" is the time to spend) says
 * so: a story of what was, never a timeline or a runway.
 */
static int
match_amount_past(const struct kb_phrases *kp, const struct kb_query *q,
    size_t i, size_t end)
{
	size_t k, held = 0;

	if (match_amount_bound(kp->amount_past_leads, kp->namount_past_leads,
	    q, i) < i)
		return 1;
	for (k = i; k > 0 && i - k < UNDERSTAND_AMOUNT_HELD && !q->brk[k] &&
	    !held; k--)
		held = match_in_list(q->raw[k - 1], strlen(q->raw[k - 1]),
		    kp->possession_verbs, kp->npossession_verbs);
	for (k = end; k < q->n && k < end + UNDERSTAND_AMOUNT_PAST &&
	    (k == end || !q->brk[k]); k++) {
		size_t n = match_list_at(kp->amount_past, kp->namount_past, q,
		    k);

		/* a one-word marker only right after the amount: "two months
		 * now" is a past, "a 10ms hiccup now and then" is not */
		if (n > 1 || (n == 1 && k == end && !held))
			return 1;
	}
	return 0;
}

/*
 * The first amount of q, from word start on, with a unit of question qu's choices' amounts: a
 * number (match_amount_number) and its unit (match_amount_unit_at), or a
 * range of two numbers joined by a word of phrases.reading.amount_joins
 * ("between 2 and 4 weeks", "2 to 3 weeks"), perhaps after a bound of
 * phrases.reading.amount_upper or amount_lower.  The first amount decides:
 * "30 weeks or 2 weeks" is 30 weeks.  Returns the first choice with an
 * amount of that unit holding it (match_amount_holds), -1 when none does
 * or a reading.amount_after word follows it ("6 months ago") or it is
 * told as a past (match_amount_past: "3 months of job hunting so far") or
 * as a period with no lead or trail of a choice's amount counting for it
 * (a reading.amount_periods word right before it: "every 2 weeks"), or a
 * negation stands at most UNDERSTAND_AMOUNT_NEG words before it in its
 * clause ("not 2 months", "not looking at 2 months": never that
 * amount's choice) or it is below 0 ("-3 weeks"); -2 when q has no
 * amount; MATCH_AMOUNT_NONE when the amount stands plainly, unit and
 * reach counting, but no choice's range holds its value ("three of us"
 * between the team answers' 1 and 20).  [*a, *b) are its words, the
 * bound's with them.
 */
#define MATCH_AMOUNT_NONE	(-3)

static int
match_amount_at(const struct kb_phrases *kp, const struct kb_question *qu,
    const struct kb_query *q, size_t start, size_t *a, size_t *b)
{
	size_t i, c, m, end = 0, from;
	double lo, hi;
	const char *unit = NULL, *u;
	int bound = 0, period;

	for (i = start; i < q->n && unit == NULL; i++) {
		if (!match_amount_number(kp, q->raw[i], &lo, &u))
			continue;
		hi = lo;
		unit = match_amount_unit_at(kp, qu, q, i, u, &end);
		if (unit == NULL && u[0] == '\0' && i + 2 < q->n &&
		    !q->brk[i + 1] && !q->brk[i + 2] &&
		    match_in_list(q->raw[i + 1], strlen(q->raw[i + 1]),
		    kp->amount_joins, kp->namount_joins) &&
		    match_amount_number(kp, q->raw[i + 2], &hi, &u))
			unit = match_amount_unit_at(kp, qu, q, i + 2, u, &end);
		if (unit != NULL)
			break;
	}
	if (unit == NULL)
		return -2;
	*b = end;
	/* "6 months ago": a word of amount_after makes it no duration,
	 * and its words ("6 months") say nothing else; nor is an amount
	 * an answer when a word of amount_owners follows it within two
	 * words ("a 40-person game studio": the employer's size) */
	if (end < q->n && !q->brk[end] && match_in_list(q->raw[end],
	    strlen(q->raw[end]), kp->amount_after, kp->namount_after)) {
		*a = i;
		return -1;
	}
	for (m = end; m < q->n && m < end + 2 && !q->brk[m]; m++)
		if (match_in_list(q->raw[m], strlen(q->raw[m]),
		    kp->amount_owners, kp->namount_owners)) {
			*a = i;
			return -1;
		}
	/* "three months of job hunting so far": a past told, no duration
	 * to come (match_amount_past) */
	if (match_amount_past(kp, q, i, end)) {
		*a = i;
		return -1;
	}
	/* "we release every 2 weeks", "we ship every 16ms": a word of
	 * amount_periods right before it makes it a period that recurs,
	 * no timeline or latency budget; only an amount with leads or
	 * trails that count for it still reads ("the render loop has to
	 * tick every 16ms": a tick's budget, kb_amount.trails) */
	period = i > 0 && !q->brk[i] && match_in_list(q->raw[i - 1],
	    strlen(q->raw[i - 1]), kp->amount_periods, kp->namount_periods);
	/* or right after it, ending its clause or before a word of
	 * period_nouns: "3 weeks per sprint", "2 weeks each"; "500us per
	 * request", "33ms per tick" stay a budget (round 49b, ng49) */
	if (!period && end < q->n && !q->brk[end] &&
	    match_in_list(q->raw[end], strlen(q->raw[end]),
	    kp->amount_periods, kp->namount_periods))
		period = end + 1 >= q->n || q->brk[end + 1] ||
		    match_in_list(q->raw[end + 1], strlen(q->raw[end + 1]),
		    kp->period_nouns, kp->nperiod_nouns);
	from = match_amount_bound(kp->amount_upper, kp->namount_upper, q, i);
	if (from < i)
		bound = -1;
	else if ((from = match_amount_bound(kp->amount_lower,
	    kp->namount_lower, q, i)) < i)
		bound = 1;
	*a = from;
	if (lo < 0 || hi < 0)	/* "-3 weeks": a minus, no duration */
		return -1;
	/* a unit before its number ("a team of 5": match_amount_unit_at()
	 * with no unit in the number and the unit ending at it) is part
	 * of the amount: the reach starts before it ("not a team of 5") */
	if (u[0] == '\0' && end == i + 1 && i >= 2 && i - 2 < from)
		from = i - 2;
	for (m = from; m-- > 0 && from - m <= UNDERSTAND_AMOUNT_NEG &&
	    !q->brk[m + 1]; )
		if (q->negation[m])
			return -1;
	/* a clause opened by a negated subject ("nobody here", "no way":
	 * reading.team_subjects) negates its amount as it does a phrase
	 * (match_phrase), past UNDERSTAND_AMOUNT_NEG: "no way we are 40
	 * people" is no team size */
	if (match_negated_subject(kp, q, from))
		return -1;
	for (c = 0; c < qu->nchoices; c++)
		for (m = 0; m < qu->choices[c].namounts; m++) {
			const struct kb_amount *am = &qu->choices[c].amounts[m];

			if (period && am->nleads == 0 && am->ntrails == 0)
				continue;
			if (match_unit(am, unit) && match_amount_led(am, q, i) &&
			    match_amount_holds(am, lo, hi, bound))
				return (int)c;
		}
	return MATCH_AMOUNT_NONE;
}

/* Has a choice of qu amounts (kb_choice.amounts)?  Cost: one test a
 * choice, at most KB_MAX_CHOICES. */
static int
match_has_amounts(const struct kb_question *qu)
{
	size_t c;

	for (c = 0; c < qu->nchoices; c++)
		if (qu->choices[c].namounts > 0)
			return 1;
	return 0;
}

/*
 * match_amount_at() from the message's first word; but an amount read as
 * no choice ("three of us": a size, no answer) or as a choice that yields
 * ("it's just me, 1 dev") gives way to
 * a later amount read as one that does not ("three of us, all with 15+
 * years of c++": senior), as the choice's own words would.
 */
static int
match_amount(const struct kb_phrases *kp, const struct kb_question *qu,
    const struct kb_query *q, size_t *a, size_t *b)
{
	size_t a2, b2;
	int c, c2;

	/* a question none of whose choices has amounts reads no unit
	 * (match_amount_unit() of each word says no), so no amount: -2,
	 * what reading every word of q would say */
	if (!match_has_amounts(qu))
		return -2;
	c = match_amount_at(kp, qu, q, 0, a, b);
	/* an amount that holds no choice ("three of us": a size, no
	 * answer) gives way as one that yields does (rd51) */
	if ((c == MATCH_AMOUNT_NONE || (c >= 0 && qu->choices[c].yields)) &&
	    (c2 = match_amount_at(kp, qu, q, *b, &a2, &b2)) >= 0 &&
	    !qu->choices[c2].yields) {
		*a = a2;
		*b = b2;
		return c2;
	}
	return c;
}

/*
 * The choice of question qu that the amount in q reads ("and with 3
 * months?"; match_amount: the first amount decides, bounds and negations
 * counted), or -1: for a what-if that names its answer by an amount only.
 * *at gets the word where the amount's reach starts (its bound, if any),
 * so the caller can tell whose clause it is in.
 */
int
match_amount_choice(const struct kb_phrases *kp, const struct kb_question *qu,
    const struct kb_query *q, size_t *at)
{
	size_t a = 0, b;
	int c = match_amount(kp, qu, q, &a, &b);

	*at = a;
	return c >= 0 ? c : -1;
}

/*
 * Does q's first amount count for question qu by its unit yet fall in
 * no choice's range ("if we were 12 people": the team answers hold 1
 * and 20 or more)?  A what-if of such an amount names the question
 * without an answer (hy49b).  An amount set aside otherwise (a past
 * told, an owner's size, a negation, a period) counts too: each of them
 * still names the question.  Cost: match_amount().
 */
int
match_amount_between(const struct kb_phrases *kp,
    const struct kb_question *qu, const struct kb_query *q)
{
	size_t a, b;

	int c = match_amount(kp, qu, q, &a, &b);

	return c == -1 || c == MATCH_AMOUNT_NONE;
}

/*
 * Does q's first amount stand plainly for question qu, by its unit and
 * reach, while no choice's range holds its value ("there's three of us":
 * the team answers hold 1 and 20 or more)?  Unlike
 * match_amount_between(), an amount set aside (negated, past, an
 * owner's size) does not count: it says nothing of the user now.  Cost:
 * match_amount().
 */
int
match_amount_unheld(const struct kb_phrases *kp,
    const struct kb_question *qu, const struct kb_query *q)
{
	size_t a, b;

	return match_amount(kp, qu, q, &a, &b) == MATCH_AMOUNT_NONE;
}

/*
 * The choice of question qu one of whose phrases q says negated ("not
 * into web stuff at all"), the longest phrase winning, or -1; a phrase set
 * aside ("rather X than Y") is not one.
 */
int
match_negated_choice(const struct kb_phrases *kp,
    const struct kb_question *qu, const struct kb_query *q)
{
	uint64_t has[KB_PHRASE_BITS / 64];
	size_t c, m, a, b;
	int n, best = 0, found = -1;

	match_bits(q, has);
	for (c = 0; c < qu->nchoices; c++)
		for (m = 0; m < qu->choices[c].nmatch; m++) {
			const struct kb_phrase *ph = &qu->choices[c].match[m];

			if (match_lacks(ph, has))
				continue;
			a = b = 0;
			n = match_phrase(kp, q, ph, &a, &b);
			if (n < 0 && -n > best && !match_set_aside(q, a)) {
				best = -n;
				found = (int)c;
			}
		}
	return found;
}

/*
 * Is the phrase at word s of q the object of a verb of phrases.reading.
 * possession_verbs ("have", "got") within UNDERSTAND_NEG_REACH words
 * before it, in its clause?  A negation over such a verb says what is
 * named is lacking ("we don't have weeks", "no way we have 3 weeks":
 * less time than that), not that the opposite choice holds, so the
 * negated phrase selects no "negated" choice.  Only for a question
 * measured by amounts (kb_choice.amounts: a quantity lacking is less of
 * it); "we don't have any c++ code" still says its opposite.  Cost: at most
 * UNDERSTAND_NEG_REACH list lookups.
 */
static int
match_possessed(const struct kb_phrases *kp, const struct kb_query *q,
    size_t s)
{
	size_t k = s;

	if (kp->npossession_verbs == 0)
		return 0;
	while (k > 0 && s - k < UNDERSTAND_NEG_REACH && !q->brk[k]) {
		k--;
		if (q->negation[k])
			return 0;
		if (match_in_list(q->raw[k], strlen(q->raw[k]),
		    kp->possession_verbs, kp->npossession_verbs))
			return 1;
	}
	return 0;
}

/*
 * Is choice c of qu what another choice's topic means said negated (its
 * "negated" with "negated_topics": "relaxed" of a latency that doesn't
 * matter)?  Its phrases name what is tolerated.
 */
static int
match_tolerant(const struct kb_question *qu, size_t c)
{
	size_t k;

	for (k = 0; k < qu->nchoices; k++)
		if (k != c && qu->choices[k].negated_index == (int)c &&
		    qu->choices[k].nnegated_topics > 0)
			return 1;
	return 0;
}

/* How many plain occurrences of one phrase match_said_negated() passes
 * over to find a negated one. */
#define MATCH_NEG_LOOKS	4

/*
 * Is a phrase of choice ch said negated somewhere in q, though it may be
 * said plainly too ("ignore the java part ... any java now")?
 * match_phrase() reports a phrase's first plain occurrence; those are
 * blanked in a copy of q, one at a time, to see what follows.  Used
 * only when two choices of a question are said (rare): the copy is
 * large.
 */
static int
match_said_negated(const struct kb_phrases *kp, const struct kb_choice *ch,
    const struct kb_query *q)
{
	static struct kb_query w;	/* large; the engine is one thread */
	size_t m, i, a, b, looks;
	int n;

	for (m = 0; m < ch->nmatch; m++) {
		w = *q;
		for (looks = 0; looks < MATCH_NEG_LOOKS; looks++) {
			a = b = 0;
			n = match_phrase(kp, &w, &ch->match[m], &a, &b);
			if (n < 0 && !match_set_aside(&w, a))
				return 1;
			if (n <= 0)
				break;
			for (i = a; i < b && i < w.n; i++) {
				w.term[i] = NULL;
				w.raw[i][0] = '\0';
			}
		}
	}
	return 0;
}

/* Is the key bit of phrase p set in has (match_bits())? */
#define MATCH_KEY_HAS(has, p)	(((has)[(p)->key / 64] >> ((p)->key % 64)) & 1)

/*
 * The first of choice ch's phrases from m on, in match_choice()'s order
 * (its match, then its roles, then its negated_topics: nm of them, or 0
 * when its key says none occurs), whose key bit has holds, or nm.  The
 * phrases it passes over are those match_choice() would turn away on
 * their key bit; one tight loop per array instead of working out each
 * phrase's place first.  Cost: at most nm - m bit tests.
 */
static size_t
match_next_keyed(const struct kb_choice *ch, size_t m, size_t nm,
    const uint64_t *has)
{
	size_t e1 = ch->nmatch, e2 = ch->nmatch + ch->nroles;

	for (; m < nm && m < e1; m++)
		if (MATCH_KEY_HAS(has, &ch->match[m]))
			return m;
	for (; m < nm && m < e2; m++)
		if (MATCH_KEY_HAS(has, &ch->roles[m - e1]))
			return m;
	for (; m < nm; m++)
		if (MATCH_KEY_HAS(has, &ch->negated_topics[m - e2]))
			return m;
	return nm;
}

/*
 * match_topic_said() of each of the nq questions qs (nq at most
 * KB_MAX_QUESTIONS, 32) for one message q, as bit qi of the result.  The
 * bits of q's words (match_bits()) are read once for them all, and a
 * phrase is read only when they may hold it (its choice's key, its own
 * key bit, its need bits: what match_choice() tests first), since a
 * phrase without them does not occur in q (match_phrase() says 0).
 * Cost: one match_bits(), then bit tests a phrase, match_phrase() only
 * for the phrases that pass them.
 */
uint32_t
match_topics_said(const struct kb_phrases *kp, const struct kb_question *qs,
    size_t nq, const struct kb_query *q)
{
	uint64_t has[KB_PHRASE_BITS / 64];
	uint32_t said = 0;
	size_t qi, c, m, a, b;

	match_bits(q, has);
	for (qi = 0; qi < nq && qi < KB_MAX_QUESTIONS; qi++)
		for (c = 0; c < qs[qi].nchoices && !(said >> qi & 1); c++) {
			const struct kb_choice *ch = &qs[qi].choices[c];

			if (ch->nnegated_topics == 0 ||
			    !match_keyed(ch->key, has))
				continue;
			for (m = 0; m < ch->nnegated_topics; m++) {
				const struct kb_phrase *p =
				    &ch->negated_topics[m];

				if (!MATCH_KEY_HAS(has, p) ||
				    match_lacks(p, has))
					continue;
				if (match_phrase(kp, q, p, &a, &b) != 0) {
					said |= (uint32_t)1 << qi;
					break;
				}
			}
		}
	return said;
}

/*
 * Word k of q as the user wrote it, its length in *n: a word the typo
 * reader changed ("later" read as the claims' "layer") is found in
 * q->fixes ("later->layer"), at most KB_MAX_FIXES of them; else q->raw[k].
 */
static const char *
match_as_written(const struct kb_query *q, size_t k, size_t *n)
{
	size_t f, rl = strlen(q->raw[k]);

	*n = rl;
	for (f = 0; q->corrected[k] && f < q->nfixes && f < KB_MAX_FIXES;
	    f++) {
		const char *fx = q->fixes[f], *arrow = strstr(fx, "->");

		if (arrow != NULL && strcmp(arrow + 2, q->raw[k]) == 0) {
			*n = (size_t)(arrow - fx);
			return fx;
		}
	}
	return q->raw[k];
}

/*
 * Does a phrase of reading.later_refs ("later", "down the road") start at
 * word k of q, in its clause, each word as written (match_as_written)?
 * Cost: the words of each entry, at most nlater_refs entries.
 */
static int
match_later_at(const struct kb_phrases *kp, const struct kb_query *q,
    size_t k)
{
	size_t e, j, n, wl;

	for (e = 0; e < kp->nlater_refs; e++) {
		const char *p = kp->later_refs[e];
		int ok = 1;

		for (j = k; ok && *p != '\0'; j++) {
			const char *w;

			if (j >= q->n || (j > k && q->brk[j])) {
				ok = 0;
				break;
			}
			w = match_as_written(q, j, &n);
			wl = strcspn(p, " ");
			ok = wl == n && strncmp(w, p, n) == 0;
			p += wl + (p[wl] == ' ');
		}
		if (ok)
			return 1;
	}
	return 0;
}

/*
 * Is the phrase at words [a, b) of q a vague someday: a word of
 * reading.hedges at most UNDERSTAND_AMOUNT_NEG words before it and one of
 * reading.later_refs in its clause ("maybe get a job later", "might look
 * for a job with it someday")?  For a firm question (kb_question.firm).
 * Cost: the words of one clause, bounded by q->n.
 */
static int
match_hedged(const struct kb_phrases *kp, const struct kb_query *q,
    size_t a, size_t b)
{
	size_t k, from;
	int hedged = 0;

	for (k = a; k-- > 0 && a - k <= UNDERSTAND_AMOUNT_NEG &&
	    !q->brk[k + 1] && !hedged; )
		hedged = match_in_list(q->raw[k], strlen(q->raw[k]),
		    kp->hedges, kp->nhedges);
	if (!hedged)
		return 0;
	for (from = a; from > 0 && !q->brk[from]; from--)
		;
	for (k = from; k < q->n && (k <= a || !q->brk[k]); k++)
		if ((k < a || k >= b) && match_later_at(kp, q, k))
			return 1;
	return 0;
}

/* A phrase of choice c, n words long, found at words [a, b) of q;
 * refused: a topic said refused or harmful ("GC pauses would kill us") */
struct match_hit {
	size_t	c, n, a, b;
	int	refused;
};

/*
 * Score each choice of question qu against q: the longest phrase of the
 * choice that matches.  Returns the best choice, or -1; *tie is set when
 * two choices score the same.  With span, and no choice, but a phrase
 * said negated that selects none (a choice without "negated"), *score is
 * minus its length and span its words.
 */
int
match_choice(const struct kb_phrases *kp, const struct kb_question *qu,
    const struct kb_query *q, int *score, int *tie, int *second,
    size_t *span)
{
	int sc[KB_MAX_CHOICES], best = -1, best_score = 0, alt = -1;
	int neg[KB_MAX_CHOICES];
	size_t c, m, g, h, nh, from[KB_MAX_CHOICES], to[KB_MAX_CHOICES];
	size_t nfrom[KB_MAX_CHOICES], nto[KB_MAX_CHOICES];
	struct match_hit hit[UNDERSTAND_MAX_HITS];
	unsigned char fronted[UNDERSTAND_MAX_HITS];
	int fronting = kp->nfronts > 0 || kp->npasses_through > 0;
	uint64_t has[KB_PHRASE_BITS / 64];

	*tie = 0;
	match_bits(q, has);
	/* every phrase that matches, once (the containment test reads them) */
	nh = 0;
	for (c = 0; c < qu->nchoices; c++) {
		from[c] = to[c] = nfrom[c] = nto[c] = 0;
		neg[c] = 0;
		const struct kb_choice *ch = &qu->choices[c];
		/* none of its phrases in q: each would be passed below */
		size_t nm = match_keyed(ch->key, has) ? ch->nmatch +
		    ch->nroles + ch->nnegated_topics : 0;
		size_t na = match_keyed(ch->avoid_key, has) ? ch->navoids : 0;

		for (m = match_next_keyed(ch, 0, nm, has); m < nm;
		    m = match_next_keyed(ch, m + 1, nm, has)) {
			size_t a = 0, b = 0;
			int n, refused;
			const struct kb_phrase *p = m < ch->nmatch ?
			    &ch->match[m] : m < ch->nmatch + ch->nroles ?
			    &ch->roles[m - ch->nmatch] : &ch->negated_topics[m -
			    ch->nmatch - ch->nroles];

			/* a phrase whose words q lacks: 0, no hit, as read
			 * (its key bit first, one test) */
			if (!(has[p->key / 64] >> (p->key % 64) & 1) ||
			    match_lacks(p, has))
				continue;
			if (m < ch->nmatch)
				n = match_phrase(kp, q, &ch->match[m], &a, &b);
			else if (m < ch->nmatch + ch->nroles)
				n = match_role(kp, q, &ch->roles[m -
				    ch->nmatch], &a, &b);
			else	/* a topic counts negated only */
				n = match_phrase(kp, q, &ch->negated_topics[m -
				    ch->nmatch - ch->nroles], &a, &b);
			if (m < ch->nmatch && match_date_point(kp, q, a, n))
				n = 0;	/* "next month": when, not how long */
			if (n > 0 && qu->firm && match_hedged(kp, q, a, b))
				n = 0;	/* "maybe a job later": no priority */
			/* "a pause of a few milliseconds would be noticed",
			 * "not even a few ms": what the tolerant choice
			 * names, called harmful or the least refused, is no
			 * tolerance */
			if (m < ch->nmatch && n > 0 && match_tolerant(qu, c) &&
			    (match_harmed(kp, q, a, b) || match_least(kp, q, a,
			    b)))
				n = 0;
			refused = m >= ch->nmatch + ch->nroles && ((n < 0 &&
			    match_refused(kp, q, a)) || (n > 0 &&
			    match_harmed(kp, q, a, b)));
			if (refused && n < 0)	/* wanted none of: the choice */
				n = -n;
			if (n < 0 && match_set_aside(q, a))
				n = 0;	/* "rather X than Y": Y is no answer */
			if (n < 0 && -n > neg[c]) {
				neg[c] = -n;
				nfrom[c] = a;
				nto[c] = b;
			}
			if (n <= 0 || nh == UNDERSTAND_MAX_HITS ||
			    (m >= ch->nmatch + ch->nroles && !refused))
				continue;
			hit[nh++] = (struct match_hit){ c, (size_t)n, a, b,
			    refused };
		}
		/* what the user wants none of selects it ("I never want to
		 * deal with pointers", "pointers are painful"); said
		 * plainly it selects nothing, negated or not */
		for (m = 0; m < na && nh < UNDERSTAND_MAX_HITS; m++) {
			size_t a = 0, b = 0;
			int n;

			if (match_lacks(&ch->avoids[m], has))
				continue;
			n = match_phrase(kp, q, &ch->avoids[m], &a, &b);
			if ((n < 0 && !match_set_aside(q, a)) ||
			    (n > 0 && match_harmed(kp, q, a, b)))
				hit[nh++] = (struct match_hit){ c,
				    (size_t)(n < 0 ? -n : n), a, b, 0 };
		}
	}
	/* the first amount ("in two months") is a phrase of the choice
	 * holding it, unless a harm word calls it unacceptable ("even 5 ms
	 * would kill us"); its words say nothing else ("6 months" in "less
	 * than 6 months"), whatever it reads (match_amount).  An amount the
	 * tolerant choice holds gives way to a topic refused elsewhere in
	 * the message ("p99 is 16ms, GC pauses would kill us"): the user's
	 * explicit word on the topic outweighs a figure read by its size */
	if (nh < UNDERSTAND_MAX_HITS) {
		size_t a = 0, b = 0, k = 0;
		int ac = match_amount(kp, qu, q, &a, &b), outweighed = 0;

		if (ac == MATCH_AMOUNT_NONE)	/* as before it had a name */
			ac = -1;
		for (h = 0; ac > -2 && h < nh; h++)
			if (hit[h].a < a || hit[h].b > b) {
				outweighed |= ac >= 0 && hit[h].refused &&
				    hit[h].c != (size_t)ac;
				/* a word of another choice said of the same
				 * thing ("a team of 60, mostly veterans") says
				 * what it is; a head count only how big (nu50).
				 * Apart from the amount's words: "0.2 ms at
				 * p99" is the figure, not a phrase of its own */
				outweighed |= 2 * (ac >= 0 && !hit[h].refused &&
				    hit[h].c != (size_t)ac &&
				    (hit[h].b <= a || hit[h].a >= b));
				hit[k++] = hit[h];
			}
		if (ac > -2)
			nh = k;
		if ((outweighed & 1) && !match_tolerant(qu, (size_t)ac))
			outweighed &= ~1;
		if (ac >= 0 && !outweighed && !match_harmed(kp, q, a, b) &&
		    !match_refused(kp, q, a) && !(match_tolerant(qu,
		    (size_t)ac) && match_least(kp, q, a, b)))
			hit[nh++] = (struct match_hit){ (size_t)ac,
			    b - a < 2 ? 2 : b - a, a, b, 0 };
	}
	/*
	 * Words in front of which the thing built sits ("the proxy in front
	 * of our services") or that pass through it ("every service's
	 * packets go through it") are what it serves: when another choice is
	 * said otherwise, they answer nothing (match_fronted, match_passed).
	 */
	for (h = 0; fronting && h < nh; h++) {
		size_t k, at = match_passed(kp, q, hit[h].b);

		fronted[h] = match_fronted(kp, q, hit[h].a);
		for (k = 0; at > 0 && k < nh; k++)
			if (hit[k].c != hit[h].c && hit[k].a >= hit[h].b &&
			    hit[k].b <= at)
				at = 0;
		fronted[h] |= at > 0;
	}
	for (h = 0; fronting && h < nh; h++) {
		size_t k;

		for (k = 0; k < nh && fronted[h] == 1; k++)
			if (hit[k].c != hit[h].c && !fronted[k])
				fronted[h] = 2;
	}
	for (c = 0; c < qu->nchoices; c++) {
		int len = 0, hits = 0;

		/*
		 * The longest phrase decides; the number of phrases that
		 * match breaks ties ("internal command line tools" for a
		 * "platform engineering team" is about tools).  Words say
		 * one thing: a phrase inside a longer one of another choice
		 * ("runtime" in "controller runtime") is that phrase's word.
		 */
		for (h = 0; h < nh; h++) {
			size_t k;
			int inside = 0;

			if (hit[h].c != c || (fronting && fronted[h] == 2))
				continue;
			for (k = 0; k < nh && !inside; k++)
				if (hit[k].c != c && hit[k].n > hit[h].n &&
				    hit[k].a <= hit[h].a && hit[h].b <= hit[k].b)
					inside = 1;
			if (inside)
				continue;
			hits++;
			if ((int)hit[h].n > len) {
				len = (int)hit[h].n;
				from[c] = hit[h].a;
				to[c] = hit[h].b;
			}
		}
		sc[c] = len * 16 + (hits < 16 ? hits : 15);
		if (len == 0)
			sc[c] = 0;
	}
	/*
	 * A choice that yields (choices[].yields: "choosing what to learn")
	 * is read only when no other choice of its question is named: "we
	 * write firmware and need a new language" is about firmware.
	 */
	for (c = 0; c < qu->nchoices; c++) {
		size_t o;

		if (!qu->choices[c].yields || sc[c] == 0)
			continue;
		for (o = 0; o < qu->nchoices; o++)
			if (o != c && sc[o] > 0 && !qu->choices[o].yields) {
				sc[c] = 0;
				break;
			}
	}
	/*
	 * A choice said both negated and plainly is the old answer spoken
	 * of ("ignore the java part, i moved to typescript and barely
	 * remember any java") when another choice is said plainly and
	 * never negated: that one is the answer, the first scores nothing.
	 */
	for (c = 0, g = 0; c < qu->nchoices; c++)
		g += sc[c] > 0;
	for (c = 0; g > 1 && c < qu->nchoices; c++) {
		size_t o;

		if (sc[c] == 0 || !match_said_negated(kp, &qu->choices[c], q))
			continue;
		for (o = 0; o < qu->nchoices; o++)
			if (o != c && sc[o] > 0 &&
			    !match_said_negated(kp, &qu->choices[o], q))
				break;
		if (o < qu->nchoices)
			sc[c] = 0;
	}
	/*
	 * A negated phrase selects the choice its own choice names for that
	 * ("negated" in the KB: "not on kubernetes" is "no"), unless the
	 * words say that choice more strongly themselves, or say another
	 * choice plainly: "I don't care about the top of the pay scale, I
	 * want job openings" is the market, not "not a factor".
	 */
	for (c = 0; c < qu->nchoices; c++) {
		int t = qu->choices[c].negated_index;
		size_t o;

		if (neg[c] == 0 || t < 0 || sc[t] >= neg[c] * 16 + 1 ||
		    (match_has_amounts(qu) && match_possessed(kp, q,
		    nfrom[c])))
			continue;
		for (o = 0; o < qu->nchoices; o++)
			if (o != c && (int)o != t && sc[o] > 0)
				break;
		if (o < qu->nchoices)
			continue;
		sc[t] = neg[c] * 16 + 1;
		from[t] = nfrom[c];
		to[t] = nto[c];
	}
	/*
	 * A choice that combines others wins when all of them are there, said
	 * in separate words ("performance-critical dev tooling" is one thing,
	 * not tooling plus performance), and none is said to be the only one
	 * (match_exclusive): that one wins instead.
	 */
	for (c = 0; c < qu->nchoices; c++) {
		size_t used_from[KB_MAX_COMBINES], used_to[KB_MAX_COMBINES], u;
		int sum = 0, only = -1;

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
			if (kp->nexclusives > 0 && match_exclusive(kp, q,
			    from[bm]))
				only = (int)bm;
		}
		if (qu->choices[c].ncombines == 0 ||
		    g < qu->choices[c].ncombines || sum <= sc[c])
			continue;
		if (only >= 0)		/* the only one: it alone, as strongly */
			sc[only] = sum;
		else
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
	if (span != NULL && best >= 0) {
		span[0] = from[best];
		span[1] = to[best];
	} else if (span != NULL) {
		/* no choice, but words of one said negated ("memory layout
		 * doesn't matter"): where, as minus their length */
		for (c = 0; c < qu->nchoices; c++)
			if (neg[c] > -*score) {
				*score = -neg[c];
				span[0] = nfrom[c];
				span[1] = nto[c];
			}
	}
	return best;
}

/*
 * Does a phrase of two or more words of a choice of question qu occur
 * in q, not negated, with a word marked in mark[] (q->n entries) among
 * the words it spans?  A command word inside a choice's own phrase
 * ("choosing" of "choosing what to learn") is a word of what the user
 * describes, not a request (dialogue_understand.c).  Cost: one
 * match_phrase() per phrase of the question's choices.
 */
int
match_phrase_spans(const struct kb_phrases *kp, const struct kb_question *qu,
    const struct kb_query *q, const unsigned char *mark)
{
	size_t c, m, a, b, i;

	for (c = 0; c < qu->nchoices; c++)
		for (m = 0; m < qu->choices[c].nmatch; m++) {
			if (qu->choices[c].match[m].ntok < 2)
				continue;
			a = b = 0;
			if (match_phrase(kp, q, &qu->choices[c].match[m], &a,
			    &b) <= 0)
				continue;
			for (i = a; i < b && i < q->n; i++)
				if (mark[i])
					return 1;
		}
	return 0;
}

/*
 * Mark in covered[] (q->n entries, set to 1) the words of q that belong
 * to a phrase of choice c of question qu occurring not negated, wherever
 * they are: what of the message merely names that choice ("embedded
 * firmware" both, "proxies, proxies").
 */
void
match_cover(const struct kb_phrases *kp, const struct kb_question *qu,
    int c, const struct kb_query *q, unsigned char *covered)
{
	const struct kb_phrase *ph;
	size_t m, a, b, i, j;

	for (m = 0; m < qu->choices[c].nmatch + qu->choices[c].nroles; m++) {
		a = b = 0;
		if (m < qu->choices[c].nmatch) {
			ph = &qu->choices[c].match[m];
			if (match_phrase(kp, q, ph, &a, &b) <= 0)
				continue;
		} else {
			ph = &qu->choices[c].roles[m - qu->choices[c].nmatch];
			if (match_role(kp, q, ph, &a, &b) <= 0)
				continue;
		}
		for (i = 0; i < q->n; i++)
			for (j = 0; j < ph->ntok && !covered[i]; j++)
				covered[i] = match_eq(q, i, ph->tok[j]);
	}
}

/*
 * Does q say one of choice ch's "parts" phrases (a part of the work it
 * names: "game server")?  Bounded by the choice's phrases.
 */
int
match_part_said(const struct kb_phrases *kp, const struct kb_choice *ch,
    const struct kb_query *q)
{
	size_t m, a, b;

	for (m = 0; m < ch->nparts; m++) {
		a = b = 0;
		if (match_phrase(kp, q, &ch->parts[m], &a, &b) > 0)
			return 1;
	}
	return 0;
}

/* Does choice ch hold a match phrase of exactly ph's terms? */
static int
match_same_phrase(const struct kb_choice *ch, const struct kb_phrase *ph)
{
	size_t m, t;

	for (m = 0; m < ch->nmatch; m++) {
		if (ch->match[m].ntok != ph->ntok)
			continue;
		for (t = 0; t < ph->ntok && strcmp(ch->match[m].tok[t],
		    ph->tok[t]) == 0; t++)
			;
		if (t == ph->ntok)
			return 1;
	}
	return 0;
}

/*
 * match_cover() for choice c of question qu, but only its match phrases
 * of two terms or more that no choice of question pq in mask has too,
 * each over the words it spans: the words a longer phrase of another
 * question owns ("cpp services" is memory_safety's), not those a phrase
 * both questions hold ("go microservices": a Go background and APIs).
 */
void
match_cover_own(const struct kb_phrases *kp, const struct kb_question *qu,
    int c, const struct kb_question *pq, uint32_t mask,
    const struct kb_query *q, unsigned char *covered)
{
	const struct kb_phrase *ph;
	size_t m, a, b, i, k;

	for (m = 0; m < qu->choices[c].nmatch; m++) {
		ph = &qu->choices[c].match[m];
		if (ph->ntok < 2)
			continue;
		for (k = 0; k < pq->nchoices; k++)
			if ((mask & (1u << k)) &&
			    match_same_phrase(&pq->choices[k], ph))
				break;
		if (k < pq->nchoices)
			continue;
		a = b = 0;
		if (match_phrase(kp, q, ph, &a, &b) <= 0)
			continue;
		for (i = a; i < b && i < q->n; i++)
			covered[i] = 1;
	}
}

/*
 * Was choice c of question qu read by a role spanning exactly jspan of q
 * with the words [span[0], span[1]) in its gap, none of them a word of
 * the role?  A role's words may lie apart ("hacking on C++ for twenty
 * years"); what is said between them ("C++") is no part of the role, so
 * it may still answer another question.
 */
int
match_role_gap(const struct kb_phrases *kp, const struct kb_question *qu,
    int c, const struct kb_query *q, const size_t *jspan, const size_t *span)
{
	const struct kb_phrase *ph;
	size_t m, a, b, i, j;

	for (m = 0; m < qu->choices[c].nroles; m++) {
		ph = &qu->choices[c].roles[m];
		a = b = 0;
		if (match_role(kp, q, ph, &a, &b) <= 0 || a != jspan[0] ||
		    b != jspan[1])
			continue;
		for (i = span[0]; i < span[1] && i < q->n; i++)
			for (j = 0; j < ph->ntok; j++)
				if (match_eq(q, i, ph->tok[j]))
					return 0;
		return 1;
	}
	return 0;
}
