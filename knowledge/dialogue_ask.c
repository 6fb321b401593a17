/* SPDX-License-Identifier: ISC */
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
 *   instead; one whose words are all unknown to the article ("what about
 *   in europe?") asks the whole last question again, narrowed by them.
 *   The start's own words are left out ("same" of "same for go?"), and
 *   a follow-up of a question for a number asks for one too.  One with a
 *   topic of its own that the article answers better alone ("and go's
 *   tiobe rank?" after a salary question) is a question of its own.
 *   A question naming no subject that the article does not answer alone
 *   ("so the database is usually the culprit?") is elliptical: it asks
 *   the last question again with its words, when the claim found holds
 *   at least ASK_ELLIPSIS_OWN of them.  The last question lives in
 *   struct dlg (d->frame, fixed size), so a replay of the same
 *   inputs reads the same follow-ups.
 * - A question for instances ("which companies ...":
 *   phrases.reading.instance_words, then a topic label's first word)
 *   cites the claims of that topic first.  One of an intent class that
 *   lists ("who runs rust in prod?": lexicon intents "lists") cites only
 *   claims that answer that class, each naming someone new (ask_list()).
 * - A comparison ("which is faster, rust or go", "rust vs go hiring":
 *   two subjects named, or a word of phrases.reading.comparison_words)
 *   leads with the verdict of the comparison table's row on it, when the
 *   row's claim is among the best hits; the row's claim is then cited
 *   first.  One naming two subjects whose best claim is on neither
 *   alone leads with each one's figure (ask_figure_pair()), and a later
 *   part of the question comes after both (ask_part_led()).
 *
 * - A question for a count ("how many developers use it?": a start of
 *   phrases.reading.count_starts) prefers the claims with a figure
 *   counted in a unit the question names (developers), as long as they
 *   hold at least half of the question's content.
 *
 * - A question for a figure ("rust's admiration number": a word of
 *   phrases.reading.figure_words) is searched without that word, which
 *   says what kind of answer is wanted, not what it is about, and
 *   prefers the claims that carry a figure.  A question for a count or
 *   a figure is answered with that figure first (a->lead_figure: "In
 *   short, for Rust: 2.26-2.8 million developers (developers
 *   worldwide)."); when no claim near the best one carries a figure,
 *   the answer says the article gives no number (a->no_figure), so that
 *   "how many goroutines can go run?" does not read as answered.

 * - A question the article answers but for one or two words it never
 *   uses ("how much do go devs earn in india") is answered from the rest,
 *   saying what the article has nothing on (a->missing), when those
 *   words only narrow the question (they follow a word of
 *   phrases.reading.scope_words: "in india", "at google"), the rest names
 *   at least two things the article knows besides the subjects, or one
 *   that few claims use (IDF at least ASK_SCOPE_IDF: "golang pay in
 *   berlin"; "rust devs in london" is too little to tell what is asked),
 *   and the best claim holds all of them.  The words are shown as the
 *   user wrote them.  A number narrows wherever it stands ("round 24"),
 *   and a covered answer whose best claim lacks such a word the article
 *   does know ("when is rustconf 2026?" answered with RustConf 2025)
 *   says so too.  "What is Rust's mascot?" stays declined:
 *   its unknown word is what it asks about.
 *
 * - A clause the user sets aside ("not asking about pay, which one has
 *   more open positions?") is left out of the search (ask_set_aside()).
 * - "How long did X take?" (phrases.reading.duration_starts) is answered
 *   only by a duration (duration_units), else "no number"; a date
 *   (point_units) never leads a count; a question for the present
 *   ("the current go version": present_words) that finds only an undated
 *   point is declined (ask_not_now()).
 * - A rare word right before a subject and a noun ("junior go devs")
 *   narrows like a scoped one: the answer says the article lacks it.
 * - A question for a figure (a count, a duration, a figure word) that is
 *   not covered as asked is read for qualifiers (ask_qualified()): a
 *   word of phrases.reading.scope_words or figure_scope_words, any
 *   stopwords, then up to ASK_PHRASE_WORDS other words ("on a raspberry
 *   pi", "with zero coding experience").  They say whose or where the
 *   figure is, not what it is: the rest is searched, and when its best
 *   claim holds all of it (one known word besides the subjects is
 *   enough: the question already says it wants a figure) and lacks each
 *   qualifier, that claim answers and the qualifiers go to a->missing,
 *   as the user wrote them.  A yes-no question ("does rust run on a
 *   raspberry pi?") asks about its place or platform, and stays
 *   declined; so does a question whose unknown word is in no qualifier.
 *   In any question, one or two words before a subject's name and a
 *   noun ("entry level go devs") qualify it too, when one of them is a
 *   word no claim uses and the rest is asked as ask_missing() requires.
 *
 * - A covered question's part the article never says, after an opener
 *   ("on a raspberry pi", "what about office", "say which GPU vendors":
 *   phrases.reading.lack_openers), is named as missing
 *   (ask_lacked_parts()); so is a second part found only by such a word
 *   ("... and whats the budget for it?": ask_part_unsaid()), and a
 *   later part that asks for a thing by a word no claim uses ("..., and
 *   what gpus power it?"), read as a follow-up or not; a question
 *   declined whole for such a part is answered by the parts the article
 *   covers (ask_parts_unnamed()).  A claim
 *   that shares only the subjects and common words with the question
 *   does not answer it (ask_weak_overlap(), ask_uncompared(): "who
 *   created rust originally?", "is python faster than go?"), and an
 *   exact figure asked (phrases.reading.exact_words) of one the article
 *   gives only roughly gets no figure.
 * - A question for a thing the article never gives is declined, not
 *   answered by a claim that shares its frame: a how-to whose object no
 *   claim says ("how would i implement a tokenizer in go":
 *   ask_unsaid_object()), a resource, credential or price of
 *   phrases.reading.outside_words the answer lacks ("a rust book", "my
 *   cv": ask_outside_asked()), a name no claim uses in a question that
 *   names no subject and shares only frame words with its answer ("what
 *   language did they use to build figma": ask_unsaid_carries()).
 * - A message of one question framed by sentences of another kind (who
 *   asks, a remark heard, how the answer should read: ask_framed()) is
 *   decided by its question sentence: declined whole, it is answered by
 *   that sentence alone when the article covers it (ask_answer()).
 *
 * The readings are recorded in the answer (follow_up, lead_row, missing)
 * so that a renderer can say how the message was read.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "dialogue_int.h"

#define ASK_LEAD_COVER	0.5	/* a table row holds this share of the question */
#define ASK_LEAD_NEAR	0.8	/* ... and this share of what the best hit holds */
#define ASK_SCOPE_IDF	2.5	/* one known word narrowed is enough from this */
#define ASK_NARROW_KEEP	0.7	/* a best claim holding this share of the
				 * question and its narrowing words keeps
				 * answering: ask_partial() */
#define ASK_UNCOMPARED_DF 3	/* a topic no cited claim says, in at most
				 * this many claims: ask_uncompared_topic() */
#define ASK_NAME_DF	3	/* a scoped word in at most this many claims */
#define ASK_UNCOMPARED_DF 3	/* a topic no cited claim says, in at most
				 * this many claims: ask_uncompared_topic() */
#define ASK_ASIDE_STEM_MIN 3	/* letters before an aside ending */
#define ASK_FOCUS_DF	20	/* an entity of an amount question: at most */
#define ASK_OWNER_DF	10	/* whose count it is (ask_focus_label()) */
#define ASK_FOCUS_ANSWER	0	/* ask_focus_gate(): the claims answer */
#define ASK_FOCUS_DECLINE	1	/* ... they answer another question */
#define ASK_FOCUS_PARTIAL	2	/* ... they lack the focus: say so */
#define ASK_FOCUS_HELD		3	/* ... the first holds it and the
					 * question's entities */
#define ASK_FOCUS_PAIR		4	/* ask_focus_entities(): two held */
#define ASK_FOCUS_NONE		5	/* ... the question names none */
#define ASK_COUNTERPART_WORDS 8	/* words a counterpart may lack */
#define ASK_SCOPE_LAST	2	/* ask_scoped(): figure scope, last word only */
#define ASK_ELLIPSIS_OWN 0.5	/* an elliptical question's words found */
#define ASK_WEAK_COVER	0.5	/* ask_weak_overlap(): less than this held */
#define ASK_GENERIC_DF	15	/* a word in more claims frames, not names */

#define ASK_ANY		1	/* a question for any figure */
#define ASK_AMOUNT	2	/* ... for a count: not a date */
#define ASK_DURATION	3	/* ... for a duration ("how long") */

/* Does squashed text sq begin with one of list[0..n)? */
static int
ask_starts(const char *sq, const char *const *list, size_t n)
{
	size_t i, len;

	for (i = 0; i < n; i++) {
		/* most differ at the first byte ("" begins anything) */
		if (list[i][0] != sq[0] && list[i][0] != '\0')
			continue;
		if (text_begins(sq, list[i], &len) && (sq[len] == ' ' ||
		    sq[len] == '\0'))
			return 1;
	}
	return 0;
}

/*
 * Does squashed text sq begin with one of list[0..n) with "nt" after it
 * ("isnt", "wouldnt": a negated auxiliary as squashed)?
 */
static int
ask_starts_negated(const char *sq, const char *const *list, size_t n)
{
	size_t i, len;

	for (i = 0; i < n; i++) {
		len = strlen(list[i]);
		if (strncmp(sq, list[i], len) == 0 &&
		    strncmp(sq + len, "nt ", 3) == 0)
			return 1;
	}
	return 0;
}

#define ASK_LEAD_SKIP	4	/* words before a count's start */

/*
 * Does squashed text sq begin with one of list[0..n) (a count's or a
 * duration's start), at its start or after at most ASK_LEAD_SKIP words
 * that only lead into it: fillers ("ok"), exact_words ("exactly how
 * many"), clause breaks ("but"),
 * follow-up starts ("and") and subjects' names ("and rust, how long
 * until you're productive?", "ok but how many devs use it?")?
 */
static int
ask_starts_led(const struct kb *kb, const char *sq, const char *const *list,
    size_t n)
{
	const struct kb_phrases *ph = &kb->phrases;
	char w[TEXT_TOKEN_MAX];
	size_t k, len;
	unsigned s;
	int lead;

	for (k = 0; k <= ASK_LEAD_SKIP && *sq != '\0'; k++) {
		if (ask_starts(sq, list, n))
			return 1;
		len = text_word_len(sq);
		if (len >= sizeof(w))
			return 0;
		(void)memcpy(w, sq, len);
		w[len] = '\0';
		/* one word: what kb_listed_word() says of it, by one
		 * look-up of it rather than its memo of texts */
		lead = len > 0 && (kb_listed(ph, w, len) & (KB_LISTED_FILLER |
		    KB_LISTED_EXACT | KB_LISTED_BREAK | KB_LISTED_FOLLOW)) != 0;
		for (s = 0; !lead && s < kb->nsubjects; s++)
			lead = kb->subject_term[s] != NULL &&
			    strcmp(kb->subject_term[s], w) == 0;
		if (!lead || sq[len] == '\0')
			return 0;
		sq += len + 1;
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

/* Drop word i of q, the words after it moving up one. */
static void
ask_drop_word(struct kb_query *q, size_t i)
{
	for (; i + 1 < q->n; i++) {
		q->term[i] = q->term[i + 1];
		(void)memcpy(q->raw[i], q->raw[i + 1], sizeof(q->raw[i]));
		q->proper[i] = q->proper[i + 1];
		q->exact[i] = q->exact[i + 1];
		q->span[i] = q->span[i + 1];
		q->corrected[i] = q->corrected[i + 1];
		q->stop[i] = q->stop[i + 1];
		q->negation[i] = q->negation[i + 1];
		q->clause[i] = q->clause[i + 1];
		q->subject[i] = q->subject[i + 1];
		q->brk[i] = q->brk[i + 1];
	}
	q->n--;
}

/* Drop from q every term of the words of phrase. */
static void
ask_drop_phrase(const struct kb *kb, const char *phrase, struct kb_query *q)
{
	struct kb_query w;
	size_t i, j, k;

	kb_normalize(kb, phrase, strlen(phrase), 0, &w);
	for (j = 0; j < w.n; j++) {
		for (i = k = 0; i < q->n; i++) {
			if (strcmp(q->raw[i], w.raw[j]) == 0)
				continue;
			if (k != i) {
				q->term[k] = q->term[i];
				(void)memcpy(q->raw[k], q->raw[i],
				    sizeof(q->raw[k]));
				q->proper[k] = q->proper[i];
				q->exact[k] = q->exact[i];
				q->span[k] = q->span[i];
				q->corrected[k] = q->corrected[i];
				q->stop[k] = q->stop[i];
				q->negation[k] = q->negation[i];
				q->clause[k] = q->clause[i];
				q->subject[k] = q->subject[i];
			}
			k++;
		}
		q->n = k;
	}
}

/*
 * "how much ram would they use if we rewrote them in go?": a word of
 * phrases.reading.switch_verbs within ASK_SWITCH_GAP words after a word
 * of conditions in squashed text sq only says which language the
 * question supposes; the question asks what the rest of its words ask,
 * so the verb is dropped from q (a claim about some rewrite would
 * otherwise answer it: Microsoft's).  Kept when nothing but subjects
 * would be left ("what if we rewrote it in rust?" is the what-if).
 * Returns whether one was dropped.
 */
#define ASK_SWITCH_GAP	3
static int ask_in_list(const char *, size_t, const char *const *, size_t);

static int
ask_drop_supposed_switch(const struct kb *kb, const char *sq,
    struct kb_query *q)
{
	const struct kb_phrases *ph = &kb->phrases;
	static struct kb_query keep;	/* large; the engine is one thread */
	const char *p;
	char word[TEXT_TOKEN_MAX];
	size_t l, since = ASK_SWITCH_GAP + 1, nsubj, ncontent;
	unsigned subjects;
	int dropped = 0;

	if (ph->nconditions == 0 || ph->nswitch_verbs == 0)
		return 0;
	kb_query_copy(q, &keep);
	for (p = sq; *p != '\0'; p += l, p += text_space_len(p)) {
		l = text_word_len(p);
		if (ask_in_list(p, l, ph->conditions, ph->nconditions)) {
			since = 0;
			continue;
		}
		if (++since > ASK_SWITCH_GAP || l >= sizeof(word))
			continue;
		if (!ask_in_list(p, l, ph->switch_verbs, ph->nswitch_verbs))
			continue;
		(void)memcpy(word, p, l);
		word[l] = '\0';
		ask_drop_phrase(kb, word, q);
		dropped = 1;
	}
	ask_count(q, &nsubj, &ncontent, &subjects);
	if (dropped && ncontent == 0) {
		kb_query_copy(&keep, q);
		dropped = 0;
	}
	return dropped;
}

/* Is word w (as kb_normalize() writes it) a duration_units word? */
static int
ask_duration_unit(const struct kb *kb, const char *w)
{
	const struct kb_phrases *ph = &kb->phrases;
	struct kb_query u;
	size_t i;

	for (i = 0; i < ph->nduration_units; i++) {
		kb_normalize(kb, ph->duration_units[i],
		    strlen(ph->duration_units[i]), 0, &u);
		if (u.n == 1 && strcmp(u.raw[0], w) == 0)
			return 1;
	}
	return 0;
}

/*
 * When sq opens (as ask_starts_led() reads it) with a
 * phrases.reading.duration_starts phrase, drop from q the first of each
 * of that phrase's words that is no stopword and no duration_units word
 * ("weeks" of "how many weeks" is what the claims count in): "soon",
 * "quickly", "fast" of "how soon could i write go?" say that a time is
 * asked, not what it is the time of (a pace word the article uses
 * elsewhere, "ship quickly", or never, would steer or decline the
 * search).
 */
static void
ask_drop_duration_start(const struct kb *kb, const char *sq,
    struct kb_query *q)
{
	const struct kb_phrases *ph = &kb->phrases;
	const char *one[1];
	struct kb_query w;
	size_t i, j, p;

	/* most messages open with none: one pass over their leading
	 * words for the whole list, then the phrase found */
	if (!ask_starts_led(kb, sq, ph->duration_starts,
	    ph->nduration_starts))
		return;
	for (p = 0; p < ph->nduration_starts; p++) {
		one[0] = ph->duration_starts[p];
		if (ask_starts_led(kb, sq, one, 1))
			break;
	}
	if (p == ph->nduration_starts)
		return;
	kb_normalize(kb, one[0], strlen(one[0]), 0, &w);
	for (j = 0; j < w.n; j++) {
		if (w.stop[j] || ask_duration_unit(kb, w.raw[j]))
			continue;
		for (i = 0; i < q->n && i <= w.n + ASK_LEAD_SKIP; i++)
			if (strcmp(q->raw[i], w.raw[j]) == 0) {
				ask_drop_word(q, i);
				break;
			}
	}
}

/* figure words looked for in one pass; a longer list, one by one */
#define ASK_MAX_FIGURE_WORDS	64

/*
 * Drop from q the terms of the words of phrases.reading.figure_words
 * that squashed text sq says ("rust's admiration number": "number" asks
 * for a figure, it is not what the figure is about).  Returns whether
 * there were any.
 */
static int
ask_drop_figure_words(const struct kb *kb, const char *sq,
    struct kb_query *q)
{
	const struct kb_phrases *ph = &kb->phrases;
	unsigned char said[ASK_MAX_FIGURE_WORDS];
	const char *p, *fw;
	size_t f, len;
	int found = 0;

	if (ph->nfigure_words > ASK_MAX_FIGURE_WORDS) {
		for (f = 0; f < ph->nfigure_words; f++)
			if (text_has_word(sq, &ph->figure_words[f], 1)) {
				found = 1;
				ask_drop_phrase(kb, ph->figure_words[f], q);
			}
		return found;
	}
	/* which of them sq says, in one pass over its words (as
	 * text_has_word() reads them), then dropped in the list's order;
	 * a word none of them is (phrases.listed) is not looked for, nor
	 * a message with none (kb_listed_word(), split alike, its memo) */
	if (!kb_listed_word(ph, sq, KB_LISTED_FIGURE))
		return 0;
	memset(said, 0, sizeof(said));
	for (p = sq; *p != '\0'; ) {
		for (len = 0; p[len] != '\0' && p[len] != ' '; len++)
			;
		for (f = kb_listed(ph, p, len) & KB_LISTED_FIGURE ? 0 :
		    ph->nfigure_words; f < ph->nfigure_words; f++) {
			fw = ph->figure_words[f];
			if ((len == 0 || fw[0] == p[0]) &&
			    strncmp(p, fw, len) == 0 && fw[len] == '\0')
				said[f] = 1, found = 1;
		}
		p += len;
		while (*p == ' ')
			p++;
	}
	for (f = 0; f < ph->nfigure_words; f++)
		if (said[f])
			ask_drop_phrase(kb, ph->figure_words[f], q);
	return found;
}

/*
 * The longest follow-up start (phrases.reading.follow_up_starts) squashed
 * text sq begins with, as a whole word, its length in *len; -1 none.
 */
static int
ask_cue_at(const struct kb *kb, const char *sq, size_t *len)
{
	const struct kb_phrases *ph = &kb->phrases;
	size_t i, n, best = 0;
	int which = -1;

	for (i = 0; i < ph->nfollow_up_starts; i++) {
		if (text_begins(sq, ph->follow_up_starts[i], &n) &&
		    n > best && (sq[n] == ' ' || sq[n] == '\0')) {
			best = n;
			which = (int)i;
		}
	}
	*len = best;
	return which;
}

/*
 * Does squashed text sq begin with a follow-up start (phrases.reading.
 * follow_up_starts: "and what about rust?"), as a whole word?
 */
int
ask_follow_up_start(const struct kb *kb, const char *sq)
{
	size_t len;

	return ask_cue_at(kb, sq, &len) >= 0;
}

#define ASK_CUE_ONLY	3	/* words besides subjects of "for go, same
				 * question" */

/*
 * "for go same question", "rust, same question?": a subject named, and
 * every other word of q (at most ASK_CUE_ONLY) a word of a follow-up
 * start ("same", "question"), wherever it stands: the message states
 * the subject only, and those words are dropped from q.  Returns
 * whether it is so.
 */
static int
ask_cue_only(const struct kb *kb, struct kb_query *q)
{
	const struct kb_phrases *ph = &kb->phrases;
	size_t i, j, nsubj = 0, nother = 0;

	for (i = 0; i < q->n; i++)
		if (q->subject[i] >= 0)
			nsubj++;
		else
			nother++;
	if (nsubj == 0 || nother == 0 || nother > ASK_CUE_ONLY)
		return 0;
	/* the words as the list writes them: a word that stemming changes
	 * is no follow-up word (no normalizing per message) */
	for (i = 0; i < q->n; i++) {
		const char *word = q->raw[i];

		if (q->subject[i] >= 0)
			continue;
		/* a word of one of them: one lookup (KB_LISTED_FOLLOW_WORD
		 * holds each word as text_has_word() splits them) */
		if (!(kb_listed(ph, word, strlen(word)) &
		    KB_LISTED_FOLLOW_WORD))
			return 0;
	}
	for (i = j = 0; i < q->n; i++) {
		if (q->subject[i] < 0)
			continue;
		if (j != i) {
			q->term[j] = q->term[i];
			(void)memcpy(q->raw[j], q->raw[i], sizeof(q->raw[j]));
			q->proper[j] = q->proper[i];
			q->exact[j] = q->exact[i];
			q->span[j] = q->span[i];
			q->corrected[j] = q->corrected[i];
			q->stop[j] = q->stop[i];
			q->negation[j] = q->negation[i];
			q->clause[j] = q->clause[i];
			q->brk[j] = q->brk[i];
			q->subject[j] = q->subject[i];
		}
		j++;
	}
	q->n = j;
	return 1;
}

/*
 * Does squashed text sq begin with a follow-up's start (phrases.reading.
 * follow_up_starts)?  Its words are dropped from q: "same" in "same for
 * go?" or "question" in "same question for go" say that this is a
 * follow-up, not what it asks about.
 */
static int
ask_cue(const struct kb *kb, const char *sq, struct kb_query *q)
{
	const struct kb_phrases *ph = &kb->phrases;
	const struct kb_small_talk *t;
	const char *ack = NULL;
	size_t j, k, len, alen, best = 0;
	int which = ask_cue_at(kb, sq, &best);

	/* "fair enough. and for the us?", "right, and rust?": an
	 * acknowledgement (a whole small-talk phrase) before the start is
	 * no word of the question.  One that sq begins with, a word after
	 * it, has sq's first word for its own: only those are looked at
	 * (talk_first), in the order of the list; the entry of the first
	 * found is the last looked at */
	if (which < 0 && ph->talk_next != NULL) {
		int32_t c, of = -1;

		for (c = strmap_getn(&ph->talk_first, sq, text_word_len(sq));
		    c >= 0 && (of < 0 || ph->talk_of[c] == of);
		    c = ph->talk_next[c]) {
			int w;

			if (!text_begins(sq, ph->talk_says[c], &alen) ||
			    sq[alen] != ' ' ||
			    (w = ask_cue_at(kb, sq + alen + 1, &len)) < 0 ||
			    (ack != NULL && strlen(ack) >= alen))
				continue;
			ack = ph->talk_says[c];
			which = w;
			of = ph->talk_of[c];
		}
	} else
		for (k = 0; which < 0 && k < ph->nsmall_talk; k++) {
			t = &ph->small_talk[k];
			for (j = 0; j < t->nsays; j++) {
				int w;

				if (!text_begins(sq, t->says[j], &alen) ||
				    sq[alen] != ' ' ||
				    (w = ask_cue_at(kb, sq + alen + 1,
				    &len)) < 0 ||
				    (ack != NULL && strlen(ack) >= alen))
					continue;
				ack = t->says[j];
				which = w;
			}
		}
	if (which < 0)
		return ask_cue_only(kb, q);
	if (ack != NULL)
		ask_drop_phrase(kb, ack, q);
	ask_drop_phrase(kb, ph->follow_up_starts[which], q);
	/* "and go, same question?": what is left says only that */
	(void)ask_cue_only(kb, q);
	return 1;
}

/* Are all of q's terms words the article never uses? */
static int
ask_all_unknown(const struct kb_query *q)
{
	size_t i;

	for (i = 0; i < q->n; i++)
		if (q->term[i] != NULL)
			return 0;
	return q->n > 0;
}

/*
 * Is term (normalized) what one of the words of squashed text sq that are
 * phrases.reading.comparison_words reads as ("simpler" reads as the
 * lexicon's "simplicity")?
 */
static int
ask_comparison_term(const struct kb *kb, const char *sq, const char *term)
{
	const struct kb_phrases *ph = &kb->phrases;
	struct kb_query w;
	const char *p;
	size_t len, i;

	for (p = sq; *p != '\0'; p += len + (p[len] == ' ')) {
		len = text_word_len(p);
		if (len == 0 || !match_in_list(p, len, ph->comparison_words,
		    ph->ncomparison_words))
			continue;
		kb_normalize(kb, p, len, 0, &w);
		for (i = 0; i < w.n; i++)
			if (w.term[i] != NULL && strcmp(w.term[i], term) == 0)
				return 1;
	}
	return 0;
}

static int ask_compares(const struct kb *, const char *);

/*
 * Is the word after the word at w (len bytes, in squashed text) one of
 * degree: a word the search reads as one term that has an antonym
 * (lexicon "antonyms", through its synonym group: "hard", "tough",
 * "easy", "slow", "steep")?  A back_refs word before it is an adverb of
 * degree ("is rust really that hard?", "is go that slow?"), not a
 * pointer at the last answer: the salary just given is not what "that"
 * asks about (nu51).  One word looked up; the caller's loop is bounded
 * by the text.
 */
static int
ask_degree_after(const struct kb *kb, const char *w, size_t len)
{
	static struct kb_query one;	/* large; the engine is one thread */
	const char *n = w + len;
	size_t nlen;
	int32_t t;

	if (kb->antonym_of == NULL)
		return 0;
	n += text_space_len(n);
	if ((nlen = text_word_len(n)) == 0)
		return 0;
	kb_normalize(kb, n, nlen, 0, &one);
	return one.n == 1 && one.term[0] != NULL &&
	    (t = strmap_get(&kb->vocab, one.term[0])) >= 0 &&
	    kb->antonym_of[t] >= 0;
}

/*
 * Does squashed text sq hold a word of phrases.reading.back_refs that
 * points ("for that", "is that true"), not one of degree before a
 * gradable word ("that hard": ask_degree_after())?
 */
static int
ask_has_back_ref(const struct kb *kb, const char *sq)
{
	const struct kb_phrases *ph = &kb->phrases;
	size_t len;

	for (; *sq != '\0'; sq += len + (sq[len] == ' ')) {
		len = text_word_len(sq);
		if (len == 0)
			break;
		if (match_in_list(sq, len, ph->back_refs, ph->nback_refs) &&
		    !ask_degree_after(kb, sq, len))
			return 1;
	}
	return 0;
}

/*
 * Does squashed text sq point back at the last answer by a word of
 * phrases.reading.back_refs (ask_has_back_ref(): "that" of degree
 * points at nothing) or place_refs ("for that", "there")?
 */
int
ask_points_back(const struct kb *kb, const char *sq)
{
	const struct kb_phrases *ph = &kb->phrases;
	size_t len;
	const char *p;

	if (ask_has_back_ref(kb, sq))
		return 1;
	for (p = sq; *p != '\0'; p += len + (p[len] == ' ')) {
		len = text_word_len(p);
		if (len == 0)
			break;
		if (match_in_list(p, len, ph->place_refs, ph->nplace_refs))
			return 1;
	}
	return 0;
}

/*
 * Is every term of q (at most two; none when sq compares and points
 * back at the last answer, ask_points_back()) a word of
 * phrases.reading.comparison_words, as stemmed or as the comparison words
 * of squashed text sq read ("whats the difference", "how do they
 * compare", "which is better", "which is simpler"), a comparative the
 * article never uses ("which is leaner", match_comparative()), or the id
 * of a subject no one word names ("both", as "which of the two" reads)?
 */
static int
ask_only_comparison_but(const struct kb *kb, const char *sq,
    const struct kb_query *q, size_t skip)
{
	const struct kb_phrases *ph = &kb->phrases;
	size_t i, w, n, s;
	int cmp = 0;

	if (q->n > 2)
		return 0;
	/* "which of them is better at that?": a comparison word the
	 * reading kept out of q ("better" says compare), and a word that
	 * points at the last answer, whose topic is what is compared */
	if (ask_compares(kb, sq) && ask_points_back(kb, sq))
		cmp = 1;
	else if (q->n == 0)
		return 0;
	for (i = 0; i < q->n; i++) {
		if (i == skip)
			continue;
		n = strlen(q->raw[i]);
		for (w = 0; w < ph->ncomparison_words; w++)
			if (n > 0 && strncmp(ph->comparison_words[w], q->raw[i],
			    n) == 0)
				break;
		if (w < ph->ncomparison_words) {
			cmp = 1;
			continue;
		}
		for (s = 0; s < kb->nsubjects; s++)
			if (kb->subject_term[s] == NULL &&
			    strcmp(kb->subjects[s].id, q->raw[i]) == 0)
				break;
		if (s < kb->nsubjects)
			continue;
		/* "leaner": a comparative the article never uses */
		if (match_comparative(kb, q->raw[i], n)) {
			cmp = 1;
			continue;
		}
		if (q->term[i] == NULL ||
		    !ask_comparison_term(kb, sq, q->term[i]))
			return 0;
		cmp = 1;
	}
	return cmp;
}

/* ask_only_comparison_but(), every term of q read */
static int
ask_only_comparison(const struct kb *kb, const char *sq,
    const struct kb_query *q)
{
	return ask_only_comparison_but(kb, sq, q, (size_t)-1);
}

/*
 * The index of the one term of q that no claim's own words hold (not in
 * the vocabulary, or only in asks: a typo the reader could not mend,
 * "tlaking", or a word of the user's own, "tiny"), not written as a
 * name ("Zig" asks of something else), or (size_t)-1 when there is
 * none or more than one.
 */
static size_t
ask_unheld_term(const struct kb *kb, const struct kb_query *q)
{
	size_t i, found = (size_t)-1;
	int32_t t;

	for (i = 0; i < q->n; i++) {
		if (q->stop[i] || q->subject[i] >= 0)
			continue;
		if (q->term[i] != NULL &&
		    (t = strmap_get(&kb->vocab, q->term[i])) >= 0 &&
		    kb->terms[t].npost > 0)
			continue;
		if (q->proper[i] || found != (size_t)-1)
			return (size_t)-1;
		found = i;
	}
	return found;
}

/*
 * Is term stem (non-empty) a word of phrases.reading.size_words written
 * in sq?  A listed word begins with the stem ("signific" of
 * "significant"), or has its length and differs only in the last
 * letter, the stemmer's "y" to "i" ("tini" of "tiny"); either way the
 * listed word itself must be in sq, so that a stem never stands for a
 * word the user did not write.  Bounded by the list's length.
 */
static int
ask_size_term(const struct kb_phrases *ph, const char *sq, const char *stem)
{
	size_t w, n = strlen(stem), wl;

	for (w = 0; w < ph->nsize_words; w++) {
		wl = strlen(ph->size_words[w]);
		if ((strncmp(ph->size_words[w], stem, n) == 0 ||
		    (n >= 4 && wl == n &&
		    strncmp(ph->size_words[w], stem, n - 1) == 0)) &&
		    text_has_word(sq,
		    (const char *const *)&ph->size_words[w], 1))
			return 1;
	}
	return 0;
}

/*
 * Is stem a magnitude offered as an example: a number written in
 * digits ("10" of "10%", the squashed text keeps no "%"), 1 for a bare
 * one, 2 for one with a multiplier's trailing "x" ("2x", "1.5x"), which
 * offers a magnitude by itself.  Bounded by the stem's length.
 */
static int
ask_example_figure(const char *stem)
{
	size_t i, digits = 0;

	for (i = 0; stem[i] != '\0'; i++) {
		if (isdigit((unsigned char)stem[i]))
			digits++;
		else if (stem[i] == '.' && digits > 0)
			continue;
		else if (stem[i] == 'x' && stem[i + 1] == '\0' && digits > 0)
			return 2;
		else
			return 0;
	}
	return digits > 0 ? 1 : 0;
}

/*
 * Does q ask for a magnitude in words of its own ("by what margin?",
 * "how big a gap tho")?  Either its intent is a lexicon class marked
 * `measures` ("how big ...") and every term of q (at most two) is a
 * comparison word, or every term of q (at most two, at least one) is a
 * word of phrases.reading.measure_words or a comparison word, one of
 * them a measure word ("margin").  Terms are matched as
 * ask_only_comparison() matches them: a stem as a prefix of the listed
 * word.  Returns 1 for the intent, 2 for the measure words (which ask
 * the measure even after an answer with an amount: "by what margin?"
 * after the two salaries), 0 otherwise.  A word of
 * phrases.reading.size_words written in sq counts as a measure word
 * too (ask_size_term()), since a size adjective is often no term at
 * all ("is the difference huge", "is that a big diff or nah": "huge"
 * and "big" read as fillers); up to three terms then ("significant
 * difference or marginal?").  Bounded by q->n (at most 3) and the
 * three lists' lengths.
 */
static int
ask_asks_measure(const struct kb *kb, const char *sq,
    const struct kb_query *q)
{
	const struct kb_phrases *ph = &kb->phrases;
	size_t i, w, n, u, examples;
	int measure = 0, cmp;

	if (q->n > 3)
		return 0;
	if (q->n <= 2 && q->intent > 0 &&
	    (size_t)q->intent <= kb->nintents &&
	    kb->intents[q->intent - 1].measures &&
	    (q->n == 0 || ask_only_comparison(kb, sq, q)))
		return 1;
	/* "how big of a gap are we tlaking": the measure asked beside one
	 * word no claim holds, which can name no topic of its own; the
	 * comparison word must still be there (ask_only_comparison_but()
	 * needs one) */
	if (q->n == 2 && q->intent > 0 && (size_t)q->intent <= kb->nintents &&
	    kb->intents[q->intent - 1].measures &&
	    (u = ask_unheld_term(kb, q)) != (size_t)-1 &&
	    ask_only_comparison_but(kb, sq, q, u))
		return 1;
	if (q->n == 0)
		return 0;
	/* a size adjective read as a filler: "is the difference huge" */
	if (text_has_word(sq, (const char *const *)ph->size_words,
	    ph->nsize_words))
		measure = 1;
	/* "like 2x or just a few percent?", "we talking 5% or double?":
	 * the size asked by offering magnitudes; a multiplier ("2x") is
	 * one alone, a bare number only beside another magnitude or
	 * measure word (a lone "6" may answer something else) */
	for (i = 0, examples = 0; i < q->n; i++)
		if (ask_example_figure(q->raw[i]) == 2)
			measure = 1;
	for (i = 0; i < q->n; i++) {
		n = strlen(q->raw[i]);
		if (n == 0)
			return 0;
		if (ask_example_figure(q->raw[i]) != 0) {
			examples++;
			continue;
		}
		for (w = 0; w < ph->nmeasure_words; w++)
			if (strncmp(ph->measure_words[w], q->raw[i], n) == 0)
				break;
		if (w < ph->nmeasure_words || ask_size_term(ph, sq, q->raw[i])) {
			measure = 1;
			continue;
		}
		for (w = 0, cmp = 0; !cmp && w < ph->ncomparison_words; w++)
			cmp = strncmp(ph->comparison_words[w], q->raw[i],
			    n) == 0;
		if (!cmp)
			return 0;
	}
	/* one bare number with nothing else offered is no magnitude asked */
	if (!measure && examples == q->n && examples < 2)
		return 0;
	return measure || examples >= 2 ? 2 : 0;
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
	q->exact[n] = from->exact[i];
	q->span[n] = from->span[i];
	q->corrected[n] = from->corrected[i];
	q->stop[n] = from->stop[i];
	q->negation[n] = from->negation[i];
	q->clause[n] = from->clause[i];
	q->brk[n] = from->brk[i];
	q->subject[n] = from->subject[i];
	q->n = n + 1;
}

/*
 * The follow-up query: the last question's content terms (subjects 0),
 * the subjects last asked about (1), all of the last question (2) or its
 * content terms and every subject of the knowledge base (3: a
 * comparison), and every term of q.  The corrections reported are q's.
 */
static void
ask_merge(const struct dlg *d, const struct kb_query *q, int subjects,
    struct kb_query *out)
{
	static struct kb_query last;	/* large; the engine is one thread */
	size_t i;

	/* "and for rust?" after "what about a crud backend?" (said after
	 * Go's GC): another subject, asked of the topic, not of the
	 * situation that narrowed it for the last one */
	frame_words(&d->frame, d->kb, DLG_FRAME_FIGURE | (subjects == 0 ?
	    DLG_FRAME_SITUATION : 0), &last);
	*out = *q;
	out->n = 0;
	/* "and go?" asks what the last question asked for */
	if (out->intent == 0) {
		out->intent = d->frame.intent;
		out->intent_kept = out->intent != 0;
	}
	for (i = 0; i < last.n && subjects != 1; i++)
		if (last.subject[i] < 0 || subjects == 2)
			ask_append(out, &last, i);
	for (i = 0; i < d->kb->nsubjects && subjects && out->n <
	    TEXT_MAX_TOKENS; i++) {
		if ((subjects != 3 && !(d->frame.subjects & (1u << i))) ||
		    d->kb->subject_term[i] == NULL)
			continue;
		out->term[out->n] = d->kb->subject_term[i];
		(void)snprintf(out->raw[out->n], sizeof(out->raw[0]), "%s",
		    d->kb->subject_term[i]);
		out->proper[out->n] = out->corrected[out->n] = 0;
		out->exact[out->n] = out->span[out->n] = 1;
		out->stop[out->n] = out->negation[out->n] = 0;
		out->subject[out->n++] = (signed char)i;
	}
	for (i = 0; i < q->n; i++)
		ask_append(out, q, i);
}

#define ASK_SAME_CONTENT	2	/* words of a "did X do the same?" */
#define ASK_STORY_CONTENT	4	/* ... with no fact before: a name, a
					 * negation and the user's situation
					 * (dialogue_understand.c) */

#define ASK_PREV_HELD	0.75	/* the last answer held this share of the
				 * last question */
#define ASK_CARRY_IDF	2.0	/* ... which had a word this specific */

/*
 * Did prev, the claim that led the last answer, answer the last question
 * (hold at least ASK_PREV_HELD of its content, which has a word of idf
 * ASK_CARRY_IDF or more)?  When it did not, or the question was only
 * generic words ("what do rust devs make" answered with admiration, on
 * "developers"), a follow-up asks the question again, not what that
 * answer was about.
 */
static int
ask_prev_answered(const struct dlg *d, const struct kb_claim *prev)
{
	static struct kb_query last;	/* large; the engine is one thread */
	size_t i;
	int32_t t;

	if (!d->frame.set)
		return 0;
	frame_words(&d->frame, d->kb, DLG_FRAME_FIGURE | DLG_FRAME_CUE, &last);
	for (i = 0; i < last.n; i++)
		if (last.subject[i] < 0 && last.term[i] != NULL &&
		    (t = strmap_get(&d->kb->vocab, last.term[i])) >= 0 &&
		    d->kb->terms[t].idf >= ASK_CARRY_IDF)
			break;
	return i < last.n &&
	    kb_claim_coverage(d->kb, &last, prev) >= ASK_PREV_HELD;
}

/* How many topics claims a and b share. */
static size_t
ask_shared_topics(const struct kb_claim *a, const struct kb_claim *b)
{
	size_t i, j, n = 0;

	for (i = 0; i < a->ntopics; i++)
		for (j = 0; j < b->ntopics; j++)
			n += a->topics[i] == b->topics[j];
	return n;
}

/*
 * The subject of claim c as a bit of kb->subjects, when it is one a
 * question can name (it has a term: "go", not "both"), else 0.
 */
static unsigned
ask_claim_subject(const struct kb *kb, const struct kb_claim *c)
{
	size_t s;

	for (s = 0; s < kb->nsubjects && s < 8; s++)
		if (c->subject == &kb->subjects[s])
			return kb->subject_term[s] != NULL ? 1u << s : 0;
	return 0;
}

#define ASK_CARRY_NEAR	0.5	/* a hit carried up holds this share of
				 * the best hit's coverage */

/*
 * Order res's hits by key[i] (one per hit), higher first, keeping the
 * search's order among equal keys (an insertion sort: at most
 * KB_MAX_HITS hits), in place, key with them.  Returns whether the order
 * changed.
 */
static int
ask_sort_by_key(struct kb_result *res, unsigned char *key)
{
	struct kb_hit h;
	unsigned char k;
	size_t i, j;
	int changed = 0;

	for (i = 1; i < res->nhits; i++) {
		h = res->hits[i];
		k = key[i];
		for (j = i; j > 0 && key[j - 1] < k; j--) {
			res->hits[j] = res->hits[j - 1];
			key[j] = key[j - 1];
			changed = 1;
		}
		res->hits[j] = h;
		key[j] = k;
	}
	return changed;
}

/* Do claims a and b hold figures in one same unit? */
static int
ask_same_unit(const struct kb_claim *a, const struct kb_claim *b)
{
	size_t i, j;

	for (i = 0; i < a->nfigures; i++)
		for (j = 0; j < b->nfigures; j++)
			if (a->figures[i].unit != NULL &&
			    b->figures[j].unit != NULL &&
			    strcmp(a->figures[i].unit, b->figures[j].unit) == 0)
				return 1;
	return 0;
}

/*
 * A follow-up that names another subject than the last answer's ("and
 * go's?" after Rust's cloud-native ecosystem, "what about go?" after how
 * admired Rust is) asks about what that answer said, not about anything
 * else the words of the last question find: the hits of res on the
 * subjects asked about (bits of kb->subjects) or on no one subject (the
 * table's rows) that hold at least
 * ASK_CARRY_NEAR of the best coverage and share a topic with prev, the
 * claim that led the last answer, go first, those on the subject asked
 * about before those on no one subject (stable: otherwise the search's
 * order stays), in place; before them all, whatever their coverage, the
 * subject's own figures in a unit of prev's on a topic of prev's (the
 * counterpart of the figure just given); with amount (a figure asked,
 * prev leading with one), next the subject's own amounts in another unit
 * on a topic of prev's, whatever their coverage too (Rust's "20% less
 * memory than Go" after Go's 10-20 MB against the JVM: the same measure,
 * as the article gives it for that subject).  With only_figures, those
 * counterparts alone move up: prev led with a figure but held too little
 * of the last question to carry its topics.  Returns whether the order
 * changed.
 */
static int ask_has_figure(const struct kb *, const struct kb_claim *, int);

static int
ask_carry_topics(const struct kb *kb, const struct kb_claim *prev,
    unsigned subjects, int amount, int only_figures, struct kb_result *res)
{
	unsigned char key[KB_MAX_HITS];
	size_t i, n = 0;
	unsigned s;

	for (i = 0; i < res->nhits; i++) {
		s = ask_claim_subject(kb, res->hits[i].claim);
		key[i] = !only_figures && res->hits[i].coverage >=
		    ASK_CARRY_NEAR * res->coverage &&
		    (s == 0 || (s & subjects) != 0) &&
		    ask_shared_topics(res->hits[i].claim, prev) > 0 ?
		    (s != 0 ? 2 : 1) : 0;
		/* "what about go?" after 2.26-2.8 million Rust developers
		 * worldwide: the subject's own figure in the same unit on
		 * the same topic is the counterpart, though it lacks a word
		 * of the last question only the last answer held */
		if (s != 0 && (s & subjects) != 0 &&
		    res->hits[i].coverage > 0 &&
		    ask_shared_topics(res->hits[i].claim, prev) > 0) {
			if (ask_same_unit(res->hits[i].claim, prev))
				key[i] = 4;
			else if (amount && ask_has_figure(kb, prev,
			    ASK_AMOUNT) && ask_has_figure(kb,
			    res->hits[i].claim, ASK_AMOUNT))
				key[i] = 3;
		}
		n += key[i] != 0;
	}
	if (n == 0)
		return 0;
	return ask_sort_by_key(res, key);
}

/*
 * "and channels?" right after an answer led by Rust's concurrency claim
 * (which names Go's channels too) asks about something else than what
 * was just said: when prev leads res, the first other hit that holds some
 * of q (the message's own words), and as much as prev does, leads
 * instead ("what about in australia?", words the article does not know,
 * asks the same again, narrowed).  Returns whether it did.
 */
static int
ask_not_again(const struct kb *kb, const struct kb_query *q,
    const struct kb_claim *prev, struct kb_result *res)
{
	struct kb_hit h;
	double own;
	size_t j;

	if (res->nhits < 2 || res->hits[0].claim != prev)
		return 0;
	own = kb_claim_coverage(kb, q, prev);
	for (j = 1; j < res->nhits; j++)
		if (kb_claim_coverage(kb, q, res->hits[j].claim) >= own &&
		    kb_claim_coverage(kb, q, res->hits[j].claim) > 0)
			break;
	if (j == res->nhits)
		return 0;
	h = res->hits[j];
	for (; j > 0; j--)
		res->hits[j] = res->hits[j - 1];
	res->hits[0] = h;
	return 1;
}

/*
 * Append to out what the last question (d->frame) compared its
 * subject with: the first word of the article after a word of
 * phrases.reading.rival_markers ("than the jvm", "vs java"), stopwords
 * skipped.  "and which one needs less ram?" after "is go simpler to run
 * than the jvm?" compares the same two.  Returns whether one was found.
 */
static int
ask_keep_rival(const struct dlg *d, struct kb_query *out)
{
	if (!d->frame.set || d->frame.rival.term < 0)
		return 0;
	frame_append(d->kb, &d->frame.rival, out);
	return 1;
}

/*
 * The rival of the question text (squashed sq) for its frame (rival,
 * f->rival): the first word of the article after a word of
 * phrases.reading.rival_markers, stopwords skipped, when that names no
 * subject; term -1 none.  Returns whether a word of sq is one of
 * phrases.reading.figure_words (kb_listed_word(.., KB_LISTED_FIGURE)):
 * both read in one look-up per word.
 */
static int
ask_frame_rival(const struct kb *kb, const char *sq,
    struct dlg_frame_word *rival)
{
	const struct kb_phrases *ph = &kb->phrases;
	static struct kb_query after;	/* large; the engine is one thread */
	const char *w;
	size_t len, i;
	unsigned bits;
	int figure = 0, found = 0;

	rival->term = -1;
	/* the words as typed: the query has no stopwords ("than") */
	for (w = sq; *w != '\0'; w += len, w += text_space_len(w)) {
		len = text_word_len(w);
		bits = kb_listed(ph, w, len);
		if (bits & KB_LISTED_FIGURE)
			figure = 1;
		if (found || !(bits & KB_LISTED_RIVAL))
			continue;
		kb_normalize(kb, w + len, strlen(w + len), 0, &after);
		for (i = 0; i < after.n; i++)
			if (!after.stop[i] && after.term[i] != NULL) {
				if (after.subject[i] >= 0)
					break;
				frame_word(kb, &after, i, 0, rival);
				found = 1;
				break;
			}
	}
	return figure;
}

/*
 * Does sq (squashed) set at most one subject (subjects, bits) against
 * another language, a rival of ask_frame_rival() that is a name of
 * phrases.reading.crossing_names ("is rust faster than c++?", "go vs
 * java")?  Then a comparison table row, which sets the subjects against
 * each other, answers another comparison.  A rival of another kind
 * ("channels vs async/await in rust") is no other language.  One look-up
 * per word.
 */
static int	ask_uncompared_language(const struct kb_phrases *, const char *);

static int
ask_one_against_rival(const struct kb *kb, const char *sq, unsigned subjects)
{
	struct dlg_frame_word rival;

	if ((subjects & (subjects - 1)) != 0)
		return 0;
	(void)ask_frame_rival(kb, sq, &rival);
	return rival.term >= 0 &&
	    ask_uncompared_language(&kb->phrases, rival.raw);
}

/*
 * Is every term of q that names no subject a term of the last question
 * asked (d->frame, read again: only for a follow-up with a rival
 * marker and words of its own, so rarely)?
 */
static int
ask_all_held(const struct dlg *d, const struct kb_query *q)
{
	static struct kb_query last;	/* large; the engine is one thread */
	size_t i, j;

	if (!d->frame.set)
		return 0;
	frame_words(&d->frame, d->kb, 0, &last);
	for (i = 0; i < q->n; i++) {
		if (q->subject[i] >= 0)
			continue;
		for (j = 0; j < last.n && (last.term[j] == NULL ||
		    q->term[i] == NULL || strcmp(last.term[j], q->term[i]) !=
		    0); j++)
			;
		if (j == last.n)
			return 0;
	}
	return 1;
}

/*
 * "and vs rust?" after "how much less memory than java?" (said of Go):
 * the subject named is the new rival, not the new subject.  Drops from
 * out, a follow-up query (ask_merge()), what the last question compared
 * its subject with (ask_keep_rival()) and adds the subjects last asked
 * about, so that Go is compared with Rust on the same thing; the rival
 * dropped is left in rival (its terms reset first).  Returns whether the
 * last question had such a rival.
 */
static int
ask_swap_rival(const struct dlg *d, struct kb_query *out,
    struct kb_query *rival)
{
	static struct kb_query kept;	/* large; the engine is one thread */
	size_t i, s;

	*rival = *out;
	rival->n = 0;
	if (!ask_keep_rival(d, rival) || rival->n == 0)
		return 0;
	kept = *out;
	kept.n = 0;
	for (i = 0; i < out->n; i++)
		if (out->term[i] != rival->term[0])
			ask_append(&kept, out, i);
	*out = kept;
	for (s = 0; s < d->kb->nsubjects && s < 8 && out->n < TEXT_MAX_TOKENS;
	    s++) {
		if (!(d->frame.subjects & (1u << s)) ||
		    d->kb->subject_term[s] == NULL)
			continue;
		for (i = 0; i < out->n && out->subject[i] != (signed char)s;
		    i++)
			;
		if (i < out->n)
			continue;
		out->term[out->n] = d->kb->subject_term[s];
		(void)snprintf(out->raw[out->n], sizeof(out->raw[0]), "%s",
		    d->kb->subject_term[s]);
		out->proper[out->n] = out->corrected[out->n] = 0;
		out->exact[out->n] = out->span[out->n] = 1;
		out->stop[out->n] = out->negation[out->n] = 0;
		out->subject[out->n++] = (signed char)s;
	}
	return 1;
}

/*
 * After ask_swap_rival(): the hits of res that do not hold the rival the
 * last question compared with (the JVM, when "and vs rust?" asks Go
 * against Rust) and hold at least ASK_CARRY_NEAR of the best coverage go
 * first (stable, in place).  Returns whether the order changed.
 */
static int
ask_without_rival(const struct kb *kb, const struct kb_query *rival,
    struct kb_result *res)
{
	unsigned char key[KB_MAX_HITS];
	size_t i, k = 0;

	for (i = 0; i < res->nhits; i++) {
		key[i] = res->hits[i].coverage >= ASK_CARRY_NEAR *
		    res->coverage &&
		    kb_claim_coverage(kb, rival, res->hits[i].claim) == 0;
		k += key[i];
	}
	if (k == 0 || k == res->nhits)
		return 0;
	return ask_sort_by_key(res, key);
}

#define ASK_OPENING_WORDS	2	/* the words a claim opens with */

/*
 * Does claim c open with a word of q (within its first
 * ASK_OPENING_WORDS words: "Cloudflare built Pingora ...")?  Such a
 * claim tells that one's story; a list that names it further on
 * ("Microsoft, Amazon, Cloudflare ... all deploy Rust") does not.  A
 * subject's name is no one's story ("does terraform use go too?" is
 * not "Learn Go if ... Terraform").
 */
static int
ask_opens_with(const struct kb *kb, const struct kb_query *q,
    const struct kb_claim *c)
{
	struct kb_query head;
	const char *p = c->text;
	size_t i, j, w;

	for (w = 0; w < ASK_OPENING_WORDS && *p != '\0'; w++) {
		p += text_space_len(p);
		p += text_word_len(p);
	}
	kb_normalize(kb, c->text, (size_t)(p - c->text), 0, &head);
	for (i = 0; i < q->n; i++)
		for (j = 0; j < head.n; j++)
			if (!q->stop[i] && q->term[i] != NULL &&
			    q->subject[i] < 0 && q->term[i] == head.term[j])
				return 1;
	return 0;
}

/*
 * "didn't cloudflare do the same?" right after Discord's rewrite: the
 * claims that hold a content word of the last question (d->frame)
 * that this one, q, does not have ("discord": the article's list of
 * several companies) go after the others, which are that one's own story,
 * and of those the claims that open with a word of q
 * (ask_opens_with()) go first (stable, in place).  Returns whether the
 * order changed.
 */
static int
ask_own_story(const struct dlg *d, const struct kb_query *q,
    struct kb_result *res)
{
	struct kb_query last, gone;
	unsigned char key[KB_MAX_HITS];
	size_t i, j, k;

	frame_words(&d->frame, d->kb, 0, &last);
	gone = last;
	gone.n = 0;
	for (i = 0; i < last.n; i++) {
		if (last.subject[i] >= 0 || last.stop[i] ||
		    last.negation[i] || last.term[i] == NULL)
			continue;
		for (j = 0; j < q->n; j++)
			if (q->term[j] == last.term[i])
				break;
		if (j == q->n)
			ask_append(&gone, &last, i);
	}
	if (gone.n == 0)
		return 0;
	for (i = k = 0; i < res->nhits; i++) {
		key[i] = kb_claim_coverage(d->kb, &gone,
		    res->hits[i].claim) == 0 &&
		    kb_claim_coverage(d->kb, q, res->hits[i].claim) > 0;
		key[i] += key[i] && ask_opens_with(d->kb, q,
		    res->hits[i].claim);
		k += key[i] != 0;
	}
	if (k == 0)
		return 0;
	return ask_sort_by_key(res, key);
}

/*
 * "didn't discord do something similar?" with no answer from the article
 * just before (the user described their work): the hits of res that hold
 * at least ASK_CARRY_NEAR of the best coverage and open with a word of q,
 * the named one's own story (ask_opens_with()), go first, before a list
 * that only names it (stable, in place).  Returns whether the order
 * changed.
 */
static int
ask_named_story(const struct kb *kb, const struct kb_query *q,
    struct kb_result *res)
{
	unsigned char key[KB_MAX_HITS];
	size_t i, k = 0;

	for (i = 0; i < res->nhits; i++) {
		key[i] = res->hits[i].coverage >= ASK_CARRY_NEAR *
		    res->coverage && ask_opens_with(kb, q,
		    res->hits[i].claim);
		k += key[i];
	}
	if (k == 0)
		return 0;
	return ask_sort_by_key(res, key);
}

/*
 * Is every topic of the best hit of res (the follow-up's own words
 * found) a topic of prev, the claim that led the last answer, which has
 * more?  Then the follow-up names another of the measures prev spans
 * ("and the job market?" after Go's salary, a claim on salary and jobs:
 * Go's job market, on jobs alone), not a use to ask prev's topic of
 * ("what about a plain rest api?" after Go's GC for web services: the
 * API claim found is on the decision framework and CLIs too).  The
 * career question's choices ("job market") are such measures, though
 * decisive.
 */
static int
ask_measure_swap(const struct kb_result *res, const struct kb_claim *prev)
{
	const struct kb_claim *c;

	if (!res->covered || res->nhits == 0 ||
	    (c = res->hits[0].claim) == prev || c->ntopics == 0)
		return 0;
	return c->ntopics < prev->ntopics &&
	    ask_shared_topics(c, prev) == c->ntopics;
}

/*
 * Does text (len bytes) name a choice of a question the knowledge base
 * marks decisive ("a plain rest api": what is built)?  Such a follow-up
 * names a use of the last answer's topic, not a topic of its own
 * ("and what about hiring?").
 */
static int
ask_names_choice(const struct dlg *d, const char *text, size_t len)
{
	const struct kb_dialogue *dl = DL(d);
	static struct kb_query w;	/* large; the engine is one thread */
	int score, tie, second;
	size_t i, span[2];

	kb_normalize(d->kb, text, len, KB_NORM_MATCH, &w);
	for (i = 0; i < dl->nquestions; i++)
		if (dl->questions[i].decisive &&
		    match_choice(&d->kb->phrases, &dl->questions[i], &w,
		    &score, &tie, &second, span) >= 0)
			return 1;
	return 0;
}

/*
 * Is a content word of q (no subject) a word of a topic's label
 * ("and salaries?": Salaries; "and hiring?": Hiring and team staffing)?
 * Such a follow-up asks a topic of its own, not the last answer's topic
 * of a thing it names ("and cloudflare?").  Bounded by kb->ntopics
 * labels of at most TEXT_MAX_TOKENS words each.
 */
static int
ask_names_topic(const struct kb *kb, const struct kb_query *q)
{
	static struct kb_query u;	/* large; the engine is one thread */
	size_t t, i, j;

	for (t = 0; t < kb->ntopics; t++) {
		if (kb->topics[t].label == NULL)
			continue;
		kb_normalize(kb, kb->topics[t].label,
		    strlen(kb->topics[t].label), 0, &u);
		for (i = 0; i < u.n; i++) {
			if (u.stop[i] || u.term[i] == NULL)
				continue;
			for (j = 0; j < q->n; j++)
				if (q->term[j] == u.term[i] && !q->stop[j] &&
				    q->subject[j] < 0)
					return 1;
		}
	}
	return 0;
}

/* Has claim c topic t? */
static int
ask_has_topic(const struct kb_claim *c, const struct kb_topic *t)
{
	size_t i;

	for (i = 0; i < c->ntopics; i++)
		if (c->topics[i] == t)
			return 1;
	return 0;
}

/*
 * "what about a plain rest api?" right after an answer on Go's GC: a
 * follow-up with words of its own that name a use (ask_names_choice())
 * and no subject asks the last answer's topic of them when the article
 * has a claim on both.  When the best hit
 * of res lacks a topic of prev, the claim that led the last answer, the
 * hits that have that topic, share one with the best hit (the topic of
 * the message's own words: APIs), hold some of q (the message's own
 * words) and at least ASK_CARRY_NEAR of the best coverage go first
 * (stable, in place); a topic every table row holds ("comparison") is
 * none of these.  Returns that topic of prev, which the next
 * follow-up keeps ("and rust?": Rust's GC), or NULL when the order stays.
 */
static const struct kb_topic *
ask_keep_topic(const struct kb *kb, const struct kb_query *q,
    const struct kb_claim *prev, struct kb_result *res)
{
	unsigned char key[KB_MAX_HITS];
	const struct kb_claim *lead;
	size_t i, t, k;

	if (res->nhits < 2)
		return NULL;
	lead = res->hits[0].claim;
	for (t = 0; t < prev->ntopics; t++) {
		if (ask_has_topic(lead, prev->topics[t]))
			continue;
		/* a topic every row of the table holds says only that the
		 * last answer was a comparison (as in ask_measure_of()) */
		for (i = 0; kb->nrows > 1 && i < kb->nrows &&
		    ask_has_topic(kb->rows[i].claim, prev->topics[t]); i++)
			;
		if (kb->nrows > 1 && i == kb->nrows)
			continue;
		for (i = k = 0; i < res->nhits; i++) {
			key[i] = res->hits[i].coverage >= ASK_CARRY_NEAR *
			    res->coverage &&
			    ask_has_topic(res->hits[i].claim,
			    prev->topics[t]) &&
			    ask_shared_topics(res->hits[i].claim, lead) > 0 &&
			    kb_claim_coverage(kb, q, res->hits[i].claim) > 0;
			k += key[i];
		}
		if (k > 0) {
			(void)ask_sort_by_key(res, key);
			return prev->topics[t];
		}
	}
	return NULL;
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

#define ASK_MEASURE_MAX	3	/* claims of the measure of a comparison */

/* the last question's words, read for ask_measure_of(); large, so not
 * on the stack (the engine is one thread) */
static struct kb_query ask_last;

/*
 * The topic of claim c that the last question (last, its words; NULL:
 * none) named by its label: every content word of the label (stemmed,
 * read through the lexicon: "Performance" by "faster", "quicker") is
 * one of last's words ("is rust quicker than go?": performance).  NULL
 * when it named none, or more than one.
 */
static const struct kb_topic *
ask_topic_named(const struct kb *kb, const struct kb_claim *c,
    const struct kb_query *last)
{
	static struct kb_query u;	/* large; the engine is one thread */
	const struct kb_topic *found = NULL;
	size_t t, i, j, held, words;

	if (last == NULL || last->n == 0)
		return NULL;
	for (t = 0; t < c->ntopics; t++) {
		if (c->topics[t]->label == NULL)
			continue;
		kb_normalize(kb, c->topics[t]->label,
		    strlen(c->topics[t]->label), 0, &u);
		for (i = held = words = 0; i < u.n; i++) {
			if (u.stop[i] || u.term[i] == NULL)
				continue;
			words++;
			for (j = 0; j < last->n; j++)
				if (last->term[j] == u.term[i] &&
				    !last->stop[j] && last->subject[j] < 0)
					break;
			held += j < last->n;
		}
		if (words == 0 || held < words)
			continue;
		if (found != NULL)
			return NULL;
		found = c->topics[t];
	}
	return found;
}

/*
 * The claim of the one table row with a subject's verdict that holds a
 * topic the last question (last, its words) named by its label
 * (ask_topic_named(): "which is faster for a web backend?": raw CPU
 * performance), or NULL when no row or more than one does.  Bounded by
 * kb->nrows.
 */
static const struct kb_claim *
ask_measure_row(const struct kb *kb, const struct kb_query *last)
{
	const struct kb_claim *found = NULL;
	size_t r;

	for (r = 0; r < kb->nrows; r++) {
		if (ask_row_of(kb, kb->rows[r].claim) < 0 ||
		    ask_topic_named(kb, kb->rows[r].claim, last) == NULL)
			continue;
		if (found != NULL)
			return NULL;
		found = kb->rows[r].claim;
	}
	return found;
}

/*
 * "by how much?", "numbers?" right after an answer led by prev, a
 * comparison (a table row) or a claim with no amount: the measure of
 * what it compared.  The claims other than prev that hold prev's most
 * specific topic (the one the fewest claims hold: "benchmarks", not
 * "performance"; never one every table row holds), those with an amount first, then more
 * topics shared with prev first (when prev is on both subjects, those
 * on both with an amount before the rest), in the file's order among
 * equals, up to
 * ASK_MEASURE_MAX of them, become res's hits (the row again would say
 * nothing new); before all of them, those holding the topic of prev that
 * the last question (last: its words) named (ask_topic_named(): "is rust
 * quicker than go?", then "by how much?": the speed claims, with no
 * figure of it, before TechEmpower's memory figure); when prev holds
 * no topic the last question named, the row that does
 * (ask_measure_row()) stands for prev.  Returns whether
 * one has an amount or that named topic; res is left alone when none
 * does.
 */
static int
ask_measure_of(const struct kb *kb, const struct kb_claim *prev,
    const struct kb_query *last, struct kb_result *res)
{
	const struct kb_topic *t = NULL, *named;
	const struct kb_claim *c, *row, *best[ASK_MEASURE_MAX];
	unsigned key[ASK_MEASURE_MAX], k;
	size_t i, j, n = 0;
	struct kb_hit h;
	int both;

	/* "which is faster for a web backend?" answered with what matters
	 * more in services work, then "ok how much quicker": the speed the
	 * question named is measured, not the answer's other topic (the
	 * GC's tens of milliseconds); the row that holds it stands for
	 * prev */
	if (ask_topic_named(kb, prev, last) == NULL &&
	    (row = ask_measure_row(kb, last)) != NULL)
		prev = row;
	for (i = 0; i < prev->ntopics; i++) {
		/* a topic every row of the table holds says only that it
		 * is a comparison */
		for (j = 0; kb->nrows > 1 && j < kb->nrows &&
		    ask_has_topic(kb->rows[j].claim, prev->topics[i]); j++)
			;
		if (kb->nrows > 1 && j == kb->nrows)
			continue;
		if (t == NULL || prev->topics[i]->nclaims < t->nclaims)
			t = prev->topics[i];
	}
	if (t == NULL || res->nhits == 0)
		return 0;
	named = ask_topic_named(kb, prev, last);
	/* prev on both subjects (a row: "is rust harder to learn than
	 * go?"): "by how much?" asks the size of the difference, which a
	 * claim on both sides with an amount gives (the summary's 62%
	 * against 2-3 weeks), before either side's own figure alone (Go's
	 * weeks only); one on both with no amount gains nothing */
	both = prev->subject != NULL && ask_claim_subject(kb, prev) == 0;
	for (i = 0; i < kb->nclaims; i++) {
		c = &kb->claims[i];
		if (c == prev || !ask_has_topic(c, t))
			continue;
		k = 2u * (unsigned)ask_shared_topics(c, prev) +
		    ((c->answers & prev->answers) != 0) +
		    (ask_has_figure(kb, c, ASK_ANY) ? 1u : 0u) +
		    (ask_has_figure(kb, c, ASK_AMOUNT) ? (both &&
		    c->subject == prev->subject ? 96u : 64u) : 0u) +
		    (named != NULL && ask_has_topic(c, named) ? 128u : 0u);
		for (j = n; j > 0 && key[j - 1] < k; j--)
			if (j < ASK_MEASURE_MAX) {
				best[j] = best[j - 1];
				key[j] = key[j - 1];
			}
		if (j < ASK_MEASURE_MAX) {
			best[j] = c;
			key[j] = k;
			if (n < ASK_MEASURE_MAX)
				n++;
		}
	}
	if (n == 0 || key[0] < 64u)
		return 0;
	h = res->hits[0];
	h.coverage = res->coverage;
	for (i = 0; i < n; i++) {
		res->hits[i] = h;
		res->hits[i].claim = best[i];
	}
	res->nhits = n;
	res->covered = 1;
	return 1;
}

/*
 * In a question of a lexicon `domains` intent ("which is better for
 * ...?", "rust or go for ...?"), does a claim of answer a that is no
 * table row, that names a winner itself (its `verdict` a subject other
 * than row's) and that answers such an intent, hold at least cov of q's
 * content, as much as the row does?  Then the row matched by a shared
 * word only ("which is better for wasm?" and the cloud-native ecosystem
 * row that mentions Wasm, Verdict: Go, beside "Rust wins when Wasm
 * compilation is required"), and that claim, the better ranked first, is
 * returned; NULL when none.
 */
static const struct kb_claim *
ask_lead_overruled(const struct kb *kb, const struct kb_query *q,
    const struct kb_answer *a, int row, double cov)
{
	const struct kb_claim *c;
	size_t i, s;

	if (q->intent <= 0 ||
	    (kb->domain_intents & (1u << (q->intent - 1))) == 0)
		return NULL;
	for (i = 0; i < a->nclaims; i++) {
		c = a->claims[i];
		if (c == kb->rows[row].claim || c->verdict == NULL ||
		    ask_row_of(kb, c) >= 0 ||
		    (c->answers & kb->domain_intents) == 0 ||
		    strcmp(c->verdict, kb->rows[row].verdict) == 0)
			continue;
		for (s = 0; s < kb->nsubjects &&
		    strcmp(kb->subjects[s].id, c->verdict) != 0; s++)
			;
		if (s < kb->nsubjects && kb_claim_coverage(kb, q, c) >= cov)
			return c;
	}
	return NULL;
}

/*
 * Does q hold a content term of the text t (normalised as a question
 * is)?  The term, or NULL.
 */
static const char *
ask_term_in(const struct kb *kb, const struct kb_query *q, const char *t)
{
	struct kb_query u;
	size_t i, j;

	kb_normalize(kb, t, strlen(t), 0, &u);
	for (i = 0; i < q->n; i++) {
		if (q->term[i] == NULL || q->stop[i] || q->subject[i] >= 0)
			continue;
		for (j = 0; j < u.n; j++)
			if (u.term[j] == q->term[i] && !u.stop[j])
				return q->term[i];
	}
	return NULL;
}

/*
 * Has claim c a figure whose label, normalised, holds the term t (not
 * as a stopword), or, t NULL, names subject s ("vs Go")?
 */
static int
ask_figure_label_holds(const struct kb *kb, const struct kb_claim *c,
    const char *t, int s)
{
	static struct kb_query u;	/* large; the engine is one thread */
	size_t f, j;

	for (f = 0; f < c->nfigures; f++) {
		if (c->figures[f].label == NULL)
			continue;
		kb_normalize(kb, c->figures[f].label,
		    strlen(c->figures[f].label), 0, &u);
		for (j = 0; j < u.n; j++)
			if (t != NULL ? u.term[j] == t && !u.stop[j] :
			    u.subject[j] == s)
				return 1;
	}
	return 0;
}

/* Has claim c a figure whose label, normalised, holds the term t? */
static int
ask_figure_labelled(const struct kb *kb, const struct kb_claim *c,
    const char *t)
{
	return ask_figure_label_holds(kb, c, t, -1);
}

/*
 * Does q (own: the message's own words, q less what a follow-up carries
 * over) ask the measure of one of row's figures that the row's
 * dimension does not name ("which uses less memory?" and the raw CPU
 * performance row, whose cell gives the memory it saves in passing)?
 * Then another claim measures what is asked, with a figure labelled by
 * that measure ("roughly 20% less memory"): the first cited one, when it
 * holds ASK_LEAD_COVER of q's content and a topic of the row's claim;
 * with none cited, the first of the KB holding cov of it (as much as the
 * row) and a topic of the row's claim.  NULL when q names the row's
 * dimension or no such claim exists (the row leads).
 */
static const struct kb_claim *
ask_lead_measure(const struct kb *kb, const struct kb_query *q,
    const struct kb_query *own, const struct kb_answer *a, int row,
    double cov)
{
	const struct kb_table_row *tr = &kb->rows[row];
	const struct kb_claim *c, *rc = tr->claim;
	const char *t = NULL;
	struct kb_query u;
	size_t f, i, j;

	if (tr->dimension == NULL || ask_term_in(kb, q, tr->dimension))
		return NULL;
	/* the measure is the message's own word, not one a follow-up
	 * carries from the question before ("which of the two is
	 * gentler?" after how long until one is productive in Go) */
	for (f = 0; t == NULL && f < rc->nfigures; f++) {
		if (rc->figures[f].label == NULL)
			continue;
		kb_normalize(kb, rc->figures[f].label,
		    strlen(rc->figures[f].label), 0, &u);
		for (i = 0; t == NULL && i < own->n; i++)
			for (j = 0; j < u.n; j++)
				if (own->term[i] != NULL && !own->stop[i] &&
				    own->subject[i] < 0 && !u.stop[j] &&
				    u.term[j] == own->term[i]) {
					t = own->term[i];
					break;
				}
	}
	if (t == NULL)
		return NULL;
	for (i = 0; i < a->nclaims; i++) {
		c = a->claims[i];
		if (c == rc || ask_row_of(kb, c) >= 0 ||
		    !ask_figure_labelled(kb, c, t))
			continue;
		/* the first cited claim of the measure measures another
		 * comparison (no topic of the row's: Go against Java) or
		 * holds little of q ("which of the two uses less memory?"
		 * after a Java question): the row stays */
		return ask_shared_topics(c, rc) > 0 &&
		    kb_claim_coverage(kb, q, c) >= ASK_LEAD_COVER ? c : NULL;
	}
	for (i = 0; i < kb->nclaims; i++) {
		c = &kb->claims[i];
		if (c != rc && ask_row_of(kb, c) < 0 &&
		    ask_shared_topics(c, rc) > 0 &&
		    ask_figure_labelled(kb, c, t) &&
		    kb_claim_coverage(kb, q, c) >= cov)
			return c;
	}
	return NULL;
}

#define ASK_WORK_MAX	32	/* work nouns weighed (phrases.reading.work_nouns) */

/*
 * q less its work nouns (phrases.reading.work_nouns: "service",
 * "backend"; each read as the search reads it, so "services" is
 * "service"), into out, when it has at least one and a content word (no
 * stopword, no subject) is left besides them: "is go faster than rust
 * for web servers?" compares speed; the servers say for what, and would
 * have the comparison answered by a claim on Go's services alone (nu47
 * F1, F2), when q names two subjects.  0 (out untouched) otherwise.
 * The first ASK_WORK_MAX nouns
 * are weighed; each is one word, read through kb_normalize()'s memo.
 */
static int
ask_without_work(const struct kb *kb, const struct kb_query *q,
    struct kb_query *out)
{
	static struct kb_query u;	/* large; the engine is one thread */
	const struct kb_phrases *ph = &kb->phrases;
	const char *terms[ASK_WORK_MAX];
	unsigned char work[TEXT_MAX_TOKENS];
	size_t i, k, nt = 0, left = 0, nwork = 0;
	unsigned subjects = 0;

	/* both subjects named: "a spring boot svc or a go one" sets Go
	 * against another thing, which the service's claim answers */
	for (i = 0; i < q->n; i++)
		if (q->subject[i] >= 0 && q->subject[i] < 32)
			subjects |= 1u << q->subject[i];
	if ((subjects & (subjects - 1)) == 0 || ph->nwork_nouns == 0)
		return 0;
	for (k = 0; k < ph->nwork_nouns && nt < ASK_WORK_MAX; k++) {
		kb_normalize(kb, ph->work_nouns[k],
		    strlen(ph->work_nouns[k]), 0, &u);
		if (u.n == 1 && u.term[0] != NULL)
			terms[nt++] = u.term[0];
	}
	for (i = 0; i < q->n; i++) {
		work[i] = 0;
		if (q->stop[i] || q->subject[i] >= 0 || q->term[i] == NULL)
			continue;
		for (k = 0; k < nt && !work[i]; k++)
			work[i] = strcmp(q->term[i], terms[k]) == 0;
		if (work[i])
			nwork++;
		else
			left++;
	}
	if (nwork == 0 || left == 0)
		return 0;
	*out = *q;
	for (i = q->n; i > 0; i--)
		if (work[i - 1])
			ask_drop_word(out, i - 1);
	return 1;
}

/*
 * A comparison leads with its table row's verdict: the row whose claim
 * holds the most of the question's content (at least ASK_LEAD_COVER of
 * it, and nearly as much as the best hit), the better ranked hit on a
 * tie; a row that answers the relation asked (its claim's answers, or no
 * relation read) holds a term also by its antonym (lexicon "antonyms":
 * "kinder" by "harder").  The row's claim goes first among the cited
 * claims, unless q asks a measure the row gives only in passing
 * (ask_lead_measure()): then the claim of that measure leads, the row
 * after it; not for the whole of a message of several parts (whole),
 * whose parts each choose their lead.  No row leads a best hit that sets
 * both subjects against a third thing (kb_claim.against) and holds as
 * much of the question as the row does.  The question's work nouns
 * (ask_without_work) do not count in choosing the row when q is the
 * message's own (own): the row and the best hit are weighed on the rest.
 */
static void
ask_lead(const struct kb *kb, const struct kb_query *q,
    const struct kb_query *own, int whole, struct kb_answer *a)
{
	static struct kb_query wq;	/* large; the engine is one thread */
	const struct kb_result *res = &a->res;
	const struct kb_claim *cl;
	double cov, best_cov = 0, top = res->coverage;
	size_t r, i, j, rank, best_rank = KB_MAX_HITS + 1;
	int row = -1, opposed;

	/* the message's own question only: a follow-up's words carried
	 * from the question before ("versus rust then?" after Go against
	 * the JVM per service) keep choosing the row as they did */
	if (q == own && ask_without_work(kb, q, &wq)) {
		q = &wq;
		for (i = 0, top = 0; i < res->nhits; i++)
			if ((cov = kb_claim_coverage(kb, q,
			    res->hits[i].claim)) > top)
				top = cov;
	}
	for (r = 0; r < kb->nrows; r++) {
		if (ask_row_of(kb, kb->rows[r].claim) != (int)r)
			continue;
		cl = kb->rows[r].claim;
		/* a term held as its antonym ("kinder": "harder") when the
		 * row answers the relation asked: not "why is go simpler?"
		 * by the row on which one is more complex */
		opposed = q->intent == 0 || (cl->answers & (1u <<
		    (q->intent - 1))) != 0;
		cov = opposed ? kb_claim_coverage_opposed(kb, q, cl) :
		    kb_claim_coverage(kb, q, cl);
		if (cov < ASK_LEAD_COVER || cov < ASK_LEAD_NEAR * top)
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
	/* "are go build times shorter than rust's?": a best hit that sets
	 * both against a third thing (kb_claim.against), ranks above the
	 * row and holds as much of the question is the comparison asked;
	 * a row on another measure ("pause times") would answer another
	 * question */
	if (res->nhits > 0 && res->hits[0].claim->against != NULL &&
	    res->hits[0].claim != kb->rows[row].claim &&
	    kb_claim_coverage(kb, q, res->hits[0].claim) >= best_cov)
		return;
	if ((cl = ask_lead_overruled(kb, q, a, row, best_cov)) != NULL) {
		/* the claim that names the winner for what is asked leads,
		 * without the row's headline */
		for (j = 0; j < a->nclaims && a->claims[j] != cl; j++)
			;
		if (j < a->nclaims) {
			for (i = j; i > 0; i--)
				a->claims[i] = a->claims[i - 1];
			a->claims[0] = cl;
		}
		a->lead_winner = 1;
		return;
	}
	if (!whole &&
	    (cl = ask_lead_measure(kb, q, own, a, row, best_cov)) != NULL) {
		/* the claim measuring what is asked leads, the row after it */
		for (j = 0; j < a->nclaims && a->claims[j] != cl; j++)
			;
		if (j == a->nclaims) {
			if (a->nclaims < KB_ANSWER_MAX)
				a->nclaims++;
			j = a->nclaims - 1;
		}
		for (i = j; i > 0; i--)
			a->claims[i] = a->claims[i - 1];
		a->claims[0] = cl;
		/* the row, which compares both, right after it */
		for (j = 1; j < a->nclaims &&
		    a->claims[j] != kb->rows[row].claim; j++)
			;
		if (j == a->nclaims) {
			if (a->nclaims < KB_ANSWER_MAX)
				a->nclaims++;
			j = a->nclaims - 1;
		}
		for (i = j; i > 1; i--)
			a->claims[i] = a->claims[i - 1];
		a->claims[1] = kb->rows[row].claim;
		row = -1;
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

/* Does claim c have a figure whose unit is one of q's content terms? */
static int
ask_counts_in(const struct kb *kb, const struct kb_query *q,
    const struct kb_claim *c)
{
	struct kb_query u;
	size_t f, i, j;

	for (f = 0; f < c->nfigures; f++) {
		const struct kb_figure_terms *ft = c->figure_terms != NULL ?
		    &c->figure_terms[f] : NULL;

		if (ft != NULL) {	/* its unit read at load */
			for (i = 0; i < ft->nunit_terms; i++)
				for (j = 0; j < q->n; j++)
					if (ft->unit_terms[i] == q->term[j] &&
					    q->subject[j] < 0)
						return 1;
			continue;
		}
		kb_normalize(kb, c->figures[f].unit, strlen(c->figures[f].unit),
		    0, &u);
		for (i = 0; i < u.n; i++)
			for (j = 0; j < q->n; j++)
				if (u.term[i] != NULL && u.term[i] == q->term[j] &&
				    q->subject[j] < 0)
					return 1;
	}
	return 0;
}

/*
 * Does figure f answer a question for a number of this kind: any figure
 * (ASK_ANY), an amount (ASK_AMOUNT: its unit is none of phrases.reading.
 * point_units, a year of a date or a version: "how many years ..." is
 * not answered by "2025"), or a duration (ASK_DURATION: its unit is one
 * of phrases.reading.duration_units: "how long did X take?" is not
 * answered by "a trillion requests a day")?
 */
static int
ask_unit_ok(const struct kb *kb, const struct kb_figure *f, int kind)
{
	const struct kb_phrases *ph = &kb->phrases;
	size_t i;

	if (kind == ASK_DURATION) {
		for (i = 0; i < ph->nduration_units; i++)
			if (strcmp(f->unit, ph->duration_units[i]) == 0)
				return 1;
		return 0;
	}
	for (i = 0; kind == ASK_AMOUNT && i < ph->npoint_units; i++)
		if (strcmp(f->unit, ph->point_units[i]) == 0)
			return 0;
	return 1;
}

/* Does claim c carry a figure of this kind (ask_unit_ok())? */
static int
ask_has_figure(const struct kb *kb, const struct kb_claim *c, int kind)
{
	size_t f;

	for (f = 0; f < c->nfigures; f++)
		if (ask_unit_ok(kb, &c->figures[f], kind))
			return 1;
	return 0;
}

#define ASK_FIT_INTENT	3	/* the relation kept weighs more than
				 * one topic shared */
#define ASK_FIT_OWN	4	/* topics of its own, as a tie-break */

/*
 * How well claim c, on subject bit s (0: none), is what prev, the claim
 * that led the last answer, was about, for subjects: 0 when c is not on
 * a subject of subjects, shares no topic or no answered relation (the
 * answers tags: amount, reason ...) with prev; else more for each topic
 * shared, more (ASK_FIT_INTENT) when c answers the relation the
 * follow-up keeps (intent, 1 + a kb->intents index: "how long" after
 * "how long", before "53% feel productive", which shares two topics and
 * says no time), else one more for a figure in one of prev's units; and
 * among equals more for fewer topics of c's own that prev lacks (the
 * borrow checker's weeks or months before juniors' onboarding, a hiring
 * topic).
 */
static unsigned
ask_frame_fit(const struct kb *kb, const struct kb_claim *prev,
    const struct kb_claim *c, unsigned s, unsigned subjects, int intent)
{
	size_t shared, own;
	unsigned fit;

	(void)kb;
	if (s == 0 || (s & ~subjects) != 0 ||
	    (c->answers & prev->answers) == 0 ||
	    (shared = ask_shared_topics(c, prev)) == 0)
		return 0;
	fit = (unsigned)(shared > 4 ? 4 : shared) * 2;
	/* the relation kept says what is asked; a unit in common only
	 * stands in for it ("6 weeks" may be the other subject's) */
	if (intent > 0 && (c->answers & prev->answers &
	    (1u << (intent - 1))) != 0)
		fit += ASK_FIT_INTENT;
	else
		fit += (unsigned)ask_same_unit(c, prev);
	own = c->ntopics - shared;
	return fit * ASK_FIT_OWN + (unsigned)(own >= ASK_FIT_OWN ? 0 :
	    ASK_FIT_OWN - 1 - own);
}

/*
 * Does claim c lack the relation a follow-up keeps (intent, 1 + a
 * kb->intents index; 0 none), which prev, the claim that led the last
 * answer, answers?
 */
static int
ask_lacks_intent(const struct kb_claim *prev, const struct kb_claim *c,
    int intent)
{
	return intent > 0 && (prev->answers & (1u << (intent - 1))) != 0 &&
	    (c->answers & (1u << (intent - 1))) == 0;
}

/*
 * Is claim c on every subject a question can name at once (its subject
 * has no term of its own and is not one of them: "both", "Rust and Go")?
 * A claim on no subject the article names (the kb's first-class "none",
 * if any) is not.
 */
static int
ask_on_pair(const struct kb *kb, const struct kb_claim *c)
{
	size_t s, named = 0;

	for (s = 0; s < kb->nsubjects; s++)
		named += kb->subject_term[s] != NULL;
	for (s = 0; s < kb->nsubjects; s++)
		if (c->subject == &kb->subjects[s])
			return kb->subject_term[s] == NULL && named >= 2;
	return 0;
}

/*
 * "and rust?" right after "how soon could i get decent at go?" was
 * answered with Go's 2-3 weeks (prev, on one subject): a follow-up that
 * only names another subject keeps the last question's frame, what the
 * last answer answered, and asks it of that subject.  When res (the last
 * words searched with that subject) is not led by a claim of a subject
 * asked (subjects) or of none that shares a topic with prev, the claim
 * that led the last answer, and answers the relation kept (intent, 1 + a
 * kb->intents index, when prev answers it: ask_lacks_intent()), the best
 * fit (ask_frame_fit()) leads, covered: one among res's hits that holds
 * some of the words, else, or when that one lacks the relation kept, one
 * of the knowledge base that fits better (the words may be the last
 * subject's alone: "soon", "useful").  Returns whether res was changed.
 */
static int
ask_carry_frame(const struct kb *kb, const struct kb_claim *prev,
    unsigned subjects, int intent, struct kb_result *res)
{
	const struct kb_claim *best = NULL;
	struct kb_hit h;
	unsigned s, fit, top = 0;
	size_t i, at = 0;

	/* a last answer on both (a table row) is not one subject's */
	if (prev == NULL || subjects == 0 ||
	    ask_claim_subject(kb, prev) == 0 ||
	    (ask_claim_subject(kb, prev) & subjects) != 0)
		return 0;
	/* a lead that shares a topic but not the relation kept, which
	 * prev answered ("how the borrow checker makes you rethink" after
	 * how long), is not what the last answer answered */
	if (res->covered && res->nhits > 0) {
		s = ask_claim_subject(kb, res->hits[0].claim);
		if ((s == 0 || (s & subjects) != 0) &&
		    ask_shared_topics(res->hits[0].claim, prev) > 0 &&
		    !ask_lacks_intent(prev, res->hits[0].claim, intent))
			return 0;
	}
	for (i = 0; i < res->nhits; i++) {
		fit = res->hits[i].coverage > 0 ? ask_frame_fit(kb, prev,
		    res->hits[i].claim, ask_claim_subject(kb,
		    res->hits[i].claim), subjects, intent) : 0;
		if (fit > top) {
			top = fit;
			at = i;
			best = res->hits[i].claim;
		}
	}
	/* the knowledge base's best fit when no hit fits or the best does
	 * not answer the relation kept (the words may be the last
	 * subject's alone: "soon", "useful", "productive") */
	for (i = 0; (best == NULL || ask_lacks_intent(prev, best, intent)) &&
	    i < kb->nclaims; i++) {
		fit = ask_frame_fit(kb, prev, &kb->claims[i],
		    ask_claim_subject(kb, &kb->claims[i]), subjects, intent);
		if (fit > top) {
			top = fit;
			best = &kb->claims[i];
			at = res->nhits;
		}
	}
	/* no claim of the subject asked shares both a topic and an
	 * answered relation with prev ("go?" after Rust's 72% admired, an
	 * amount; Go's is said in words): the pair's own claim on that
	 * topic (a table row, both sides) answers for the subject asked */
	for (i = 0; best == NULL && i < kb->nclaims; i++) {
		if (ask_claim_subject(kb, &kb->claims[i]) != 0 ||
		    !ask_on_pair(kb, &kb->claims[i]))
			continue;
		fit = ask_frame_fit(kb, prev, &kb->claims[i], subjects,
		    subjects, intent);
		if (fit > top) {
			top = fit;
			best = &kb->claims[i];
			at = res->nhits;
		}
	}
	for (i = 0; best != NULL && at == res->nhits && i < res->nhits; i++)
		if (res->hits[i].claim == best)
			at = i;
	if (best == NULL)
		return 0;
	if (at < res->nhits)
		h = res->hits[at];
	else {
		(void)memset(&h, 0, sizeof(h));
		h.claim = best;
		h.intent = intent > 0 &&
		    (best->answers & (1u << (intent - 1))) != 0;
		if (res->nhits > 0) {
			h.score = res->hits[0].score;
			h.coverage = res->hits[0].coverage;
		}
		if (res->nhits < KB_MAX_HITS)
			res->nhits++;
		at = res->nhits - 1;
	}
	for (; at > 0; at--)
		res->hits[at] = res->hits[at - 1];
	res->hits[0] = h;
	res->covered = 1;
	res->coverage = h.coverage;
	return 1;
}

/*
 * Does a hit holding ASK_LEAD_COVER of the question carry a figure of
 * this kind (ask_unit_ok())?
 */
static int
ask_any_figure(const struct kb *kb, const struct kb_result *res, int kind)
{
	size_t i;

	for (i = 0; i < res->nhits; i++)
		if (res->hits[i].coverage >= ASK_LEAD_COVER &&
		    ask_has_figure(kb, res->hits[i].claim, kind))
			return 1;
	return 0;
}

/* Did the user write value as a number among q's words ("android 16")? */
static int
ask_told(const struct kb_query *q, double value)
{
	size_t j;

	for (j = 0; j < q->n; j++)
		if (text_is_number(q->raw[j]) && strtod(q->raw[j], NULL) ==
		    value)
			return 1;
	return 0;
}

/*
 * Does claim c's text write figure f's value as digits ("188,000" or
 * "188000" for 188000; "2.26")?  "millions of devices" does not: the
 * article gives that figure only roughly.
 */
static int
ask_figure_exact(const struct kb_claim *c, size_t f)
{
	char plain[64], grouped[64];
	double v = c->figures[f].value;
	size_t n, i, o = 0;

	if (v != (double)(long long)v || v < 0)
		(void)snprintf(plain, sizeof(plain), "%g", v);
	else
		(void)snprintf(plain, sizeof(plain), "%lld", (long long)v);
	if (strstr(c->text, plain) != NULL)
		return 1;
	n = strlen(plain);
	if (strchr(plain, '.') != NULL || strchr(plain, 'e') != NULL ||
	    n <= 3)
		return 0;
	for (i = 0; i < n && o + 2 < sizeof(grouped); i++) {
		if (i > 0 && (n - i) % 3 == 0)
			grouped[o++] = ',';
		grouped[o++] = plain[i];
	}
	grouped[o] = '\0';
	return strstr(c->text, grouped) != NULL;
}

/*
 * Which figure of the best claim answers a question for a number: the
 * first whose label holds one of q's content terms, else the first; -1
 * when the claim has none or is about another subject than the one
 * asked.  A figure labelled for a subject not asked about is skipped,
 * and so is one not of the kind asked for (ask_unit_ok()).
 */
static int
ask_figure(const struct kb *kb, const struct kb_query *q,
    const struct kb_answer *a, int kind)
{
	const struct kb_claim *c;
	struct kb_query u;
	unsigned asked = 0;
	size_t f, i, j;
	int first = -1, other, told;

	if (a->nclaims == 0 || a->other_subject >= 0 ||
	    (c = a->claims[0])->nfigures == 0)
		return -1;
	for (j = 0; j < q->n; j++)
		if (q->subject[j] >= 0)
			asked |= 1u << q->subject[j];
	/* "how many phones run it from android 16?": a figure the user
	 * wrote is not the one asked for, when the claim has another */
	for (f = 0, told = 0; f < c->nfigures; f++)
		if (ask_unit_ok(kb, &c->figures[f], kind) &&
		    !ask_told(q, c->figures[f].value))
			told = 1;
	for (f = 0; f < c->nfigures; f++) {
		if (told && ask_told(q, c->figures[f].value))
			continue;
		const struct kb_figure_terms *ft = c->figure_terms != NULL ?
		    &c->figure_terms[f] : NULL;

		if (ft != NULL) {	/* its label read at load */
			if ((asked != 0 && (ft->label_subjects & ~asked)) ||
			    !ask_unit_ok(kb, &c->figures[f], kind))
				continue;
			if (first < 0)
				first = (int)f;
			for (i = 0; i < ft->nlabel_terms; i++)
				for (j = 0; j < q->n; j++)
					if (ft->label_terms[i] == q->term[j] &&
					    q->subject[j] < 0)
						return (int)f;
			continue;
		}
		kb_normalize(kb, c->figures[f].label,
		    strlen(c->figures[f].label), 0, &u);
		/* "admiration rate (Rust)" does not answer for Go */
		for (i = 0, other = 0; i < u.n; i++)
			if (u.subject[i] >= 0 && asked != 0 &&
			    !(asked & (1u << u.subject[i])))
				other = 1;
		if (other || !ask_unit_ok(kb, &c->figures[f], kind))
			continue;
		if (first < 0)
			first = (int)f;
		for (i = 0; i < u.n; i++)
			for (j = 0; j < q->n; j++)
				if (u.term[i] != NULL && u.term[i] == q->term[j] &&
				    q->subject[j] < 0)
					return (int)f;
	}
	return first;
}

/*
 * A count question: the hits counted in a unit it names (with any, the
 * hits with a figure of that kind: ask_unit_ok()) go first, in their order, when they hold at
 * least ASK_LEAD_COVER of its content.  For a duration, the claims the
 * knowledge base tags as saying how long (kb_hit.intent: their `answers`
 * hold the question's intent) are that kind when one of the hits is so
 * tagged: a unit alone does not say what lasts ("p99 latency
 * requirements in the tens of milliseconds" is no pause time, "weeks or
 * months" has no figure).  Returns how many there are.
 */
static size_t
ask_count_first(const struct kb *kb, const struct kb_query *q,
    struct kb_result *res, int any)
{
	struct kb_hit first[KB_MAX_HITS], rest[KB_MAX_HITS];
	size_t i, nf = 0, nr = 0;
	int tagged = 0;

	for (i = 0; any == ASK_DURATION && i < res->nhits; i++)
		if (res->hits[i].coverage >= ASK_LEAD_COVER &&
		    res->hits[i].intent)
			tagged = 1;
	for (i = 0; i < res->nhits; i++)
		if (res->hits[i].coverage >= ASK_LEAD_COVER &&
		    (tagged ? res->hits[i].intent :
		    any ? ask_has_figure(kb, res->hits[i].claim, any) :
		    ask_counts_in(kb, q, res->hits[i].claim)))
			first[nf++] = res->hits[i];
		else
			rest[nr++] = res->hits[i];
	/* the first alone being of the kind is not enough: a tagged claim
	 * the intent's boost put first leaves the others of the kind behind
	 * the rest ("how long till i'm productive?": the table's learning
	 * curve after two claims that only share "productive") */
	for (i = 0; i < nf && first[i].claim == res->hits[i].claim; i++)
		;
	if (nf == 0 || i == nf || (any != ASK_DURATION &&
	    first[0].claim == res->hits[0].claim))
		return nf;
	(void)memcpy(res->hits, first, nf * sizeof(first[0]));
	(void)memcpy(res->hits + nf, rest, nr * sizeof(rest[0]));
	res->coverage = res->hits[0].coverage;
	return nf;
}

/*
 * Put first in res (covered) the claims with the figure a question asks
 * for: a count in a unit it names, else any count (count), a duration
 * (duration: count is set too) or any figure (figure, a figure word).
 */
static void
ask_figure_first(const struct kb *kb, const struct kb_query *q, int count,
    int duration, int figure, struct kb_result *res)
{
	if (res->covered && count && ask_count_first(kb, q, res, 0) == 0)
		(void)ask_count_first(kb, q, res, duration ? ASK_DURATION :
		    ASK_ANY);
	else if (res->covered && figure && !count)
		(void)ask_count_first(kb, q, res, ASK_ANY);
}

/*
 * How many words topic label lab has when every one of them, as written
 * (case aside; "Memory safety"), begins squashed text p in order, one
 * word for one word; 0 when one does not.
 */
static size_t
ask_label_words(const char *lab, const char *p)
{
	size_t n, len, k = 0;

	for (;;) {
		while (*lab == ' ')
			lab++;
		while (*p == ' ')
			p++;
		if ((n = text_word_len(lab)) == 0)
			return k;
		len = text_word_len(p);
		if (n != len || strncasecmp(lab, p, n) != 0)
			return 0;
		lab += n;
		p += len;
		k++;
	}
}

/*
 * Is the word at p (len bytes, as written) a verb's past form the
 * lexicon lists (clause_words.past_forms: "made", "led", "chose")?
 */
static int
ask_past_form(const struct kb *kb, const char *p, size_t len)
{
	char w[KB_CW_WORD_MAX];
	int32_t bits;

	if (len == 0 || len >= sizeof(w))
		return 0;
	(void)memcpy(w, p, len);
	w[len] = '\0';
	bits = strmap_get(&kb->clause_words, w);
	return bits > 0 && (bits & KB_CW_PAST_FORM) != 0;
}

/*
 * A question for instances of a topic ("which big companies run rust in
 * production?"): it begins with a word of phrases.reading.instance_words,
 * and one of the two words after it, as written, is the first word of a
 * topic's label ("Companies using them").  Returns the topic, or NULL.
 * The word must match as written, so "which language is faster" does not
 * ask for "Language rankings".
 */
static const struct kb_topic *
ask_instances_of(const struct kb *kb, const char *sq)
{
	const struct kb_phrases *ph = &kb->phrases;
	const char *p = sq, *lab;
	size_t len, i, n, w;

	len = text_word_len(p);
	for (i = 0; i < ph->ninstance_words; i++)
		if (strlen(ph->instance_words[i]) == len &&
		    strncmp(p, ph->instance_words[i], len) == 0)
			break;
	if (i == ph->ninstance_words)
		return NULL;
	for (w = 0; w < 2; w++) {
		const struct kb_topic *one = NULL, *whole = NULL;
		size_t nfirst = 0, nwhole = 0, k;

		p += len;
		while (*p == ' ')
			p++;
		if ((len = text_word_len(p)) == 0)
			return NULL;
		/* a stopword names no topic's instances: "what about jobs?"
		 * is a follow-up start and its topic, not a question for
		 * the instances of "About the article and its author" */
		if (strmap_getn(&kb->stopwords, p, len) >= 0) {
			if (w == 0 && ask_past_form(kb, p, len))
				return NULL;	/* "what made ...": below */
			continue;
		}
		for (i = 0; i < kb->ntopics; i++) {
			lab = kb->topics[i].label;
			/* most labels differ at the first byte (p's is not
			 * the end: len > 0), which strncasecmp() reads first */
			if (tolower((unsigned char)lab[0]) !=
			    tolower((unsigned char)p[0]))
				continue;
			n = text_word_len(lab);
			if (n != len || strncasecmp(lab, p, n) != 0)
				continue;
			if (nfirst++ == 0)
				one = &kb->topics[i];
			if ((k = ask_label_words(lab, p)) > nwhole) {
				nwhole = k;
				whole = &kb->topics[i];
			}
		}
		/* a first word several labels share ("memory": "Memory
		 * safety", "Memory footprint") names the one whose every
		 * word follows, the longest; else none */
		if (nfirst == 1)
			return one;
		if (whole != NULL)
			return whole;
		/* "what made kubernetes choose go?": a verb's past form
		 * after the wh-word makes it the subject of a clause, not
		 * the determiner of a topic ("which big companies") */
		if (w == 0 && ask_past_form(kb, p, len))
			return NULL;
	}
	return NULL;
}

/*
 * The hits of a question for instances of topic t that carry it go
 * first, in their order, when they hold at least ASK_LEAD_COVER of it
 * and are on a subject it names (subjects, a bit set; 0: any).  Returns how many do: the instances, each worth citing whatever its
 * score ("Microsoft, Amazon, ..." as well as "Cloudflare ...").
 */
static size_t
ask_topic_first(const struct kb *kb, const struct kb_topic *t,
    unsigned subjects, struct kb_result *res)
{
	struct kb_hit first[KB_MAX_HITS], rest[KB_MAX_HITS];
	size_t i, j, nf = 0, nr = 0;

	for (i = 0; i < res->nhits; i++) {
		const struct kb_claim *c = res->hits[i].claim;

		for (j = 0; j < c->ntopics && c->topics[j] != t; j++)
			;
		/* "what companies use go": not a claim on Rust alone */
		if (j < c->ntopics && res->hits[i].coverage >= ASK_LEAD_COVER &&
		    (subjects == 0 || (subjects & kb->subject_bits[c->subject -
		    kb->subjects]) != 0))
			first[nf++] = res->hits[i];
		else
			rest[nr++] = res->hits[i];
	}
	if (nf == 0)
		return 0;
	(void)memcpy(res->hits, first, nf * sizeof(first[0]));
	(void)memcpy(res->hits + nf, rest, nr * sizeof(rest[0]));
	res->coverage = res->hits[0].coverage;
	return nf;
}

/*
 * Does claim c name an instance (a word the claims write as a name,
 * kb_term.entity, not a subject's) that none of a's claims says?  A
 * claim naming only those already cited ("Kubernetes, Docker, ..." said
 * again) adds nothing to a list; one naming none is no list's member.
 */
static int
ask_names_new(const struct kb *kb, const struct kb_claim *c,
    const struct kb_answer *a)
{
	static struct kb_query w;	/* large; the engine is one thread */
	size_t i, j;
	int32_t t;

	kb_normalize(kb, c->text, strlen(c->text), 0, &w);
	for (i = 0; i < w.n; i++) {
		if (w.stop[i] || w.subject[i] >= 0 || w.term[i] == NULL ||
		    (t = strmap_get(&kb->vocab, w.term[i])) < 0 ||
		    !kb->terms[t].entity)
			continue;
		for (j = 0; j < a->nclaims; j++)
			if (kb_term_said(kb, w.term[i], a->claims[j]))
				break;
		if (j == a->nclaims)
			return 1;
	}
	return 0;
}

/*
 * Does squashed sq hold a word that asks for an intent class alone
 * (kb_intent.strict_words: "methodology", "calculated") while a's first
 * claim does not answer that class?  "how does tiobe calculate the
 * index" finds TIOBE's rank: the article gives the rank, never how it
 * is made, and the rank is an answer to another question.  At most
 * KB_MAX_INTENTS classes of at most 32 words each, per word of sq.
 */
static int
ask_strict_unanswered(const struct kb *kb, const char *sq,
    const struct kb_answer *a)
{
	const char *p;
	size_t len, k;

	if (a->nclaims == 0)
		return 0;
	for (k = 0; k < kb->nintents; k++) {
		if (kb->intents[k].nstrict_words == 0 ||
		    (a->claims[0]->answers & (1u << k)) != 0)
			continue;
		for (p = sq; *p != '\0'; p += len, p += text_space_len(p)) {
			if ((len = text_word_len(p)) == 0)
				break;
			if (match_in_list(p, len, kb->intents[k].strict_words,
			    kb->intents[k].nstrict_words))
				return 1;
		}
	}
	return 0;
}

/*
 * Is q a question of an intent class with kb_intent.verb_held whose
 * first word that is no stopword names no subject and is not held
 * (fields or asks) by a's first claim?  "who runs the rust foundation"
 * finds Google's investment in it, which answers who invested, not who
 * runs it; "who created go" finds a claim that holds "created".
 */
static int
ask_verb_unheld(const struct kb *kb, const struct kb_query *q,
    const struct kb_answer *a)
{
	size_t i;

	if (a->nclaims == 0 || q->intent <= 0 ||
	    (size_t)q->intent > kb->nintents ||
	    !kb->intents[q->intent - 1].verb_held)
		return 0;
	for (i = 0; i < q->n && q->stop[i]; i++)
		;
	/* a word of the reading lists asks rather than names a relation:
	 * "who won in the techempower benchmarks" reads "won" as the
	 * question word "verdict", who came out ahead, which a claim need
	 * not say in that word */
	return i < q->n && q->subject[i] < 0 && q->term[i] != NULL &&
	    !text_is_number(q->raw[i]) &&
	    !(kb_listed(&kb->phrases, q->raw[i], strlen(q->raw[i])) &
	    KB_LISTED_READING) &&
	    !kb_term_held(kb, q->term[i], a->claims[0]);
}

/*
 * Does query q say a number that claim c's fields hold ("go at #7 on
 * tiobe?? how is it computed")?  The user quotes the article's figure:
 * the figure is confirmed, not declined.
 */
static int
ask_quotes_figure(const struct kb *kb, const struct kb_query *q,
    const struct kb_claim *c)
{
	size_t i;

	for (i = 0; i < q->n; i++)
		if (text_is_number(q->raw[i]) && q->term[i] != NULL &&
		    kb_term_said(kb, q->term[i], c))
			return 1;
	return 0;
}

#define ASK_LIST_NEAR	0.6	/* ask_list(): a lead this near the best */
#define ASK_LIST_REACH	8	/* ... among this many first hits */
#define ASK_LIST_TAIL	0.7	/* a member this near the best, any topic */

/* Does claim c answer intent (1 + a kb->intents index)? */
static int
ask_answers(const struct kb_claim *c, int intent)
{
	return intent > 0 && (c->answers & (1u << (intent - 1))) != 0;
}

/*
 * A question of an intent class that `lists` ("who runs rust in
 * prod?": who) asks for instances: every claim cited answers that class.
 * When the first claim does not, the best hit that does leads, if it is
 * among the first RELATION_REACH, ASK_LIST_NEAR of the best's score and
 * holds ASK_LEAD_NEAR of what the best holds.  After the lead (and the
 * ninst instances ask_topic_first() put first), the hits that answer the
 * class fill the answer, in their order: those scored as near the best as
 * kb_answer_from() cites (ASK_LIST_TAIL, ASK_LEAD_NEAR), and those that
 * share a topic with the lead and hold ASK_LEAD_COVER of the question
 * ("Discord rewrote ..." after "Microsoft, Amazon, ..."), on a subject named
 * (subjects; 0: any), each naming one not named before (ask_names_new()):
 * the users named, not a rule on another matter that scored near them.
 * A comparison (versus: "who earns more, rust or go devs?") asks for no
 * instances.  Returns whether it changed a.
 */
static int	ask_same_topic(const struct kb_claim *, const struct kb_claim *);

static int
ask_list(const struct kb *kb, const struct kb_query *q, unsigned subjects,
    int versus, size_t ninst, const struct kb_result *res,
    struct kb_answer *a)
{
	const struct kb_claim *lead, *c = NULL;
	size_t i, j, n, reach;
	unsigned bits;

	if (q->intent <= 0 || (size_t)q->intent > kb->nintents ||
	    !kb->intents[q->intent - 1].lists || q->intent_kept || versus ||
	    !res->covered || res->nhits == 0 || a->nclaims == 0)
		return 0;
	n = ninst > 0 ? ninst : 1;
	if (n > a->nclaims)
		n = a->nclaims;
	lead = a->claims[0];
	if (ninst == 0 && !ask_answers(lead, q->intent)) {
		reach = res->nhits < ASK_LIST_REACH ? res->nhits :
		    ASK_LIST_REACH;
		for (i = 1; i < reach; i++) {
			c = res->hits[i].claim;
			bits = c->subject == NULL ? 0 :
			    kb->subject_bits[c->subject - kb->subjects];
			if (ask_answers(c, q->intent) &&
			    res->hits[i].score >= ASK_LIST_NEAR *
			    res->hits[0].score && res->hits[i].coverage >=
			    ASK_LEAD_NEAR * res->hits[0].coverage &&
			    (subjects == 0 || (bits & subjects) != 0))
				break;
		}
		if (i == reach)
			return 0;
		lead = a->claims[0] = c;
	} else if (!ask_answers(lead, q->intent))
		return 0;
	a->nclaims = n;
	for (i = 0; i < res->nhits && a->nclaims < KB_ANSWER_MAX; i++) {
		c = res->hits[i].claim;
		bits = c->subject == NULL ? 0 :
		    kb->subject_bits[c->subject - kb->subjects];
		if (!ask_answers(c, q->intent) ||
		    (subjects != 0 && (bits & subjects) == 0))
			continue;
		/* as near the best as kb_answer_from() cites, or on the
		 * lead's topic */
		if (!(res->hits[i].score >= ASK_LIST_TAIL *
		    res->hits[0].score && res->hits[i].coverage >=
		    ASK_LEAD_NEAR * res->hits[0].coverage) &&
		    (!ask_same_topic(c, lead) ||
		    res->hits[i].coverage < ASK_LEAD_COVER))
			continue;
		for (j = 0; j < a->nclaims && a->claims[j] != c; j++)
			;
		if (j == a->nclaims && ask_names_new(kb, c, a))
			a->claims[a->nclaims++] = c;
	}
	return 1;
}

/*
 * "and go?" after "which companies use rust?": the follow-up asks what
 * the last question asked for (its intent, kept), of another subject;
 * when that intent `lists` (who), the hits on a subject of subjects or
 * on none that answer it go first, in their order ("Go powers
 * Cloudflare's DNS", not why Go's production story is quiet).  Returns
 * whether the order changed.
 */
static int
ask_intent_first(const struct kb *kb, int intent, unsigned subjects,
    struct kb_result *res)
{
	unsigned char key[KB_MAX_HITS];
	unsigned s;
	size_t i;

	if (intent <= 0 || (size_t)intent > kb->nintents ||
	    !kb->intents[intent - 1].lists || res->nhits < 2 ||
	    ask_answers(res->hits[0].claim, intent))
		return 0;
	for (i = 0; i < res->nhits; i++) {
		s = ask_claim_subject(kb, res->hits[i].claim);
		key[i] = ask_answers(res->hits[i].claim, intent) &&
		    (s == 0 || (s & subjects) != 0);
	}
	return ask_sort_by_key(res, key);
}

/*
 * "and go?" after how many Rust developers there are: a follow-up that
 * carries a question for a number, answered with claims[0]'s figure
 * lead_figure, cites after it only claims with a figure in its unit
 * (Go's developers, not Go's salary or a hiring rule that came with the
 * words).
 */
static void
ask_keep_measure(struct kb_answer *a)
{
	const char *unit;
	size_t i, f, n;

	if (a->nclaims == 0 || a->lead_figure < 0 ||
	    (size_t)a->lead_figure >= a->claims[0]->nfigures)
		return;
	unit = a->claims[0]->figures[a->lead_figure].unit;
	for (i = n = 1; i < a->nclaims; i++) {
		for (f = 0; f < a->claims[i]->nfigures; f++)
			if (a->claims[i]->figures[f].unit != NULL &&
			    unit != NULL &&
			    strcmp(a->claims[i]->figures[f].unit, unit) == 0)
				break;
		if (f < a->claims[i]->nfigures)
			a->claims[n++] = a->claims[i];
	}
	a->nclaims = n;
}

/*
 * Does squashed text p begin with a subject's one-word name and a word
 * the article knows that is not one ("go devs", "rust jobs")?  The word
 * before them then qualifies a noun ("junior go devs"), where the word
 * before a name at the end of a question does not ("who created rust?").
 */
static int
ask_is_subject(const struct kb *kb, const char *p)
{
	struct kb_query w;
	size_t len = text_word_len(p);

	if (len == 0)
		return 0;
	kb_normalize(kb, p, len, 0, &w);
	if (w.n != 1 || w.subject[0] < 0)
		return 0;
	for (p += len; *p == ' '; p++)
		;
	if ((len = text_word_len(p)) == 0)
		return 0;
	kb_normalize(kb, p, len, 0, &w);
	return w.n == 1 && w.term[0] != NULL && w.subject[0] < 0;
}

/*
 * Is the word p (len bytes, of squashed text) one of the n words of list?
 * text_word_in() says it (an entry of len bytes, those of p), without a
 * strlen() and a strncmp() of every entry of the word's first byte.
 */
static int
ask_in_list(const char *p, size_t len, const char *const *list, size_t n)
{
	return text_word_in(p, len, list, n);
}

/*
 * Does the word of q written raw only narrow what squashed text sq asks:
 * does it follow a scope word ("in" in "earn in india"), or come right
 * before a subject's name and a noun ("junior" in "junior go devs",
 * "remote" in "remote rust jobs": ask_is_subject())?  In a question for
 * a figure (wide), a word of phrases.reading.figure_scope_words is a
 * scope word too ("of" in "what share of small companies").  Words are
 * compared as normalized; the word as written goes to word ("germany",
 * not the stem "germani").  With wide ASK_SCOPE_LAST (a question already
 * answered), a figure_scope_words word opens a qualifier only for the
 * question's last word ("does meta use rust for instagram?", not "for
 * MS moving to rust").
 */
static int
ask_scoped(const struct kb *kb, const char *sq, const char *raw, int wide,
    char word[TEXT_TOKEN_MAX])
{
	const struct kb_phrases *ph = &kb->phrases;
	struct kb_query w;
	const char *p = sq, *prev = NULL, *next;
	size_t len;
	int scoped, skipped = 0;
	unsigned bits, prevbits = 0;	/* kb_listed() of p, of prev */

	while (*p != '\0') {
		len = text_word_len(p);
		bits = kb_listed(ph, p, len);
		scoped = 0;
		/* a stem begins as its word does: the others cost nothing;
		 * a level may be a synonym of it ("grads" of "junior") */
		if (*p != raw[0] && !(bits & KB_LISTED_LEVEL))
			goto next_word;
		/* "juniors" of "rust salary for juniors": a level only
		 * narrows, wherever it stands */
		if (bits & KB_LISTED_LEVEL)
			scoped = 1;
		else if (prev != NULL) {
			scoped = (prevbits & KB_LISTED_SCOPE) != 0;
			/* a question for a figure: "of" of "share of small
			 * companies" */
			if (wide && !scoped &&
			    (prevbits & KB_LISTED_FIGURE_SCOPE))
				scoped = wide != ASK_SCOPE_LAST ||
				    p[len] == '\0';
		}
		if (!scoped) {
			for (next = p + len; *next == ' '; next++)
				;
			scoped = ask_is_subject(kb, next);
		}
		if (scoped) {
			kb_normalize(kb, p, len, 0, &w);
			if (w.n == 1 && strcmp(w.raw[0], raw) == 0) {
				/* as the user wrote it, not stemmed */
				(void)snprintf(word, TEXT_TOKEN_MAX, "%.*s",
				    (int)len, p);
				return 1;
			}
		}
next_word:
		/* "in the tiobe top 10": one scope_determiners word after
		 * a scope word leaves the scope word the one before ("in a
		 * day" stays a word after "a") */
		if (prev == NULL || skipped || !(bits & KB_LISTED_SCOPE_DET) ||
		    !(prevbits & (KB_LISTED_SCOPE | KB_LISTED_FIGURE_SCOPE))) {
			skipped = 0;
			prev = p;
			prevbits = bits;
		} else
			skipped = 1;
		p += len;
		while (*p == ' ')
			p++;
	}
	return 0;
}

/*
 * Is the word written raw (normalized) one of phrases.reading.
 * qualifier_tails right after a qualifier: a scope word, then one word
 * ("only" of "rust admiration among hobbyists only?", "specifically" of
 * "... among students specifically")?  It only stresses the qualifier,
 * so it goes where the qualifier goes, never into the search of the
 * rest ("is rust only for hobbyists" keeps its "only").
 */
static int
ask_qualifier_tail(const struct kb *kb, const char *sq, const char *raw)
{
	const struct kb_phrases *ph = &kb->phrases;
	struct kb_query w;
	const char *p = sq, *w1 = NULL, *w2 = NULL;
	size_t len, l1 = 0, l2 = 0;

	while (*p != '\0') {
		len = text_word_len(p);
		if (w2 != NULL && (kb_listed(ph, p, len) &
		    KB_LISTED_QUALIFIER_TAIL) != 0 && (kb_listed(ph, w2, l2) &
		    (KB_LISTED_SCOPE | KB_LISTED_FIGURE_SCOPE)) != 0) {
			kb_normalize(kb, p, len, 0, &w);
			if (w.n == 1 && strcmp(w.raw[0], raw) == 0) {
				kb_normalize(kb, w1, l1, 0, &w);
				if (w.n == 1 && !w.stop[0] &&
				    w.subject[0] < 0)
					return 1;
			}
		}
		w2 = w1;
		l2 = l1;
		w1 = p;
		l1 = len;
		p += len;
		while (*p == ' ')
			p++;
	}
	return 0;
}

/*
 * Is the word written raw (normalized) the last word of squashed sq,
 * right after a word of lexicon focus_words, the amount asked ("berlin"
 * of "rust dev salary berlin", "munich" of "golang developer pay
 * munich?")?  A word tagged on so, with no scope word, says where or
 * whose the amount is, as "in berlin" does; after another noun it may
 * be the thing asked ("data science", "pasta recipes").  The word as
 * written goes to word.
 */
static int
ask_tagged_last(const struct kb *kb, const char *sq, const char *raw,
    char word[TEXT_TOKEN_MAX])
{
	struct kb_query w;
	const char *p = sq, *prev = NULL, *last = NULL;
	size_t len, plen = 0, llen = 0;

	while (*p != '\0') {
		len = text_word_len(p);
		prev = last;
		plen = llen;
		last = p;
		llen = len;
		p += len;
		while (*p == ' ')
			p++;
	}
	if (prev == NULL || !dialogue_focus_word(kb, prev, plen))
		return 0;
	kb_normalize(kb, last, llen, 0, &w);
	if (w.n != 1 || strcmp(w.raw[0], raw) != 0)
		return 0;
	(void)snprintf(word, TEXT_TOKEN_MAX, "%.*s", (int)llen, last);
	return 1;
}

/*
 * Does the word written raw (normalized) come right after a word of
 * phrases.reading.scope_words in squashed sq ("students" of "among
 * students"), not only before a subject's name ("separates" of "what
 * separates rust's async model")?
 */
static int
ask_after_scope(const struct kb *kb, const char *sq, const char *raw)
{
	struct kb_query w;
	const char *p = sq, *prev = NULL;
	size_t len, plen = 0;

	while (*p != '\0') {
		len = text_word_len(p);
		if (prev != NULL && (kb_listed(&kb->phrases, prev, plen) &
		    KB_LISTED_SCOPE) != 0) {
			kb_normalize(kb, p, len, 0, &w);
			if (w.n == 1 && strcmp(w.raw[0], raw) == 0)
				return 1;
		}
		prev = p;
		plen = len;
		p += len;
		while (*p == ' ')
			p++;
	}
	return 0;
}

/*
 * Does an ask of claim c use word (as written, squashed), or it without
 * a possessive or plural "s"?  The asks' writers tied the word to that
 * claim.
 */
static int
ask_claim_asks(const struct kb_claim *c, const char *word)
{
	char sq[KB_ASK_MAX + 1], bare[TEXT_TOKEN_MAX];
	const char *words[2] = { word, bare };
	size_t j, n = strlen(word);

	(void)snprintf(bare, sizeof(bare), "%.*s", (int)(n > 2 &&
	    word[n - 1] == 's' ? n - 1 : n), word);
	for (j = 0; j < c->nasks; j++) {
		kb_squash(c->asks[j], strlen(c->asks[j]), sq, sizeof(sq));
		if (text_has_word(sq, words, 2))
			return 1;
	}
	return 0;
}

/*
 * The words of q the article never uses, into missing[2]: how many, or
 * -1 when there are more than two or one of them does not just narrow
 * the question (a number, or a word after a scope word: ask_scoped();
 * with wide, after a word of figure_scope_words too, "for instagram" of
 * a covered "does meta use rust for instagram?", where the answer is
 * given anyway and a name the article never uses after "for" is what it
 * lacks: ask_scoped() with ASK_SCOPE_LAST).  The known ones go to
 * rest, when not NULL; *nknown counts those that are not subjects.
 * With rest, a word only asks use that narrows as ask_scoped() reads
 * it (a level: "beginners") is one the article never uses too; without
 * it, only a word of level_words is ("what's a mid go engineer
 * paid?"), or, given the answer's claim c, one none of c's asks uses
 * ("students" of "rust's admiration rate among students").
 */
static int
ask_missing(const struct kb *kb, const char *sq, const struct kb_query *q,
    int wide, char missing[2][TEXT_TOKEN_MAX], struct kb_query *rest,
    size_t *nknown, const struct kb_claim *c)
{
	size_t i;
	int32_t t;
	int n = 0;
	/* a message with no qualifier_tails word (most) is not read
	 * again for each of its words */
	int tails = kb_listed_word(&kb->phrases, sq,
	    KB_LISTED_QUALIFIER_TAIL);

	if (rest != NULL) {
		*rest = *q;
		rest->n = 0;
	}
	*nknown = 0;
	for (i = 0; i < q->n; i++) {
		/* "only" of "among hobbyists only": with the qualifier */
		if (tails && ask_qualifier_tail(kb, sq, q->raw[i]))
			continue;
		/* for the search of the rest (an uncovered question), a
		 * level only asks use ("beginners" of "what do go
		 * beginners make?") narrows as a word no claim uses does:
		 * no claim's own words hold it */
		if (q->term[i] != NULL && q->subject[i] < 0 &&
		    (t = strmap_get(&kb->vocab, q->term[i])) >= 0 &&
		    kb->terms[t].npost == 0 &&
		    ask_scoped(kb, sq, q->raw[i], wide, missing[n < 2 ? n :
		    1]) && (rest != NULL || ask_in_list(missing[n < 2 ? n : 1],
		    strlen(missing[n < 2 ? n : 1]), kb->phrases.level_words,
		    kb->phrases.nlevel_words) || (c != NULL &&
		    ask_after_scope(kb, sq, q->raw[i]) &&
		    !ask_claim_asks(c, missing[n < 2 ? n : 1])))) {
			if (n == 2)
				return -1;
			n++;
			continue;
		}
		if (q->term[i] == NULL) {
			if (n == 2)
				return -1;
			/* a number narrows wherever it is ("round 24") */
			if (text_is_number(q->raw[i]))
				(void)snprintf(missing[n], TEXT_TOKEN_MAX, "%s",
				    q->raw[i]);
			else if (!ask_scoped(kb, sq, q->raw[i], wide,
			    missing[n]) && !ask_tagged_last(kb, sq, q->raw[i],
			    missing[n]))
				return -1;
			n++;
			continue;
		}
		if (q->subject[i] < 0)
			(*nknown)++;
		if (rest != NULL)
			ask_append(rest, q, i);
	}
	return n;
}

/*
 * Does the word of q written raw (normalized) come right after the word
 * written as qual in squashed text sq ("top" after "tiobe" of "in the
 * tiobe top 10")?  If so it is appended to qual ("tiobe top"), when it
 * fits, and 1 is returned.
 */
static int
ask_follows(const struct kb *kb, const char *sq, char qual[TEXT_TOKEN_MAX],
    const char *raw)
{
	struct kb_query w;
	const char *p = sq, *last;
	size_t len, qlen;

	/* qual may already hold two words: its last one is matched */
	last = strrchr(qual, ' ');
	last = last != NULL ? last + 1 : qual;
	qlen = strlen(last);
	while (*p != '\0') {
		len = text_word_len(p);
		if (len == qlen && strncmp(p, last, len) == 0) {
			for (p += len; *p == ' '; p++)
				;
			if ((len = text_word_len(p)) == 0)
				return 0;
			kb_normalize(kb, p, len, 0, &w);
			if (w.n != 1 || strcmp(w.raw[0], raw) != 0 ||
			    strlen(qual) + 1 + len >= TEXT_TOKEN_MAX)
				return 0;
			(void)snprintf(qual + strlen(qual),
			    TEXT_TOKEN_MAX - strlen(qual), " %.*s", (int)len,
			    p);
			return 1;
		}
		p += len;
		while (*p == ' ')
			p++;
	}
	return 0;
}

/*
 * The words of q the article knows but claim c lacks, into missing[2],
 * when each only narrows the question: a number ("round 24", "in 2026")
 * or a word after a scope word that few claims use, as a name is ("in
 * azure"; not "in companies", a topic of many); in a question for a
 * figure (wide), also after a word of figure_scope_words.  Returns how many, 0 when c
 * holds every word, or -1 when c lacks another word (or more than two).
 */
static int
ask_narrowed(const struct kb *kb, const char *sq, const struct kb_query *q,
    const struct kb_claim *c, int wide, char missing[2][TEXT_TOKEN_MAX])
{
	struct kb_query one;
	size_t i;
	int32_t t;
	int n = 0;
	int tails = kb_listed_word(&kb->phrases, sq,
	    KB_LISTED_QUALIFIER_TAIL);	/* as in ask_missing() */

	/* each pass writes its word 0 alone, all kb_claim_coverage() reads
	 * of it: no copy of q */
	for (i = 0; i < q->n; i++) {
		if (q->subject[i] >= 0 || q->term[i] == NULL ||
		    (tails && ask_qualifier_tail(kb, sq, q->raw[i])))
			continue;
		one.n = 0;
		ask_append(&one, q, i);
		if (kb_claim_coverage(kb, &one, c) > 0)
			continue;
		if (n == 2)
			return -1;
		if (text_is_number(q->raw[i]))
			(void)snprintf(missing[n], TEXT_TOKEN_MAX, "%s",
			    q->raw[i]);
		else if ((t = strmap_get(&kb->vocab, q->term[i])) < 0 ||
		    kb->terms[t].npost > ASK_NAME_DF)
			return -1;
		else if (!ask_scoped(kb, sq, q->raw[i], wide, missing[n])) {
			/* "in the tiobe top 10": a rare word right after
			 * the qualifier's is part of it */
			if (n > 0 && ask_follows(kb, sq, missing[n - 1],
			    q->raw[i]))
				continue;
			return -1;
		}
		n++;
	}
	return n;
}

/*
 * The words of q the article knows that only narrow the question, as
 * ask_narrowed() reads them (a number; a word after a scope word or
 * before a subject's name that few claims use: "junior" in "what do
 * junior go devs get paid?"), into missing[2], and the other terms into
 * rest.  Returns how many, or -1 for more than two.
 */
static int
ask_narrowers(const struct kb *kb, const char *sq, const struct kb_query *q,
    char missing[2][TEXT_TOKEN_MAX], struct kb_query *rest)
{
	size_t i;
	int32_t t;
	int n = 0;
	int tails = kb_listed_word(&kb->phrases, sq,
	    KB_LISTED_QUALIFIER_TAIL);	/* as in ask_missing() */

	*rest = *q;
	rest->n = 0;
	for (i = 0; i < q->n; i++) {
		/* "only" of "among hobbyists only": with the qualifier */
		if (tails && ask_qualifier_tail(kb, sq, q->raw[i]))
			continue;
		if (q->subject[i] < 0 && q->term[i] != NULL &&
		    (t = strmap_get(&kb->vocab, q->term[i])) >= 0 &&
		    kb->terms[t].npost <= ASK_NAME_DF &&
		    ask_scoped(kb, sq, q->raw[i], 0, missing[n < 2 ? n : 1])) {
			if (n == 2)
				return -1;
			n++;
			continue;
		}
		ask_append(rest, q, i);
	}
	return n;
}

/*
 * One word of a squashed question as ask_qualified() reads it: where it
 * is, and what it is.
 */
struct ask_word {
	const char	*p;
	size_t		 len;
	char		 raw[TEXT_TOKEN_MAX];	/* normalized, as q->raw */
	int		 kind;			/* ASK_W_* */
};

#define ASK_W_STOP	0	/* a stopword ("a", "their") */
#define ASK_W_SCOPE	1	/* "in", "on", "with": opens a qualifier */
#define ASK_W_SUBJECT	2	/* a subject's name */
#define ASK_W_CONTENT	3	/* any other word */
#define ASK_W_NAME	4	/* a word the article knows, written as a
				 * name ("python"): never a qualifier */
#define ASK_PHRASE_WORDS 3	/* words of a qualifier at most */
#define ASK_MAX_WORDS	64

/* Is raw (a word of q) one of the words of a qualifier in w[0..n)? */
static int
ask_in_phrases(const struct ask_word *w, size_t n, const unsigned char *in,
    const char *raw)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (in[i] && strcmp(w[i].raw, raw) == 0)
			return 1;
	return 0;
}

/*
 * Mark the qualifier w[start..end) of a question (ask_qualified()):
 * into in, and as written into missing[*nq].  Returns -1 when there are
 * two already or it is too long to show.
 */
static int
ask_qualifier(const struct ask_word *w, size_t start, size_t end,
    unsigned char *in, char missing[2][TEXT_TOKEN_MAX], int *nq)
{
	size_t len = (size_t)(w[end - 1].p + w[end - 1].len - w[start].p);

	if (*nq == 2 || len >= TEXT_TOKEN_MAX)
		return -1;
	(void)snprintf(missing[(*nq)++], TEXT_TOKEN_MAX, "%.*s", (int)len,
	    w[start].p);
	(void)memset(in + start, 1, end - start);
	return 0;
}

/*
 * The qualifiers of a question (squashed sq, normalized q): the phrases
 * that only say whose, when or where the thing asked is ("how many rust
 * jobs are there in india", "what do entry level go devs earn").  One
 * is a word of phrases.reading.scope_words (or, in a question for a
 * figure, wide, of figure_scope_words: "on a raspberry pi", "with zero
 * coding experience"), then any stopwords, then the words before a
 * stopword, a subject's name or another such word: one, or in a
 * question for a figure up to ASK_PHRASE_WORDS; a word the article
 * knows written as a name ("of a Python developer") is what is asked,
 * and ends it empty.  Another is the one or two words right before a
 * subject's one-word name and a noun the article knows ("entry level"
 * of "entry level go devs").  Each qualifier as written goes to missing
 * (at most two), and q's terms without the qualifiers' words to rest;
 * *nknown counts rest's content terms that are not subjects, and
 * *nunknown the words the qualifiers hold that the article's claims
 * never use (a word only asks use counts).
 * Returns how many qualifiers, 0 when there are none, or -1 when a word
 * the article never uses (other than a number, which narrows wherever
 * it stands) is in none of them, or there are more than two, or one is
 * too long to show.
 */
static int
ask_qualified(const struct kb *kb, const char *sq, const struct kb_query *q,
    int wide, char missing[2][TEXT_TOKEN_MAX], struct kb_query *rest,
    size_t *nknown, size_t *nunknown)
{
	const struct kb_phrases *ph = &kb->phrases;
	struct ask_word w[ASK_MAX_WORDS];
	unsigned char in[ASK_MAX_WORDS], known[ASK_MAX_WORDS];
	unsigned char rare[ASK_MAX_WORDS];
	struct kb_query one;
	const char *p = sq;
	char word[TEXT_TOKEN_MAX];
	size_t n = 0, i, j, start, most = wide ? ASK_PHRASE_WORDS : 1;
	int32_t t;
	int nq = 0;

	while (*p != '\0' && n < ASK_MAX_WORDS) {
		w[n].p = p;
		w[n].len = text_word_len(p);
		w[n].raw[0] = '\0';
		/* the word cut to the buffer, as "%.*s" would write it */
		i = w[n].len < sizeof(word) - 1 ? w[n].len : sizeof(word) - 1;
		(void)memcpy(word, p, i);
		word[i] = '\0';
		kb_normalize(kb, p, w[n].len, 0, &one);
		known[n] = one.n > 0 && one.term[0] != NULL;
		rare[n] = known[n] && (t = strmap_get(&kb->vocab,
		    one.term[0])) >= 0 && kb->terms[t].npost > 0 &&
		    kb->terms[t].npost <= ASK_NAME_DF;
		if (text_has_word(word, ph->scope_words, ph->nscope_words) ||
		    (wide && text_has_word(word, ph->figure_scope_words,
		    ph->nfigure_scope_words)))
			w[n].kind = ASK_W_SCOPE;
		else if (one.n == 0 || one.stop[0])
			w[n].kind = ASK_W_STOP;
		else if (one.subject[0] >= 0)
			w[n].kind = ASK_W_SUBJECT;
		else if (known[n] && one.proper[0] == 1)
			w[n].kind = ASK_W_NAME;
		else
			w[n].kind = ASK_W_CONTENT;
		if (one.n > 0)
			(void)snprintf(w[n].raw, sizeof(w[n].raw), "%s",
			    one.raw[0]);
		in[n] = 0;
		for (p += w[n].len; *p == ' '; p++)
			;
		n++;
	}
	for (i = 0; i < n; i++) {
		/* "entry level go devs": the words before a name and a noun */
		if (w[i].kind == ASK_W_SUBJECT && i + 1 < n &&
		    w[i + 1].kind == ASK_W_CONTENT && known[i + 1]) {
			for (start = i; start > 0 && i - start < 2 &&
			    w[start - 1].kind == ASK_W_CONTENT &&
			    !in[start - 1]; start--)
				;
			if (start < i && ask_qualifier(w, start, i, in,
			    missing, &nq) < 0)
				return -1;
			continue;
		}
		if (w[i].kind != ASK_W_SCOPE)
			continue;
		for (start = i + 1; start < n && w[start].kind == ASK_W_STOP;
		    start++)
			;
		/* one word, or words few claims use ("in their ios app") */
		for (j = start; j < n && w[j].kind == ASK_W_CONTENT &&
		    (j - start < most || (j - start < ASK_PHRASE_WORDS &&
		    rare[j] && rare[j - 1])); j++)
			;
		if (j == start || (j < n && w[j].kind == ASK_W_NAME))
			continue;
		if (ask_qualifier(w, start, j, in, missing, &nq) < 0)
			return -1;
		i = j - 1;
	}
	*rest = *q;
	rest->n = 0;
	*nknown = *nunknown = 0;
	for (i = 0; i < q->n; i++) {
		if (ask_in_phrases(w, n, in, q->raw[i])) {
			/* only asks use it, or few claims do ("ios") */
			if (q->term[i] == NULL || (t = strmap_get(&kb->vocab,
			    q->term[i])) < 0 || kb->terms[t].npost <=
			    ASK_NAME_DF)
				(*nunknown)++;
			continue;
		}
		if (q->term[i] == NULL) {
			if (!text_is_number(q->raw[i]) || nq == 2)
				return -1;
			(void)snprintf(missing[nq++], TEXT_TOKEN_MAX, "%s",
			    q->raw[i]);
			(*nunknown)++;
			continue;
		}
		if (q->subject[i] < 0 && !q->stop[i])
			(*nknown)++;
		ask_append(rest, q, i);
	}
	return nq;
}

/*
 * Is word (len bytes) one claim c holds, or a stopword?
 */
static int
ask_held(const struct kb *kb, const char *word, size_t len,
    const struct kb_claim *c)
{
	struct kb_query one;

	kb_normalize(kb, word, len, 0, &one);
	return one.n == 0 || one.stop[0] ||
	    kb_claim_coverage(kb, &one, c) >= 0.99;
}

/*
 * Trim each of the n qualifiers in missing (ask_qualified()) to what
 * claim c lacks: the words it holds at either end are left out ("what
 * share of fintech companies use rust", answered by a claim on the
 * organisations using Rust, has nothing on "fintech", not on "fintech
 * companies use"), and a qualifier it holds in full is none.  Returns
 * how many are left, in order.
 */
static int
ask_trim(const struct kb *kb, const struct kb_claim *c,
    char missing[2][TEXT_TOKEN_MAX], int n)
{
	char tmp[TEXT_TOKEN_MAX];
	const char *lo, *hi, *w;
	int k, left = 0;

	for (k = 0; k < n; k++) {
		lo = missing[k];
		hi = lo + strlen(lo);
		while (lo < hi && ask_held(kb, lo, text_word_len(lo), c)) {
			lo += text_word_len(lo);
			while (*lo == ' ')
				lo++;
		}
		while (hi > lo) {
			for (w = hi; w > lo && w[-1] != ' '; w--)
				;
			if (!ask_held(kb, w, (size_t)(hi - w), c))
				break;
			for (hi = w; hi > lo && hi[-1] == ' '; hi--)
				;
		}
		if (hi == lo)
			continue;
		(void)snprintf(tmp, sizeof(tmp), "%.*s", (int)(hi - lo), lo);
		(void)memcpy(missing[left++], tmp, sizeof(tmp));
	}
	return left;
}

/*
 * The IDF weight of q's content terms (subjects left out): how much it
 * tells apart what it asks ("salary" tells more than "developers").
 */
static double
ask_weight(const struct kb *kb, const struct kb_query *q)
{
	double w = 0;
	size_t i;
	int32_t t;

	for (i = 0; i < q->n; i++)
		if (q->subject[i] < 0 && q->term[i] != NULL &&
		    (t = strmap_get(&kb->vocab, q->term[i])) >= 0)
			w += kb->terms[t].idf;
	return w;
}

/*
 * A question with a word the article never uses that only narrows it
 * (in a->missing: "berlin" of "what do senior go devs make in
 * berlin?") and a word the article knows that only narrows it too (a
 * level: ask_narrowers()) whose best claim holds the level but not the
 * rest ("Go wins when the team has mixed experience levels"): without
 * both, one claim holds all of the rest (the Go median), and that is
 * the answer (into *res and a), saying it has nothing on either (at
 * most two words).  Returns 1 when it changed the answer.
 */
static int
ask_known_rest(const struct kb *kb, const char *sq, const struct kb_query *q,
    struct kb_result *res, struct kb_answer *a)
{
	struct kb_query known, rest;
	struct kb_result r2;
	char more[2][TEXT_TOKEN_MAX], missing[2][TEXT_TOKEN_MAX];
	size_t i, nmissing = a->nmissing;
	int32_t t;
	int m;

	known = *q;
	known.n = 0;
	for (i = 0; i < q->n; i++)
		if (q->subject[i] >= 0 || (q->term[i] != NULL &&
		    (t = strmap_get(&kb->vocab, q->term[i])) >= 0 &&
		    kb->terms[t].npost > 0))
			ask_append(&known, q, i);
	if ((m = ask_narrowers(kb, sq, &known, more, &rest)) <= 0 ||
	    nmissing + (size_t)m > 2 || ask_weight(kb, &rest) <= 0)
		return 0;
	(void)kb_search_query(kb, &rest, KB_MAX_HITS, &r2);
	if (!r2.covered || r2.coverage < 0.99 || r2.nhits == 0 ||
	    r2.hits[0].claim == a->claims[0])
		return 0;
	(void)memcpy(missing, a->missing, sizeof(missing));
	for (i = 0; i < (size_t)m; i++)
		(void)memcpy(missing[nmissing + i], more[i], TEXT_TOKEN_MAX);
	*res = r2;
	kb_answer_from(res, a);
	a->nmissing = nmissing + (size_t)m;
	(void)memcpy(a->missing, missing, sizeof(missing));
	return 1;
}

/*
 * Is the word p (len bytes) one no claim's own words use (its term has
 * no posting in any claim's fields, or it is no term), and no stopword,
 * subject or number?  Such a word is one the article never says.
 */
static int
ask_never_said(const struct kb *kb, const char *p, size_t len)
{
	struct kb_query w;
	int32_t t;

	kb_normalize(kb, p, len, 0, &w);
	if (w.n != 1 || w.stop[0] || w.subject[0] >= 0 ||
	    text_is_number(w.raw[0]) ||
	    (kb_listed(&kb->phrases, p, len) & KB_LISTED_READING) != 0)
		return 0;
	return w.term[0] == NULL ||
	    (t = strmap_get(&kb->vocab, w.term[0])) < 0 ||
	    kb->terms[t].npost == 0;
}

/*
 * Has q a word no claim's own words use (no term, or a term in no
 * claim's fields), other than a stopword, a subject or a number?  Only
 * then can a covered question have a part the article never says.
 */
static int
ask_has_unsaid(const struct kb *kb, const struct kb_query *q)
{
	size_t i;
	int32_t t;

	for (i = 0; i < q->n; i++)
		if (!q->stop[i] && q->subject[i] < 0 &&
		    !text_is_number(q->raw[i]) && (q->term[i] == NULL ||
		    (t = strmap_get(&kb->vocab, q->term[i])) < 0 ||
		    kb->terms[t].npost == 0))
			return 1;
	return 0;
}

/*
 * The parts of a covered question (squashed sq) that the article never
 * says, into missing[2] as written: after a word that opens a qualifier
 * (phrases.reading.scope_words, figure_scope_words, platform_openers,
 * or, not first, lack_openers: "on a raspberry pi", "what about office",
 * "say which GPU vendors"), any stopwords, then the run of up to
 * ASK_PHRASE_WORDS words right there that no claim's own words use
 * (ask_never_said()), ending the message or followed by a stopword, a
 * subject or an opener ("in the old days" is none: "days" is a word of
 * the article's).  Returns how many (at most two), 0 for none.
 */
static int
ask_lacked_parts(const struct kb *kb, const char *sq,
    char missing[2][TEXT_TOKEN_MAX])
{
	const struct kb_phrases *ph = &kb->phrases;
	const char *p = sq, *start, *end;
	struct kb_query w;
	size_t len, k;
	unsigned bits;
	int n = 0, first = 1, opener;

	while (*p != '\0' && n < 2) {
		len = text_word_len(p);
		bits = kb_listed(ph, p, len);
		opener = (bits & (KB_LISTED_SCOPE | KB_LISTED_FIGURE_SCOPE |
		    KB_LISTED_PLATFORM_OPENER)) != 0 || (!first &&
		    (bits & KB_LISTED_LACK_OPENER) != 0);
		first = 0;
		for (p += len; *p == ' '; p++)
			;
		if (!opener)
			continue;
		/* stopwords after it ("on a", "about the") */
		for (;;) {
			len = text_word_len(p);
			if (len == 0)
				break;
			kb_normalize(kb, p, len, 0, &w);
			if ((w.n > 0 && !w.stop[0]) || ask_never_said(kb, p,
			    len))
				break;
			for (p += len; *p == ' '; p++)
				;
		}
		start = end = p;
		for (k = 0; k < ASK_PHRASE_WORDS; k++) {
			len = text_word_len(p);
			if (len == 0 || !ask_never_said(kb, p, len))
				break;
			end = p + len;
			for (p += len; *p == ' '; p++)
				;
		}
		/* "in the old days": a word the article never says before
		 * one it does is no phrase of its own */
		if ((len = text_word_len(p)) > 0) {
			kb_normalize(kb, p, len, 0, &w);
			if (w.n > 0 && !w.stop[0] && w.subject[0] < 0 &&
			    !(kb_listed(ph, p, len) & KB_LISTED_LACK_OPENER))
				continue;
		}
		if (end == start || (size_t)(end - start) >= TEXT_TOKEN_MAX)
			continue;
		(void)snprintf(missing[n++], TEXT_TOKEN_MAX, "%.*s",
		    (int)(end - start), start);
	}
	return n;
}

/* Does the text of claim c write word (squashed) as a whole word? */
static int
ask_text_says(const struct kb_claim *c, const char *word)
{
	char sq[2048];
	const char *list[1] = { word };

	kb_squash(c->text, strlen(c->text), sq, sizeof(sq));
	return text_has_word(sq, list, 1);
}

/*
 * Drop from a->missing each single word a cited claim with a figure on
 * the subjects asked (or on none) holds or writes (the claim then gives
 * the amount asked of it; "CVEs" of a claim with no count stays): the
 * note must not say the article has nothing on a word the answer's own
 * claim says ("requests" of a claim on requests per second, whose terms
 * hold the phrase's sense only).
 */
static void
ask_unname_said(const struct kb *kb, unsigned subjects, struct kb_answer *a)
{
	struct kb_query w;
	const struct kb_claim *c;
	size_t i, j, k;

	for (i = 0; i < a->nmissing; ) {
		kb_normalize(kb, a->missing[i], strlen(a->missing[i]), 0, &w);
		for (j = 0; j < a->nclaims; j++) {
			c = a->claims[j];
			if (w.n == 1 && c->nfigures > 0 &&
			    strchr(a->missing[i], ' ') == NULL &&
			    (subjects == 0 || c->subject == NULL ||
			    (kb->subject_bits[c->subject - kb->subjects] &
			    subjects) != 0) &&
			    (kb_claim_coverage(kb, &w, c) >= 0.99 ||
			    ask_text_says(c, a->missing[i])))
				break;
		}
		if (j == a->nclaims) {
			i++;
			continue;
		}
		for (k = i; k + 1 < a->nmissing; k++)
			(void)memcpy(a->missing[k], a->missing[k + 1],
			    TEXT_TOKEN_MAX);
		a->nmissing--;
	}
}

/*
 * A question on one subject (asked, one bit) whose missing words a cited
 * claim on another subject says, each of them ("and go?" right after
 * Discord's Rust rewrite: "discord" is in the Rust claim cited): what is
 * missing is them for the subject asked, not them at all, so
 * a->other_subject names it and the note reads "does not have
 * \"discord\" for Go, only for Rust" (render_missing()).  Saying the
 * article has nothing on a word the last answer was about contradicts
 * it (nu50).  At most two missing words, each claim read once per word.
 */
static void
ask_missing_elsewhere(const struct kb *kb, unsigned asked,
    struct kb_answer *a)
{
	struct kb_query w;
	const struct kb_claim *c;
	size_t i, j;
	int s;

	if (asked == 0 || (asked & (asked - 1)) != 0 || a->nmissing == 0 ||
	    a->other_subject >= 0 || a->uncompared)
		return;
	for (i = 0; i < a->nmissing && i < 2; i++) {
		if (strchr(a->missing[i], ' ') != NULL)
			return;
		kb_normalize(kb, a->missing[i], strlen(a->missing[i]), 0, &w);
		for (j = 0; j < a->nclaims; j++) {
			c = a->claims[j];
			if (c->subject != NULL && (kb->subject_bits[c->subject -
			    kb->subjects] & asked) == 0 && w.n == 1 &&
			    (kb_claim_coverage(kb, &w, c) >= 0.99 ||
			    ask_text_says(c, a->missing[i])))
				break;
		}
		if (j == a->nclaims)
			return;
	}
	for (s = 0; !(asked & (1u << s)); s++)
		;
	a->other_subject = s;
}

/*
 * Does claim c hold each of the n single words of missing (as written),
 * by its terms' coverage or its text?
 */
static int
ask_claim_says_all(const struct kb *kb, const struct kb_claim *c,
    char missing[2][TEXT_TOKEN_MAX], int n)
{
	struct kb_query w;
	int i;

	for (i = 0; i < n && i < 2; i++) {
		kb_normalize(kb, missing[i], strlen(missing[i]), 0, &w);
		if (w.n == 0 || (kb_claim_coverage(kb, &w, c) < 0.99 &&
		    !ask_text_says(c, missing[i])))
			return 0;
	}
	return 1;
}

/*
 * Does claim c say, in its own words, more than half of the content
 * terms (not subjects, not stopwords) of q, and at least one?
 */
static int
ask_claim_says_most(const struct kb *kb, const struct kb_claim *c,
    const struct kb_query *q)
{
	size_t i, n = 0, held = 0;

	for (i = 0; i < q->n; i++) {
		if (q->subject[i] >= 0 || q->stop[i] || q->term[i] == NULL)
			continue;
		n++;
		held += kb_term_said(kb, q->term[i], c) != 0;
	}
	return held > 0 && 2 * held > n;
}

/*
 * An uncovered question short of one or two words the article never
 * uses, each narrowing it ("in india"): search without them; when the
 * best claim then holds everything else, it answers, with the words it
 * lacks in a->missing.  A covered question with such words says so too.
 */
static void
ask_partial(const struct kb *kb, const char *sq, const struct kb_query *q,
    int figure, struct kb_result *res, struct kb_answer *a)
{
	struct kb_query rest;
	struct kb_result r2;
	char missing[2][TEXT_TOKEN_MAX];
	size_t nknown, nunknown;
	int n;

	if (a->nclaims > 0) {
		if (res->nunknown == 0) {
			if ((n = ask_narrowed(kb, sq, q, a->claims[0],
			    figure, missing)) > 0) {
				a->nmissing = (size_t)n;
				(void)memcpy(a->missing, missing,
				    sizeof(missing));
				return;
			}
			/* "what do junior go devs get paid?": the best
			 * claim holds "junior" but not the pay; without
			 * the word that only narrows, one claim holds all
			 * of the rest, and the answer says what it lacks */
			if (res->coverage >= 0.99 || (n = ask_narrowers(kb,
			    sq, q, missing, &rest)) <= 0 ||
			    ask_weight(kb, &rest) <= 0)
				return;
			/* "memory difference go vs java at startup": the
			 * best claim says the narrowing word and most of
			 * the rest; it is the answer, not a claim without
			 * the word that says "difference" */
			if (res->coverage >= ASK_NARROW_KEEP &&
			    ask_claim_says_all(kb, a->claims[0], missing, n) &&
			    ask_claim_says_most(kb, a->claims[0], &rest))
				return;
			(void)kb_search_query(kb, &rest, KB_MAX_HITS, &r2);
			if (!r2.covered || r2.coverage < 0.99 ||
			    ask_narrowed(kb, sq, q, r2.hits[0].claim, 0,
			    missing) != n)
				return;
			*res = r2;
			kb_answer_from(res, a);
			a->nmissing = (size_t)n;
			(void)memcpy(a->missing, missing, sizeof(missing));
			return;
		}
		if ((n = ask_missing(kb, sq, q, figure ? 1 : ASK_SCOPE_LAST,
		    missing, NULL, &nknown, a->claims[0])) > 0) {
			a->nmissing = (size_t)n;
			(void)memcpy(a->missing, missing, sizeof(missing));
			if (res->coverage < 0.99)
				(void)ask_known_rest(kb, sq, q, res, a);
		}
		return;
	}
	/* "how many rust jobs are there in india?": a question for a
	 * figure whose qualifiers the article lacks is the figure's
	 * question; one word of the rest it knows is enough.  Another
	 * question needs what ask_missing() asks of its rest, and a word
	 * the article never uses in its qualifiers ("what do entry level
	 * go devs earn") */
	if ((n = ask_qualified(kb, sq, q, figure, missing, &rest, &nknown,
	    &nunknown)) > 0 && (figure ? nknown > 0 : nunknown > 0 &&
	    (nknown >= 2 || ask_weight(kb, &rest) >= ASK_SCOPE_IDF))) {
		(void)kb_search_query(kb, &rest, KB_MAX_HITS, &r2);
		if (r2.covered && r2.coverage >= 0.99 &&
		    (n = ask_trim(kb, r2.hits[0].claim, missing, n)) > 0) {
			*res = r2;
			kb_answer_from(res, a);
			a->nmissing = (size_t)n;
			(void)memcpy(a->missing, missing, sizeof(missing));
			return;
		}
	}
	if ((n = ask_missing(kb, sq, q, 0, missing, &rest, &nknown,
	    NULL)) <= 0 ||
	    (nknown < 2 && ask_weight(kb, &rest) < ASK_SCOPE_IDF))
		return;
	(void)kb_search_query(kb, &rest, KB_MAX_HITS, &r2);
	if (!r2.covered || r2.coverage < 0.99)
		return;
	*res = r2;
	kb_answer_from(res, a);
	a->nmissing = (size_t)n;
	(void)memcpy(a->missing, missing, sizeof(missing));
}

/* Does claim c share a topic with claim o? */
static int
ask_same_topic(const struct kb_claim *c, const struct kb_claim *o)
{
	size_t i, j;

	for (i = 0; i < c->ntopics; i++)
		for (j = 0; j < o->ntopics; j++)
			if (c->topics[i] == o->topics[j])
				return 1;
	return 0;
}

/* Does claim c carry a figure in unit? */
static int
ask_has_unit(const struct kb_claim *c, const char *unit)
{
	size_t f;

	for (f = 0; f < c->nfigures; f++)
		if (strcmp(c->figures[f].unit, unit) == 0)
			return 1;
	return 0;
}

/*
 * The last question as said, squashed (ask_one() sets it from d->frame
 * before answering): where ask_written() finds a word that a follow-up
 * carried over ("tiobe" of "where does go place on tiobe?" when "and
 * rust?" is answered).  The engine is one thread.
 */
static char ask_said_before[2 * DLG_FRAME_TEXT];

/*
 * The word of squashed text sq that normalizes to raw, into word; else
 * the two or three words next to each other that do (a phrase of the
 * lexicon: "move to" read as "rewrite", "let you down" as "disqualifying"),
 * so that a note never shows the stem of a word the user did not write.
 */
static int
ask_written_in(const struct kb *kb, const char *sq, const char *raw,
    char word[TEXT_TOKEN_MAX])
{
	struct kb_query w;
	const char *s;
	size_t len, len2, wl;
	int span, k;

	/* up to three words: "let you down" read as one synonym */
	for (span = 1; span <= 3; span++)
		for (s = sq; *s != '\0'; s += len) {
			while (*s == ' ')
				s++;
			if ((len = text_word_len(s)) == 0)
				break;
			len2 = len;
			for (k = 1; k < span; k++) {
				if (s[len2] != ' ' ||
				    (wl = text_word_len(s + len2 + 1)) == 0)
					break;
				len2 += 1 + wl;
			}
			if (k < span)
				continue;
			kb_normalize(kb, s, len2, 0, &w);
			if (w.n == 1 && strcmp(w.raw[0], raw) == 0) {
				(void)snprintf(word, TEXT_TOKEN_MAX, "%.*s",
				    (int)len2, s);
				return 1;
			}
		}
	return 0;
}

/*
 * The word of squashed text sq that normalizes to raw (a word of a
 * query), as written, into word: "tiobe", not the stem "tiob"; else the
 * word of the last question (ask_said_before) that does; else a symbol's
 * name as the tokenizer reads it ("csharp" is "C#": squashing drops the
 * '#'); raw itself when none does.
 */
static void
ask_written(const struct kb *kb, const char *sq, const char *raw,
    char word[TEXT_TOKEN_MAX])
{
	const char *sym;

	if (ask_written_in(kb, sq, raw, word) ||
	    ask_written_in(kb, ask_said_before, raw, word))
		return;
	sym = text_symbol_written(raw);
	(void)snprintf(word, TEXT_TOKEN_MAX, "%s", sym != NULL ? sym : raw);
}

/* How many claims' fields use term (a kb->vocab string); 0 unknown. */
static size_t
ask_term_df(const struct kb *kb, const char *term)
{
	int32_t t;

	if (term == NULL || (t = strmap_get(&kb->vocab, term)) < 0)
		return 0;
	return kb->terms[t].npost;
}

/*
 * Append to phrase (a note's words as written) the word of squashed text
 * sq that normalizes to raw, when phrase and it stand next to each other
 * in sq and the whole fits.  Returns whether it did.
 */
static int
ask_uncompared_next(const struct kb *kb, const char *sq,
    char phrase[TEXT_TOKEN_MAX], const char *raw)
{
	char w[TEXT_TOKEN_MAX], both[2 * TEXT_TOKEN_MAX + 2];
	const char *p;
	size_t len;

	ask_written(kb, sq, raw, w);
	(void)snprintf(both, sizeof(both), "%s %s", phrase, w);
	len = strlen(both);
	for (p = strstr(sq, both); p != NULL; p = strstr(p + 1, both))
		if ((p == sq || p[-1] == ' ') &&
		    (p[len] == '\0' || p[len] == ' '))
			break;
	if (p == NULL || len >= TEXT_TOKEN_MAX)
		return 0;
	(void)memcpy(phrase, both, len + 1);
	return 1;
}

/*
 * A comparison of both subjects on a topic the article never compares
 * them on ("which makes unit tests easier to write, go or rust?",
 * "dependency injection in go vs rust"): the words of q that no claim
 * of answer a says, that are neither a subject, a stopword nor a word
 * of comparison (phrases.reading.comparison_words, a comparative), and
 * that few claims use (at most ASK_UNCOMPARED_DF; an unknown word
 * too), are the topic asked, unless a cited claim says another word
 * of q that is not next to one of them (the topic, then, is compared).
 * The rarest goes to a->missing as written, with the content words
 * right next to it ("unit tests", "dependency injection"), and
 * a->uncompared says it is what the article does not compare them on.
 * Bounded by q->n.  Returns 1 when it named one, else 0.
 */
static int
ask_uncompared_topic(const struct kb *kb, const char *sq,
    const struct kb_query *q, struct kb_answer *a)
{
	unsigned char kind[TEXT_MAX_TOKENS];	/* 0; 'h' held, 'c' topic, 'o' other */
	char w[TEXT_TOKEN_MAX];
	size_t i, j, n = 0, first = 0, best = 0, d, s;
	int said;

	for (i = 0; i < q->n && i < TEXT_MAX_TOKENS; i++) {
		kind[i] = 0;
		/* a negation ("isnt" typed without its apostrophe) is no
		 * topic */
		if (q->subject[i] >= 0 || q->stop[i] || q->negation[i] ||
		    text_is_number(q->raw[i]))
			continue;
		/* "easier" is read "easi": the word as written is listed;
		 * a comparative is read from the stem ("manager" is none) */
		ask_written(kb, sq, q->raw[i], w);
		if (kb_listed_word(&kb->phrases, w, KB_LISTED_COMPARISON) ||
		    match_comparative(kb, q->raw[i], strlen(q->raw[i])))
			continue;
		d = ask_term_df(kb, q->term[i]);
		for (j = 0, said = 0; !said && j < a->nclaims; j++)
			said = kb_term_said(kb, q->term[i], a->claims[j]);
		if (said)
			kind[i] = 'h';
		else if (d <= ASK_UNCOMPARED_DF) {
			kind[i] = 'c';
			if (n++ == 0 || d < best) {
				first = i;
				best = d;
			}
		} else if (d <= 2 * ASK_UNCOMPARED_DF)
			kind[i] = 'o';	/* named beside one, no topic alone */
	}
	if (n == 0)
		return 0;
	/* a rare word a cited claim says ("ram" of "which eats less
	 * ram?") is the topic, compared, unless it is one phrase with a
	 * word no cited claim says ("dependency" of "dependency
	 * injection") */
	for (i = 0; i < q->n && i < TEXT_MAX_TOKENS; i++)
		if (kind[i] == 'h' && !(i > 0 && kind[i - 1] == 'c') &&
		    !(i + 1 < q->n && i + 1 < TEXT_MAX_TOKENS &&
		    kind[i + 1] == 'c'))
			return 0;
	/* the rarest, with the rare words right next to it as written:
	 * "package manager", "dependency injection" */
	s = first > 0 && kind[first - 1] != 0 ? first - 1 : first;
	ask_written(kb, sq, q->raw[s], a->missing[0]);
	if (s != first && !ask_uncompared_next(kb, sq, a->missing[0],
	    q->raw[first]))
		ask_written(kb, sq, q->raw[first], a->missing[0]);
	for (i = first + 1; i < q->n && i < TEXT_MAX_TOKENS &&
	    i <= first + 2 && kind[i] != 0; i++)
		if (!ask_uncompared_next(kb, sq, a->missing[0], q->raw[i]))
			break;
	a->nmissing = 1;
	a->uncompared = 1;
	return 1;
}

/*
 * A question naming one subject whose first claim is on that subject
 * ("how does rust place in the tiobe ranking?": Rust's RedMonk rank)
 * but lacks a word of it that only claims on other subjects use, and
 * few of them ("tiobe": Go's TIOBE rank alone), says the article has
 * nothing on that word (as written) for the subject asked, so that the
 * other subject's figure cited next is not read as the asked one's.
 * At most two such words.  Returns whether it found one.
 */
static int
ask_only_other(const struct kb *kb, const char *sq, const struct kb_query *q,
    unsigned subjects, struct kb_answer *a)
{
	const struct kb_claim *c;
	struct kb_query one;
	unsigned bits;
	size_t i, p;
	int32_t t;

	if (subjects == 0 || (subjects & (subjects - 1)) != 0 ||
	    a->nclaims == 0 || a->nmissing > 0 ||
	    a->claims[0]->subject == NULL)
		return 0;
	bits = kb->subject_bits[a->claims[0]->subject - kb->subjects];
	if (bits != subjects)
		return 0;
	for (i = 0; i < q->n && a->nmissing < 2; i++) {
		if (q->subject[i] >= 0 || q->stop[i] || q->term[i] == NULL ||
		    (t = strmap_get(&kb->vocab, q->term[i])) < 0 ||
		    kb->terms[t].npost == 0 ||
		    kb->terms[t].npost > ASK_NAME_DF)
			continue;
		one.n = 0;	/* word i alone (ask_narrowed()) */
		ask_append(&one, q, i);
		if (kb_claim_coverage(kb, &one, a->claims[0]) > 0)
			continue;
		for (p = 0; p < kb->terms[t].npost; p++) {
			c = &kb->claims[kb->terms[t].post[p].claim];
			if (c->subject == NULL || (kb->subject_bits[
			    c->subject - kb->subjects] & subjects) != 0)
				break;
		}
		if (p < kb->terms[t].npost)
			continue;
		ask_written(kb, sq, q->raw[i], a->missing[a->nmissing++]);
	}
	return a->nmissing > 0;
}

/*
 * The claim on exactly the subjects of bits (and from source, unless
 * NULL) that shares a topic with o and has a figure in the unit of o's
 * first figure (o has one), a summary only when no other claim does: o's
 * counterpart for those subjects.  NULL when the article has none.
 */
static const struct kb_claim *
ask_match_of(const struct kb *kb, const struct kb_claim *o, unsigned bits,
    const struct kb_source *source)
{
	const struct kb_claim *c, *best = NULL;
	size_t i;

	for (i = 0; i < kb->nclaims; i++) {
		c = &kb->claims[i];
		if (c->subject == NULL || kb->subject_bits[c->subject -
		    kb->subjects] != bits || (source != NULL && c->source !=
		    source) || !ask_same_topic(c, o) || !ask_has_unit(c,
		    o->figures[0].unit))
			continue;
		if (best == NULL || (strcmp(best->kind, "summary") == 0 &&
		    strcmp(c->kind, "summary") != 0))
			best = c;
	}
	return best;
}

/*
 * Put claim c at position at of a's claims (moved there if a holds it at
 * or after at; the others after it shift down, the last one dropped when
 * a is full).
 */
static void
ask_claim_at(struct kb_answer *a, const struct kb_claim *c, size_t at)
{
	size_t j;

	for (j = at; j < a->nclaims && a->claims[j] != c; j++)
		;
	if (j == a->nclaims && a->nclaims < KB_ANSWER_MAX)
		a->nclaims++;
	if (j == a->nclaims)
		j--;
	for (; j > at; j--)
		a->claims[j] = a->claims[j - 1];
	a->claims[at] = c;
}
/*
 * A comparison of two subjects ("which ranks higher on redmonk, rust or
 * go?") whose best claim is on both or neither of them (how the ranking
 * is made) is a comparison over the subjects' figures: when the hits
 * (res) hold a claim on one subject alone sharing a topic with that
 * claim and carrying a figure, and the article has one on the other
 * subject alone in the same unit (from the hits, else of the same
 * source: ask_match_of()), the two lead, the better-scored first, and
 * the claim found follows.  Returns 1 when it moved them.
 */
static int
ask_figure_pair(const struct kb *kb, unsigned subjects,
    const struct kb_result *res, struct kb_answer *a)
{
	const struct kb_claim *o, *c, *m, *mate = NULL;
	unsigned bits, other;
	size_t i, j;

	if ((subjects & (subjects - 1)) == 0 || a->nclaims == 0 ||
	    a->lead_row >= 0 || a->nmissing > 0 || a->other_subject >= 0)
		return 0;
	o = a->claims[0];
	bits = o->subject == NULL ? 0 :
	    kb->subject_bits[o->subject - kb->subjects];
	if (bits != 0 && (bits & (bits - 1)) == 0)
		return 0;	/* on one subject: ask_both_sides() */
	for (i = 0; i < res->nhits; i++) {
		c = res->hits[i].claim;
		bits = c->subject == NULL ? 0 :
		    kb->subject_bits[c->subject - kb->subjects];
		if (bits == 0 || (bits & (bits - 1)) != 0 ||
		    (bits & subjects) == 0 || c->nfigures == 0 ||
		    !ask_same_topic(c, o))
			continue;
		other = subjects & ~bits;
		if (other == 0 || (other & (other - 1)) != 0)
			return 0;
		for (j = i + 1; j < res->nhits && mate == NULL; j++) {
			m = res->hits[j].claim;
			if (m->subject != NULL && kb->subject_bits[m->subject -
			    kb->subjects] == other && ask_same_topic(m, c) &&
			    ask_has_unit(m, c->figures[0].unit))
				mate = m;
		}
		if (mate == NULL)
			mate = ask_match_of(kb, c, other, c->source);
		if (mate == NULL)
			return 0;
		ask_claim_at(a, c, 0);
		ask_claim_at(a, mate, 1);
		return 1;
	}
	return 0;
}

/*
 * A question that names one subject answered with a claim about another
 * only ("where's rust on the TIOBE index?": Go's TIOBE rank) is answered
 * with the asked subject's counterpart when the article has one: a claim
 * on that subject alone, sharing a topic with the claim found and a
 * figure in the unit of its first figure (Rust's RedMonk rank), not a
 * summary when another will do.  It goes first, the claim found second,
 * and the words of the question the claim found holds and the
 * counterpart lacks are what the article has nothing on for the subject
 * asked ("tiobe index", joined when next to each other in squashed sq),
 * a->other_subject naming it: the claim found says those words.
 * Returns whether it did.
 */
static int
ask_counterpart(const struct kb *kb, const char *sq,
    const struct kb_query *q, unsigned subjects, struct kb_answer *a)
{
	const struct kb_claim *o, *best;
	struct kb_query one;
	char joined[TEXT_TOKEN_MAX];
	size_t i, j, lacked[ASK_COUNTERPART_WORDS], nlacked = 0;
	int n = 0;

	if (subjects == 0 || (subjects & (subjects - 1)) != 0 ||
	    a->nclaims == 0 || a->nmissing > 0)
		return 0;
	o = a->claims[0];
	if ((kb->subject_bits[o->subject - kb->subjects] & subjects) != 0 ||
	    o->nfigures == 0)
		return 0;
	if ((best = ask_match_of(kb, o, subjects, NULL)) == NULL)
		return 0;
	for (i = 0; i < q->n; i++) {
		if (q->subject[i] >= 0 || q->stop[i] || q->term[i] == NULL)
			continue;
		one.n = 0;	/* word i alone (ask_narrowed()) */
		ask_append(&one, q, i);
		if (kb_claim_coverage(kb, &one, o) <= 0 ||
		    kb_claim_coverage(kb, &one, best) > 0)
			continue;
		if (nlacked == ASK_COUNTERPART_WORDS)
			return 0;
		lacked[nlacked++] = i;
	}
	/* the two rarest ("tiobe index", not "position", read as a
	 * common word), in the question's order */
	while (nlacked > 2) {
		for (i = 0, j = 1; j < nlacked; j++)
			if (ask_term_df(kb, q->term[lacked[j]]) >=
			    ask_term_df(kb, q->term[lacked[i]]))
				i = j;
		for (; i + 1 < nlacked; i++)
			lacked[i] = lacked[i + 1];
		nlacked--;
	}
	for (i = 0; i < nlacked; i++)
		ask_written(kb, sq, q->raw[lacked[i]], a->missing[n++]);
	if (n == 0)
		return 0;
	if (n == 2 && snprintf(joined, sizeof(joined), "%s %s",
	    a->missing[0], a->missing[1]) < (int)sizeof(joined) &&
	    text_has_phrase(sq, (const char *const []){ joined }, 1)) {
		(void)memcpy(a->missing[0], joined, sizeof(joined));
		n = 1;
	}
	a->nmissing = (size_t)n;
	/* the words are what it lacks for the subject asked alone: the
	 * claim found, cited after, says them for the other */
	for (n = 0; !(subjects & (1u << n)); n++)
		;
	a->other_subject = n;
	ask_claim_at(a, best, 0);
	return 1;
}

/*
 * Does a question (opening with a word of phrases.reading.question_words)
 * name a measure with a unit, a word of a lexicon focus_words group with
 * units ("pay" of "what did discord pay for its rust rewrite?": USD), that
 * the first claim of a holds nowhere, while that claim has no figure in
 * the group's units either?  The claim tells the case, not the amount
 * ("Discord rewrote ..."), and the answer is to say the article gives no
 * number.  A count start or an "alone" word reads such a question through
 * its focus (ask_focus_gate()); this one has neither.
 */
static int
ask_unit_unsaid(const struct kb *kb, const char *sq,
    const struct kb_answer *a)
{
	const struct kb_phrases *ph = &kb->phrases;
	const struct kb_focus_group *g;
	const struct kb_claim *c;
	const char *p;
	size_t len, i, j, k, u;
	int found = 0;

	if (a->nclaims == 0 || !ask_in_list(sq, text_word_len(sq),
	    ph->question_words, ph->nquestion_words))
		return 0;
	c = a->claims[0];
	for (p = sq; *p != '\0'; p += len + (p[len] == ' ')) {
		len = text_word_len(p);
		/* most words are in no focus group: one lookup, not a scan
		 * of every group's words */
		if (len == 0 ||
		    strmap_getn(&kb->focus_word_group, p, len) < 0)
			continue;
		for (i = 0; i < kb->nfocus_groups; i++) {
			g = &kb->focus_groups[i];
			for (j = 0; g->nunits > 0 && j < g->nwords; j++)
				if (strncmp(g->words[j], p, len) == 0 &&
				    g->words[j][len] == '\0')
					break;
			if (g->nunits == 0 || j == g->nwords)
				continue;
			/* the claim says the measure ("real money"), or
			 * gives it in its unit: it answers */
			if (ask_held(kb, p, len, c))
				return 0;
			for (k = 0; k < c->nfigures; k++)
				for (u = 0; u < g->nunits; u++)
					if (strcmp(c->figures[k].unit,
					    g->units[u]) == 0)
						return 0;
			found = 1;
		}
	}
	return found;
}

/* Does a figure label of claim c name subject s ("vs Go")? */
static int
ask_figure_names(const struct kb *kb, const struct kb_claim *c, int s)
{
	return ask_figure_label_holds(kb, c, NULL, s);
}

/*
 * A question naming two subjects ("redmonk positions: rust vs go")
 * answered by a figure on one of them alone (a->claims[0]: Rust's rank)
 * gets the other's figure of the same topic, unit and source second
 * (RedMonk's rank of Go, not TIOBE's), when the answer lacks one: a
 * claim on that subject alone (a summary only if none else); the lead
 * claim's passing mention of the other ("behind Go") is no figure.  With
 * none of that source, one of another source that has no such figure on
 * the lead subject (the article's count of Go developers next to
 * ZenRows' of Rust's) will do.  With none at all, and no claim of the
 * answer on the other subject alone sharing the lead claim's topic, the
 * answer says the article has nothing on it for the other subject
 * (a->other_subject): "where do rust and go sit on tiobe?" gets Go's
 * rank, not as if it were the whole answer.  A lead figure whose label
 * names the other subject ("lower memory consumption vs Go") measures
 * one against the other: it answers for both, nothing is added or said.
 * Returns 1 when it added one.
 */
static int
ask_both_sides(const struct kb *kb, unsigned subjects, struct kb_answer *a)
{
	const struct kb_claim *o, *c, *best = NULL;
	unsigned lead, other;
	size_t i;
	int said = 0, s;

	if (subjects == 0 || (subjects & (subjects - 1)) == 0 ||
	    a->nclaims == 0 || a->nmissing > 0 || a->lead_row >= 0 ||
	    a->other_subject >= 0)
		return 0;
	o = a->claims[0];
	if (o->subject == NULL || o->nfigures == 0)
		return 0;
	lead = kb->subject_bits[o->subject - kb->subjects];
	if (lead == 0 || (lead & (lead - 1)) != 0 || (lead & subjects) == 0)
		return 0;
	other = subjects & ~lead;
	if (other == 0 || (other & (other - 1)) != 0)
		return 0;
	for (s = 0; !(other & (1u << s)); s++)
		;
	/* a figure measured against the other ("20% lower memory
	 * consumption vs Go": its label names it) answers for both */
	if (ask_figure_names(kb, o, s))
		return 0;
	for (i = 1; i < a->nclaims; i++) {
		c = a->claims[i];
		if (c->subject == NULL || kb->subject_bits[c->subject -
		    kb->subjects] != other || !ask_same_topic(c, o))
			continue;
		if (ask_has_unit(c, o->figures[0].unit))
			return 0;
		said = 1;
	}
	/* another source's count when o's has none for the other ("rust
	 * devs worldwide vs go devs": ZenRows counts Rust, the article
	 * Go), unless that source counts the lead subject too: then it
	 * is another series (RedMonk's rank, asked for TIOBE's) */
	if ((best = ask_match_of(kb, o, other, o->source)) == NULL &&
	    ((best = ask_match_of(kb, o, other, NULL)) == NULL ||
	    ask_match_of(kb, best, lead, best->source) != NULL)) {
		/* the figure is the lead subject's only: said so */
		if (!said) {
			a->other_subject = s;
			a->lead_figure = -1;
		}
		return 0;
	}
	ask_claim_at(a, best, 1);
	return 1;
}

/*
 * A question that names one subject ("where's rust on tiobe?") answered
 * with a claim about another (Go's rank) says so (a->other_subject), so
 * that the answer does not read as one about the subject asked.
 */
static void
ask_other(const struct kb *kb, unsigned subjects, struct kb_answer *a)
{
	unsigned bits;
	int s;

	if (subjects == 0 || (subjects & (subjects - 1)) != 0 ||
	    a->nmissing > 0)
		return;
	bits = kb->subject_bits[a->claims[0]->subject - kb->subjects];
	if ((bits & subjects) != 0)
		return;
	for (s = 0; !(subjects & (1u << s)); s++)
		;
	a->other_subject = s;
}

/*
 * A question for a number about one subject ("total number of go
 * developers worldwide?"): a claim after the first that is on another
 * subject alone and carries an amount (ask_has_figure()) is that
 * subject's figure, which never answers for the one asked (Rust's 2.26
 * million is no count of Go developers): it is left out of a.  The first
 * claim stays: when it is another subject's, ask_other() says so.
 */
static void
ask_drop_others(const struct kb *kb, unsigned subjects, struct kb_answer *a)
{
	unsigned bits;
	size_t i, n;

	if (subjects == 0 || (subjects & (subjects - 1)) != 0)
		return;
	for (i = n = 0; i < a->nclaims; i++) {
		bits = a->claims[i]->subject == NULL ? 0 :
		    kb->subject_bits[a->claims[i]->subject - kb->subjects];
		if (i > 0 && bits != 0 && (bits & subjects) == 0 &&
		    ask_has_figure(kb, a->claims[i], ASK_AMOUNT))
			continue;
		a->claims[n++] = a->claims[i];
	}
	a->nclaims = n;
}

/*
 * Does squashed text sq, which names no one ("mem footprint go svc vs
 * jvm", "rust or go: which pays more"), read as a question though it
 * neither ends in "?" nor starts like one?  It does when it compares
 * (phrases.reading.comparison_words), asks anywhere
 * (phrases.reading.question_words) or asks for a figure
 * (phrases.reading.figure_words: "percentage of exploits from bad memory
 * handling").  The caller checks for "I" and "we":
 * a description may compare too.
 */
int
ask_is_question(const struct kb *kb, const char *sq)
{
	const struct kb_phrases *ph = &kb->phrases;

	return kb_listed_word(ph, sq, KB_LISTED_COMPARISON |
	    KB_LISTED_QUESTION | KB_LISTED_FIGURE);
}

/* Is the one word of w a subject or a word some claim uses? */
static int
ask_in_claims(const struct kb *kb, const struct kb_query *w)
{
	int32_t t;

	return w->subject[0] >= 0 || (w->term[0] != NULL &&
	    (t = strmap_get(&kb->vocab, w->term[0])) >= 0 &&
	    kb->terms[t].npost > 0);
}

/*
 * Does an ask of a claim of res use word (squashed), as written or
 * without a possessive "s" ("spring" of a claim's ask about Spring Boot
 * services: the asks' writers tied it to that claim)?
 */
static int
ask_in_asks(const struct kb_result *res, const char *word)
{
	size_t i;

	for (i = 0; i < res->nhits; i++)
		if (ask_claim_asks(res->hits[i].claim, word))
			return 1;
	return 0;
}

/*
 * Is the word p[0, len) of a message a rival the article does not know:
 * a content word (two letters or more) that no claim uses, not a number,
 * not a word of res's asks, and not the possessive of a claim's word
 * ("rust's" squashes to "rusts")?
 */
static int
ask_rival_word(const struct kb *kb, const char *p, size_t len,
    const struct kb_result *res)
{
	struct kb_query one;
	char w[TEXT_TOKEN_MAX];

	if (len < 2 || len >= sizeof(w))
		return 0;
	(void)snprintf(w, sizeof(w), "%.*s", (int)len, p);
	kb_normalize(kb, p, len, 0, &one);
	if (one.n == 0 || one.stop[0] || ask_in_claims(kb, &one) ||
	    text_is_number(one.raw[0]) || ask_in_asks(res, w))
		return 0;
	if (p[len - 1] == 's') {
		kb_normalize(kb, p, len - 1, 0, &one);
		if (one.n == 1 && ask_in_claims(kb, &one))
			return 0;
	}
	return 1;
}

/*
 * The words after a rival marker (rest, squashed) name no rival, only
 * stopwords or nothing ("learn zig instead?", "odin rather than either
 * of them"): is the word before the marker, prev (prevlen bytes, NULL
 * for none; a word no claim uses, at most one content word before the
 * marker), nor an ask of res, nor a number, the rival offered in the
 * place of what the article compares?
 */
static int
ask_unknown_rival_before(const struct kb *kb, const char *rest,
    const char *prev, size_t prevlen, const struct kb_result *res)
{
	struct kb_query one;
	size_t len;

	for (; *rest != '\0'; rest += len) {
		while (*rest == ' ')
			rest++;
		if ((len = text_word_len(rest)) == 0)
			break;
		kb_normalize(kb, rest, len, 0, &one);
		if (one.n > 0 && !one.stop[0])
			return 0;	/* a content word names a rival */
	}
	return prev != NULL && ask_rival_word(kb, prev, prevlen, res);
}

/*
 * Does squashed text sq compare what it asks with something the article
 * never names ("how do goroutines compare to kotlin coroutines?", "can
 * scala compete with go?")?  It does when the first word after a word of
 * phrases.reading.rival_markers ("compare", "vs", "than", "against",
 * "compete": what comes next is the other side, where after "better" or
 * "less" comes what is compared), stopwords and one following word of scope_words or
 * figure_scope_words ("to", "with") skipped (at most two), is a word
 * no claim uses (only asks may: "dotnet", unless they are the asks of a
 * claim found, res: "go vs spring boot ram"; not a number, none after one letter, not a known
 * word with a possessive "s": "rust's" squashes to "rusts").  Such a
 * question asks about that other thing:
 * declined rather than answered with the half the article covers.
 */
static int
ask_unknown_rival(const struct kb *kb, const char *sq,
    const struct kb_result *res)
{
	const struct kb_phrases *ph = &kb->phrases;
	struct kb_query one;
	char w[TEXT_TOKEN_MAX];
	const char *p, *prev = NULL;
	size_t len, skipped = 0, prevlen = 0, between = 0;
	int after = 0;	/* 1: after a comparison word, 2: and its "to" */
	int32_t cw;

	for (p = sq; *p != '\0'; p += len) {
		while (*p == ' ')
			p++;
		if ((len = text_word_len(p)) == 0)
			break;
		if (len >= sizeof(w))
			return 0;
		(void)snprintf(w, sizeof(w), "%.*s", (int)len, p);
		if (after == 0) {
			after = text_has_word(w, ph->rival_markers,
			    ph->nrival_markers);
			/* the last word no claim uses, at most one content
			 * word before the marker ("odin rather than") */
			/* a wh-word opens a clause of its own ("which test
			 * suite, and which frameworks were compared"): a
			 * word before it is no rival of what it compares */
			if (!after && (cw = kb_clause_word(kb, w, len)) >= 0 &&
			    (cw & KB_CW_WH)) {
				prev = NULL;
				continue;
			}
			kb_normalize(kb, p, len, 0, &one);
			if (after || one.n == 0 || one.stop[0])
				continue;
			if (!ask_in_claims(kb, &one)) {
				prev = p;
				prevlen = len;
				between = 0;
			} else if (prev != NULL && ++between > 1)
				prev = NULL;
			continue;
		}
		if (after == 1 && (text_has_word(w, ph->scope_words,
		    ph->nscope_words) || text_has_word(w,
		    ph->figure_scope_words, ph->nfigure_scope_words))) {
			after = 2;
			continue;
		}
		/* one letter ("than c ones") is a name the index drops */
		if (len < 2)
			return 0;
		kb_normalize(kb, p, len, 0, &one);
		if ((one.n == 0 || one.stop[0]) && ++skipped <= 2)
			continue;
		if (one.n == 0 || one.stop[0])
			return ask_unknown_rival_before(kb, p + len, prev,
			    prevlen, res);
		return ask_rival_word(kb, p, len, res);
	}
	return after != 0 && ask_unknown_rival_before(kb, p, prev, prevlen,
	    res);
}

#define ASK_YEAR_SPAN	50	/* a year is this near one the article dates */

/*
 * Is y a year as the article dates things: within ASK_YEAR_SPAN of a
 * year of one of its figures or sources?  ("in 2019" is; "50000" is not.)
 */
int
ask_is_year(const struct kb *kb, long y)
{
	size_t i, f;

	for (i = 0; i < kb->nsources; i++)
		if (kb->sources[i].year > 0 &&
		    labs(y - kb->sources[i].year) <= ASK_YEAR_SPAN)
			return 1;
	for (i = 0; i < kb->nclaims; i++)
		for (f = 0; f < kb->claims[i].nfigures; f++)
			if (kb->claims[i].figures[f].year > 0 &&
			    labs(y - kb->claims[i].figures[f].year) <=
			    ASK_YEAR_SPAN)
				return 1;
	return 0;
}

/*
 * Does claim c carry year y: in its text (as a whole number), as the
 * year of one of its figures, or as its source's year?
 */
static int
ask_claim_year(const struct kb_claim *c, long y)
{
	char w[16];
	const char *p;
	size_t f, n;

	for (f = 0; f < c->nfigures; f++)
		if (c->figures[f].year == y || (c->figures[f].value == (double)y &&
		    c->figures[f].max == (double)y))
			return 1;
	if (c->source != NULL && c->source->year == y)
		return 1;
	n = (size_t)snprintf(w, sizeof(w), "%ld", y);
	for (p = c->text; (p = strstr(p, w)) != NULL; p += n)
		if ((p == c->text || !isdigit((unsigned char)p[-1])) &&
		    !isdigit((unsigned char)p[n]))
			return 1;
	return 0;
}

/*
 * Does claim c name, right before another year, the word the user wrote
 * right before the year at text[at] ("rustconf 2026" against the
 * claim's "RustConf 2025")?  Then the claim is on another edition of the
 * thing asked, and says nothing of the one asked.
 */
static int
ask_other_edition(const struct kb_claim *c, const char *text, size_t at)
{
	size_t e = at, b, n;
	const char *p;
	char w[TEXT_TOKEN_MAX];

	while (e > 0 && text[e - 1] == ' ')
		e--;
	for (b = e; b > 0 && isalpha((unsigned char)text[b - 1]); b--)
		;
	if ((n = e - b) < 3 || n >= sizeof(w) || e == at)
		return 0;
	(void)memcpy(w, text + b, n);
	w[n] = '\0';
	for (p = c->text; (p = strcasestr(p, w)) != NULL; p += n) {
		if ((p > c->text && isalpha((unsigned char)p[-1])) ||
		    p[n] != ' ' || !isdigit((unsigned char)p[n + 1]) ||
		    !isdigit((unsigned char)p[n + 4]) ||
		    isdigit((unsigned char)p[n + 5]))
			continue;
		return 1;
	}
	return 0;
}

/*
 * The years the user wrote in text (len bytes), as written (not as the
 * spelling corrector may have read them: "2020" is not "2026"), that
 * the answer's first claim does not carry (ask_claim_year()): each goes
 * to a->missing, at most two in all, so that "go's tiobe rank in 2020?"
 * answered with the 2026 rank says the article has nothing on 2020.  A
 * year is four digits standing alone that ask_is_year() accepts.
 * Only when name is set are they named; returns 1 when such a year
 * names an edition of a thing the claim gives another year of
 * (ask_other_edition()): declined by the caller.
 */
static int
ask_years(const struct kb *kb, const char *text, size_t len, int name,
    struct kb_answer *a)
{
	size_t i, j;
	long y;
	int edition = 0;

	if (a->nclaims == 0)
		return 0;
	for (i = 0; i < len && (!name || a->nmissing < 2); i = j) {
		if (!isdigit((unsigned char)text[i])) {
			j = i + 1;
			continue;
		}
		for (j = i; j < len && isdigit((unsigned char)text[j]); j++)
			;
		if (j - i != 4 || (i > 0 && (isalnum((unsigned char)
		    text[i - 1]) || text[i - 1] == '.' || text[i - 1] == '$' ||
		    text[i - 1] == '#')) || (j < len && (isalnum((unsigned char)
		    text[j]) || text[j] == '%' || (text[j] == '.' && j + 1 < len &&
		    isdigit((unsigned char)text[j + 1])))))
			continue;
		y = strtol(text + i, NULL, 10);
		if (!ask_is_year(kb, y) || ask_claim_year(a->claims[0], y))
			continue;
		if (name)
			(void)snprintf(a->missing[a->nmissing++],
			    TEXT_TOKEN_MAX, "%ld", y);
		edition |= ask_other_edition(a->claims[0], text, i);
	}
	return edition;
}


/*
 * Does question q name a release of a subject, a version number right
 * after the subject's name ("go 1.24"), that claim a->claims[0], the
 * answer, does not write, while the claim holds none of the question's
 * other content words (ask_unknown_thing()'s test, word by word)?
 * "what's new in go 1.24?" asks about that release: a claim that only
 * shares the subject's name is about the language, not the release,
 * and the caller declines as for another edition (ask_years()).  "is
 * go 1.24 still easy to learn?" keeps its answer (the claim holds
 * "learn") with the note that the article has nothing on 1.24; so does
 * a question for a figure (figure set: "exact gc pause numbers for go
 * 1.22?"), left to the scope readers as in ask_unknown_thing().  A
 * version is digits, a dot, digits; bounded by q->n.
 */
static int
ask_other_release(const struct kb *kb, const struct kb_query *q,
    const struct kb_answer *a, int figure)
{
	struct kb_query one;
	const char *r, *p;
	size_t i, k, n, held = 0;
	int32_t t;
	int release = 0;

	if (a->nclaims == 0 || figure)
		return 0;
	for (i = 1; i < q->n && !release; i++) {
		r = q->raw[i];
		for (k = 0; isdigit((unsigned char)r[k]); k++)
			;
		if (k == 0 || r[k] != '.' ||
		    !isdigit((unsigned char)r[k + 1]) ||
		    q->subject[i - 1] < 0)
			continue;
		/* the claim's own release ("Go 1.18") is its answer */
		n = strlen(r);
		for (p = a->claims[0]->text; (p = strstr(p, r)) != NULL;
		    p += n)
			if (!isdigit((unsigned char)p[n]))
				break;
		release = p == NULL;
	}
	if (!release)
		return 0;
	for (i = 0; i < q->n; i++) {
		if (q->stop[i] || q->subject[i] >= 0 || q->term[i] == NULL ||
		    text_is_number(q->raw[i]) ||
		    (t = strmap_get(&kb->vocab, q->term[i])) < 0 ||
		    kb->terms[t].npost == 0)
			continue;
		one.n = 0;
		ask_append(&one, q, i);
		if (kb_claim_coverage(kb, &one, a->claims[0]) > 0 &&
		    ++held > 1)
			return 0;
	}
	return 1;
}

/*
 * The words of q the claims write as names (kb_term.entity: "Azure",
 * "Python"; no subject), at most ASK_NAME_DF claims say, that no claim
 * of the answer says: each goes to
 * a->missing as the user wrote it (sq), at most two in all, so that
 * "what does running go on azure cost?" answered with Go's costs says
 * the article has nothing on Azure.  A name is an argument of the
 * question: a claim sharing its topic words does not answer for it.
 * Returns how many were named.
 */
static int
ask_entities(const struct kb *kb, const char *sq, const struct kb_query *q,
    struct kb_answer *a)
{
	size_t i, c, k;
	int32_t t;
	int n = 0;

	for (i = 0; i < q->n && a->nmissing < 2; i++) {
		if (q->stop[i] || q->subject[i] >= 0 || q->term[i] == NULL ||
		    (t = strmap_get(&kb->vocab, q->term[i])) < 0 ||
		    !kb->terms[t].entity || kb->terms[t].npost > ASK_NAME_DF)
			continue;
		for (c = 0; c < a->nclaims; c++)
			if (kb_term_said(kb, q->term[i], a->claims[c]))
				break;
		if (c < a->nclaims)
			continue;
		for (k = 0; k < i && q->term[k] != q->term[i]; k++)
			;
		if (k < i)
			continue;
		ask_written(kb, sq, q->raw[i], a->missing[a->nmissing++]);
		n++;
	}
	return n;
}

/*
 * The owner named before a possessive "'s" in text (len bytes: "kotlin"
 * of "what's kotlin's tiobe rank?"), in a question that names no subject
 * (subjects, bits of kb->subjects, is 0) answered with a claim on one
 * subject, when the owner is not a subject, not a stopword and the
 * answer's claims do not hold it: the question asks for a fact of
 * something the article says nothing of (a claim about a subject that
 * shares the rest of the words does not answer it).  A question that
 * names a subject ("the go crowd's vibe", "which company's engineers
 * designed go") asks about it.  An owner known only by a typo fix to a
 * word the claims never write as a name is such an owner too.  Returns
 * 1 for such an owner.
 */
static int
ask_foreign_owner(const struct kb *kb, const char *text, size_t len,
    unsigned subjects, const struct kb_answer *a)
{
	struct kb_query one;
	size_t i, s, k;
	unsigned on;
	int32_t t;

	if (subjects != 0 || a->nclaims == 0 ||
	    (on = ask_claim_subject(kb, a->claims[0])) == 0 ||
	    (on & (on - 1)) != 0)
		return 0;
	for (i = 1; i + 1 < len; i++) {
		if (!(text[i] == '\'' && (text[i + 1] == 's' ||
		    text[i + 1] == 'S') && (i + 2 >= len ||
		    !isalnum((unsigned char)text[i + 2]))))
			continue;
		for (s = i; s > 0 && (isalnum((unsigned char)text[s - 1]) ||
		    text[s - 1] == '-'); s--)
			;
		if (s == i)
			continue;
		/* "what's", "it's", "that's": not an owner */
		kb_normalize(kb, text + s, i - s, 0, &one);
		if (one.n != 1 || one.stop[0] || one.subject[0] >= 0)
			continue;
		{
			char sq[TEXT_TOKEN_MAX];

			if (kb_squash(text + s, i - s, sq, sizeof(sq)) == 0 ||
			    kb_listed_word(&kb->phrases, sq,
			    KB_LISTED_QUESTION | KB_LISTED_PERSON |
			    KB_LISTED_ADDRESSEE | KB_LISTED_FILLER))
				continue;
		}
		/* an owner the claims never write, read by a typo fix as a
		 * word the claims never write as a name of its own ("slack"
		 * as "stack": "networking stacks", "Stack Overflow"), is
		 * still an owner the article does not name; a fix to a word
		 * the claims write so ("cloudfare's": "Amazon, Cloudflare,
		 * Google") is that name (kb_term.ncap) */
		if (one.corrected[0] && one.term[0] != NULL &&
		    (t = strmap_get(&kb->vocab, one.term[0])) >= 0 &&
		    kb->terms[t].ncap == 0)
			return 1;
		for (k = 0; k < a->nclaims; k++)
			if (kb_claim_coverage(kb, &one, a->claims[k]) > 0)
				break;
		if (k == a->nclaims)
			return 1;
	}
	return 0;
}

/*
 * Does claim c hold a word of squashed sq that is one of
 * phrases.reading.change_words ("faster" of "how much faster")?
 * *any says whether sq has one at all.
 */
static int
ask_change_held(const struct kb *kb, const char *sq,
    const struct kb_claim *c, int *any)
{
	const struct kb_phrases *ph = &kb->phrases;
	const char *p;
	size_t len;

	*any = 0;
	for (p = sq; *p != '\0'; p += len) {
		while (*p == ' ')
			p++;
		if ((len = text_word_len(p)) == 0)
			break;
		if (!(kb_listed(ph, p, len) & KB_LISTED_CHANGE))
			continue;
		*any = 1;
		if (ask_held(kb, p, len, c))
			return 1;
	}
	return 0;
}

/* Is unit one of the n units of list? */
static int
ask_unit_in(const char *unit, const char *const *list, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(unit, list[i]) == 0)
			return 1;
	return 0;
}

/* The first figure of claim c in one of the n units of list, or -1. */
static int
ask_figure_in(const struct kb_claim *c, const char *const *list, size_t n)
{
	size_t f;

	for (f = 0; f < c->nfigures; f++)
		if (ask_unit_in(c->figures[f].unit, list, n))
			return (int)f;
	return -1;
}

/*
 * The first figure of claim c in one of the n units of list whose label
 * names no subject outside asked (a bit per subject; 0: any), or -1:
 * "admiration rate (Rust)" is no percentage for Go, and neither is any
 * figure of a claim on another subject alone.
 */
static int
ask_figure_for(const struct kb *kb, const struct kb_claim *c,
    const char *const *list, size_t n, unsigned asked)
{
	unsigned bits;
	size_t f;

	bits = c->subject == NULL ? 0 :
	    kb->subject_bits[c->subject - kb->subjects];
	if (asked != 0 && bits != 0 && (bits & asked) == 0)
		return -1;	/* a claim on another subject alone */
	for (f = 0; f < c->nfigures; f++)
		if (ask_unit_in(c->figures[f].unit, list, n) &&
		    (asked == 0 || c->figure_terms == NULL ||
		    (c->figure_terms[f].label_subjects & ~asked) == 0))
			return (int)f;
	return -1;
}

/*
 * Does text (len bytes) write one of phrases.reading.percent_units as a
 * word of its own ("what admiration % does go get?"), not right after a
 * number ("rust is 72%" states a figure, it does not ask for one)?
 */
static int
ask_unit_written(const struct kb *kb, const char *text, size_t len)
{
	const struct kb_phrases *ph = &kb->phrases;
	size_t i, k, n;

	for (k = 0; k < ph->npercent_units; k++) {
		n = strlen(ph->percent_units[k]);
		for (i = 0; n > 0 && i + n <= len; i++)
			if (memcmp(text + i, ph->percent_units[k], n) == 0 &&
			    (i == 0 || isspace((unsigned char)text[i - 1])) &&
			    (i + n == len || !isalnum((unsigned char)
			    text[i + n])))
				return 1;
	}
	return 0;
}

/*
 * A change asked of a comparison that claim c gives both sides of ("how
 * much less ram than java?": 10-20 MB against 100-200 MB): the question
 * names a rival (phrases.reading.rival_markers) and c has two figures
 * in one unit that is none of relative_units.  Returns the first such
 * figure, which the answer leads with (the difference is read off the
 * two), or -1.
 */
static int
ask_sides_figure(const struct kb *kb, const char *sq,
    const struct kb_claim *c)
{
	const struct kb_phrases *ph = &kb->phrases;
	size_t i, j;

	if (ph->nrival_markers == 0 || !text_has_phrase(sq,
	    ph->rival_markers, ph->nrival_markers))
		return -1;
	for (i = 0; i < c->nfigures; i++) {
		if (c->figures[i].unit == NULL || ask_unit_in(
		    c->figures[i].unit, ph->relative_units,
		    ph->nrelative_units))
			continue;
		for (j = i + 1; j < c->nfigures; j++)
			if (c->figures[j].unit != NULL && strcmp(
			    c->figures[i].unit, c->figures[j].unit) == 0)
				return (int)i;
	}
	return -1;
}

/*
 * A question for a magnitude (a count_starts phrase anywhere: "by how
 * much did X drop?") with a word of phrases.reading.change_words asks
 * for a change: only the first claim's figure in one of relative_units
 * answers it, and only when that claim holds the change word ("20% less
 * memory"); else the answer says the article gives no number (a
 * trillion requests a day is not how much faster Pingora is).  A
 * question with a word of percent_words asks for a figure in one of
 * percent_units: a claim of the answer that has one goes first and its
 * figure leads; a figure labelled for a subject outside asked (a bit
 * per subject, 0: any) is not one.  written: the question writes a
 * percent unit as a word of its own (ask_unit_written(): "what
 * admiration % does go get?"), which asks as a percent word does.  Returns 1 when it read the question
 * so.
 */
static int
ask_magnitude(const struct kb *kb, const char *sq, unsigned asked,
    int written, struct kb_answer *a)
{
	const struct kb_phrases *ph = &kb->phrases;
	const struct kb_claim *c;
	size_t k;
	int any, f = -1;

	if (a->nclaims == 0 || a->lead_row >= 0 || a->other_subject >= 0)
		return 0;
	if (kb_phrase_chain_has(&kb->count_starts_by_word, ph->count_starts,
	    ph->ncount_starts, sq) && ph->nrelative_units > 0) {
		if (!ask_change_held(kb, sq, a->claims[0], &any) && any) {
			a->lead_figure = ask_sides_figure(kb, sq,
			    a->claims[0]);
			a->no_figure = a->lead_figure < 0;
			return 1;
		}
		if (any) {
			f = ask_figure_in(a->claims[0], ph->relative_units,
			    ph->nrelative_units);
			if (f < 0)
				f = ask_sides_figure(kb, sq, a->claims[0]);
			a->lead_figure = f;
			a->no_figure = f < 0;
			return 1;
		}
	}
	if (ph->npercent_units == 0 || (!kb_listed_more_word(ph, sq,
	    KB_MORE_PERCENT) && !written))
		return 0;
	for (k = 0; k < a->nclaims; k++)
		if ((f = ask_figure_for(kb, a->claims[k], ph->percent_units,
		    ph->npercent_units, asked)) >= 0)
			break;
	if (k == a->nclaims) {
		a->lead_figure = -1;
		a->no_figure = 1;
		return 1;
	}
	c = a->claims[k];
	(void)memmove(&a->claims[1], &a->claims[0], k * sizeof(a->claims[0]));
	a->claims[0] = c;
	a->lead_figure = f;
	return 1;
}

/*
 * "rust has 72% admiration; what number does go get?": a question for a
 * figure of kind (ask_unit_ok()) on subject asked (one bit), beside
 * another subject it names, whose claims in a carry such figures only
 * on that other subject (a claim on it alone, or a figure labelled for
 * it: "admiration rate (Rust)").  Such a figure read first would answer
 * a different number as if it were the one asked: returns 1 then, and
 * 0 when a figure of the kind is on asked (or on no subject) or none is
 * there at all.
 */
static int
ask_figures_elsewhere(const struct kb *kb, unsigned asked, int kind,
    const struct kb_answer *a)
{
	const struct kb_claim *c;
	unsigned bits, label;
	size_t k, f;
	int other = 0;

	for (k = 0; k < a->nclaims; k++) {
		c = a->claims[k];
		bits = ask_claim_subject(kb, c);
		for (f = 0; f < c->nfigures; f++) {
			if (!ask_unit_ok(kb, &c->figures[f], kind))
				continue;
			label = c->figure_terms != NULL ?
			    c->figure_terms[f].label_subjects : 0;
			if (label == 0)
				label = bits;
			if (label == 0 || (label & asked) != 0)
				return 0;
			other = 1;
		}
	}
	return other;
}

/*
 * Does a question for the present ("what is the current go version?":
 * a word of phrases.reading.present_words) find only a point the
 * article gives no year for (a version that added a feature), which
 * says nothing of now?  The figure of the best claim that answers the
 * question (ask_figure()) decides; a dated figure ("72% in 2025") is
 * the article's latest, and answers.  Only a question for a value (a
 * number, or one starting with phrases.reading.instance_words: "what",
 * "which") asks for the present one; in a yes-no question ("is the linux
 * kernel really taking rust code now?") the word only says when.
 */
static int
ask_not_now(const struct kb *kb, const char *sq, const struct kb_query *q,
    const struct kb_answer *a, int value)
{
	const struct kb_phrases *ph = &kb->phrases;
	const struct kb_figure *f;
	int i;

	if (a->nclaims == 0 || ph->npresent_words == 0 ||
	    !kb_listed_word(ph, sq, KB_LISTED_PRESENT) ||
	    (!value && !ask_starts(sq, ph->instance_words,
	    ph->ninstance_words)))
		return 0;
	if ((i = a->lead_figure) < 0 && (i = ask_figure(kb, q, a,
	    ASK_ANY)) < 0)
		return 0;
	f = &a->claims[0]->figures[i];
	return f->year == 0 && !ask_unit_ok(kb, f, ASK_AMOUNT);
}

/*
 * A question as ask_one() read it, which ask_remember() reads again when
 * it remembers the same text: its words (all), those left once figure
 * words are dropped (content) and once a follow-up start is (asked), and
 * its intent.  Kept for one message (ask_forget(): its terms point into
 * the kb); large, and the engine is one thread.
 */
static struct ask_reading {
	const struct kb	*kb;		/* NULL: none */
	uint8_t		 hash[KB_HASH_BYTES];
	size_t		 len;
	char		 text[DLG_FRAME_TEXT];
	char		 sq[DLG_FRAME_TEXT];
	int		 intent;
	struct kb_query	 all, content, asked;
} ask_reading;

/*
 * Forget the question ask_one() read last: called as each message comes
 * in (dialogue_input()), so that no reading outlives its message or its
 * kb.
 */
void
ask_forget(void)
{
	ask_reading.kb = NULL;
}

/*
 * Is the reading kept in ask_reading that of text (len bytes) in kb?  The
 * same text squashes alike: its squashed text is ask_reading.sq.
 */
static int
ask_reading_of(const struct kb *kb, const char *text, size_t len)
{
	const struct ask_reading *r = &ask_reading;

	return r->kb == kb && r->len == len &&
	    memcmp(r->hash, kb->hash, KB_HASH_BYTES) == 0 &&
	    memcmp(r->text, text, len) == 0;
}

/*
 * Remember text (len bytes) as the last question with a topic, which a
 * follow-up ("and go?") asks again; subjects, when not -1, replaces the
 * subjects last asked about.
 */
void
ask_remember(struct dlg *d, const char *text, size_t len, int subjects)
{
	static struct kb_query all, content, asked;	/* large; one thread */
	const struct kb_phrases *ph = &d->kb->phrases;
	struct dlg_frame *f = &d->frame;
	char sq[DLG_FRAME_TEXT];
	size_t n = len < DLG_FRAME_TEXT - 1 ? len : DLG_FRAME_TEXT - 1;

	(void)memcpy(f->text, text, n);
	f->text[n] = '\0';
	f->set = n > 0;
	if (ask_reading_of(d->kb, f->text, n)) {
		/* the question ask_one() read: its squashed text, whole
		 * (shorter than DLG_FRAME_TEXT), is what squashing it here
		 * gives */
		(void)strcpy(sq, ask_reading.sq);
		/* the question ask_one() read: read alike, not again */
		frame_keep(f, d->kb, &ask_reading.all, &ask_reading.content,
		    &ask_reading.asked);
		f->intent = ask_reading.intent;
	} else {
		kb_squash(f->text, n, sq, sizeof(sq));
		kb_normalize(d->kb, f->text, n, 0, &all);
		kb_query_copy(&all, &content);
		(void)ask_drop_figure_words(d->kb, sq, &content);
		kb_query_copy(&content, &asked);
		(void)ask_cue(d->kb, sq, &asked);
		frame_keep(f, d->kb, &all, &content, &asked);
		f->intent = kb_intent_of(d->kb, f->text, n);
	}
	f->asks = 0;
	if (ask_starts(sq, ph->count_starts, ph->ncount_starts))
		f->asks |= DLG_ASKS_COUNT;
	if (ask_starts(sq, ph->duration_starts, ph->nduration_starts))
		f->asks |= DLG_ASKS_DURATION;
	if (ask_frame_rival(d->kb, sq, &f->rival))
		f->asks |= DLG_ASKS_FIGURE;
	if (subjects >= 0)
		f->subjects = (uint8_t)subjects;
}

/*
 * Put the words of query w before the frame's words (those beyond
 * DLG_FRAME_WORDS are not kept).
 */
static void
ask_frame_prepend(struct dlg *d, const struct kb_query *w)
{
	struct dlg_frame *f = &d->frame;
	size_t k = w->n < DLG_FRAME_WORDS ? w->n : DLG_FRAME_WORDS, i;

	if (k == 0)
		return;
	i = f->nwords + k > DLG_FRAME_WORDS ? DLG_FRAME_WORDS - k :
	    f->nwords;
	(void)memmove(&f->word[k], &f->word[0], i * sizeof(f->word[0]));
	f->nwords = i + k;
	for (i = 0; i < k; i++)
		frame_word(d->kb, w, i, 0, &f->word[i]);
}

/*
 * Remember text (len bytes), which asked the last answer's topic t of its
 * own words (ask_keep_topic()), with t's label in the frame's topic slot,
 * so that "and rust?" after "what about a plain rest api?" (said after
 * Go's GC) asks about Rust's GC.
 */
static void
ask_remember_topic(struct dlg *d, const struct kb_topic *t, const char *text,
    size_t len)
{
	static struct kb_query label;	/* large; the engine is one thread */
	size_t i;

	ask_remember(d, text, len, -1);
	for (i = 0; i < d->frame.nwords; i++)
		d->frame.word[i].left_out |= DLG_FRAME_SITUATION;
	kb_normalize(d->kb, t->label, strlen(t->label), 0, &label);
	ask_frame_prepend(d, &label);
}

/*
 * The question text (len bytes) was declined: a question of its own
 * (words beyond subjects and follow-up cues) is still what "and go?"
 * follows, so that is declined again rather than read as a bare "go".
 */
void
ask_declined(struct dlg *d, const char *text, size_t len)
{
	struct kb_query q;
	char sq[DLG_FRAME_TEXT];
	size_t nsubj, ncontent;
	unsigned subjects;

	kb_normalize(d->kb, text, len, 0, &q);
	kb_squash(text, len, sq, sizeof(sq));
	(void)ask_drop_figure_words(d->kb, sq, &q);
	if (ask_cue(d->kb, sq, &q))
		return;		/* a follow-up: its question stays */
	ask_count(&q, &nsubj, &ncontent, &subjects);
	if (ncontent > 0)
		ask_remember(d, text, len, subjects != 0 ? (int)subjects : -1);
}

/*
 * Remember text (len bytes), whose "it" meant the one subject last asked
 * about, with that subject in the frame's words, so that "and rust?"
 * after "how hard is it to learn?" (said of Go) asks it of Rust.
 */
static void
ask_remember_about(struct dlg *d, const char *text, size_t len)
{
	static struct kb_query name;	/* large; the engine is one thread */
	uint8_t subjects = d->frame.subjects;
	size_t s;

	ask_remember(d, text, len, -1);
	name.n = name.nfixes = 0;
	name.intent = 0;
	for (s = 0; s < d->kb->nsubjects && s < 8; s++)
		if ((subjects & (1u << s)) && d->kb->subject_term[s] != NULL) {
			name.n = 0;
			name.term[0] = d->kb->subject_term[s];
			(void)snprintf(name.raw[0], sizeof(name.raw[0]), "%s",
			    d->kb->subject_term[s]);
			name.proper[0] = name.corrected[0] = 0;
			name.exact[0] = name.span[0] = 1;
			name.stop[0] = name.negation[0] = name.brk[0] = 0;
			name.clause[0] = 0;
			name.subject[0] = (signed char)s;
			name.n = 1;
		}
	ask_frame_prepend(d, &name);
	/* what it asked of that subject is no intent a question with
	 * words of its own ("how hard is it to learn?") takes on */
	d->frame.intent = 0;
}

/*
 * A verdict for outcome o was given: when o is one of the article's
 * subjects ("go"), the conversation is about it from now on, so that "is
 * it hard to learn?" or "and the salary?" asks about it; otherwise
 * ("both", or none) about no one subject.  "It" means that subject until
 * the user asks a question of their own (d->verdict_input).
 */
void
ask_verdict_subject(struct dlg *d, int o)
{
	size_t s;

	d->frame.subjects = 0;
	d->verdict_input = d->inputs;
	for (s = 0; o >= 0 && (size_t)o < DL(d)->noutcomes &&
	    s < d->kb->nsubjects && s < 8; s++)
		if (strcmp(d->kb->subjects[s].id, DL(d)->outcomes[o].id) == 0)
			d->frame.subjects = (uint8_t)(1u << s);
}


/*
 * Does an answer to "and the year before?" (phrases.reading.time_shifts)
 * after prev, the claim of the last answer, hold an earlier figure: a
 * figure of one of its claims dated before the latest year of prev's
 * figures?  When prev dates none, nothing is earlier.
 */
static int
ask_earlier(const struct kb_claim *prev, const struct kb_answer *a)
{
	size_t f, k;
	int latest = 0;

	for (f = 0; f < prev->nfigures; f++)
		if (prev->figures[f].year > latest)
			latest = prev->figures[f].year;
	for (k = 0; latest > 0 && k < a->nclaims; k++)
		for (f = 0; f < a->claims[k]->nfigures; f++)
			if (a->claims[k]->figures[f].year > 0 &&
			    a->claims[k]->figures[f].year < latest)
				return 1;
	return 0;
}

/*
 * Does squashed sq end with a qualifier the article never names, after
 * a word of phrases.reading.platform_openers: "on a raspberry pi", "in
 * ocaml", "on a playstation 5" (at most ASK_TAIL_WORDS words after it,
 * each a stopword, a number or a word no claim uses, at least one a
 * word no claim uses; "in 2026 or just hype" is no such qualifier)?
 */
#define ASK_TAIL_WORDS	3

static int
ask_unknown_tail(const struct kb *kb, const char *sq)
{
	const struct kb_phrases *ph = &kb->phrases;
	struct kb_query one;
	const char *p = sq, *after = NULL;
	size_t len, words = 0;
	int unknown = 0;

	while (*p != '\0') {
		len = text_word_len(p);
		if (ask_in_list(p, len, ph->platform_openers,
		    ph->nplatform_openers))
			after = p + len;
		p += len;
		while (*p == ' ')
			p++;
	}
	if (after == NULL)
		return 0;
	for (p = after; *p != '\0'; p += len) {
		while (*p == ' ')
			p++;
		if ((len = text_word_len(p)) == 0)
			break;
		if (++words > ASK_TAIL_WORDS)
			return 0;
		kb_normalize(kb, p, len, 0, &one);
		if (one.n == 0 || one.stop[0] || text_is_number(one.raw[0]))
			continue;
		if (one.n > 1 || ask_in_claims(kb, &one))
			return 0;
		unknown = 1;
	}
	return unknown;
}

/* The vocabulary term of the one word p (len bytes), or NULL. */
static const char *
ask_word_term(const struct kb *kb, const char *p, size_t len)
{
	struct kb_query w;

	kb_normalize(kb, p, len, 0, &w);
	return w.n == 1 ? w.term[0] : NULL;
}

/* As ask_word_term(), but NULL for a stopword too ("was"). */
static const char *
ask_word_content_term(const struct kb *kb, const char *p, size_t len)
{
	struct kb_query w;

	kb_normalize(kb, p, len, 0, &w);
	return w.n == 1 && !w.stop[0] && w.subject[0] < 0 ? w.term[0] : NULL;
}

/* Does q name one of the subjects? */
static int
ask_names_subject(const struct kb_query *q)
{
	size_t i;

	for (i = 0; i < q->n; i++)
		if (q->subject[i] >= 0)
			return 1;
	return 0;
}

/*
 * Does squashed text sq hold a word of phrases.reading.question_words
 * right after one of phrases.reading.joins (a second question after the
 * first: "... and what for", "... and how long in rust")?
 */
static int
ask_second_question(const struct kb_phrases *ph, const char *sq)
{
	size_t len;
	int joined = 0;

	for (; *sq != '\0'; sq += len) {
		while (*sq == ' ')
			sq++;
		len = text_word_len(sq);
		if (len == 0)
			break;
		if (joined && ask_in_list(sq, len, ph->question_words,
		    ph->nquestion_words))
			return 1;
		joined = ask_in_list(sq, len, ph->joins, ph->njoins);
	}
	return 0;
}

/*
 * Does squashed sq ask for a thing of phrases.reading.outside_words (a
 * resource, a credential, a price: "recommend a rust book", "can i
 * claim rust on my cv") that claim c, its answer, holds neither in its
 * fields nor in its asks?  Such a thing is what is asked wherever it
 * stands, and the article gives none: a claim that shares the other
 * words answers another question.  Only a question does so: one that
 * opens as one (phrases.reading.question_starts) or, with no first
 * person, asks anywhere (asks); "fresh out of a bootcamp, which one
 * then?" tells of the user first, and is a choice to make.  The list is
 * of words as written (a query's are stemmed).
 */
/*
 * Does squashed sq ask the advisor to recommend one of a kind of thing
 * the article never recommends one of: a word of
 * phrases.reading.advice_asks ("recommend", "suggest") and one of
 * advice_things ("framework", "crate", "course") anywhere in it ("can
 * you recommend a good go web framework?", "any rust course you'd
 * suggest?")?  A request, question or not; "what frameworks did
 * techempower compare?" asks for no advice.
 */
static int
ask_advice_asked(const struct kb_phrases *ph, const char *sq)
{
	const char *p;
	size_t len;
	unsigned bits;
	int asks = 0, thing = 0;

	/* the words below are some of kb_listed_word()'s, which most
	 * messages it has read already (its memo) */
	if (!kb_listed_word(ph, sq, KB_LISTED_ADVICE_ASK) ||
	    !kb_listed_word(ph, sq, KB_LISTED_ADVICE_THING))
		return 0;
	for (p = sq; *p != '\0'; p += len, p += text_space_len(p)) {
		if ((len = text_word_len(p)) == 0)
			break;
		/* both lists in the listed map: one look-up a word */
		bits = kb_listed(ph, p, len);
		asks |= (bits & KB_LISTED_ADVICE_ASK) != 0;
		thing |= (bits & KB_LISTED_ADVICE_THING) != 0;
	}
	return asks && thing;
}

/*
 * Does squashed sq name a word of phrases.reading.outside_rivals (a
 * language or platform the article never discusses: "zig", "ios")?  No
 * claim holds one: the word is compared as written, since its stem may
 * be another word a claim says ("ios" is "io" of I/O-bound).
 */
int
ask_rival_outside(const struct kb *kb, const char *sq)
{
	const struct kb_phrases *ph = &kb->phrases;
	const char *p;
	size_t len;

	/* one lookup per word (the entries are one word each), not a scan
	 * of the list per word */
	if (ph->noutside_rivals > 0 && kb->outside_rivals_by_word.next != NULL)
		return kb_phrase_chain_has(&kb->outside_rivals_by_word,
		    ph->outside_rivals, ph->noutside_rivals, sq);
	for (p = sq; ph->noutside_rivals > 0 && *p != '\0'; p += len,
	    p += text_space_len(p)) {
		if ((len = text_word_len(p)) == 0)
			break;
		if (match_in_list(p, len, ph->outside_rivals,
		    ph->noutside_rivals))
			return 1;
	}
	return 0;
}

/*
 * Is the word at w (len bytes) the name at name (a word of squashed
 * text)?
 */
static int
ask_same_word(const char *w, size_t len, const char *name)
{
	return strncmp(w, name, len) == 0 && (name[len] == ' ' ||
	    name[len] == '\0');
}

/*
 * Does squashed sq read as calling one language from another: a word of
 * phrases.reading.crossing_words ("call", "embed", "bindings") with a
 * name of crossing_names ("rust", "go", "c") at most ASK_CROSSING_REACH
 * words after it, and another name either before it within that reach
 * ("go code invokes rust", "rust call into c++") or after a word of
 * crossing_links ("from", "inside") that follows the first ("call rust
 * code from a go service", "embed go inside a rust binary")?  Whatever
 * else its words share with a claim, that is what is asked.  Not "why
 * do people call rust the c++ replacement" (a name given, no link), nor
 * "did go beat node for api calls" (no name after the calls).
 */
#define ASK_CROSSING_WORDS	64	/* words of a message looked at */
#define ASK_CROSSING_REACH	5	/* "wrapping an existing c lib" */

/*
 * Does squashed sq hold a word of phrases.reading.crossing_words, as
 * text_has_word() would tell: the list walked only for a word whose
 * first byte and length one has (crossing_first).
 */
static int
ask_crossing_word(const struct kb_phrases *ph, const char *sq)
{
	const char *p = sq;
	size_t len;

	while (*p != '\0') {
		len = text_word_len(p);
		if ((len == 0 || (ph->crossing_first[(unsigned char)p[0]] &
		    1u << (len < 31 ? len : 31))) && match_in_list(p, len,
		    ph->crossing_words, ph->ncrossing_words))
			return 1;
		p += len;
		p += text_space_len(p);
	}
	return 0;
}

int
ask_crossing(const struct kb *kb, const char *sq)
{
	const struct kb_phrases *ph = &kb->phrases;
	const char *w[ASK_CROSSING_WORDS];
	size_t wl[ASK_CROSSING_WORDS];
	unsigned char kind[ASK_CROSSING_WORDS];	/* 1 cross 2 name 3 link */
	size_t len, n = 0, k, i, j, m;
	const char *p;

	if (ph->ncrossing_words == 0 || !ask_crossing_word(ph, sq))
		return 0;
	for (p = sq; *p != '\0' && n < ASK_CROSSING_WORDS; p += len,
	    p += text_space_len(p)) {
		if ((len = text_word_len(p)) == 0)
			break;
		w[n] = p;
		wl[n] = len;
		kind[n++] = match_in_list(p, len, ph->crossing_words,
		    ph->ncrossing_words) ? 1 : match_in_list(p, len,
		    ph->crossing_names, ph->ncrossing_names) ? 2 :
		    match_in_list(p, len, ph->crossing_links,
		    ph->ncrossing_links) ? 3 : 0;
	}
	for (k = 0; k < n; k++) {
		if (kind[k] != 1)
			continue;
		for (i = k + 1; i < n && i <= k + ASK_CROSSING_REACH; i++) {
			if (kind[i] != 2)
				continue;
			/* another name just before the crossing word */
			for (j = k > ASK_CROSSING_REACH ? k -
			    ASK_CROSSING_REACH : 0; j < k; j++)
				if (kind[j] == 2 &&
				    !ask_same_word(w[j], wl[j], w[i]))
					return 1;
			/* or after a link that follows the name */
			for (j = i + 1; j < n && j <= i + ASK_CROSSING_REACH;
			    j++) {
				if (kind[j] != 3)
					continue;
				for (m = j + 1; m < n &&
				    m <= j + ASK_CROSSING_REACH; m++)
					if (kind[m] == 2 &&
					    !ask_same_word(w[m], wl[m], w[i]))
						return 1;
			}
		}
	}
	return 0;
}

/*
 * Does claim c say the crossing squashed sq asks about (ask_crossing()):
 * its own fields hold a word of phrases.reading.crossing_said
 * ("interoperability"; not "call", which "API calls" says) and at least
 * two of the names sq gives?  The
 * article's one crossing, Rust's C++ interoperability, says "can rust
 * call into our c++ libraries"; nothing says "call rust from a go
 * service", which a claim sharing "rust" and "service" would answer
 * fluently and wrongly.
 */
static int
ask_crossing_said(const struct kb *kb, const char *sq,
    const struct kb_claim *c)
{
	const struct kb_phrases *ph = &kb->phrases;
	const char *p;
	size_t len, i;
	int said = 0, names = 0;

	for (i = 0; i < ph->ncrossing_said && !said; i++)
		said = ph->crossing_said[i] != NULL && kb_term_said(kb,
		    ask_word_term(kb, ph->crossing_said[i],
		    strlen(ph->crossing_said[i])), c);
	for (p = sq; said && *p != '\0'; p += len, p += text_space_len(p)) {
		if ((len = text_word_len(p)) == 0)
			break;
		if (match_in_list(p, len, ph->crossing_names,
		    ph->ncrossing_names) &&
		    kb_term_said(kb, ask_word_term(kb, p, len), c))
			names++;
	}
	return said && names >= 2;
}

/*
 * For squashed sq that reads as a crossing (ask_crossing()): the claim
 * that says it (ask_crossing_said()) becomes a's only one, the others
 * answering another question.  It is looked for among a's claims, then
 * the search's other hits, then the hits of sq searched again with each
 * word of phrases.reading.crossing_said added ("can rust call into c++
 * code?" is the article's "interoperability", a word the user did not
 * write).  With none, returns 1 (declined by the caller); 0 for a
 * question that crosses nothing.
 */
static int
ask_crossing_unsaid(const struct kb *kb, const char *sq, struct kb_answer *a)
{
	const struct kb_phrases *ph = &kb->phrases;
	const struct kb_claim *c = NULL;
	struct kb_result more;
	char text[KB_ASK_MAX + TEXT_TOKEN_MAX + 2];
	size_t i, k;

	if (a->nclaims == 0 || ask_crossing(kb, sq) == 0)
		return 0;
	/* the answer's claims first, then the search's other hits */
	for (i = 0; i < a->nclaims + a->res.nhits && c == NULL; i++) {
		c = i < a->nclaims ? a->claims[i] :
		    a->res.hits[i - a->nclaims].claim;
		if (c != NULL && !ask_crossing_said(kb, sq, c))
			c = NULL;
	}
	for (k = 0; k < ph->ncrossing_said && c == NULL; k++) {
		if (ph->crossing_said[k] == NULL ||
		    (size_t)snprintf(text, sizeof(text), "%s %s", sq,
		    ph->crossing_said[k]) >= sizeof(text))
			continue;
		(void)kb_search(kb, text, KB_MAX_HITS, &more);
		for (i = 0; i < more.nhits && c == NULL; i++)
			if (ask_crossing_said(kb, sq, more.hits[i].claim))
				c = more.hits[i].claim;
	}
	if (c == NULL)
		return 1;
	if (c != a->claims[0]) {	/* its figures were another's */
		a->claims[0] = c;
		a->lead_figure = a->lead_row = -1;
		a->lead_winner = 0;
	}
	a->nclaims = 1;
	return 0;
}

/*
 * Does squashed sq ask for what the article never gives: advice of a
 * kind it recommends none of (ask_advice_asked()), or, in a question
 * (asks, or a question_starts opening), a word of
 * phrases.reading.outside_words (books, pricing, IDEs) that claim c does
 * not hold, or of outside_rivals (zig, ios)?  A rival counts
 * also in a message that only compares (ask_compares()), first person
 * or not; with rivals 0 (the answer names what it lacks already: "does
 * discord use rust in its ios app?" is Discord's story, nothing on iOS)
 * none counts.
 */
/*
 * Does text (len bytes) end with a question mark, trailing spaces aside?
 * Keywords so marked ("good rust books for a beginner?") ask, though no
 * question word opens them.
 */
static int
ask_marked_question(const char *text, size_t len)
{
	while (len > 0 && isspace((unsigned char)text[len - 1]))
		len--;
	return len > 0 && text[len - 1] == '?';
}

/*
 * Does squashed sq ask who made one of the subjects: a word of
 * phrases.reading.maker_people ("guy", "person"), then right after it a
 * phrase of maker_verbs ("who invented", "that came up with",
 * "designed"), then a subject's name ("whats the name of the guy who
 * made rust", "which person designed golang")?  The maker of a language
 * is what is asked, and no claim names one; the article's own author
 * ("the person who made this blog post") is no subject, so stays
 * answered.  One pass over the words, each tried against both short
 * lists: bounded by the text.
 */
static int
ask_maker_asked(const struct kb *kb, const char *sq)
{
	const struct kb_phrases *ph = &kb->phrases;
	struct kb_query w;
	const char *p, *v;
	size_t len, i, vlen, slen;

	/* a message with no maker_people word (most): the memo of its
	 * words' lists says so, no pass over them */
	if (ph->nmaker_people == 0 || ph->nmaker_verbs == 0 ||
	    !kb_listed_more_word(ph, sq, KB_MORE_MAKER_PEOPLE))
		return 0;
	for (p = sq; *p != '\0'; p += len, p += text_space_len(p)) {
		if ((len = text_word_len(p)) == 0)
			break;
		if (!(kb_listed_more(ph, p, len) & KB_MORE_MAKER_PEOPLE))
			continue;
		v = p + len + text_space_len(p + len);
		for (i = 0; i < ph->nmaker_verbs; i++) {
			if (!text_begins(v, ph->maker_verbs[i], &vlen) ||
			    v[vlen] != ' ')
				continue;
			v += vlen + text_space_len(v + vlen);
			if ((slen = text_word_len(v)) == 0)
				return 0;
			kb_normalize(kb, v, slen, 0, &w);
			return w.n == 1 && w.subject[0] >= 0;
		}
	}
	return 0;
}

/*
 * Does squashed sq ask for the maker of a subject with the person word
 * away from the verb: a phrase of maker_verbs, then (at most two
 * stopwords skipped: "designed the rust borrow checker") a subject's
 * name, and a word of maker_people anywhere ("who invented rust - like
 * the actual guy's name?", "who came up with go, which person i
 * mean")?  A message with a first_person word tells of the user ("as a
 * person who created a go service ..."): not this reading.  Bounded:
 * one pass over the words, each tried against the short verb list.
 */
static int
ask_maker_apart(const struct kb *kb, const char *sq)
{
	const struct kb_phrases *ph = &kb->phrases;
	struct kb_query w;
	const char *p, *v;
	size_t len, i, vlen, slen;
	int asked = 0;

	if (ph->nmaker_people == 0 || ph->nmaker_verbs == 0 ||
	    !kb_listed_more_word(ph, sq, KB_MORE_MAKER_PEOPLE) ||
	    kb_listed_word(ph, sq, KB_LISTED_PERSON))
		return 0;
	for (p = sq; *p != '\0'; p += len, p += text_space_len(p)) {
		if ((len = text_word_len(p)) == 0)
			break;
		/* only after a question word ("who", "which"): "dev, wrote
		 * go for years" tells */
		asked |= (kb_listed(ph, p, len) & KB_LISTED_QUESTION) != 0;
		if (!asked)
			continue;
		for (i = 0; i < ph->nmaker_verbs; i++) {
			if (!text_begins(p, ph->maker_verbs[i], &vlen) ||
			    p[vlen] != ' ')
				continue;
			v = p + vlen + text_space_len(p + vlen);
			/* the thing made: a subject, after at most one
			 * name_determiners word ("designed the rust borrow
			 * checker"; not "wrote this rust vs go post") */
			if ((slen = text_word_len(v)) > 0 && ask_in_list(v,
			    slen, ph->name_determiners, ph->nname_determiners))
				v += slen + text_space_len(v + slen);
			if ((slen = text_word_len(v)) == 0)
				break;
			kb_normalize(kb, v, slen, 0, &w);
			if (w.n != 1 || w.subject[0] < 0)
				break;
			/* "the rust vs go post": the pair, the article */
			v += slen + text_space_len(v + slen);
			if ((slen = text_word_len(v)) > 0 && (kb_listed(ph, v,
			    slen) & (KB_LISTED_COMPARISON | KB_LISTED_RIVAL)))
				break;
			return 1;
		}
	}
	return 0;
}

static int
ask_outside_asked(const struct kb *kb, const char *sq,
    const struct kb_claim *c, int asks, int rivals)
{
	const struct kb_phrases *ph = &kb->phrases;
	const char *p;
	size_t len;

	if (ask_advice_asked(ph, sq) || ask_maker_asked(kb, sq) ||
	    ask_maker_apart(kb, sq))
		return 1;
	/* "someone on my team says zig beats both, is he right?": a rival
	 * the article never discusses, weighed against what it compares,
	 * is what is asked, whoever tells it */
	if (!asks && !ask_starts(sq, ph->question_starts,
	    ph->nquestion_starts))
		return rivals && ask_compares(kb, sq) &&
		    ask_rival_outside(kb, sq);
	if (rivals && ask_rival_outside(kb, sq))
		return 1;
	/* no outside word among all the words (kb_listed_word()'s memo):
	 * none among those read below */
	if (!kb_listed_word(ph, sq, KB_LISTED_OUTSIDE))
		return 0;
	for (p = sq; *p != '\0'; p += len, p += text_space_len(p)) {
		if ((len = text_word_len(p)) == 0)
			break;
		if ((kb_listed(ph, p, len) & KB_LISTED_OUTSIDE) &&
		    !kb_term_held(kb,
		    ask_word_content_term(kb, p, len), c))
			return 1;
	}
	return 0;
}

/*
 * Does a thing question q names that no claim's own words use carry the
 * question, claim c holding nothing else it asks?  It does when q, which
 * names no subject and asks (asks: a word of a question, no first
 * person), has such a word (no number, stopword or word of the reading
 * lists; no word of the asks either; not held by c: "figma", "autocad")
 * and q has no word that at most ASK_GENERIC_DF claims use, held by c or
 * not: what q shares with the article is the frame any question of it
 * has ("language", "use", "build"), and c answers another question; a
 * rare word the article says ("postgres", "crud") makes q one of its
 * topics, with an unknown word only in its wording ("noticeable").  With
 * a subject named, an unknown side word ("is rust hard or is that a
 * meme") only colours what is asked; "eh maybe" asks nothing; "i" tells
 * of the user, whose own words the article need not know.
 */
static int
ask_unsaid_carries(const struct kb *kb, const struct kb_query *q,
    const struct kb_claim *c, int asks)
{
	const struct kb_phrases *ph = &kb->phrases;
	size_t i, unsaid = 0;
	int32_t t;

	if (ask_names_subject(q) || !asks)
		return 0;
	for (i = 0; i < q->n; i++) {
		if (q->stop[i] || text_is_number(q->raw[i]))
			continue;
		t = q->term[i] != NULL ? strmap_get(&kb->vocab, q->term[i]) :
		    -1;
		/* a word few claims say, held by c or not and listed or not,
		 * is the article's topic ("is the perf gap noticeable for a
		 * crud api hitting postgres"): the search decides */
		if (t >= 0 && kb->terms[t].npost > 0 &&
		    kb->terms[t].npost <= ASK_GENERIC_DF)
			return 0;
		if ((kb_listed(ph, q->raw[i], strlen(q->raw[i])) &
		    KB_LISTED_READING) || kb_term_held(kb, q->term[i], c))
			continue;
		/* a word of the asks only ("newcomer") is the article's */
		if (t < 0 || (kb->terms[t].npost == 0 &&
		    kb->terms[t].napost == 0))
			unsaid++;
	}
	return unsaid > 0;
}

/*
 * Is word w (len bytes, as written) a manner or time aside by its shape:
 * a lexicon aside_suffixes ending ("originally", "actually") with at
 * least ASK_ASIDE_STEM_MIN letters before it?  The search drops such a
 * word the claims never use; here it is one the claims may use
 * ("original"), which still only colours the verb after it.
 */
static int
ask_aside_word(const struct kb *kb, const char *w, size_t len)
{
	size_t k;

	for (k = 2; k <= KB_ASIDE_SUFFIX_MAX && k + ASK_ASIDE_STEM_MIN <= len;
	    k++)
		if (strmap_getn(&kb->aside_suffixes, w + len - k, k) >= 0)
			return 1;
	return 0;
}

/*
 * Does the first claim of a answer a different question than q (squashed
 * sq, from the user's text) asks?  Three readings, each of a word the
 * question hinges on that the claim lacks:
 * - the word right after the question's opening question word
 *   (phrases.reading.question_words) and any fillers after it
 *   (phrases.reading.fillers: "who actually created") or asides (an
 *   aside_suffixes ending: "who originally created"), unless it is a
 *   duration start's own ("how soon"), is one the answer already names as
 *   missing and no claim's own words use ("who created rust originally?":
 *   "created" is what is asked; "how high does rust rank on tiobe?"
 *   keeps its answer, "high" is a word claims use);
 * - two or more words that no claim's own words use (a word only asks
 *   use, or one the article never uses; numbers aside), which the claim
 *   holds neither in its fields nor in its asks, while its fields hold
 *   none of the question's known words and it holds no word of the
 *   question that at most ASK_NAME_DF claims use ("does go support tail
 *   call optimization": found by "call" in its asks);
 * - a question for a number that no claim near it carries (a->no_figure)
 *   whose claim holds less than ASK_WEAK_COVER of the question's known
 *   words in its fields and lacks, fields and asks, a word of it that at
 *   most ASK_NAME_DF claims use ("how much does running kubernetes on
 *   aws cost per month?": "aws", "cost").
 * "how much do go devs earn in india" keeps its answer: its unknown word
 * only narrows, after the word asked.  A comparison's verdict keeps its
 * answer.  The article is then said not to cover the question.
 */
static int
ask_weak_overlap(const struct kb *kb, const char *sq, const struct kb_query *q,
    const struct kb_answer *a, int figure)
{
	const struct kb_phrases *ph = &kb->phrases;
	const struct kb_claim *c;
	const char *p, *tw;
	size_t i, len, lacked0 = 0, lacked_rare = 0, held_rare = 0;
	int32_t t;

	if (a->nclaims == 0 || a->lead_row >= 0 || a->other_subject >= 0)
		return 0;
	c = a->claims[0];
	len = text_word_len(sq);
	/* "how soon could i ...": the word after "how" is the duration
	 * start's own (phrases.reading.duration_starts), not what is asked */
	if (sq[len] == ' ' && !ask_starts(sq, ph->duration_starts,
	    ph->nduration_starts) &&
	    ask_in_list(sq, len, ph->question_words, ph->nquestion_words)) {
		p = sq + len + 1;
		len = text_word_len(p);
		/* "who actually created ...", "who originally created
		 * ...": fillers (phrases.reading.fillers) and asides (a
		 * lexicon aside_suffixes ending) between the question word
		 * and the word asked */
		while (p[len] == ' ' && ((kb_listed(ph, p, len) &
		    KB_LISTED_FILLER) || ask_aside_word(kb, p, len))) {
			p += len + 1;
			len = text_word_len(p);
		}
		for (i = 0; i < a->nmissing; i++)
			if (strlen(a->missing[i]) == len &&
			    strncasecmp(p, a->missing[i], len) == 0 &&
			    ask_term_df(kb, ask_word_term(kb, p, len)) == 0)
				return 1;
		/* a word the claims never say, only asks, that the first
		 * claim does not hold even in its asks ("who actually
		 * created rust?"): of a subject named ("who wrote this
		 * article?" keeps its answer), no stopword, no word of the
		 * reading lists ("what percent"), and the only question of it
		 * ("who came up with rust and what for" asks a second) */
		if (len > 0 && !(kb_listed(ph, p, len) &
		    KB_LISTED_READING) && ask_names_subject(q) &&
		    !ask_second_question(ph, p + len) &&
		    (tw = ask_word_content_term(kb, p, len)) != NULL &&
		    ask_term_df(kb, tw) == 0 && !kb_term_held(kb, tw, c) &&
		    (t = strmap_get(&kb->vocab, tw)) >= 0)
			return 1;
	}
	for (i = 0; i < q->n; i++) {
		if (q->stop[i] || q->subject[i] >= 0 ||
		    text_is_number(q->raw[i]) ||
		    kb_term_held(kb, q->term[i], c))
			continue;
		t = q->term[i] != NULL ? strmap_get(&kb->vocab, q->term[i]) :
		    -1;
		if (t < 0 || kb->terms[t].npost == 0)
			lacked0++;
		else if (kb->terms[t].npost <= ASK_NAME_DF)
			lacked_rare++;
	}
	for (i = 0; i < q->n; i++)
		if (!q->stop[i] && q->subject[i] < 0 && q->term[i] != NULL &&
		    (t = strmap_get(&kb->vocab, q->term[i])) >= 0 &&
		    kb->terms[t].npost > 0 &&
		    kb->terms[t].npost <= ASK_NAME_DF &&
		    kb_term_held(kb, q->term[i], c))
			held_rare++;
	if (lacked0 >= 2 && held_rare == 0 && kb_claim_coverage(kb, q, c) == 0)
		return 1;
	if (ask_unsaid_carries(kb, q, c, ask_is_question(kb, sq) &&
	    !kb_listed_word(ph, sq, KB_LISTED_PERSON)))
		return 1;
	return figure && a->no_figure && lacked_rare > 0 &&
	    kb_claim_coverage(kb, q, c) < ASK_WEAK_COVER;
}

/*
 * Does claim c hold a word that says focus f, a focus_words measure
 * ("powers" for "power"), and no figure that counts it?  Then the word is all it shares with the
 * measure asked, not an answer to it.
 */
static int
ask_focus_worded(const struct kb *kb, const struct dialogue_focus *f,
    const struct kb_claim *c)
{
	size_t k;

	/* a lexicon measure only: a head word read from the figures
	 * ("uses") is the claim's own wording, not a false friend */
	if (f->group == NULL || dialogue_focus_figure(f, c, -1) >= 0)
		return 0;
	if (f->term != NULL && kb_term_held(kb, f->term, c))
		return 1;
	for (k = 0; k < f->nwords; k++)
		if (f->terms[k] != NULL && kb_term_held(kb, f->terms[k], c))
			return 1;
	return 0;
}

/*
 * Is q's word i a word that says focus f though the vocabulary does not
 * know it ("watts": no term, so dialogue_focus_says() cannot tell)?
 * Its reading (stemmed) is compared with each focus word's.
 */
static int
ask_focus_raw(const struct kb *kb, const struct dialogue_focus *f,
    const struct kb_query *q, size_t i)
{
	struct kb_query one;
	size_t k;

	for (k = 0; k < f->nwords; k++) {
		kb_normalize(kb, f->words[k], strlen(f->words[k]), 0, &one);
		if (one.n == 1 && strcmp(one.raw[0], q->raw[i]) == 0)
			return 1;
	}
	return 0;
}

/*
 * Does claim c hold the things question q names besides its focus f
 * (DESIGN11 M2's entities), as the gate's outcome mode asks?  Those
 * are q's words that at most ASK_FOCUS_DF claims use ("google",
 * "discord", "compiler"; not subjects, numbers, stopwords or the
 * focus's own words).  ASK_FOCUS_ANSWER: c holds one of them (the
 * rest are scope: "on windows servers").  ASK_FOCUS_HELD: c holds all of one or two, or of more the rarest and
 * at least half ("after" is glue).  ASK_FOCUS_PARTIAL: as HELD, there
 * is at least one (a partial answer shares a thing named), and a word
 * the article never uses that stands unnamed by a->missing vetoes
 * unless c holds all of two or more things named ("how many people does
 * microsoft employ": nothing says who is employed; "how much did
 * cloudflare save swapping nginx for pingora": the saving is missing,
 * the swap is held).  ASK_FOCUS_PAIR: c holds two of them and says
 * in its own words one that at most ASK_NAME_DF claims use ("ashmem").
 * ASK_FOCUS_NONE: the question names none (c is not looked at).  A
 * question with none passes ANSWER and HELD.
 */
static int
ask_focus_entities(const struct kb *kb, const struct kb_query *q,
    const struct dialogue_focus *f, const struct kb_answer *a,
    const struct kb_claim *c, int mode)
{
	size_t i, k, specific = 0, held = 0, min = 0, unnamed = 0;
	size_t said_rare = 0;
	int32_t t;
	int rarest = 0;

	for (i = 0; i < q->n; i++) {
		if (q->stop[i] || q->subject[i] >= 0 ||
		    text_is_number(q->raw[i]) ||
		    dialogue_focus_says(f, q->term[i]))
			continue;
		t = q->term[i] != NULL ? strmap_get(&kb->vocab, q->term[i]) :
		    -1;
		if (t < 0 && ask_focus_raw(kb, f, q, i))
			continue;	/* "watts": the measure asked */
		if (t < 0 || kb->terms[t].npost == 0) {
			for (k = 0; k < a->nmissing; k++)
				if (strstr(a->missing[k], q->raw[i]) != NULL)
					break;
			/* a word no claim and no ask uses ("employ") */
			if (k == a->nmissing && mode == ASK_FOCUS_HELD &&
			    (t < 0 || kb->terms[t].napost == 0))
				return 0;
			if (k == a->nmissing)
				unnamed++;
			continue;
		}
		if (kb->terms[t].npost > ASK_FOCUS_DF)
			continue;
		specific++;
		k = kb_term_held(kb, q->term[i], c);
		held += k;
		if (kb->terms[t].npost <= ASK_NAME_DF &&
		    kb_term_said(kb, q->term[i], c))
			said_rare++;
		if (min == 0 || kb->terms[t].npost < min)
			rarest = (int)k;
		else if (kb->terms[t].npost == min)
			rarest &= (int)k;
		if (min == 0 || kb->terms[t].npost < min)
			min = kb->terms[t].npost;
	}
	if (mode == ASK_FOCUS_NONE)
		return specific == 0;
	if (specific == 0)
		return mode != ASK_FOCUS_PARTIAL;
	if (mode == ASK_FOCUS_ANSWER)
		return held > 0;
	if (mode == ASK_FOCUS_PAIR)
		return held >= 2 && said_rare > 0;
	/* a partial answer names the case, not the measure's wording:
	 * two or more things held, at least half of them, outweigh the
	 * words that say how the amount came about ("discord" and
	 * "rewrite" against "shave off"; "nginx", "pingora" against
	 * "switching"), when one held is a rare thing the claim says in
	 * its own words (a name: not "kubernetes" and "running"); two such
	 * when a word the article never uses stands unnamed ("cut") */
	if (mode == ASK_FOCUS_PARTIAL && held >= 2 && held * 2 >= specific &&
	    said_rare > (unnamed > 0 ? 1u : 0u))
		return 1;
	/* two or more things named, all held, outweigh a word of the
	 * question's wording ("swapping"): the claim is about what is
	 * asked */
	if (mode == ASK_FOCUS_PARTIAL && unnamed > 0 &&
	    (held < 2 || held != specific))
		return 0;
	return held == specific || (specific > 2 && rarest &&
	    held * 2 >= specific);
}

/*
 * Does figure fig of claim c say whose count it is, as question q
 * names it?  For a focus group read "partial": false (a count of
 * people), when c says in its own words a thing q names that at most
 * ASK_OWNER_DF claims use and the figure's label or unit does not say
 * it, the label must say another word of q: "how many people
 * does microsoft employ" is not answered by a share of vulnerabilities
 * that Microsoft's research found.  Other groups: always 1.
 */
static int
ask_focus_label(const struct kb *kb, const struct kb_query *q,
    const struct dialogue_focus *f, const struct kb_claim *c, int fig)
{
	const struct kb_figure_terms *ft;
	const char *t;
	size_t i, k, nin = 0, nout = 0;
	int32_t v;
	int in;

	if (f->group == NULL || !f->group->no_partial ||
	    c->figure_terms == NULL)
		return 1;
	ft = &c->figure_terms[fig];
	for (i = 0; i < q->n; i++) {
		if (q->stop[i] || q->subject[i] >= 0 || (t = q->term[i]) ==
		    NULL || text_is_number(q->raw[i]) ||
		    dialogue_focus_says(f, t) ||
		    (v = strmap_get(&kb->vocab, t)) < 0 ||
		    kb->terms[v].npost == 0 || !kb_term_said(kb, t, c))
			continue;
		for (k = 0, in = 0; k < ft->nlabel_terms && !in; k++)
			in = ft->label_terms[k] == t;
		for (k = 0; k < ft->nunit_terms && !in; k++)
			in = ft->unit_terms[k] == t;
		if (in)
			nin++;
		else if (kb->terms[v].npost <= ASK_OWNER_DF)
			nout++;
	}
	return nin > 0 || nout == 0;
}

/* Put claim c first in a (from a's claims or a search's hits). */
static void
ask_focus_lead(struct kb_answer *a, const struct kb_claim *c)
{
	size_t i, k;

	for (i = 0; i < a->nclaims && a->claims[i] != c; i++)
		;
	if (i == a->nclaims) {
		if (a->nclaims < KB_ANSWER_MAX)
			a->nclaims++;
		i = a->nclaims - 1;
	}
	for (k = i; k > 0; k--)
		a->claims[k] = a->claims[k - 1];
	a->claims[0] = c;
}

/* Is claim c on a subject asked (asked: subject bits; 0: any)? */
static int
ask_focus_on(const struct kb *kb, const struct kb_claim *c, unsigned asked)
{
	unsigned s = ask_claim_subject(kb, c);

	return asked == 0 || s == 0 || (s & asked) != 0;
}


/*
 * A partial answer (a's first claim holds the case, not the measure f),
 * led by a claim that holds two of the question's things and names a
 * rare one itself (ask_focus_entities()'s ASK_FOCUS_PAIR): the
 * claims after it that hold none of the question's things go ("how
 * much memory did discord save": a benchmark's memory figure is no
 * part of Discord's story; only the measure's word brought it).
 */
static void
ask_focus_case_only(const struct kb *kb, const struct kb_query *q,
    const struct dialogue_focus *f, struct kb_answer *a)
{
	size_t i, k;

	/* only a case named ("discord" and "rewrite"), not one word of a
	 * wording ("gophers globally", "backend coder") */
	if (!ask_focus_entities(kb, q, f, a, a->claims[0], ASK_FOCUS_PAIR))
		return;
	for (i = k = 1; i < a->nclaims; i++)
		if (ask_focus_entities(kb, q, f, a, a->claims[i],
		    ASK_FOCUS_ANSWER))
			a->claims[k++] = a->claims[i];
	a->nclaims = k;
}

/*
 * The gate of a question for an amount (DESIGN11 M2): the claim that
 * answers must hold what is asked for, the focus f.  The first claim,
 * of a's then of res's hits, on a subject asked (asked: subject bits,
 * 0 any), whose figure counts the focus (dialogue_focus_figure()) and
 * that holds the question's entities (ask_focus_entities()) leads, with
 * that figure; else a's first claim when its figure counts the focus,
 * it holds one of the question's entities and a was not found by
 * ask_focus_search() (searched): the things it lacks are the scope
 * notes' ("on windows servers", ask_partial()).
 * The first is ASK_FOCUS_HELD, the second ASK_FOCUS_ANSWER.
 * Else one that holds the entities, and no figure of another focus
 * (dialogue_focus_other()) unless it holds two of them (android and
 * ashmem: the devices are the claim's, the dollars asked are missing), answers in part (ASK_FOCUS_PARTIAL:
 * the caller says the article has nothing on the focus).  Else, when
 * the focus is a focus_words word (a thing the lexicon says is
 * counted: "staff", "cost"), the claims answer a different question:
 * ASK_FOCUS_DECLINE.  A comparison's verdict and an answer for the
 * other subject are left alone.
 */
static int
ask_focus_gate(const struct kb *kb, const struct kb_query *q,
    const struct dialogue_focus *f, const struct kb_result *res,
    unsigned asked, int searched, struct kb_answer *a)
{
	const struct kb_claim *c;
	size_t i, n = a->nclaims + res->nhits;
	int fig, level, levels = dialogue_focus_levels(f), avoid;

	if (a->nclaims == 0 || a->lead_row >= 0 || a->other_subject >= 0)
		return ASK_FOCUS_ANSWER;
	for (level = 0; level < levels; level++)
		for (i = 0; i < n; i++) {
			c = i < a->nclaims ? a->claims[i] :
			    res->hits[i - a->nclaims].claim;
			if (!ask_focus_on(kb, c, asked) ||
			    (fig = dialogue_focus_figure(f, c, level)) < 0 ||
			    !ask_focus_entities(kb, q, f, a, c,
			    ASK_FOCUS_HELD) || !ask_focus_label(kb, q, f, c,
			    fig))
				continue;
			ask_focus_lead(a, c);
			a->lead_figure = fig;
			a->no_figure = 0;
			return ASK_FOCUS_HELD;
		}
	c = a->claims[0];
	if (!searched && ask_focus_on(kb, c, asked) &&
	    (fig = dialogue_focus_figure(f, c, -1)) >= 0 &&
	    ask_focus_entities(kb, q, f, a, c, ASK_FOCUS_ANSWER) &&
	    ask_focus_label(kb, q, f, c, fig)) {
		a->lead_figure = fig;
		a->no_figure = 0;
		return ASK_FOCUS_ANSWER;
	}
	/* a count of people of a thing named ("how many engineers does
	 * discord employ"): its story is no part of that count */
	/* first a claim with no figure of another focus, then one that
	 * holds two of the things named */
	/* and first one that does not hold the measure's own word with no
	 * figure of it: "Go powers its DNS" is no answer to how much power
	 * Infire saves, Infire's own claim is */
	for (avoid = 2; avoid-- > 0; )
	for (level = 0; level < 2 && (f->group == NULL ||
	    !f->group->no_partial || ask_focus_entities(kb, q, f, a,
	    a->claims[0], ASK_FOCUS_NONE)); level++)
		for (i = 0; i < n; i++) {
			c = i < a->nclaims ? a->claims[i] :
			    res->hits[i - a->nclaims].claim;
			if ((avoid && ask_focus_worded(kb, f, c)) ||
			    !ask_focus_on(kb, c, asked) ||
			    (level == 0 && dialogue_focus_other(kb, f, c)) ||
			    (level == 1 && (!dialogue_focus_other(kb, f, c) ||
			    !ask_focus_entities(kb, q, f, a, c,
			    ASK_FOCUS_PAIR))) ||
			    !ask_focus_entities(kb, q, f, a, c,
			    ASK_FOCUS_PARTIAL))
				continue;
			ask_focus_lead(a, c);
			a->lead_figure = -1;
			a->no_figure = 0;
			ask_focus_case_only(kb, q, f, a);
			return ASK_FOCUS_PARTIAL;
		}
	return f->group != NULL ? ASK_FOCUS_DECLINE : ASK_FOCUS_ANSWER;
}

/* Name the focus first among what the answer says the article lacks. */
static void
ask_focus_missing(const struct dialogue_focus *f, struct kb_answer *a)
{
	size_t k;

	for (k = 0; k < a->nmissing; k++)
		if (strcmp(a->missing[k], f->word) == 0)
			return;
	if (a->nmissing == 2)
		a->nmissing = 1;
	if (a->nmissing == 1)
		(void)memcpy(a->missing[1], a->missing[0],
		    sizeof(a->missing[0]));
	(void)snprintf(a->missing[0], TEXT_TOKEN_MAX, "%s", f->word);
	a->nmissing++;
}

/*
 * A question for an amount of something counted in a unit of its own
 * ("how many people code in rust?": the focus "people", whose
 * lexicon focus_words group counts in "developers" first), answered
 * first by a claim with no figure in that unit (68.75% commercial
 * growth, found by "code"): the question is searched for again with
 * the unit's word, and the first claim found that counts in the unit
 * and holds as much of the question's arguments as the first did
 * (kb_claim_arguments(): its wording, "code in", is no argument) leads
 * instead.
 * Only when the focus is not the unit's own word (then the search had
 * it), and the unit is a word ("%" counts anything).  Returns 1 when it moved a claim to the front of res.
 */
static int
ask_focus_unit_first(const struct kb *kb, const struct kb_query *q,
    const struct dialogue_focus *f, struct kb_result *res)
{
	struct kb_query one, alt;
	struct kb_result r2;
	struct kb_hit h;
	const char *unit;
	double cov;
	size_t i, j;

	if (f->group == NULL || f->group->nunits == 0 || res->nhits == 0 ||
	    ask_has_unit(res->hits[0].claim, (unit = f->group->units[0])))
		return 0;
	/* a unit in letters names what is counted; "%" counts anything */
	if (!isalpha((unsigned char)unit[0]))
		return 0;
	kb_normalize(kb, unit, strlen(unit), 0, &one);
	if (one.n != 1 || one.term[0] == NULL || one.stop[0])
		return 0;
	for (i = 0; i < q->n; i++)
		if (q->term[i] == one.term[0])
			return 0;
	alt = *q;
	ask_append(&alt, &one, 0);
	(void)kb_search_query(kb, &alt, KB_MAX_HITS, &r2);
	if (!r2.covered)
		return 0;
	/* what the question is about, not its wording ("code in") */
	cov = kb_claim_arguments(kb, q, res->hits[0].claim, 0);
	for (i = 0; i < r2.nhits; i++) {
		if (!ask_has_unit(r2.hits[i].claim, unit))
			continue;
		if (kb_claim_arguments(kb, q, r2.hits[i].claim, 0) < cov)
			return 0;
		h = r2.hits[i];
		for (j = 0; j < res->nhits && res->hits[j].claim != h.claim;
		    j++)
			;
		if (j == res->nhits)
			j = res->nhits < KB_MAX_HITS ? res->nhits++ :
			    res->nhits - 1;
		(void)memmove(&res->hits[1], &res->hits[0], j *
		    sizeof(res->hits[0]));
		res->hits[0] = h;
		res->coverage = h.coverage;
		return 1;
	}
	return 0;
}

/*
 * An amount question declined (a->nclaims 0) whose focus has a
 * focus_words group: search again with the focus word read as its
 * group's first unit that is a word of the claims ("how many people
 * code in rust": developers), and, failing that, without the focus
 * words ("how much money did cloudflare save with pingora": Pingora).
 * The gate (ask_focus_gate()) then decides answer, partial or decline.
 * Returns 1 when res and a were replaced.
 */
static int
ask_focus_search(const struct kb *kb, const struct kb_query *q,
    const struct dialogue_focus *f, struct kb_result *res,
    struct kb_answer *a)
{
	struct kb_query one, alt;
	struct kb_result r2;
	size_t i, u, pass;

	if (f->word[0] == '\0')
		return 0;
	for (pass = 0; pass < 2; pass++) {
		alt = *q;
		alt.n = 0;
		for (i = 0; i < q->n; i++) {
			/* "energy", a word no claim uses: still the
			 * measure's (ask_focus_raw()) */
			if (q->term[i] == NULL ? !ask_focus_raw(kb, f, q, i) :
			    !dialogue_focus_says(f, q->term[i])) {
				ask_append(&alt, q, i);
				continue;
			}
			if (pass == 1 || f->group == NULL)
				continue;
			for (u = 0; u < f->group->nunits; u++) {
				kb_normalize(kb, f->group->units[u],
				    strlen(f->group->units[u]), 0, &one);
				if (one.n == 1 && one.term[0] != NULL &&
				    !one.stop[0]) {
					ask_append(&alt, &one, 0);
					break;
				}
			}
		}
		if (alt.n == q->n && pass == 0)
			continue;
		(void)kb_search_query(kb, &alt, KB_MAX_HITS, &r2);
		if (!r2.covered || r2.nhits == 0)
			continue;
		*res = r2;
		kb_answer_from(res, a);
		return 1;
	}
	return 0;
}

/*
 * Does sq ask for a change or cost of something (a word of
 * phrases.reading change_words or measure_words: "how many engineers
 * does discord employ" counts no change of Discord's), and does q name
 * a rare case (a term the claims write as a name of their own,
 * kb_term.entity, used by at most ASK_NAME_DF claims)?  Then the
 * covered search of those names and q's subjects only is in *r2, and
 * 1 is returned; else 0.
 */
static int
ask_case_names(const struct kb *kb, const char *sq, const struct kb_query *q,
    struct kb_result *r2)
{
	const struct kb_phrases *ph = &kb->phrases;
	struct kb_query alt;
	int32_t t;
	size_t i, names = 0;

	if (!kb_listed_word(ph, sq, KB_LISTED_CHANGE | KB_LISTED_MEASURE))
		return 0;
	alt = *q;
	alt.n = 0;
	for (i = 0; i < q->n; i++) {
		if (q->stop[i] || q->term[i] == NULL)
			continue;
		if (q->subject[i] >= 0) {
			ask_append(&alt, q, i);
			continue;
		}
		if ((t = strmap_get(&kb->vocab, q->term[i])) < 0 ||
		    !kb->terms[t].entity ||
		    kb->terms[t].npost > ASK_NAME_DF)
			continue;
		ask_append(&alt, q, i);
		names++;
	}
	if (names == 0)
		return 0;
	(void)kb_search_query(kb, &alt, KB_MAX_HITS, r2);
	return r2->covered && r2->nhits > 0 && r2->hits[0].coverage >= 0.99;
}

/*
 * A question for a change or cost of a case the article tells ("what
 * speedup did discord get once the sync server was in rust?"), declined:
 * the measure's words ("speedup", "sync", "server") hold the claim of
 * the case below the search's coverage.  When ask_case_names() finds the
 * case by its names alone, that search answers, and the caller says
 * the article gives no number.  Returns 1 when res and a were replaced.
 */
static int
ask_case_search(const struct kb *kb, const char *sq, const struct kb_query *q,
    struct kb_result *res, struct kb_answer *a)
{
	struct kb_result r2;

	if (!ask_case_names(kb, sq, q, &r2))
		return 0;
	*res = r2;
	kb_answer_from(res, a);
	return 1;
}

/*
 * A covered question for a change or cost of a case ("what p99 gain did
 * cloudflare see when pingora replaced nginx?") answered by the case's
 * own claim (a's first, among the claims ask_case_names() finds by the
 * case's names with full coverage) that has no figure in
 * phrases.reading.relative_units: the claim tells the case, not the
 * change, and the answer says the article gives no number.
 */
static int
ask_case_unmeasured(const struct kb *kb, const char *sq,
    const struct kb_query *q, const struct kb_answer *a)
{
	const struct kb_phrases *ph = &kb->phrases;
	struct kb_result r2;
	size_t i;

	if (a->nclaims == 0 || ask_figure_in(a->claims[0],
	    ph->relative_units, ph->nrelative_units) >= 0 ||
	    !ask_case_names(kb, sq, q, &r2))
		return 0;
	for (i = 0; i < r2.nhits; i++)
		if (r2.hits[i].claim == a->claims[0])
			return r2.hits[i].coverage >= 0.99;
	return 0;
}

/*
 * Is word w (as the query wrote it) a language's name of
 * phrases.reading.crossing_names that is no subject ("java", "python",
 * "csharp")?  Such a name counts as the other side of a comparison
 * however many claims say it: the article names Java for its memory
 * against Go and Python for those who learn Go, and races neither
 * against a subject ("is java quicker than rust?").
 */
static int
ask_uncompared_language(const struct kb_phrases *ph, const char *w)
{
	return ph->ncrossing_names > 0 &&
	    match_in_list(w, strlen(w), ph->crossing_names,
	    ph->ncrossing_names);
}

/*
 * Does a claim of term t's postings (at most kb->terms[t].npost: the
 * claims whose own fields name it) on the one subject of subjects alone
 * hold comparative query one, or another word of question q (not the
 * name's, a subject's or a comparison word: "memory" of "is go's memory
 * use lower than the jvm")?  Then the article sets the name of t
 * against that subject on what is asked.  At most npost claims times
 * q->n words.
 */
static int
ask_uncompared_side(const struct kb *kb, int32_t t,
    const struct kb_query *one, const struct kb_query *q, unsigned subjects)
{
	const struct kb_claim *c;
	size_t k, j;

	for (k = 0; k < kb->terms[t].npost; k++) {
		c = &kb->claims[kb->terms[t].post[k].claim];
		if (c->subject == NULL || kb->subject_bits[c->subject -
		    kb->subjects] != subjects)
			continue;
		if (one->n > 0 && kb_claim_coverage(kb, one, c) != 0)
			return 1;
		for (j = 0; j < q->n; j++)
			if (!q->stop[j] && q->subject[j] < 0 &&
			    q->term[j] != NULL &&
			    strcmp(q->term[j], kb->terms[t].term) != 0 &&
			    !(kb_listed(&kb->phrases, q->raw[j],
			    strlen(q->raw[j])) & KB_LISTED_COMPARISON) &&
			    kb_term_said(kb, q->term[j], c))
				return 1;
	}
	return 0;
}

/*
 * Does a question naming one subject compare it with a comparative of
 * phrases.reading.comparison_words that ends in one of
 * comparative_endings and is a word the claims know ("faster" of "is
 * python faster than go?"), while the first claim of a lacks that word
 * and holds (fields or asks) another word of the question that at most
 * ASK_NAME_DF claims use, or that names a language
 * (ask_uncompared_language())?  The claim was found by the other side's
 * name ("Python", among the languages Go learners come from), and says
 * nothing of how the two compare on it.  A comparison's verdict keeps
 * its answer for a rare name; a language's name is compared only by a
 * claim on the subject asked (ask_uncompared_side()).
 */
static int
ask_uncompared(const struct kb *kb, const char *sq, const struct kb_query *q,
    unsigned subjects, const struct kb_answer *a)
{
	const struct kb_phrases *ph = &kb->phrases;
	static struct kb_query one;	/* large; the engine is one thread */
	const char *p;
	size_t len, i, k, el;
	int32_t t;
	int said;

	if (a->nclaims == 0 || subjects == 0 ||
	    (subjects & (subjects - 1)) != 0 || ph->ncomparative_endings == 0)
		return 0;
	/* no comparison word among all the words (kb_listed_word(), its
	 * memo): none among those read below */
	if (!kb_listed_word(ph, sq, KB_LISTED_COMPARISON))
		return 0;
	for (p = sq; *p != '\0'; p += len + (p[len] == ' ')) {
		len = text_word_len(p);
		/* a lookup of the lists' index (kb_listed()), not a scan */
		if (len == 0 || !(kb_listed(ph, p, len) &
		    KB_LISTED_COMPARISON))
			continue;
		for (k = 0; k < ph->ncomparative_endings; k++) {
			el = strlen(ph->comparative_endings[k]);
			if (len > el + 2 && strncmp(p + len - el,
			    ph->comparative_endings[k], el) == 0)
				break;
		}
		/* a comparison word that is no comparative ("c# vs rust,
		 * which one is more performant") sets a language against
		 * the subject too, on the question's other words; a rare
		 * name needs the comparative the claim lacks */
		one.n = 0;
		said = 1;
		if (k < ph->ncomparative_endings) {
			kb_normalize(kb, p, len, 0, &one);
			if (one.n != 1 || one.stop[0] ||
			    one.subject[0] >= 0 || one.term[0] == NULL ||
			    (t = strmap_get(&kb->vocab, one.term[0])) < 0 ||
			    kb->terms[t].npost == 0)
				continue;
			said = kb_claim_coverage(kb, &one, a->claims[0]) != 0;
		}
		for (i = 0; i < q->n; i++) {
			if (q->stop[i] || q->subject[i] >= 0 ||
			    q->term[i] == NULL ||
			    (one.n == 1 && q->term[i] == one.term[0]) ||
			    (t = strmap_get(&kb->vocab, q->term[i])) < 0 ||
			    kb->terms[t].npost == 0)
				continue;
			/* a language's name, however many claims say it and
			 * whatever was found ("is c# quicker than go": the
			 * table's row on Rust and Go): compared when a
			 * claim on the one subject asked holds it and the
			 * comparative ("learn Go if you come from Java and
			 * want better performance"), not by a claim on
			 * both that sets it against the other ("the
			 * Go-vs-JVM gap" is no Java against Rust) */
			if (ask_uncompared_language(ph, q->raw[i])) {
				if (!ask_uncompared_side(kb, t, &one, q,
				    subjects))
					return 1;
				continue;
			}
			/* a comparison's verdict (a table row) keeps its
			 * answer for a rare name */
			if (!said && a->lead_row < 0 &&
			    kb->terms[t].npost <= ASK_NAME_DF &&
			    kb_term_held(kb, q->term[i], a->claims[0]))
				return 1;
		}
	}
	return 0;
}

/*
 * A yes-or-no question (phrases.reading.yes_no_starts) naming two
 * subjects and a word few claims use (a name: at most ASK_NAME_DF
 * claims, the rarest of the question's; "does meta use go as well, or
 * only rust?"), whose answer's
 * claims holding that word are all on one of the two alone: the article
 * names it for that subject only.  The answer keeps those claims and
 * says it has nothing on the other subject (a->other_subject), so that
 * a claim on Rust at Meta does not read as Go at Meta.  Returns 1 when
 * it read the question so.
 */
static int
ask_one_sided(const struct kb *kb, const char *sq, const struct kb_query *q,
    unsigned subjects, struct kb_answer *a)
{
	const struct kb_phrases *ph = &kb->phrases;
	const struct kb_claim *keep[KB_ANSWER_MAX];
	unsigned bits, side = 0;
	size_t i, j, n = 0, min = 0;
	int32_t t;
	int s, rare = -1;

	if (a->nclaims == 0 || a->lead_row >= 0 || a->nmissing > 0 ||
	    a->other_subject >= 0 || ph->nyes_no_starts == 0 ||
	    subjects == 0 || (subjects & (subjects - 1)) == 0 ||
	    !ask_in_list(sq, text_word_len(sq), ph->yes_no_starts,
	    ph->nyes_no_starts))
		return 0;
	for (j = 0; j < q->n; j++) {	/* the rarest such word */
		if (q->stop[j] || q->subject[j] >= 0 || q->term[j] == NULL ||
		    (t = strmap_get(&kb->vocab, q->term[j])) < 0 ||
		    kb->terms[t].npost == 0 ||
		    kb->terms[t].npost > ASK_NAME_DF ||
		    (rare >= 0 && kb->terms[t].npost >= min))
			continue;
		rare = (int)j;
		min = kb->terms[t].npost;
	}
	for (j = (size_t)rare; rare >= 0 && n == 0; rare = -1) {
		for (i = 0; i < a->nclaims; i++) {
			if (!ask_held(kb, q->raw[j], strlen(q->raw[j]),
			    a->claims[i]))
				continue;
			bits = a->claims[i]->subject == NULL ? 0 :
			    kb->subject_bits[a->claims[i]->subject -
			    kb->subjects];
			if (bits == 0 || (bits & (bits - 1)) != 0 ||
			    (side != 0 && bits != side)) {
				n = 0;
				side = 0;
				break;
			}
			side = bits;
			keep[n++] = a->claims[i];
		}
	}
	if (n == 0 || (side & subjects) == 0 || (subjects & ~side) == 0)
		return 0;
	for (s = 0; !((subjects & ~side) & (1u << s)); s++)
		;
	for (i = 0; i < n; i++)
		a->claims[i] = keep[i];
	a->nclaims = n;
	a->other_subject = s;
	a->lead_figure = -1;
	return 1;
}

/*
 * Is a yes-or-no question (one opening with a word of phrases.reading.
 * yes_no_starts: "can", "does") about a thing the article never names
 * (ask_unknown_tail(): "does docker run on a raspberry pi?") answered
 * by a claim a->claims[0] that holds at most one of the question's
 * other words the article knows, and lacks one ("docker" but not
 * "run": Docker is written in Go)?  That claim answers a different
 * question, and the article is said not to cover it.  "does google use
 * rust for youtube?" keeps its answer: its claim holds "google" and
 * "use", and "youtube" is what it has nothing on.  A question that
 * names none of the article's subjects ("is concurrency nice in
 * haskell?") asks about the thing it never names: the claims on its
 * subjects answer a different question, whatever words they hold.  A
 * question for a figure is left to the scope readers (ask_partial()).
 */
static int
ask_unknown_thing(const struct kb *kb, const char *sq,
    const struct kb_query *q, const struct kb_answer *a, int figure)
{
	const struct kb_phrases *ph = &kb->phrases;
	struct kb_query one;
	size_t i, held = 0, lacked = 0;
	int32_t t;

	if (figure || a->nclaims == 0 || ph->nyes_no_starts == 0 ||
	    ph->nplatform_openers == 0 ||
	    !ask_in_list(sq, text_word_len(sq), ph->yes_no_starts,
	    ph->nyes_no_starts) || !ask_unknown_tail(kb, sq))
		return 0;
	for (i = 0; i < q->n && q->subject[i] < 0; i++)
		;
	if (i == q->n)
		return 1;
	/* one: word i alone (ask_narrowed()) */
	for (i = 0; i < q->n; i++) {
		if (q->stop[i] || q->subject[i] >= 0 || q->term[i] == NULL ||
		    (t = strmap_get(&kb->vocab, q->term[i])) < 0 ||
		    kb->terms[t].npost == 0)
			continue;
		one.n = 0;
		ask_append(&one, q, i);
		if (kb_claim_coverage(kb, &one, a->claims[0]) > 0)
			held++;
		else
			lacked++;
	}
	return held <= 1 && lacked > 0;
}

/*
 * Does squashed question sq name a part or a kind of a thing the claims
 * write as a name (an entity: "Terraform", "Docker"), the entity's word
 * right before a plural noun that no claim's text uses and claim c, its
 * answer, holds neither in its fields nor in its asks ("terraform
 * providers", "docker plugins"; no subject, stopword, number, filler,
 * aside or word of the reading lists)?  The compound is the thing asked;
 * a claim on the entity says what the entity is, not that part of it,
 * and one without it shares only the other words: the article is said
 * not to cover it.  A noun c's asks use is one it answers ("windows
 * bits", "redmonk standings").  A question for a figure, or with a
 * count_starts phrase anywhere, is left to the scope readers, as in
 * ask_unknown_thing() ("ms moving windows bits to rust, how much so
 * far?": the count is of the entity's own work).
 */
static int
ask_entity_part(const struct kb *kb, const char *sq,
    const struct kb_claim *c)
{
	const struct kb_phrases *ph = &kb->phrases;
	char head[TEXT_TOKEN_MAX];
	struct kb_query one;
	const char *p = sq, *n, *tn, *te;
	size_t len, nlen;
	int32_t t, h;

	if (kb_phrase_chain_has(&kb->count_starts_by_word, ph->count_starts,
	    ph->ncount_starts, sq))
		return 0;
	for (; *p != '\0'; p = n) {
		len = text_word_len(p);
		n = p + len;
		while (*n == ' ')
			n++;
		nlen = text_word_len(n);
		if (nlen == 0 || nlen >= sizeof(head) ||
		    (te = ask_word_content_term(kb, p, len)) == NULL ||
		    (t = strmap_get(&kb->vocab, te)) < 0 ||
		    !kb->terms[t].entity || kb->terms[t].subject != 0 ||
		    text_is_number_n(n, nlen) ||
		    (kb_listed(ph, n, nlen) & KB_LISTED_READING) ||
		    ask_aside_word(kb, n, nlen))
			continue;
		kb_normalize(kb, n, nlen, 0, &one);
		if (one.n != 1 || one.stop[0] || one.subject[0] >= 0)
			continue;
		tn = one.term[0];
		/* a plural noun: "discord rebuild", "java person",
		 * "android shifted" say what the entity did or who */
		(void)snprintf(head, sizeof(head), "%.*s", (int)nlen, n);
		text_light_stem(head);
		if (strlen(head) == nlen)
			continue;
		h = tn != NULL ? strmap_get(&kb->vocab, tn) : -1;
		if (h < 0 || (kb->terms[h].npost == 0 &&
		    !kb_term_held(kb, tn, c)))
			return 1;
	}
	return 0;
}

/*
 * Does question q, which asks how to do something (a start of
 * phrases.reading.howto_starts), name a thing no claim's own words use
 * ("tokenizer", "chess"; no subject, number, stopword or word of the
 * reading lists), which claim c, its answer, holds neither in its
 * fields nor in its asks?
 * That thing is what would be built or done, and a claim that shares
 * only the action ("implements") says nothing of how to.
 */
static int
ask_unsaid_object(const struct kb *kb, const struct kb_query *q,
    const struct kb_claim *c)
{
	const struct kb_phrases *ph = &kb->phrases;
	size_t i;
	int32_t t;

	for (i = 0; i < q->n; i++) {
		if (q->stop[i] || q->subject[i] >= 0 ||
		    text_is_number(q->raw[i]) ||
		    (kb_listed(ph, q->raw[i], strlen(q->raw[i])) &
		    KB_LISTED_READING) || kb_term_held(kb, q->term[i], c))
			continue;
		t = q->term[i] != NULL ? strmap_get(&kb->vocab, q->term[i]) :
		    -1;
		if (t < 0 || kb->terms[t].npost == 0)
			return 1;
	}
	return 0;
}

/*
 * Does squashed sq open with one of phrases.reading.howto_starts ("how
 * do i") followed by a word no claim uses ("install" of "how do i
 * install rust on windows?")?  That word is the action asked about, and
 * the article says nothing of it: the question is declined rather than
 * answered with a claim that shares its other words.  So is one whose
 * object is a thing the answer's first claim a does not hold and no
 * claim says (ask_unsaid_object(), q the question read).
 */
static int
ask_unknown_howto(const struct kb *kb, const char *sq,
    const struct kb_query *q, const struct kb_answer *a)
{
	const struct kb_phrases *ph = &kb->phrases;
	struct kb_query one;
	const char *p;
	size_t i, len;

	for (i = 0; i < ph->nhowto_starts; i++) {
		if (!text_begins(sq, ph->howto_starts[i], &len) ||
		    sq[len] != ' ')
			continue;
		p = sq + len + 1;
		if ((len = text_word_len(p)) < 2)
			return 0;
		kb_normalize(kb, p, len, 0, &one);
		if (one.n == 1 && !one.stop[0] && one.subject[0] < 0 &&
		    !text_is_number(one.raw[0]) && !ask_in_claims(kb, &one))
			return 1;
		/* "how would i implement a tokenizer in go": the action is
		 * one the article says, its object is not */
		return a->nclaims > 0 && ask_unsaid_object(kb, q,
		    a->claims[0]);
	}
	return 0;
}

/*
 * Does squashed sq name "them" (a word of phrases.reading.third_parties)
 * other than as the start of a phrase of phrases.reading.present_words
 * ("these days": now, not the people of the last answer)?
 */
static int
ask_third_party(const struct kb_phrases *ph, const char *sq)
{
	const char *p = sq;
	size_t i, n, k;

	while (*p != '\0') {
		n = text_word_len(p);
		if (ask_in_list(p, n, ph->third_parties, ph->nthird_parties)) {
			for (i = 0; i < ph->npresent_words; i++) {
				k = strlen(ph->present_words[i]);
				if (k > n && strncmp(p, ph->present_words[i],
				    k) == 0 && (p[k] == ' ' || p[k] == '\0'))
					break;
			}
			if (i == ph->npresent_words)
				return 1;
		}
		p += n;
		while (*p == ' ')
			p++;
	}
	return 0;
}

/*
 * Does squashed text sq compare: a word of phrases.reading.
 * comparison_words, or a comparative the article never uses ("which of
 * the two is gentler?", match_comparative())?
 */
static int
ask_compares(const struct kb *kb, const char *sq)
{
	size_t len;

	if (kb_listed_word(&kb->phrases, sq, KB_LISTED_COMPARISON))
		return 1;
	for (; *sq != '\0'; sq += len + (sq[len] == ' ')) {
		len = text_word_len(sq);
		if (len > 0 && match_comparative(kb, sq, len))
			return 1;
	}
	return 0;
}

/*
 * Is hit h of a question (squashed sq) a claim that sets both subjects
 * against a third thing (kb_claim.against: "quick build cycles relative
 * to C++") sq does not name, found by its asks only (kb_hit.nasked ==
 * nmatched: "builds faster than c++" holds "faster", its text holds
 * none of the question)?
 */
static int
ask_third_unnamed(const char *sq, const struct kb_hit *h)
{
	char th[128];
	const char *list[1];
	const char *against = h->claim->against;

	if (against == NULL || h->nasked < h->nmatched)
		return 0;
	list[0] = th;
	return kb_squash(against, strlen(against), th, sizeof(th)) == 0 ||
	    !text_has_phrase(sq, list, 1);
}

/*
 * "is rust faster than go?" compares the two subjects; a cited claim of
 * answer a that ask_third_unnamed() reads answers another comparison
 * (the builds against C++) and crowds out the two's own (the CPU claims,
 * the I/O-bound gap).  When sq compares (ask_compares()) and another hit
 * of a->res, not such a claim, holds as much of the question
 * (kb_hit.coverage) and scores near it (ASK_THIRD_NEAR, the share
 * kb_answer_from() cites beside the best), it is dropped from the cited
 * claims after the lead, and the next hit kb_answer_from() would cite
 * takes its place.  The lead stays: one that alone holds what is asked
 * ("which one compiles faster?") is said as unranked (ask_unranked()).
 * Runs after the answer is chosen, so the lead and its row are as
 * before.  Returns how many were dropped.  Bounded by KB_ANSWER_MAX
 * times a->res.nhits.
 */
#define ASK_THIRD_NEAR	0.7

static size_t
ask_third_dropped(const struct kb *kb, const char *sq, struct kb_answer *a)
{
	const struct kb_result *res = &a->res;
	const struct kb_hit *h;
	size_t c, i, j, k, n, dropped = 0;

	if (a->nclaims < 2 || !res->covered || res->nhits < 2 ||
	    !ask_compares(kb, sq))
		return 0;
	for (c = 1, n = 1; c < a->nclaims; c++) {
		for (i = 0; i < res->nhits &&
		    res->hits[i].claim != a->claims[c]; i++)
			;
		h = i < res->nhits ? &res->hits[i] : NULL;
		for (j = 0; h != NULL && ask_third_unnamed(sq, h) &&
		    j < res->nhits; j++)
			if (j != i && !ask_third_unnamed(sq, &res->hits[j]) &&
			    res->hits[j].coverage >= h->coverage &&
			    res->hits[j].score >= ASK_THIRD_NEAR * h->score)
				break;
		if (h != NULL && ask_third_unnamed(sq, h) && j < res->nhits) {
			dropped++;
			continue;
		}
		a->claims[n++] = a->claims[c];
	}
	if (dropped == 0)
		return 0;
	a->nclaims = n;
	/* the next hits as kb_answer_from() cites them */
	for (i = 1; i < res->nhits && a->nclaims < KB_ANSWER_MAX; i++) {
		h = &res->hits[i];
		if (h->score < 0.7 * res->hits[0].score ||
		    h->coverage < 0.8 * res->hits[0].coverage)
			break;
		for (k = 0; k < a->nclaims && a->claims[k] != h->claim; k++)
			;
		if (k == a->nclaims && !ask_third_unnamed(sq, h))
			a->claims[a->nclaims++] = h->claim;
	}
	return dropped;
}

/*
 * The subject "it" names right after an answer from the article: the
 * first subject the last question named, when it named one and the
 * conversation still asks about it (d->frame.subjects), else -1.
 */
static int
ask_it_subject(const struct dlg *d)
{
	struct kb_query last;
	size_t i;

	frame_words(&d->frame, d->kb, 0, &last);
	for (i = 0; i < last.n; i++)
		if (last.subject[i] >= 0 && last.subject[i] < 8 &&
		    (d->frame.subjects & (1u << last.subject[i])))
			return last.subject[i];
	return -1;
}

/*
 * The one-word subject an occurrence of term in claim c belongs to: the
 * one named last before it in the claim's text ("more complex than Go's
 * goroutines" in a claim about Rust: Go's), else the claim's own (bits).
 */
static unsigned
ask_term_attributed(const struct kb *kb, const struct kb_claim *c,
    const char *term, unsigned own)
{
	static struct kb_query cq;	/* large; the engine is one thread */
	size_t i;
	int named = -1;

	kb_normalize(kb, c->text, strlen(c->text), 0, &cq);
	for (i = 0; i < cq.n; i++) {
		if (cq.subject[i] >= 0 && cq.subject[i] < 8 &&
		    kb->subject_term[cq.subject[i]] != NULL &&
		    kb->subject_bits[cq.subject[i]] ==
		    1u << cq.subject[i])
			named = cq.subject[i];
		else if (cq.term[i] != NULL && strcmp(cq.term[i], term) == 0)
			return named >= 0 ? 1u << named : own;
	}
	return own;
}

#define ASK_OWNER_LOOKS	8	/* claims read word by word per term, at
				 * most: beyond that the term is shared */

/*
 * The one-word subjects (bits) whose claims hold term kt in their
 * fields (not only in their asks: "comfy" in one ask of a claim about Go
 * is a user's word, not what the claim is about): each claim counts for
 * its own subject, when that is one a question can name ("both" counts
 * for none).  names[c] is the set of subjects claim c's fields name;
 * when the claims naming no other subject hold kt for one subject s
 * alone, an occurrence in a claim of another subject that names s too is
 * read where it stands (ask_term_attributed): "Go's goroutines" in a
 * claim about Rust.
 */
static unsigned
ask_term_holders(const struct kb *kb, const struct kb_term *kt,
    const unsigned char *names)
{
	unsigned all = 0, clean = 0, own, held;
	size_t i, looks = 0;

	for (i = 0; i < kt->npost; i++) {
		const struct kb_claim *c;

		if (kt->post[i].claim >= kb->nclaims)
			continue;
		c = &kb->claims[kt->post[i].claim];
		if ((own = ask_claim_subject(kb, c)) == 0)
			continue;
		all |= own;
		if ((names[c->index] & ~own) == 0)
			clean |= own;
	}
	held = all;
	if ((all & (all - 1)) != 0 && clean != 0 &&
	    (clean & (clean - 1)) == 0) {
		held = clean;
		for (i = 0; i < kt->npost; i++) {
			const struct kb_claim *c;

			if (kt->post[i].claim >= kb->nclaims)
				continue;
			c = &kb->claims[kt->post[i].claim];
			own = ask_claim_subject(kb, c);
			if (own == 0 || (names[c->index] & ~own) == 0)
				continue;
			if (++looks > ASK_OWNER_LOOKS)
				return all;
			held |= ask_term_attributed(kb, c, kt->term, own);
		}
	}
	return held;
}

/* Does claim c hold term kt in its fields (its text, not its asks)? */
static int
ask_claim_holds(const struct kb_term *kt, const struct kb_claim *c)
{
	size_t i;

	for (i = 0; i < kt->npost; i++)
		if (kt->post[i].claim == c->index)
			return 1;
	return 0;
}

/*
 * The subject whose claims alone hold the topic of q (its content terms:
 * no subject, no stopword), or -1; mine[i] is then 1 for each term of q
 * that is that subject's.  A term is one subject's when no other
 * subject's claims hold it (ask_term_holders); q's topic is s's when
 * some term is s's and no term is another subject's.  Terms both
 * subjects' claims hold (pay, the GC) say nothing.  Read from the KB's
 * claims and their subjects only.
 */
static int
ask_topic_owner(const struct kb *kb, const struct kb_query *q,
    unsigned char *mine)
{
	static unsigned char names[KB_MAX_CLAIMS];	/* one thread */
	unsigned owned = 0, held[TEXT_MAX_TOKENS];
	size_t i, s, n = kb->nclaims < KB_MAX_CLAIMS ? kb->nclaims :
	    KB_MAX_CLAIMS;
	int32_t t;

	(void)memset(names, 0, n);
	for (s = 0; s < kb->nsubjects && s < 8; s++) {
		const struct kb_term *kt;

		if (kb->subject_term[s] == NULL ||
		    (t = strmap_get(&kb->vocab, kb->subject_term[s])) < 0)
			continue;
		kt = &kb->terms[t];
		for (i = 0; i < kt->npost; i++)
			if (kt->post[i].claim < n)
				names[kt->post[i].claim] |=
				    (unsigned char)(1u << s);
	}
	for (i = 0; i < q->n && i < TEXT_MAX_TOKENS; i++) {
		held[i] = 0;
		if (q->subject[i] >= 0 || q->stop[i] || q->term[i] == NULL ||
		    (t = strmap_get(&kb->vocab, q->term[i])) < 0)
			continue;
		held[i] = ask_term_holders(kb, &kb->terms[t], names);
		/* one subject's alone (a power of two) */
		if (held[i] != 0 && (held[i] & (held[i] - 1)) == 0)
			owned |= held[i];
	}
	if (owned == 0 || (owned & (owned - 1)) != 0)
		return -1;
	for (i = 0; i < q->n && i < TEXT_MAX_TOKENS; i++)
		mine[i] = held[i] == owned;
	for (s = 0; s < 8; s++)
		if (owned == 1u << s)
			return (int)s;
	return -1;
}

/*
 * q, its subject terms replaced by subject s's (a follow-up whose topic
 * only s's claims hold: ask_topic_owner()).
 */
static void
ask_set_subject(const struct kb *kb, struct kb_query *q, int s)
{
	size_t i;
	struct kb_query keep = *q;

	q->n = 0;
	for (i = 0; i < keep.n; i++)
		if (keep.subject[i] < 0)
			ask_append(q, &keep, i);
	if (kb->subject_term[s] == NULL || q->n >= TEXT_MAX_TOKENS)
		return;
	q->term[q->n] = kb->subject_term[s];
	(void)snprintf(q->raw[q->n], sizeof(q->raw[0]), "%s",
	    kb->subject_term[s]);
	q->proper[q->n] = q->corrected[q->n] = 0;
	q->exact[q->n] = q->span[q->n] = 1;
	q->stop[q->n] = q->negation[q->n] = q->brk[q->n] = 0;
	q->subject[q->n++] = (signed char)s;
}

/*
 * The subject a question naming none is about by its topic alone
 * (ask_topic_owner), when the claim that answers it asked of that
 * subject is one of that subject's and holds one of its terms in its
 * text, else -1: the answer is about that term ("the borrow checker",
 * "goroutines"), not about something else ("how hard is it to learn?"
 * is answered by Rust's learning curve, though only Rust's claims say
 * "hard", and stays a question for the subject it was).
 */
static int
ask_topic_subject(const struct kb *kb, const struct kb_query *q)
{
	static struct kb_query with;	/* large; the engine is one thread */
	static struct kb_result res;
	unsigned char mine[TEXT_MAX_TOKENS];
	const struct kb_claim *top;
	size_t i;
	int s;
	int32_t t;

	if ((s = ask_topic_owner(kb, q, mine)) < 0)
		return -1;
	with = *q;
	ask_set_subject(kb, &with, s);
	(void)kb_search_query(kb, &with, KB_MAX_HITS, &res);
	if (!res.covered || res.nhits == 0)
		return -1;
	top = res.hits[0].claim;
	if (ask_claim_subject(kb, top) != 1u << s)
		return -1;
	for (i = 0; i < q->n && i < TEXT_MAX_TOKENS; i++)
		if (mine[i] && (t = strmap_get(&kb->vocab, q->term[i])) >= 0 &&
		    ask_claim_holds(&kb->terms[t], top))
			return s;
	return -1;
}

/* Drop every subject term of q but subject s's. */
static void
ask_keep_subject(struct kb_query *q, int s)
{
	size_t i;
	struct kb_query keep = *q;

	q->n = 0;
	for (i = 0; i < keep.n; i++)
		if (keep.subject[i] < 0 || keep.subject[i] == s)
			ask_append(q, &keep, i);
}

/*
 * The subject a question for a figure asks about, when text (len bytes)
 * names both (subjects) but tells one first: its last clause that asks
 * (understand_clauses()) comes after clauses that do not, and names one
 * subject alone ("rust's share is known; what percentage of orgs use
 * go?", "go got 12% per cloudflare - what share did rust get?").  The
 * other's figure is what the user told, not what is asked: that one's
 * bit is returned, else subjects unchanged.
 */
static unsigned
ask_asked_subject(const struct kb *kb, const char *text, size_t len,
    unsigned subjects)
{
	struct dlg_clause c[DLG_MAX_CLAUSES];
	static struct kb_query q;	/* large; the engine is one thread */
	size_t n, i, j, nsubj, ncontent;
	unsigned bits;

	if ((subjects & (subjects - 1)) == 0)
		return subjects;
	n = understand_clauses(kb, text, len, c, DLG_MAX_CLAUSES);
	for (i = n; i > 0 && c[i - 1].mood != DLG_MOOD_INTERROGATIVE; i--)
		;
	if (i < 2)
		return subjects;
	for (j = 0; j + 1 < i; j++)
		if (c[j].mood == DLG_MOOD_INTERROGATIVE)
			return subjects;
	kb_normalize(kb, text + c[i - 1].from, c[i - 1].len, 0, &q);
	ask_count(&q, &nsubj, &ncontent, &bits);
	if (bits == 0 || (bits & (bits - 1)) != 0)
		return subjects;
	return bits;
}

/*
 * "does anyone actually run it like that?" (text of len bytes, squashed
 * as sq): a phrase of phrases.reading.practice_asks asks who works as
 * recommended or as described (of the subjects it names, if any: only
 * claims about those alone are kept).  Right after a verdict
 * whose outcome lists its practice (dialogue.json outcomes[].practice),
 * those claims answer; otherwise, not right after an answer from the
 * article and with a word of phrases.reading.practice_refs ("didn't
 * someone do exactly that already?" after "we're writing an L7 load
 * balancer"), the practice of the choices the user gave (questions[].
 * choices[].practice), in question order, else the last verdict's
 * practice.  Fills a with those claims,
 * covered, and returns 1; else 0 and a is untouched.
 */
static int
ask_practice(struct dlg *d, const char *text, size_t len, const char *sq,
    struct kb_answer *a)
{
	const struct kb_phrases *ph = &d->kb->phrases;
	const struct kb_dialogue *dl = DL(d);
	const struct kb_outcome *o;
	const struct kb_choice *c;
	static struct kb_query q;	/* large; the engine is one thread */
	struct kb_result res;
	size_t i, j, n = 0, nsubj, ncontent;
	unsigned subjects;

	if (!kb_phrase_chain_has(&d->kb->practice_asks_by_word,
	    ph->practice_asks, ph->npractice_asks, sq))
		return 0;
	kb_normalize(d->kb, text, len, 0, &q);
	ask_count(&q, &nsubj, &ncontent, &subjects);
	(void)memset(&res, 0, sizeof(res));
	if (d->last_verdict >= 0 && (size_t)d->last_verdict < dl->noutcomes &&
	    (frame_last(d) & FRAME_VERDICT)) {
		o = &dl->outcomes[d->last_verdict];
		for (i = 0; i < o->npractice && n < KB_MAX_HITS; i++)
			res.hits[n++].claim = o->practice[i];
	}
	if (n == 0 && frame_fact_lead(d) == NULL &&
	    text_has_word(sq, ph->practice_refs, ph->npractice_refs))
		for (i = 0; i < dl->nquestions; i++) {
			if (d->answer[i] < 0 || (d->how[i] != DLG_ASKED &&
			    d->how[i] != DLG_DESCRIBED))
				continue;
			c = &dl->questions[i].choices[d->answer[i]];
			for (j = 0; j < c->npractice && n < KB_MAX_HITS; j++)
				res.hits[n++].claim = c->practice[j];
		}
	/* "who else does it like that?" after a verdict and what-ifs on
	 * it, with no answer from the article since: the verdict's practice */
	if (n == 0 && frame_fact_lead(d) == NULL && d->verdict_input != 0 &&
	    d->last_verdict >= 0 && (size_t)d->last_verdict < dl->noutcomes &&
	    text_has_word(sq, ph->practice_refs, ph->npractice_refs)) {
		o = &dl->outcomes[d->last_verdict];
		for (i = 0; i < o->npractice && n < KB_MAX_HITS; i++)
			res.hits[n++].claim = o->practice[i];
	}
	/* "did anybody do that in rust?": only the practice of the one
	 * named ("does anyone use go for that?" after a proxy is not
	 * Cloudflare's Rust proxy) */
	for (i = j = 0; i < n && nsubj > 0; i++)
		if ((ask_claim_subject(d->kb, res.hits[i].claim) &
		    ~subjects) == 0 && (ask_claim_subject(d->kb,
		    res.hits[i].claim) & subjects) != 0)
			res.hits[j++] = res.hits[i];
	if (nsubj > 0)
		n = j;
	if (n == 0)
		return 0;
	for (i = 0; i < n; i++)
		res.hits[i].score = res.hits[i].coverage = 1.0;
	res.nhits = n;
	res.covered = 1;
	res.coverage = 1.0;
	kb_answer_from(&res, a);
	ask_remember(d, text, len, -1);
	return 1;
}

/*
 * Does squashed text sq state a place: a word of phrases.reading.
 * place_openers ("in", "at") with a word after it ("and over in the
 * us?")?
 */
static int
ask_states_place(const struct kb_phrases *ph, const char *sq)
{
	const char *w;
	size_t len;

	for (w = sq; *w != '\0'; w += len, w += text_space_len(w)) {
		len = text_word_len(w);
		if (match_in_list(w, len, ph->place_openers,
		    ph->nplace_openers) && w[len] == ' ')
			return 1;
	}
	return 0;
}

/*
 * The follow-up query of a message that states a place ("and over in the
 * us?") after an answer that lacked one (the frame's lacked slot): the
 * last question's words but the place it lacked, and the words of q the
 * article never uses (the new place, said as lacked again when the
 * article has nothing on it); q's other words only frame the place.
 */
static void
ask_merge_place(const struct dlg *d, const struct kb_query *q,
    struct kb_query *out)
{
	static struct kb_query last;	/* large; the engine is one thread */
	size_t i, k;

	frame_words(&d->frame, d->kb, DLG_FRAME_FIGURE, &last);
	*out = *q;
	out->n = 0;
	if (out->intent == 0) {
		out->intent = d->frame.intent;
		out->intent_kept = out->intent != 0;
	}
	for (i = 0; i < last.n; i++) {
		for (k = 0; k < d->frame.nlacked &&
		    strcmp(last.raw[i], d->frame.lacked[k]) != 0; k++)
			;
		if (k == d->frame.nlacked)
			ask_append(out, &last, i);
	}
	for (i = 0; i < q->n; i++)
		if (q->term[i] == NULL)
			ask_append(out, q, i);
}

/*
 * Keep in the frame's lacked slot the words answer a says the article
 * has nothing on, as read for search (their first word each).
 */
static void
ask_frame_lacked(struct dlg *d, const struct kb_answer *a)
{
	static struct kb_query w;	/* large; the engine is one thread */
	size_t i;

	d->frame.nlacked = 0;
	for (i = 0; i < a->nmissing && i < 2; i++) {
		kb_normalize(d->kb, a->missing[i], strlen(a->missing[i]), 0,
		    &w);
		if (w.n == 0)
			continue;
		(void)memcpy(d->frame.lacked[d->frame.nlacked++], w.raw[0],
		    TEXT_TOKEN_MAX);
	}
}

/*
 * "where's rust on that list?", "and go on that same ranking?": a
 * message that names a subject and ends with a word of phrases.reading.
 * back_refs and one more word (other back_refs between them), which
 * names the last answer; without that word q holds nothing but
 * subjects.  Then the word is dropped from q, and the message states
 * only the subject slot of the last question.  Returns whether it is so.
 */
static int
ask_drop_back_refs(const struct kb *kb, const char *sq, struct kb_query *q)
{
	static struct kb_query rest;	/* large; the engine is one thread */
	const struct kb_phrases *ph = &kb->phrases;
	char word[TEXT_TOKEN_MAX];
	const char *w, *last = NULL;
	size_t len, lastlen = 0, i;
	int after = 0, ref = 0;

	for (w = sq; *w != '\0'; w += len, w += text_space_len(w)) {
		len = text_word_len(w);
		/* "is go really that easy?": "that" of degree points at
		 * nothing, and "easy" is what is asked (ask_degree_after) */
		if (match_in_list(w, len, ph->back_refs, ph->nback_refs) &&
		    !ask_degree_after(kb, w, len)) {
			after = 1;
			continue;
		}
		ref = after;
		after = 0;
		last = w;
		lastlen = len;
	}
	if (!ref || last == NULL || lastlen >= sizeof(word))
		return 0;
	(void)memcpy(word, last, lastlen);
	word[lastlen] = '\0';
	rest = *q;
	ask_drop_phrase(kb, word, &rest);
	for (i = 0; i < rest.n; i++)
		if (rest.subject[i] < 0)
			return 0;
	*q = rest;
	return 1;
}

#define ASK_BARE_WORDS	4	/* words of a bare qualifier at most */
#define ASK_BARE_STRONG	2	/* words of a choice's phrase that say what
				 * the user does */

/*
 * "among students specifically", "for juniors?", "in berlin?" right
 * after an answer from the article: a message of at most ASK_BARE_WORDS
 * words that opens with a word of phrases.reading.scope_words or
 * figure_scope_words and names no subject, asks no question of its own
 * (no question_words, first_person or anaphors) and names no choice of
 * a decisive walk question strongly (a phrase of two words), and one of
 * its words is neither a stopword, a scope word nor a qualifier_tails word
 * ("in particular" names nothing): it narrows the last question, whose
 * frame it needs, and answers no walk question.
 */
int
ask_bare_qualifier(const struct dlg *d, const char *sq)
{
	const struct kb_phrases *ph = &d->kb->phrases;
	static struct kb_query q;	/* large; the engine is one thread */
	const char *w;
	size_t len, i, n = 0, span[2];
	int score, tie, second;

	if (!d->frame.set || frame_fact_lead(d) == NULL ||
	    !(kb_listed(ph, sq, text_word_len(sq)) &
	    (KB_LISTED_SCOPE | KB_LISTED_FIGURE_SCOPE)))
		return 0;
	for (w = sq; *w != '\0'; w += len, w += text_space_len(w)) {
		len = text_word_len(w);
		if (++n > ASK_BARE_WORDS ||
		    (kb_listed(ph, w, len) & (KB_LISTED_QUESTION |
		    KB_LISTED_PERSON | KB_LISTED_ANAPHOR | KB_LISTED_FOLLOW)))
			return 0;
	}
	kb_normalize(d->kb, sq, strlen(sq), 0, &q);
	for (i = 0; i < q.n; i++)
		if (q.subject[i] >= 0)
			return 0;
	if (n < 2)
		return 0;
	/* "in particular": a scope word with only stopwords and
	 * qualifier_tails after it names nothing to narrow by */
	for (i = 0; i < q.n; i++)
		if (!q.stop[i] && !(kb_listed(ph, q.raw[i], strlen(q.raw[i])) &
		    (KB_LISTED_SCOPE | KB_LISTED_FIGURE_SCOPE)) &&
		    !text_has_word(q.raw[i], ph->qualifier_tails,
		    ph->nqualifier_tails))
			break;
	if (i == q.n)
		return 0;
	/* a phrase of two words or more of a decisive question's choice
	 * ("for a cli tool") says what the user does; one word ("among
	 * students": "student") is the people the last question is of */
	kb_normalize(d->kb, sq, strlen(sq), KB_NORM_MATCH, &q);
	for (i = 0; i < DL(d)->nquestions; i++)
		if (DL(d)->questions[i].decisive &&
		    match_choice(ph, &DL(d)->questions[i], &q, &score, &tie,
		    &second, span) >= 0 && score >= ASK_BARE_STRONG)
			return 0;
	return 1;
}

/*
 * Is the missing word m (as written) no thing the article lacks?  It is
 * a word of a phrases.reading.asking_words phrase that squashed sq holds
 * ("row" of "in a row", "feel", "sit": the asking, not its object), or
 * a lexicon focus_words word whose group counts in the unit of a figure
 * of claim c ("money" next to the $1 million invested: the figure is
 * what the word means).  Only single words are read.
 */
static int
ask_not_lacked(const struct kb *kb, const char *sq, const char *m,
    const struct kb_claim *c)
{
	const struct kb_phrases *ph = &kb->phrases;
	const struct kb_focus_group *g;
	char w[TEXT_TOKEN_MAX];
	const char *one[1] = { w };
	size_t i, j, k;

	kb_squash(m, strlen(m), w, sizeof(w));
	if (w[0] == '\0' || strchr(w, ' ') != NULL)
		return 0;
	for (i = 0; i < ph->nasking_words; i++)
		if (text_has_word(ph->asking_words[i], one, 1) &&
		    text_has_phrase(sq, &ph->asking_words[i], 1))
			return 1;
	if (c == NULL)
		return 0;
	for (i = 0; i < kb->nfocus_groups; i++) {
		g = &kb->focus_groups[i];
		if (!ask_in_list(w, strlen(w), g->words, g->nwords))
			continue;
		for (j = 0; j < g->nunits; j++)
			for (k = 0; k < c->nfigures; k++)
				if (c->figures[k].unit != NULL &&
				    strcmp(c->figures[k].unit, g->units[j]) ==
				    0)
					return 1;
	}
	return 0;
}

/*
 * Drop from a->missing the words ask_not_lacked() reads as no lack, so
 * that an answer giving exactly what was asked does not open by saying
 * the article has nothing on a word of the asking.
 */
static void
ask_drop_unlacked(const struct kb *kb, const char *sq, struct kb_answer *a)
{
	size_t i, n = 0;

	if (a->nclaims == 0)
		return;
	for (i = 0; i < a->nmissing; i++) {
		if (ask_not_lacked(kb, sq, a->missing[i], a->claims[0]))
			continue;
		if (n != i)
			(void)memcpy(a->missing[n], a->missing[i],
			    TEXT_TOKEN_MAX);
		n++;
	}
	a->nmissing = n;
}

/*
 * "so which of the two is pricier to staff?" right after Rust's median
 * pay (prev, the claim that led the last answer, on one subject): a
 * message naming no subject that refers to the pair by a
 * phrases.reading.compare_pair_refs phrase ("which of the two", "which
 * of them") compares the last question's topic across the subjects,
 * unless its own words (q) find a claim on the pair of their own ("which
 * of the two has more openings?" finds the job-market row), find a
 * claim on the last answer's topic, or find one on another topic while
 * every word is one the article knows ("which of them has the bigger
 * community?"); "pricier", a comparative the article never uses, says
 * no topic of its own.  Returns whether the message is read so.
 */
static int
ask_pair_after_fact(const struct dlg *d, const struct kb_claim *prev,
    const char *sq, const struct kb_query *q)
{
	const struct kb *kb = d->kb;
	const struct kb_phrases *ph = &kb->phrases;
	static struct kb_result own;	/* large; the engine is one thread */
	static struct kb_query mine;	/* large; the engine is one thread */
	size_t i, s;
	int odd = 0;

	if (prev == NULL || !d->frame.set || ph->ncompare_pair_refs == 0 ||
	    ask_claim_subject(kb, prev) == 0 || q->n == 0 || q->n > 4 ||
	    !text_has_phrase(sq, ph->compare_pair_refs,
	    ph->ncompare_pair_refs))
		return 0;
	/* the pair's own words ("the two", which a lexicon group reads as
	 * "both", a subject no one word names) are the reference, not a
	 * topic: "which of the two is pricier?" is searched as "pricier"
	 * (as "which of these two is pricier?" is), not as claims on both */
	mine = *q;
	mine.n = 0;
	for (i = 0; i < q->n; i++) {
		for (s = 0; s < kb->nsubjects; s++)
			if (kb->subject_term[s] == NULL &&
			    strcmp(kb->subjects[s].id, q->raw[i]) == 0)
				break;
		if (s == kb->nsubjects)
			ask_append(&mine, q, i);
	}
	if (mine.n > 0)
		q = &mine;
	(void)kb_search_query(kb, q, KB_MAX_HITS, &own);
	if (own.covered && own.nhits > 0 &&
	    ask_claim_subject(kb, own.hits[0].claim) == 0)
		return 0;
	/* a word the article never uses ("pricier") or a comparative
	 * it never uses says no topic of its own */
	for (i = 0; i < q->n; i++)
		if (q->term[i] == NULL || match_comparative(kb, q->raw[i],
		    strlen(q->raw[i])))
			odd = 1;
	if (!own.covered || own.nhits == 0)
		return 1;
	/* own words still on the last answer's topic ("which of the two
	 * is leaner on memory?" after Go's startup RAM finds Rust's
	 * memory figures) answer as read; off it, only a word the article
	 * never uses took them there */
	return odd && ask_shared_topics(own.hits[0].claim, prev) == 0;
}

/*
 * The longest phrase of phrases.reading.past_points that squashed text
 * sq holds ("a few years ago", "years back"), its words dropped from q;
 * NULL when none.  Such a phrase says when a question asks about, not
 * what: its words ("back", "years") would find claims of their own, or
 * none ("how many rust job ads were there a few years ago?").
 */
static const char *
ask_past_point(const struct kb *kb, const char *sq, struct kb_query *q)
{
	const struct kb_phrases *ph = &kb->phrases;
	const char *best = NULL;
	size_t i;
	/* which phrases sq holds, by a lookup per word of it (kb_phrases.c),
	 * or -1: each phrase looked for */
	int marked = kb_phrase_chain_mark(&kb->past_points_by_word, sq);

	for (i = 0; i < ph->npast_points && marked != 0; i++)
		if ((best == NULL ||
		    strlen(ph->past_points[i]) > strlen(best)) &&
		    (marked > 0 ? kb->past_points_by_word.mark[i] != 0 :
		    text_has_phrase(sq, &ph->past_points[i], 1)))
			best = ph->past_points[i];
	if (best != NULL)
		ask_drop_phrase(kb, best, q);
	return best;
}

/*
 * Answer one question, text (len bytes, squashed as sq), from the
 * knowledge base into a, as a question of this conversation: a follow-up
 * of the last question, or a comparison led by its verdict.  Remembers
 * the question when it has a topic of its own.
 */
static void
ask_one_turn(struct dlg *d, const char *text, size_t len, const char *sq,
    struct kb_answer *a)
{
	const struct kb_phrases *ph = &d->kb->phrases;
	const struct kb_claim *prev = frame_fact_lead(d);
	struct kb_query q, merged;
	struct kb_result res, alone;
	static struct kb_query rival;	/* large; the engine is one thread */
	const struct kb_topic *topic;
	size_t nsubj, ncontent, ninst = 0, i, k;
	unsigned subjects, asked;
	int follow = 0, own = 0, anaphor = 0, cue, figure, count, duration;
	int kind, covered, shift = 0, third = 0, same = 0, it = -1, story = 0;
	int versus = 0, held = 0, place = 0, focused, gate = ASK_FOCUS_ANSWER;
	int searched = 0, cased = 0, decided, reading, lacked = 0, edition = 0;
	int owner = -1, moved = 0, bare = 0, compares, measured = 0, measure_ask = 0, carried;
	int listed = 0, strict;
	struct dialogue_focus focus;
	const char *shift_phrase = "", *past = NULL;
	const struct kb_topic *kept = NULL;


	kb_normalize(d->kb, text, len, 0, &q);
	q.intent = kb_intent_of_squashed(d->kb, sq);	/* sq: text squashed */
	/* kept for ask_remember(), which reads the same text alike */
	if ((reading = len < DLG_FRAME_TEXT && strlen(sq) < DLG_FRAME_TEXT)) {
		ask_reading.kb = d->kb;
		(void)memcpy(ask_reading.hash, d->kb->hash, KB_HASH_BYTES);
		ask_reading.len = len;
		(void)memcpy(ask_reading.text, text, len);
		(void)strcpy(ask_reading.sq, sq);
		ask_reading.intent = q.intent;
		kb_query_copy(&q, &ask_reading.all);
	} else
		ask_reading.kb = NULL;
	figure = ask_drop_figure_words(d->kb, sq, &q);
	ask_drop_duration_start(d->kb, sq, &q);
	(void)ask_drop_supposed_switch(d->kb, sq, &q);
	if (reading)
		kb_query_copy(&q, &ask_reading.content);
	cue = ask_cue(d->kb, sq, &q);
	if (reading)
		kb_query_copy(&q, &ask_reading.asked);
	/* "where's rust on that list?", "and go on that same ranking?"
	 * right after an answer: the word after a word of phrases.reading.
	 * back_refs is that answer (the frame's claim slot), not a topic */
	if (prev != NULL && d->frame.set && ask_names_subject(&q) &&
	    ask_drop_back_refs(d->kb, sq, &q))
		cue = 1;	/* a follow-up, whatever its start */
	/* right after an answer from the article: "the year before"
	 * (phrases.reading.time_shifts) asks the last question at another
	 * time, its words are not what is asked about; "they"
	 * (third_parties) are the people or projects of that answer */
	if (prev != NULL && d->frame.set) {
		/* which phrases sq holds, by a lookup per word of it
		 * (kb_phrases.c), or -1: each phrase looked for */
		int tsm = kb_phrase_chain_mark(&d->kb->time_shifts_by_word,
		    sq), sam;

		for (i = 0; i < ph->ntime_shifts && tsm != 0; i++)
			if (tsm > 0 ? d->kb->time_shifts_by_word.mark[i] != 0 :
			    text_has_phrase(sq, &ph->time_shifts[i], 1)) {
				ask_drop_phrase(d->kb, ph->time_shifts[i], &q);
				if (!shift || strlen(ph->time_shifts[i]) >
				    strlen(shift_phrase))
					shift_phrase = ph->time_shifts[i];
				shift = 1;
			}
		third = !shift && ask_third_party(ph, sq);
		/* "didn't cloudflare do the same?" (phrases.reading.
		 * same_as_last): those words are not what is asked about */
		sam = shift ? 0 : kb_phrase_chain_mark(
		    &d->kb->same_as_last_by_word, sq);
		for (i = 0; i < ph->nsame_as_last && !shift && sam != 0; i++)
			if (sam > 0 ? d->kb->same_as_last_by_word.mark[i] != 0 :
			    text_has_phrase(sq, &ph->same_as_last[i], 1)) {
				ask_drop_phrase(d->kb, ph->same_as_last[i], &q);
				same = 1;
			}
	}
	/* "didn't discord do something similar?" after the user said what
	 * they build, not after a fact: the same words, read below as
	 * asking for the named one's own story (ask_named_story) */
	else if (prev == NULL && kb_phrase_chain_mark(
	    &d->kb->same_as_last_by_word, sq) != 0)
		for (i = 0; i < ph->nsame_as_last; i++)
			if (text_has_phrase(sq, &ph->same_as_last[i], 1)) {
				ask_drop_phrase(d->kb, ph->same_as_last[i], &q);
				story = 1;
			}
	/* "and vs rust?", "and compared to rust?" right after an answer:
	 * the subject named is what the last one is compared with
	 * (ask_swap_rival); the marker is not what is asked about */
	/* the markers one by one only when one is there (one lookup per
	 * word of sq: kb_listed_word) */
	if (prev != NULL && d->frame.set && !shift && !same &&
	    kb_listed_word(ph, sq, KB_LISTED_RIVAL))
		for (i = 0; i < ph->nrival_markers; i++)
			if (text_has_word(sq, &ph->rival_markers[i], 1)) {
				ask_drop_phrase(d->kb, ph->rival_markers[i], &q);
				versus = 1;
			}
	/* "how many rust job ads were there a few years ago?": the time
	 * asked at (phrases.reading.past_points) is no topic; the answer
	 * says below what the article has for it */
	if (!shift)
		past = ask_past_point(d->kb, sq, &q);
	ask_count(&q, &nsubj, &ncontent, &subjects);
	/* "and rust compared to go in memory?" after Go's memory against
	 * the JVM's: a subject not asked about last, with words the last
	 * question already held ("memory"), keeps it a change of rival
	 * ("i was wondering how much ram go uses vs java" again does not) */
	if (versus && nsubj > 0 && ncontent > 0 &&
	    (subjects & ~(unsigned)d->frame.subjects) != 0 &&
	    ask_all_held(d, &q)) {
		ncontent = 0;
		held = 1;
	}
	if (versus && (nsubj == 0 || ncontent > 0))
		versus = 0;
	/* "didn't discord do that in rust?": one language named is the
	 * story's, when the user said what they do (an answer stands);
	 * "does meta use go as well, or only rust?" asks about both */
	if (story && ((nsubj > 0 && (nsubj > 1 || !walk_answered(d))) ||
	    ncontent == 0 || ncontent > ASK_STORY_CONTENT))
		story = 0;
	/* "they" with a topic of its own ("any big companies rewriting
	 * their C code?") asks that: only a message that adds at most one
	 * word ("pick") to them follows the answer */
	if (third && ncontent > 1)
		third = 0;
	count = ask_starts_led(d->kb, sq, ph->count_starts,
	    ph->ncount_starts);
	/* "how long": a count, of time */
	duration = ask_starts_led(d->kb, sq, ph->duration_starts,
	    ph->nduration_starts);
	/* "didn't cloudflare do the same?" after Discord's rewrite in
	 * Rust: the last question's subjects, with this one's name in
	 * place of the last question's own words (ask_own_story) */
	if (same && (third || nsubj > 0 || ncontent == 0 ||
	    ncontent > ASK_SAME_CONTENT || d->frame.subjects == 0))
		same = 0;
	/* "how long does it take to get used to the borrow checker?"
	 * after a Go verdict: a topic only one subject's claims hold is
	 * that subject's, whatever "it" was before (ask_topic_owner) */
	if (nsubj == 0 && ncontent > 0 && d->frame.subjects != 0)
		owner = ask_topic_subject(d->kb, &q);
	/* the place slot: "and over in the us?" after an answer that
	 * lacked "australia" states the place that takes the place of the
	 * one the article had nothing on (the frame's lacked slot); "what
	 * about in europe?", all words the article never uses, narrows
	 * the last question to a place */
	if (d->frame.set && nsubj == 0 && ncontent > 0 && !shift && !same &&
	    !third && !versus && ((cue && ask_all_unknown(&q)) ||
	    (prev != NULL && d->frame.nlacked > 0 &&
	    ask_states_place(ph, sq))))
		place = 1;
	/* "among students specifically" after Go's pay: the last question
	 * again, narrowed; a word the article knows elsewhere ("students":
	 * learning) is no topic of its own, and is said as lacked below */
	if (d->frame.set && prev != NULL && nsubj == 0 && ncontent > 0 &&
	    !shift && !same && !third && !versus && !place &&
	    ask_bare_qualifier(d, sq))
		bare = 1;
	/* "for hft?" after Go's GC: the claim the qualifier finds is one
	 * the last question finds too (any of its hits), so the message
	 * is read as before, a question of its own words; "among
	 * students" after Go's pay finds Rust's job growth, which Go's
	 * pay does not: the last question again, the words lacked */
	if (bare && !ask_all_unknown(&q)) {
		static struct kb_result own_q, last_q;	/* large; one thread */
		struct kb_query none = q;

		none.n = 0;
		ask_merge(d, &none, 2, &merged);
		(void)kb_search_query(d->kb, &q, KB_MAX_HITS, &own_q);
		(void)kb_search_query(d->kb, &merged, KB_MAX_HITS, &last_q);
		for (i = 0; own_q.covered && own_q.nhits > 0 &&
		    i < last_q.nhits; i++)
			if (last_q.hits[i].claim == own_q.hits[0].claim)
				bare = 0;
		follow = bare;
	}
	if (bare && !ask_all_unknown(&q))
		;	/* merged: the last question alone, narrowed below */
	else if (bare || place) {
		ask_merge_place(d, &q, &merged);
		follow = 1;
	} else if (same) {
		ask_merge(d, &q, 1, &merged);
		follow = own = 1;
	} else if (d->frame.set && nsubj == 0 &&
	    (ask_only_comparison(d->kb, sq, &q) ||
	    ask_pair_after_fact(d, prev, sq, &q))) {
		/* "whats the difference?" after a fact: the last question,
		 * compared across every subject; its own words only say
		 * "compare" (which leads with the table's verdict), they
		 * are not searched for ("differ" is a claim of its own) */
		struct kb_query none = q;

		none.n = 0;
		ask_merge(d, &none, 3, &merged);
		follow = 1;
	} else if (shift || third ||
	    (d->frame.set && nsubj == 0 && ncontent == 0)) {
		/* the whole frame again, with what is left of this one:
		 * "and the year before?" after a 2024 share states the time
		 * slot (the claim found holds the earlier figure next to the
		 * later one), "why did they pick go?" after which tools are
		 * written in Go the people of that answer, and "who else
		 * does that?" nothing of its own (as "which companies") */
		ask_merge(d, &q, 2, &merged);
		follow = 1;
	} else if (d->frame.set && nsubj > 0 && (ncontent == 0 || cue)) {
		/* the held words alone: the last question's others
		 * ("smaller") would crowd out the comparison */
		if (held)
			merged = q;
		else
			ask_merge(d, &q, 0, &merged);
		/* both compared: the comparison's own subjects */
		if (versus && ask_swap_rival(d, &merged, &rival))
			subjects |= d->frame.subjects;
		else
			versus = 0;
		follow = 1;
	} else if (d->frame.subjects != 0 && nsubj == 0 && ncontent > 0 &&
	    cue) {
		/* "and salaries?" after how many more Go jobs there are
		 * than Rust ones, then how fast Rust's grow: a topic of its
		 * own, no subject, no "it", no comparison word and no topic
		 * only one subject holds is asked of the thread's subjects
		 * (the answers in a row), not of the last question's alone */
		if (prev != NULL && owner < 0 &&
		    (d->thread_subjects & ~d->frame.subjects) != 0 &&
		    !text_has_word(sq, ph->anaphors, ph->nanaphors) &&
		    !kb_listed_word(ph, sq, KB_LISTED_COMPARISON))
			d->frame.subjects |= d->thread_subjects;
		ask_merge(d, &q, 1, &merged);
		follow = own = 1;
		/* "and which one needs less ram?" after Go against the
		 * JVM: the same two compared */
		if (kb_listed_word(ph, sq, KB_LISTED_COMPARISON) &&
		    ask_keep_rival(d, &merged)) {
			merged.intent = q.intent;	/* its own question */
			merged.intent_kept = 0;
		}
		/* "and what does it pay?" after more Go openings than
		 * Rust ones: "it" fills the subject slot with the one the
		 * last question was about, the first it named */
		else if ((d->frame.subjects & (d->frame.subjects - 1)) != 0 &&
		    text_has_word(sq, ph->anaphors, ph->nanaphors) &&
		    (it = ask_it_subject(d)) >= 0) {
			if (owner >= 0 && (d->frame.subjects & (1u << owner)))
				it = owner;
			ask_keep_subject(&merged, it);
			anaphor = 1;
		}
		/* "and the borrow checker?" after Go's salary: Rust's */
		else if (owner >= 0 &&
		    !(d->frame.subjects & (1u << owner))) {
			ask_set_subject(d->kb, &merged, owner);
			moved = 1;
		}
	} else if (nsubj == 0 && (ncontent > 0 || count || duration) &&
	    d->frame.subjects != 0 &&
	    (d->frame.subjects & (d->frame.subjects - 1)) == 0 &&
	    (text_has_word(sq, ph->anaphors, ph->nanaphors) ||
	    ((count || duration) &&
	    kb_listed_word(ph, sq, KB_LISTED_PERSON))) &&
	    d->verdict_input != 0 && d->verdict_input >= d->fact_input) {
		/* "how hard is it to learn?" right after a Go verdict, and
		 * "how much does it pay?" after that: "it" (phrases.
		 * reading.anaphors) is the verdict's subject, and so is
		 * a number the user asks of themself ("how long till i'm
		 * productive?": a count or duration start and a word of
		 * phrases.reading.first_person; the article gives such
		 * numbers per language); after a
		 * question of the user's own ("does it matter?") it is that
		 * question's topic (below) */
		ask_merge(d, &q, 1, &merged);
		/* "it" names that subject: the claims kept are its own
		 * (ask_drop_others), not another's that shares the words
		 * ("write it well": Go's meaningful code within a day) */
		if (owner >= 0 && !(d->frame.subjects & (1u << owner))) {
			ask_set_subject(d->kb, &merged, owner);
			subjects = 1u << owner;
		} else
			subjects = d->frame.subjects;
		follow = own = anaphor = 1;
		d->verdict_input = d->inputs;
	} else if (nsubj == 0 && ncontent > 0 && prev != NULL &&
	    d->frame.set &&
	    text_has_word(sq, ph->anaphors, ph->nanaphors) &&
	    (it = ask_it_subject(d)) >= 0) {
		/* "how fast is it growing?" right after how big Go's job
		 * market is next to Rust's: "it" is the subject that
		 * question was about, the first it named; the message's own
		 * words are what is asked of it (kept below only when the
		 * article answers that) */
		ask_merge(d, &q, 1, &merged);
		if (owner >= 0 && !(d->frame.subjects & (1u << owner)))
			ask_set_subject(d->kb, &merged, it = owner);
		else
			ask_keep_subject(&merged, owner >= 0 ? (it = owner) :
			    it);
		follow = own = anaphor = 1;
	}
	(void)kb_search_query(d->kb, &q, KB_MAX_HITS, &alone);
	if (follow) {
		(void)kb_search_query(d->kb, &merged, KB_MAX_HITS, &res);
		/* "does it matter?" after a fact: "it" was the last answer's
		 * topic, not its subject; read as no follow-up below */
		if (it >= 0 && !res.covered) {
			follow = own = anaphor = 0;
			it = -1;
		}
	}
	/* "and rust?" after Go's weeks to get decent: what that answer
	 * answered, of the subject named (the last words may be Go's) */
	if (follow && nsubj > 0 && ncontent == 0 && !versus && !same &&
	    !shift && !third)
		(void)ask_carry_frame(d->kb, prev, subjects, merged.intent,
		    &res);
	if (follow) {
		/* "and go's tiobe rank?" after a salary question: a
		 * follow-up with a topic of its own that the article
		 * answers better alone is a question of its own; "and go
		 * devs?" after how many Rust developers use it as their main
		 * language is not: with no question start of its own
		 * ("how long"), it names only another subject than that
		 * answer's, and every word of its own is one the answer's
		 * claim holds, so it names that answer's topic */
		if (ncontent > 0 && nsubj > 0 && alone.covered && !shift &&
		    !third && (!res.covered || alone.coverage > res.coverage) &&
		    (prev == NULL || count || duration ||
		    (ask_claim_subject(d->kb, prev) & subjects) != 0 ||
		    kb_claim_coverage(d->kb, &q, prev) < 1.0)) {
			follow = 0;
			res = alone;
		}
	} else if (d->frame.set && nsubj == 0 && ncontent > 0 &&
	    !alone.covered) {
		/* "so the database is usually the culprit?" after a
		 * question, naming no subject: elliptical, it asks the last
		 * question again with its own words, when that is covered
		 * and the claim found holds at least ASK_ELLIPSIS_OWN of
		 * them */
		ask_merge(d, &q, 2, &merged);
		(void)kb_search_query(d->kb, &merged, KB_MAX_HITS, &res);
		if (res.covered && res.nhits > 0 &&
		    kb_claim_coverage(d->kb, &q, res.hits[0].claim) >=
		    ASK_ELLIPSIS_OWN)
			follow = 1;
		else
			res = alone;
	} else
		res = alone;
	/* a follow-up of a question for a number asks for one too ("how
	 * many rust developers are there?", "and go?"); "and goroutines?"
	 * after Rust's salary, moved to Go by its topic, does not */
	carried = !(count || duration || figure);
	if (follow && !anaphor && !moved) {
		count |= (d->frame.asks & DLG_ASKS_COUNT) != 0;
		duration |= (d->frame.asks & DLG_ASKS_DURATION) != 0;
		figure |= (d->frame.asks & DLG_ASKS_FIGURE) != 0;
	}
	carried = carried && (count || duration || figure);
	if (res.covered && (topic = ask_instances_of(d->kb, sq)) != NULL)
		ninst = ask_topic_first(d->kb, topic, subjects, &res);
	/* a count in no unit it names ("how many companies": 45.5% of
	 * organisations) is still a figure on it */
	kind = duration ? ASK_DURATION : count ? ASK_AMOUNT : ASK_ANY;
	count |= duration;
	/* "and channels?" after Rust's concurrency claim, which names them
	 * too: what was just said is not said again first */
	if (prev != NULL && cue && nsubj == 0 && ncontent > 0 && !place)
		(void)ask_not_again(d->kb, &q, prev, &res);
	/* "what about a plain rest api?" after Go's GC: GC for such a
	 * service, even said again; "and which one needs less ram?"
	 * compares on a topic of its own */
	if (follow && own && !same && !anaphor && prev != NULL && nsubj == 0 &&
	    !kb_listed_word(ph, sq, KB_LISTED_COMPARISON) &&
	    !ask_measure_swap(&res, prev) &&
	    ask_names_choice(d, text, len))
		kept = ask_keep_topic(d->kb, &q, prev, &res);
	/* "does it matter for a crud api?" right after which one is
	 * faster, read as a follow-up through "it" or not (its own words
	 * find claims): a yes-or-no question (phrases.reading.
	 * yes_no_starts) that points back ("it", "that": phrases.reading.
	 * anaphors, back_refs) and names a use asks whether the last
	 * answer holds for that use: its topic is kept (performance for
	 * APIs, not API traffic); so does one with a single word of its
	 * own ("does that matter?", "is that significant?": whether the
	 * last answer matters, not every claim with "matters"); "which is
	 * it for web backends?" asks a question of its own */
	else if (prev != NULL && d->frame.set && nsubj == 0 &&
	    ncontent > 0 && !same && !third && !shift && !versus &&
	    ask_in_list(sq, text_word_len(sq), ph->yes_no_starts,
	    ph->nyes_no_starts) &&
	    (text_has_word(sq, ph->anaphors, ph->nanaphors) ||
	    ask_has_back_ref(d->kb, sq)) &&
	    !kb_listed_word(ph, sq, KB_LISTED_COMPARISON) &&
	    (ncontent == 1 || ask_names_choice(d, text, len)))
		kept = ask_keep_topic(d->kb, &q, prev, &res);
	/* "and cloudflare?" right after how Amazon splits the two: one
	 * word of its own after a follow-up start, no subject, names the
	 * thing to ask the last answer's topic of (Cloudflare's split,
	 * not its inference engine); ask_keep_topic() reorders only when
	 * a claim holds both that word and the topic ("and hiring?" asks
	 * a topic of its own, and the order stays) */
	else if (cue && prev != NULL && d->frame.set && nsubj == 0 &&
	    ncontent == 1 && !same && !anaphor && !third && !shift &&
	    !versus && !place && !bare &&
	    !kb_listed_word(ph, sq, KB_LISTED_COMPARISON) &&
	    !ask_names_topic(d->kb, &q))
		kept = ask_keep_topic(d->kb, &q, prev, &res);
	if (versus && follow)
		(void)ask_without_rival(d->kb, &rival, &res);
	if (same)
		(void)ask_own_story(d, &q, &res);
	else if (story && !follow)
		(void)ask_named_story(d->kb, &q, &res);
	ask_figure_first(d->kb, follow ? &merged : &q, count, duration, figure,
	    &res);
	/* a question for an amount of something (count_starts), and its
	 * focus: what is counted ("how many people": developers); or one
	 * with no count start whose word asks for an amount alone ("what
	 * was the budget of ...": lexicon focus_words "alone") */
	focused = !duration && !follow &&
	    dialogue_focus_read(d->kb, sq, &focus) && (count || focus.alone);
	if (focused && res.covered)
		(void)ask_focus_unit_first(d->kb, &q, &focus, &res);
	/* "what about go?" after how admired Rust is: Go's claims on what
	 * the last answer was about first */
	if (prev != NULL && follow && subjects != 0 &&
	    (ask_claim_subject(d->kb, prev) & ~subjects) != 0 &&
	    ask_prev_answered(d, prev))
		(void)ask_carry_topics(d->kb, prev, subjects,
		    count || figure, 0, &res);
	/* "and rust?" after Go's memory asked in words the claim lacks
	 * ("how much ram does a go app eat"): its figure was still the
	 * answer, and the subject's own figure on its topic is asked */
	else if (prev != NULL && follow && subjects != 0 &&
	    (count || figure) && ncontent == 0 &&
	    (ask_claim_subject(d->kb, prev) & ~subjects) != 0 &&
	    ask_has_figure(d->kb, prev, ASK_AMOUNT))
		(void)ask_carry_topics(d->kb, prev, subjects, 1, 1, &res);
	/* "and go?" after which companies use Rust: who uses Go */
	if (follow && !anaphor && !moved && nsubj > 0 && ncontent == 0 &&
	    merged.intent_kept && !count && !figure)
		listed = ask_intent_first(d->kb, merged.intent, subjects, &res);
	/* "by how much?" right after which one is faster: the measure of
	 * what that answer compared, not a claim sharing a word; a count
	 * start anywhere asks for it ("ok by how much"), as a figure word
	 * does, with no subject and no word but a comparison's;
	 * so does a question of a `measures` intent or of measure words
	 * alone ("how big a gap tho", "by what margin?": round 46) */
	if (prev != NULL && d->frame.set && nsubj == 0 && !shift && !same &&
	    !third && !versus && !place &&
	    ((measure_ask = ask_asks_measure(d->kb, sq, &q)) != 0 ||
	    ((count || figure ||
	    text_has_phrase(sq, ph->count_starts, ph->ncount_starts)) &&
	    (ncontent == 0 || ask_only_comparison(d->kb, sq, &q)))) &&
	    (measure_ask == 2 || ask_row_of(d->kb, prev) >= 0 ||
	    !ask_has_figure(d->kb, prev, ASK_AMOUNT)) &&
	    (frame_words(&d->frame, d->kb, DLG_FRAME_FIGURE, &ask_last),
	    (measured = ask_measure_of(d->kb, prev, &ask_last, &res)) != 0)) {
		/* measure words with no reading of a follow-up before
		 * ("by what margin?": "margin" is a word of its own): the
		 * last question, compared, is what merged holds below, as
		 * for "whats the difference?" (merged is read only when
		 * follow is set) */
		if (!follow) {
			struct kb_query none = q;

			none.n = 0;
			ask_merge(d, &none, 3, &merged);
		}
		count = follow = 1;
		focused = 0;	/* "faster" of "how much faster" is no unit */
		kind = ASK_AMOUNT;
	}
	kb_answer_from(&res, a);
	for (i = a->nclaims; i < ninst && i < KB_ANSWER_MAX; i++)
		a->claims[a->nclaims++] = res.hits[i].claim;
	/* "who runs rust in prod?": the users named, each cited */
	if (!follow && !count && !figure)
		(void)ask_list(d->kb, &q, subjects, ask_compares(d->kb, sq),
		    ninst, &res, a);
	/* ... and "and go?" after it: Go's users named, each cited */
	else if (listed) {
		struct kb_query lq = merged;

		lq.intent_kept = 0;
		(void)ask_list(d->kb, &lq, subjects, 0, ninst, &res, a);
	}
	/* a number asked for, and no claim on it has one: say so, so
	 * that the claims do not read as the number asked for */
	if (a->nclaims > 0 && (count || figure) &&
	    !ask_any_figure(d->kb, &res, kind))
		a->no_figure = 1;
	covered = res.covered;
	ask_partial(d->kb, sq, follow ? &merged : &q, count || figure, &res,
	    a);
	/* "how many go developers are there in brazil": the rest found
	 * by ask_partial() is ordered for the count as the whole is */
	if (!covered && res.covered && (count || figure)) {
		char missing[2][TEXT_TOKEN_MAX];
		size_t nmissing = a->nmissing;

		(void)memcpy(missing, a->missing, sizeof(missing));
		ask_figure_first(d->kb, follow ? &merged : &q, count,
		    duration, figure, &res);
		kb_answer_from(&res, a);
		a->nmissing = nmissing;
		(void)memcpy(a->missing, missing, sizeof(missing));
	}
	/* a question for an amount of something the article counts in
	 * figures ("how many staff"): its focus, which the claim that
	 * answers must hold (ask_focus_gate()); declined for want of a word
	 * it only says the focus with, it is searched for again */
	if (focused && a->nclaims == 0)
		searched = ask_focus_search(d->kb, &q, &focus, &res, a);
	/* "what speedup did discord get ...": the case, with no number */
	if (a->nclaims == 0 && !follow && ask_case_search(d->kb, sq, &q,
	    &res, a))
		cased = 1;
	a->follow_up = follow;
	if (a->nclaims == 0)
		return;
	/* the qualifier's own words, which the article has nothing on for
	 * the last question (scope words and qualifier_tails, "particular"
	 * of "in particular" too, only frame) */
	for (i = 0, k = a->nmissing; bare && k == 0 && a->nmissing < 2 &&
	    i < q.n; i++) {
		if (q.stop[i] || q.subject[i] >= 0 ||
		    ask_qualifier_tail(d->kb, sq, q.raw[i]) ||
		    text_has_word(q.raw[i], ph->qualifier_tails,
		    ph->nqualifier_tails) ||
		    text_has_word(q.raw[i], ph->scope_words,
		    ph->nscope_words) || text_has_word(q.raw[i],
		    ph->figure_scope_words, ph->nfigure_scope_words))
			continue;
		ask_written(d->kb, sq, q.raw[i], a->missing[a->nmissing]);
		/* two words read as one ("firmware": "embedded") once */
		if (a->nmissing == 0 ||
		    strcmp(a->missing[0], a->missing[a->nmissing]) != 0)
			a->nmissing++;
	}
	/* "... on a raspberry pi", "what about office?": what the article
	 * never says, named */
	if (a->nmissing == 0 && res.covered && !follow &&
	    ask_has_unsaid(d->kb, &q))
		a->nmissing = (size_t)ask_lacked_parts(d->kb, sq, a->missing);
	/* whether sq compares, read once for the readers below */
	compares = ask_compares(d->kb, sq);
	/* "go got 12% - what share did rust get?": the subject asked */
	asked = (count || figure) && !follow && !compares ?
	    ask_asked_subject(d->kb, text, len, subjects) : subjects;
	ask_unname_said(d->kb, asked, a);
	/* a follow-up naming no subject ("and tiobe?" after Rust's RedMonk
	 * rank) asks of the one subject the last answer was about: answered
	 * with another's claim only (Go's TIOBE rank), it says the article
	 * has it for that other only, as "rust on tiobe?" does */
	if (!ask_counterpart(d->kb, sq, follow ? &merged : &q,
	    follow && asked == 0 && d->frame.subjects != 0 &&
	    (d->frame.subjects & (d->frame.subjects - 1)) == 0 ?
	    d->frame.subjects : asked, a) &&
	    !ask_only_other(d->kb, sq, follow ? &merged : &q, asked, a))
		ask_other(d->kb, asked, a);
	if (count || figure)
		ask_drop_others(d->kb, asked, a);
	/* "is it hard to learn?" right after a reply on both subjects:
	 * "it" was read as one of them, which the answer names first,
	 * so the user sees whose claims these are */
	if (anaphor && it >= 0 && subjects == 0 &&
	    (d->frame.subjects & (d->frame.subjects - 1)) != 0)
		a->said_subject = 1 + it;
	if (subjects != 0)
		d->frame.subjects = (uint8_t)subjects;
	else if (it >= 0)
		d->frame.subjects = (uint8_t)(1u << it);
	/* "go got 12% - what share did rust get?" asks one subject's
	 * figure, no comparison: the table's verdict does not lead; nor
	 * does it when one subject is set against a rival that is none
	 * ("is rust faster than c++?": the row says Rust is ahead of Go,
	 * which read as yes, where the article says Rust matches C/C++;
	 * review hx46b) */
	if ((((subjects & (subjects - 1)) != 0 && asked == subjects) ||
	    (compares && !ask_one_against_rival(d->kb, sq, subjects))) &&
	    !measured)
		ask_lead(d->kb, follow ? &merged : &q, &q, d->ask_whole, a);
	if (!ask_one_sided(d->kb, sq, follow ? &merged : &q, subjects, a) &&
	    !follow)
		(void)ask_both_sides(d->kb, subjects, a);
	/* "where are rust and go on redmonk?" asks each one's figure, as
	 * a comparison of them does */
	if (!follow && (compares ||
	    (subjects & (subjects - 1)) != 0))
		(void)ask_figure_pair(d->kb, subjects, &res, a);
	/* the last question's figure is not the one asked for at another
	 * time: the claims say both */
	if ((count || figure) && a->lead_row < 0 && !shift)
		a->lead_figure = ask_figure(d->kb, follow ? &merged : &q, a,
		    kind);
	if (carried && follow && nsubj > 0 && ncontent == 0 &&
	    a->lead_row < 0 && !measured)
		ask_keep_measure(a);
	/* a case searched for without its measure has no figure of it */
	if (cased) {
		a->lead_figure = -1;
		a->no_figure = 1;
	}
	/* the claim must hold what is asked for (ask_focus_gate()) */
	if (focused && !cased)
		gate = ask_focus_gate(d->kb, &q, &focus, &res, subjects,
		    searched, a);
	/* a word that asks for an amount alone in a question that names
	 * nothing else ("whats the budget for it?", a part of a longer
	 * one) names what is lacking; it declines nothing by itself */
	if (focused && focus.alone && gate == ASK_FOCUS_DECLINE &&
	    a->nclaims > 0 && ask_focus_entities(d->kb, &q, &focus, a,
	    a->claims[0], ASK_FOCUS_NONE))
		gate = ASK_FOCUS_ANSWER;
	/* the gate checked that the claims hold the question's things:
	 * the vetoes that guess it from shared words stand aside */
	decided = gate == ASK_FOCUS_HELD || gate == ASK_FOCUS_PARTIAL;
	/* "exactly how many phones ...?" (phrases.reading.exact_words):
	 * a figure the article gives only roughly is no exact number */
	if (a->lead_figure >= 0 && a->lead_row < 0 && ph->nexact_words > 0 &&
	    text_has_word(sq, ph->exact_words, ph->nexact_words) &&
	    !ask_figure_exact(a->claims[0], (size_t)a->lead_figure)) {
		a->lead_figure = -1;
		a->no_figure = 1;
	}
	if (!shift)
		(void)ask_magnitude(d->kb, sq, asked,
		    ask_unit_written(d->kb, text, len), a);
	/* the figures found are the other subject's only: the article
	 * gives no number for the one asked */
	if ((count || figure) && !shift && asked != subjects &&
	    a->lead_row < 0 && a->nmissing == 0 &&
	    ask_figures_elsewhere(d->kb, asked, kind, a)) {
		a->lead_figure = -1;
		a->no_figure = 1;
	}
	/* "what p99 gain did cloudflare see when pingora replaced
	 * nginx?": the case's claim, no change of it ("is actix faster
	 * than gin" compares, and the claim's words answer it) */
	if (!cased && !follow && !shift && a->lead_figure < 0 &&
	    !compares &&
	    a->lead_row < 0 && a->nmissing == 0 &&
	    ask_case_unmeasured(d->kb, sq, &q, a))
		a->no_figure = 1;
	/* "what did discord pay for its rust rewrite?": an amount no
	 * figure or word of the claim gives */
	if (!follow && !shift && !focused && !a->no_figure &&
	    a->lead_figure < 0 && a->lead_row < 0 && a->nmissing == 0 &&
	    a->other_subject < 0 && ask_unit_unsaid(d->kb, sq, a))
		a->no_figure = 1;
	if (!shift)
		edition = ask_years(d->kb, text, len, a->nmissing == 0, a);
	/* "what's new in go 1.24?": a release the claim is not on */
	if (!shift && !follow && !edition)
		edition = ask_other_release(d->kb, &q, a, count || figure);
	/* a name the answer lacks, where no subject is asked ("does
	 * kubernetes run on windows phones?"), a figure leads (another
	 * company's count is not this one's) or two things are compared
	 * ("is c# quicker than go?": the claim compares Go with another):
	 * declined below */
	if (a->nmissing == 0 && !shift && !follow)
		lacked = ask_entities(d->kb, sq, &q, a);
	else if (shift && a->nmissing == 0 && prev != NULL &&
	    !ask_earlier(prev, a))
		(void)snprintf(a->missing[a->nmissing++], TEXT_TOKEN_MAX, "%s",
		    shift_phrase);
	/* the earlier time asked at, when no year or name lacked says
	 * it: the article's figure is its own time's, not that one's */
	if (past != NULL && a->nmissing == 0 && !edition)
		(void)snprintf(a->missing[a->nmissing++], TEXT_TOKEN_MAX, "%s",
		    past);
	/* a method asked of a claim that gives none: declined, unless the
	 * question quotes the claim's figure ("go at #7 on tiobe?? how is
	 * it computed"): then the figure, with its source and the note
	 * that the article does not say how it was measured */
	strict = ask_strict_unanswered(d->kb, sq, a) &&
	    !ask_quotes_figure(d->kb, &q, a->claims[0]);
	if (ask_not_now(d->kb, sq, follow ? &merged : &q, a,
	    count || figure) || (res.nunknown > 0 &&
	    ask_unknown_rival(d->kb, sq, &res)) ||
	    ask_foreign_owner(d->kb, text, len, subjects, a) ||
	    ask_unknown_howto(d->kb, sq, &q, a) ||
	    ask_outside_asked(d->kb, sq, a->claims[0],
	    (ask_is_question(d->kb, sq) || ask_marked_question(text, len)) &&
	    !kb_listed_word(ph, sq, KB_LISTED_PERSON), a->nmissing == 0) ||
	    ask_crossing_unsaid(d->kb, sq, a) || strict ||
	    (!follow && ask_verb_unheld(d->kb, &q, a)) ||
	    (!follow && !decided && ask_weak_overlap(d->kb, sq, &q, a,
	    count || figure)) ||
	    (!follow && gate != ASK_FOCUS_PARTIAL &&
	    ask_uncompared(d->kb, sq, &q, subjects, a)) ||
	    ask_unknown_thing(d->kb, sq, follow ? &merged : &q, a,
	    count || figure) || gate == ASK_FOCUS_DECLINE ||
	    (!follow && !count && !figure && a->nclaims > 0 &&
	    a->nmissing == 0 &&
	    ask_entity_part(d->kb, sq, a->claims[0])) ||
	    (lacked > 0 && (subjects == 0 || a->lead_figure >= 0 ||
	    compares)) || edition) {
		/* "what speedup did discord get ...": declined for the
		 * measure's words, the case the article tells answers, with
		 * no number (ask_case_search()); "is c# quicker than go?"
		 * compares the name with a subject, no case of it */
		if (!cased && !follow && !shift && !edition &&
		    !ask_uncompared(d->kb, sq, &q, subjects, a) &&
		    ask_case_search(d->kb, sq, &q, &res, a)) {
			a->lead_figure = a->lead_row = -1;
			a->lead_winner = 0;
			a->no_figure = 1;
			a->nmissing = 0;
			a->follow_up = follow;
			return;
		}
		a->nclaims = 0;
		a->lead_figure = a->lead_row = -1;
		a->lead_winner = 0;
		a->res.covered = 0;
		return;
	}
	if (gate == ASK_FOCUS_PARTIAL)
		ask_focus_missing(&focus, a);
	/* a word of the asking, or the figure's own measure, is no lack */
	ask_drop_unlacked(d->kb, sq, a);
	/* nor one the answer's claim on the subject asked says (the
	 * focus of "how many requests ..." after ask_focus_missing()) */
	ask_unname_said(d->kb, asked, a);
	ask_missing_elsewhere(d->kb, asked, a);
	/* "unit tests: go or rust, which is easier?": both compared on a
	 * topic no cited claim says; the answer first says so (after the
	 * declines above: a note never turns a decline into an answer) */
	if (a->nmissing == 0 && a->nclaims > 0 && !shift && !follow &&
	    !lacked && compares && (subjects & (subjects - 1)) != 0 &&
	    a->lead_figure < 0)
		(void)ask_uncompared_topic(d->kb, sq, &q, a);
	/* a follow-up with a topic of its own ("what about job openings?"
	 * after "and go?") is the question the next one follows ("and for
	 * rust?": rust's openings, not its salary); its subjects stay */
	if (a->nclaims > 0)
		ask_frame_lacked(d, a);
	if (anaphor)		/* "go how hard is it to learn" */
		ask_remember_about(d, text, len);
	else if (kept != NULL)	/* "garbage collection ... rest api" */
		ask_remember_topic(d, kept, text, len);
	else if ((!follow || own) && ncontent > 0)
		ask_remember(d, text, len, -1);
}

/*
 * ask_one_turn() with the last question as said, squashed, in
 * ask_said_before while it runs (for ask_written()), and empty after:
 * no later turn, of this conversation or another, reads it.
 */
static void
ask_one(struct dlg *d, const char *text, size_t len, const char *sq,
    struct kb_answer *a)
{
	if (d->frame.set)
		(void)kb_squash(d->frame.text, strnlen(d->frame.text,
		    sizeof(d->frame.text)), ask_said_before,
		    sizeof(ask_said_before));
	ask_one_turn(d, text, len, sq, a);
	/* "is rust faster than go?": not the builds against C++ */
	(void)ask_third_dropped(d->kb, sq, a);
	ask_said_before[0] = '\0';
}

/*
 * The word of text (len bytes) at *i: letters and digits, apostrophes
 * dropped ("don't": "dont"), lowercased into w (size wsize, at least 1;
 * a longer word is cut); *i is left after it.  Returns its length in w.
 */
static size_t
ask_word(const char *text, size_t len, size_t *i, char *w, size_t wsize)
{
	size_t n = 0, k = *i;
	unsigned char c;

	/* isalnum() and tolower() of the C locale, which no program of
	 * the project leaves, without a call per byte; the place in a
	 * local, stored once (a byte stored to w may alias *i, so the
	 * loop stored and reloaded *i every byte) */
	for (; k < len; k++) {
		c = (unsigned char)text[k];
		if (c >= 'A' && c <= 'Z')
			c += 'a' - 'A';
		else if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    c == '\''))
			break;
		if (c != '\'' && n + 1 < wsize)
			w[n++] = (char)c;
	}
	*i = k;
	w[n] = '\0';
	return n;
}

/*
 * Where does text (len bytes) begin a second question: the offset of a
 * join word (phrases.reading.joins: "and"), or of the text after a "?",
 * followed by a word of
 * phrases.reading.question_words ("when did X, and what did Y say"), or 0.
 * The first part has two words at least that are no fillers ("ok and
 * which one is leaner?" is one question).
 */
static size_t
ask_split(const struct kb *kb, const char *text, size_t len)
{
	const struct kb_phrases *ph = &kb->phrases;
	char w[32], prev[32] = "";
	size_t i = 0, start, prev_start = 0, prev_end = 0, n, nwords = 0;
	unsigned bits;

	while (i < len) {
		while (i < len && !isalnum((unsigned char)text[i]))
			i++;
		if (i == len)
			break;
		start = i;
		n = ask_word(text, len, &i, w, sizeof(w));
		/* w is one word: one lookup of its lists serves both tests
		 * (kb_listed_word() of it) */
		bits = n > 0 ? kb_listed(ph, w, n) : 0;
		if (nwords >= 2 && (bits & KB_LISTED_QUESTION)) {
			if (text_has_word(prev, ph->joins, ph->njoins))
				return prev_start;
			if (memchr(text + prev_end, '?', start - prev_end) !=
			    NULL)
				return start;
		}
		(void)memcpy(prev, w, n + 1);
		prev_start = start;
		prev_end = i;
		/* "ok and which one ...?" has no first part: a filler is
		 * no word of one */
		if (!(bits & KB_LISTED_FILLER))
			nwords++;
	}
	return 0;
}

/* Does text[i..) begin a clause break of punctuation (",", ";", a dash)? */
static size_t
ask_punct(const char *text, size_t len, size_t i)
{
	switch (text[i]) {
	case ',': case ';': case ':': case '.': case '?': case '!': case '(':
	case ')': case '\0':	/* as strchr() finds the terminator */
		return 1;
	}
	/* an em or en dash, U+2014, U+2013 */
	if (i + 2 < len && (unsigned char)text[i] == 0xe2 &&
	    (unsigned char)text[i + 1] == 0x80 &&
	    ((unsigned char)text[i + 2] == 0x94 ||
	    (unsigned char)text[i + 2] == 0x93))
		return 3;
	if (text[i] == '-' && (i == 0 || text[i - 1] == ' ') &&
	    (i + 1 == len || text[i + 1] == ' '))
		return 1;
	return 0;
}

/*
 * Append n bytes of s to out at o; the caller has checked the room.
 * Returns the new length.
 */
static size_t
ask_put(char *out, size_t o, const char *s, size_t n)
{
	(void)memcpy(out + o, s, n);
	return o + n;
}

/*
 * The part of text (len bytes) a question asks about, into out (size
 * bytes): without a clause that sets something aside ("not asking about
 * pay, which one has more open positions?" asks about open positions).
 * Such a clause begins with a word of phrases.reading.set_aside
 * ("forget", "ignore"), or with a negation one or two words before a
 * word of phrases.reading.aside_after_negation ("not asking about",
 * "don't care about"),
 * and ends at punctuation (",", ";", a dash, "?") or a word of
 * phrases.reading.clause_breaks.  The search would otherwise look for
 * what the user said they do not ask about.  Returns the length of out,
 * or 0 when there is no such clause or nothing else is left.
 */
static size_t
ask_set_aside(const struct kb *kb, const char *text, size_t len, char *out,
    size_t size)
{
	const struct kb_phrases *ph = &kb->phrases;
	char w[32];
	size_t i = 0, start, n, p, cut = 0, end = len, neg_start = 0, o;
	int state = 0;		/* 0 before, 1 inside the clause, 2 after */
	int since_neg = 3, left = 0, inside = 0, first = 1, inq = 0;
	unsigned more;
	struct kb_word kw;

	if (ph->nset_aside == 0 && ph->naside_after_negation == 0)
		return 0;
	while (i < len) {
		if ((p = ask_punct(text, len, i)) > 0) {
			/* "did pause times drop?": a set-aside word with
			 * nothing after it is a verb, not a command */
			if (state == 1 && inside == 0 && text[i] == '?') {
				state = 0;
				left = 1;
			} else if (state == 1) {
				end = i;
				state = 2;
			}
			since_neg = 3;
			first = 1;
			inq = 0;
			i += p;
			continue;
		}
		if (!isalnum((unsigned char)text[i])) {
			i++;
			continue;
		}
		start = i;
		n = ask_word(text, len, &i, w, sizeof(w));
		if (state == 1) {
			if (text_has_word(w, ph->clause_breaks,
			    ph->nclause_breaks)) {
				end = start;
				state = 2;
				left = 1;
			}
			inside++;
			continue;
		}
		/* "how much did X drop after ...": in a clause that opens
		 * as a question, a set_aside word is its verb */
		/* w is one word of n bytes: both lists in one lookup; its
		 * hash kept for the negations' below */
		kw.w = w;
		kw.len = n;
		kw.hashed = 0;
		more = kb_listed_more_kw(ph, &kw);
		if (first)
			inq = (more & KB_MORE_QUESTION_START) != 0;
		first = 0;
		if (state == 0 && ((!inq && (more & KB_MORE_SET_ASIDE)) ||
		    (since_neg <= 2 && text_has_word(w,
		    ph->aside_after_negation, ph->naside_after_negation)))) {
			cut = since_neg <= 2 ? neg_start : start;
			state = 1;
			continue;
		}
		if (state == 2 || since_neg > 2)
			left = 1;
		since_neg++;
		/* "not", "never"; "don't", "isn't" */
		if (strmap_getnh(&kb->negations, w, n, kb_word_hash(&kw)) >=
		    0 || (n > 2 && w[n - 1] == 't' && w[n - 2] == 'n' &&
		    memchr(text + start, '\'', i - start) != NULL)) {
			since_neg = 1;
			neg_start = start;
		}
	}
	if (state == 0 || (state == 1 && inside == 0) || !left ||
	    cut + (len - end) + 1 > size)
		return 0;
	(void)memcpy(out, text, cut);
	o = cut;
	o = ask_put(out, o, text + end, len - end);
	out[o] = '\0';
	return o;
}

#define ASK_LEAD_WORDS	6	/* words of a negated lead, at most */

/*
 * The question before a negated tail ("go salary for junior devs? not
 * the senior numbers pls" asks the Go salary for junior devs), into out
 * (size bytes): a last clause of text (len bytes), after punctuation
 * ("?", ",", ";", ":", ".", a dash), that opens with a negation ("not",
 * "no"; "don't") and has at most ASK_LEAD_WORDS words, after a clause
 * of at least two words.  What the user sets aside is not what they
 * ask.  Returns the length of out, or 0 when there is no such tail.
 */
static size_t
ask_negated_tail(const struct kb *kb, const char *text, size_t len,
    char *out, size_t size)
{
	char w[32];
	size_t i, cut = 0, start, n, words = 0, before = 0;

	/* the last one */
	for (i = len; cut == 0 && i-- > 0; )
		if (ask_punct(text, len, i) > 0 && text[i] != '(' &&
		    text[i] != ')')
			cut = i + 1;
	if (cut == 0)
		return 0;
	/* two words before it are enough to know */
	for (i = 0; i < cut && before < 2; )
		if (isalnum((unsigned char)text[i])) {
			(void)ask_word(text, cut, &i, w, sizeof(w));
			before++;
		} else
			i++;
	/* the punctuation that closed the tail's clause ("pls.") */
	while (cut < len && !isalnum((unsigned char)text[cut]))
		cut++;
	for (i = cut; i < len; ) {
		if (!isalnum((unsigned char)text[i])) {
			i++;
			continue;
		}
		start = i;
		n = ask_word(text, len, &i, w, sizeof(w));
		if (words++ == 0 && strmap_get(&kb->negations, w) < 0 &&
		    !(n > 2 && w[n - 1] == 't' && w[n - 2] == 'n' &&
		    memchr(text + start, '\'', i - start) != NULL))
			return 0;
	}
	if (words == 0 || words > ASK_LEAD_WORDS || before < 2)
		return 0;
	/* keep the question's own "?" */
	for (n = cut; n > 0 && !isalnum((unsigned char)text[n - 1]) &&
	    text[n - 1] != '?'; n--)
		;
	if (n == 0 || n + 1 > size)
		return 0;
	(void)memcpy(out, text, n);
	out[n] = '\0';
	return n;
}

/*
 * The question after a negated lead ("not the senior figure, what do
 * rust beginners make?" asks what rust beginners make), into out (size
 * bytes): a first clause of text (len bytes) that opens with a negation
 * ("not", "no"; "don't"), has at most ASK_LEAD_WORDS words and no "?",
 * ends at punctuation (",", ";", ":", a dash), and is followed by a
 * clause that opens with a word of phrases.reading.question_starts.
 * What the user sets aside is not what they ask; the search would look
 * for it.  Returns the length of out, or 0 when there is no such lead.
 */
static size_t
ask_negated_lead(const struct kb *kb, const char *text, size_t len,
    char *out, size_t size)
{
	const struct kb_phrases *ph = &kb->phrases;
	char w[32];
	size_t i = 0, start, n, p, words = 0;

	while (i < len) {
		if ((p = ask_punct(text, len, i)) > 0) {
			if (words == 0 || text[i] == '?' || text[i] == '.' ||
			    text[i] == '!' || text[i] == '(' || text[i] == ')')
				return 0;
			i += p;
			break;
		}
		if (!isalnum((unsigned char)text[i])) {
			i++;
			continue;
		}
		start = i;
		n = ask_word(text, len, &i, w, sizeof(w));
		if (words++ == 0 && strmap_get(&kb->negations, w) < 0 &&
		    !(n > 2 && w[n - 1] == 't' && w[n - 2] == 'n' &&
		    memchr(text + start, '\'', i - start) != NULL))
			return 0;
		if (words > ASK_LEAD_WORDS)
			return 0;
	}
	while (i < len && text[i] == ' ')
		i++;
	if (i >= len)
		return 0;
	for (start = i, n = 0; i < len && isalnum((unsigned char)text[i]) &&
	    n + 1 < sizeof(w); i++)
		w[n++] = (char)tolower((unsigned char)text[i]);
	w[n] = '\0';
	if (n == 0 || !text_has_word(w, ph->question_starts,
	    ph->nquestion_starts) || len - start + 1 > size)
		return 0;
	(void)memcpy(out, text + start, len - start);
	out[len - start] = '\0';
	return len - start;
}

/* One word of a message as ask_reword() reads it. */
struct ask_raw {
	size_t	 start, end;		/* bytes of text */
	char	 w[32];			/* lowercased, apostrophes dropped */
};

/* The words of text (len bytes) into w (at most max): how many. */
static size_t
ask_raw_words(const char *text, size_t len, struct ask_raw *w, size_t max)
{
	size_t i = 0, n = 0;

	while (i < len && n < max) {
		if (!isalnum((unsigned char)text[i])) {
			i++;
			continue;
		}
		w[n].start = i;
		(void)ask_word(text, len, &i, w[n].w, sizeof(w[n].w));
		w[n].end = i;
		n++;
	}
	return n;
}

/*
 * The words of one text as ask_raw_words() reads them, kept for the
 * readers of ask_answer() that read the same text in turn: text and len
 * say which (each rewrite of ask_answer() goes to a buffer of its own,
 * written once, so the same pointer and length are the same bytes).
 */
struct ask_raw_text {
	const char	*text;		/* NULL: none read yet */
	size_t		 len, n;
	struct ask_raw	 w[ASK_MAX_WORDS];
};

/* The words of text (len bytes), read once per text into rt: how many. */
static size_t
ask_raw_text(struct ask_raw_text *rt, const char *text, size_t len)
{
	if (rt->text != text || rt->len != len) {
		rt->n = ask_raw_words(text, len, rt->w, ASK_MAX_WORDS);
		rt->text = text;
		rt->len = len;
	}
	return rt->n;
}

/*
 * How many words of phrase (space-separated) begin at w[i] of w[0..n),
 * its first byte already the word's: 0 when they do not.
 */
static size_t
ask_phrase_rest(const struct ask_raw *w, size_t n, size_t i,
    const char *phrase)
{
	size_t k = 0, l;
	const char *a;

	while (*phrase != '\0') {
		if (i + k >= n)
			return 0;
		/* the word is the phrase's next word's bytes and ends
		 * there: compared in place, no strncmp() call a word */
		a = w[i + k].w;
		for (l = 0; phrase[l] != '\0' && phrase[l] != ' '; l++)
			if (a[l] != phrase[l])
				return 0;
		if (a[l] != '\0')
			return 0;
		k++;
		phrase += l;
		while (*phrase == ' ')
			phrase++;
	}
	return k;
}

/*
 * How many words of phrase (space-separated) begin at w[i] of w[0..n):
 * 0 when they do not.  Most calls are of a phrase whose first byte is
 * not the word's (every phrase of a list tried at every word): that is
 * told here, inline, before any call.
 */
static inline size_t
ask_phrase_at(const struct ask_raw *w, size_t n, size_t i,
    const char *phrase)
{
	if (i >= n || w[i].w[0] != phrase[0])
		return 0;
	return ask_phrase_rest(w, n, i, phrase);
}

/*
 * Does the verb w[i] end what a question for an amount asks ("how much
 * does a rust dev make?"): is it the last word, or followed by a word
 * of scope_words or figure_scope_words ("making in toronto"), or by
 * nothing but stopwords and present_words, a phrase of them too
 * ("making nowadays", "make these days")?
 */
static int
ask_verb_ends(const struct kb *kb, const struct ask_raw *w, size_t n,
    size_t i)
{
	const struct kb_phrases *ph = &kb->phrases;
	struct kb_query one;
	size_t k, j, m;

	if (i + 1 == n)
		return 1;
	if (text_has_word(w[i + 1].w, ph->scope_words, ph->nscope_words) ||
	    text_has_word(w[i + 1].w, ph->figure_scope_words,
	    ph->nfigure_scope_words))
		return 1;
	for (k = i + 1; k < n; k++) {
		if (kb_listed_word(ph, w[k].w, KB_LISTED_PRESENT))
			continue;
		/* a phrase of present_words: "make these days" (hy49) */
		for (j = 0, m = 0; j < ph->npresent_words && m == 0; j++)
			m = ask_phrase_at(w, n, k, ph->present_words[j]);
		if (m > 0) {
			k += m - 1;
			continue;
		}
		kb_normalize(kb, w[k].w, strlen(w[k].w), 0, &one);
		if (one.n > 0 && !one.stop[0])
			return 0;
	}
	return 1;
}

/*
 * Text (len bytes) reworded for the search, into out (size bytes): the
 * hearsay that frames what is asked (phrases.reading.hearsay: "why does
 * everyone say rust devs get paid more" asks why rust devs get paid
 * more; "everyone" is not a topic) is left out, so are the words
 * that only frame a question of its intent class (lexicon intents'
 * "frames": "in the first place" of "why did X do Y in the first
 * place?" asks why X did Y, not of an origin), and in a question for
 * an amount (phrases.reading.count_starts, or one opening with a
 * question_words word, either after words that only lead into it:
 * ask_starts_led()) a verb of phrases.reading.verb_readings that
 * ends what is asked (ask_verb_ends()) is read as its second word
 * ("what's a senior rust engineer making in toronto?": "making" is
 * "earn"; "what makes go simple?" keeps its verb, a stopword).  Returns
 * the length of out, or 0 when nothing changed or it does not fit.
 */
static size_t
ask_reword(const struct kb *kb, const char *text, size_t len,
    const char *sq, char *out, size_t size, struct ask_raw_text *rt)
{
	const struct kb_phrases *ph = &kb->phrases;
	const struct ask_raw *w = rt->w;
	const char *reading;
	size_t n, i, k, m, from = 0, o = 0, vl, wl;
	const struct kb_intent *fr = NULL;	/* the class, with frames */
	int changed = 0, question, intent, framed;
	unsigned char first[32];	/* the hearsay's first bytes, a set */

	for (k = 0; k < kb->nintents && kb->intents[k].nframes == 0; k++)
		;
	if (k < kb->nintents && (intent = kb_intent_of_squashed(kb, sq)) >
	    0 && kb->intents[intent - 1].nframes > 0)
		fr = &kb->intents[intent - 1];
	if (ph->nhearsay == 0 && ph->nverb_readings == 0 && fr == NULL)
		return 0;
	n = ask_raw_text(rt, text, len);
	/* a word no hearsay phrase begins with, most: no list walked */
	(void)memset(first, 0, sizeof(first));
	for (k = 0; k < ph->nhearsay; k++)
		first[(unsigned char)ph->hearsay[k][0] >> 3] |=
		    (unsigned char)(1u << ((unsigned char)ph->hearsay[k][0] &
		    7));
	question = -1;		/* not read yet */
	for (i = 0; i < n; i++) {
		m = 0;
		if ((first[(unsigned char)w[i].w[0] >> 3] >>
		    ((unsigned char)w[i].w[0] & 7)) & 1)
			for (k = 0; k < ph->nhearsay && m == 0; k++)
				if (ph->hearsay[k][0] == w[i].w[0])
					m = ask_phrase_at(w, n, i,
					    ph->hearsay[k]);
		/* a frame after the question's first word, the last ones
		 * too ("... in the first place?") */
		for (framed = 0, k = 0; m == 0 && fr != NULL && i > 0 &&
		    k < fr->nframes; k++)
			framed = (m = ask_phrase_at(w, n, i,
			    fr->frames[k])) > 0;
		if (m > 0 && (i + m < n || framed)) {
			if (o + (w[i].start - from) + 1 > size)
				return 0;
			o = ask_put(out, o, text + from, w[i].start - from);
			from = w[i + m - 1].end;
			i += m - 1;
			changed = 1;
			continue;
		}
		if (i == 0 || question == 0)
			continue;
		/* a reading whose first byte is not the word's is passed:
		 * a word of some bytes is no empty verb, and no other */
		for (wl = strlen(w[i].w), k = 0; k < ph->nverb_readings;
		    k++) {
			if (wl > 0 && ph->verb_readings[k][0] != w[i].w[0])
				continue;
			vl = text_word_len(ph->verb_readings[k]);
			if (wl == vl &&
			    strncmp(w[i].w, ph->verb_readings[k], vl) == 0)
				break;
		}
		if (k == ph->nverb_readings)
			continue;
		/* after words that only lead in too: "wait how much do
		 * rust devs make in the us" */
		if (question < 0)
			question = ask_starts_led(kb, sq, ph->count_starts,
			    ph->ncount_starts) || ask_starts_led(kb, sq,
			    ph->question_words, ph->nquestion_words);
		if (!question || !ask_verb_ends(kb, w, n, i))
			continue;
		reading = ph->verb_readings[k] + vl + 1;
		if (o + (w[i].start - from) + strlen(reading) + 1 > size)
			return 0;
		o = ask_put(out, o, text + from, w[i].start - from);
		o = ask_put(out, o, reading, strlen(reading));
		from = w[i].end;
		changed = 1;
	}
	if (!changed || o + (len - from) + 1 > size)
		return 0;
	o = ask_put(out, o, text + from, len - from);
	out[o] = '\0';
	return o;
}

/*
 * Text (len bytes) without a word of phrases.reading.level_tails that
 * follows a word of level_words ("level" of "entry level", "mid-level"),
 * into out (size bytes): the level word alone names the level, and
 * "level" would find the claim on a team's experience levels instead of
 * what is asked for at that level.  Returns the length of out, or 0
 * when there is no such word.
 */
static size_t
ask_level_tail(const struct kb *kb, const char *text, size_t len,
    char *out, size_t size, struct ask_raw_text *rt)
{
	const struct kb_phrases *ph = &kb->phrases;
	const struct ask_raw *w = rt->w;
	size_t n, i, o = 0, from = 0;

	if (ph->nlevel_tails == 0 || len + 1 > size)
		return 0;
	n = ask_raw_text(rt, text, len);
	for (i = 1; i < n; i++) {
		if (!(kb_listed_more(ph, w[i].w, strlen(w[i].w)) &
		    KB_MORE_LEVEL_TAIL) || !(kb_listed(ph, w[i - 1].w,
		    strlen(w[i - 1].w)) & KB_LISTED_LEVEL))
			continue;
		o = ask_put(out, o, text + from, w[i - 1].end - from);
		from = w[i].end;
	}
	if (from == 0)
		return 0;
	o = ask_put(out, o, text + from, len - from);
	out[o] = '\0';
	return o;
}

/*
 * Text (len bytes) without a size qualifier, into out (size bytes), and
 * that qualifier as written into phrase: a phrase of phrases.reading.
 * size_openers ("under", "fewer than") followed by a number and one
 * more word ("under 100 people", "fewer than 20 engineers").  It only
 * says whose figure is asked ("what share of startups with fewer than
 * 20 engineers use rust?"); the article breaks no figure down by size,
 * so the rest is answered and the answer names the phrase as what it
 * has nothing on.  Returns the length of out, or 0 when there is none.
 */
static size_t
ask_size_qualifier(const struct kb *kb, const char *text, size_t len,
    char *out, size_t size, char phrase[TEXT_TOKEN_MAX],
    struct ask_raw_text *rt)
{
	const struct kb_phrases *ph = &kb->phrases;
	const struct ask_raw *w = rt->w;
	size_t n, i, k, m, o, end;

	n = ask_raw_text(rt, text, len);
	for (i = 0; i < n; i++)
		for (k = 0; k < ph->nsize_openers; k++) {
			/* a phrase begins with its word's letter: cheap */
			if (ph->size_openers[k][0] != w[i].w[0] ||
			    (m = ask_phrase_at(w, n, i, ph->size_openers[k])) ==
			    0 || i + m + 1 >= n || !text_is_number(w[i + m].w))
				continue;
			end = w[i + m + 1].end;
			if (end - w[i].start >= TEXT_TOKEN_MAX ||
			    len + 1 > size)
				return 0;
			(void)memcpy(phrase, text + w[i].start,
			    end - w[i].start);
			phrase[end - w[i].start] = '\0';
			o = w[i].start;
			(void)memcpy(out, text, o);
			o = ask_put(out, o, text + end, len - end);
			out[o] = '\0';
			return o;
		}
	return 0;
}

/*
 * A level the answer has nothing on (a->missing), named as the user
 * wrote it with the word of phrases.reading.level_tails after it in
 * text (len bytes), which ask_level_tail() left out of the question:
 * "entry level", "mid-level".
 */
static void
ask_level_named(const struct kb *kb, const char *text, size_t len,
    struct kb_answer *a)
{
	const struct kb_phrases *ph = &kb->phrases;
	struct ask_raw w[ASK_MAX_WORDS];
	size_t n, i, k, l;

	n = ask_raw_words(text, len, w, ASK_MAX_WORDS);
	for (k = 0; k < a->nmissing; k++)
		for (i = 0; i + 1 < n; i++) {
			l = w[i + 1].end - w[i].start;
			if (strcasecmp(w[i].w, a->missing[k]) != 0 ||
			    !text_has_word(w[i + 1].w, ph->level_tails,
			    ph->nlevel_tails) || l >= TEXT_TOKEN_MAX)
				continue;
			(void)memcpy(a->missing[k], text + w[i].start, l);
			a->missing[k][l] = '\0';
			break;
		}
}

/*
 * Text (len bytes) with a place said in an earlier clause and referred
 * to by a word of phrases.reading.place_refs ("moving to amsterdam next
 * year, what would a go dev earn there?"), into out (size bytes): the
 * clause that asks, with that word read as "in" and the place ("what
 * would a go dev earn in amsterdam?"), so that the place only narrows
 * the question as one written in it does.  The reference ends the
 * message (fillers after it aside) and is not existential ("are there":
 * the word before it is not one of phrases.reading.negation_after); the
 * place is the last word after a word of phrases.reading.place_openers
 * ("to", "in"; one scope_determiners word may stand between) in the
 * earlier clauses that is no stopword, subject or number and that no
 * claim uses, with the unknown words right after it ("sao paulo").
 * The words are read through rt (ask_raw_text()), which the later
 * readers of the same text share.
 * Returns the length of out, or 0 when there is no such place.
 */
static size_t
ask_place_ref(const struct kb *kb, const char *text, size_t len, char *out,
    size_t size, struct ask_raw_text *rt)
{
	const struct kb_phrases *ph = &kb->phrases;
	const struct ask_raw *w = rt->w;
	struct kb_query one;
	size_t n, r, b, i, k, p = 0, pend = 0, o, cut;
	int found = 0;

	if (ph->nplace_refs == 0)
		return 0;
	n = ask_raw_text(rt, text, len);
	for (r = n; r > 0 && kb_listed_word(ph, w[r - 1].w,
	    KB_LISTED_FILLER) && !text_has_word(w[r - 1].w, ph->place_refs,
	    ph->nplace_refs); r--)
		;
	if (r < 2 || !text_has_word(w[r - 1].w, ph->place_refs,
	    ph->nplace_refs) || text_has_word(w[r - 2].w, ph->negation_after,
	    ph->nnegation_after))
		return 0;
	r--;
	/* the clause that asks: its first word after the last break */
	for (cut = w[r].start; cut > 0 && ask_punct(text, len, cut - 1) == 0;
	    cut--)
		;
	for (b = 0; b < r && w[b].start < cut; b++)
		;
	if (cut == 0 || b == 0 || b >= r)
		return 0;
	for (i = 0; i + 1 < b; i++) {
		if (!text_has_word(w[i].w, ph->place_openers,
		    ph->nplace_openers))
			continue;
		k = i + 1;
		if (k + 1 < b && text_has_word(w[k].w, ph->scope_determiners,
		    ph->nscope_determiners))
			k++;
		kb_normalize(kb, w[k].w, strlen(w[k].w), 0, &one);
		if (one.n != 1 || one.stop[0] || text_is_number(one.raw[0]) ||
		    ask_in_claims(kb, &one))
			continue;
		p = k;
		for (pend = k + 1; pend < b; pend++) {
			kb_normalize(kb, w[pend].w, strlen(w[pend].w), 0, &one);
			if (one.n != 1 || one.stop[0] ||
			    text_is_number(one.raw[0]) ||
			    ask_in_claims(kb, &one))
				break;
		}
		found = 1;
	}
	if (!found)
		return 0;
	o = w[r].start - w[b].start;
	if (o + 3 + (w[pend - 1].end - w[p].start) + (len - w[r].end) + 1 >
	    size)
		return 0;
	(void)memcpy(out, text + w[b].start, o);
	o = ask_put(out, o, "in ", 3);
	o = ask_put(out, o, text + w[p].start, w[pend - 1].end - w[p].start);
	o = ask_put(out, o, text + w[r].end, len - w[r].end);
	out[o] = '\0';
	return o;
}

/*
 * Does text (len bytes) ask two questions ("which one for k8s operators,
 * and which for kernel drivers?": ask_split())?  Such a message asks the
 * article part by part, not for one verdict on a situation.
 */
int
ask_two_parts(const struct kb *kb, const char *text, size_t len)
{
	return ask_split(kb, text, len) > 0;
}

/*
 * Does text (len bytes) ask the article two or more questions of its own
 * by the clause reader alone (understand_clauses()): two interrogative
 * clauses at least, the first with words of its own (not only the
 * verdict), and no statement about the user ("which one should i learn
 * for kernel work and which for cloud backends?", unlike "we build apis,
 * which one and why?", a situation)?  Such a message is asked of the
 * article part by part (ask_answer()), even when it says "i".
 */
int
ask_questions(const struct kb *kb, const char *text, size_t len)
{
	struct dlg_clause c[DLG_MAX_CLAUSES];
	size_t n, i, nq = 0;

	n = understand_clauses(kb, text, len, c, DLG_MAX_CLAUSES);
	for (i = 0; i < n; i++) {
		if (c[i].mood != DLG_MOOD_INTERROGATIVE) {
			if (c[i].person == DLG_PERSON_USER)
				return 0;
			continue;
		}
		if (nq == 0 && c[i].verdict)
			return 0;
		nq++;
	}
	return nq >= 2;
}

/*
 * Does claim whole hold as much of the words of part (len bytes) of a
 * question as claim own, the part's best claim, does, by what their
 * fields say (asks do not count: what a claim says is what answers)?
 */
static int
ask_holds(const struct kb *kb, const char *part, size_t len,
    const struct kb_claim *whole, const struct kb_claim *own)
{
	struct kb_query q;

	kb_normalize(kb, part, len, 0, &q);
	return kb_claim_coverage(kb, &q, whole) >=
	    kb_claim_coverage(kb, &q, own);
}

/*
 * Is part sq (squashed) of a two-part question found by claim c only
 * through words the article never says: c's fields hold none of its
 * words the claims know, and it has one or two words no claim's own
 * words use (ask_never_said(): "budget" of "whats the budget for it?",
 * found by an ask's "budgets")?  Those words, as written, go to
 * missing; returns how many, 0 when the part is answered.  The words are
 * the part's reading, not its surface: a phrase the reading maps to one
 * term ("garbage collection" to gc) is that term, never named missing
 * word by word.
 */
static int
ask_part_unsaid(const struct kb *kb, const char *sq,
    const struct kb_claim *c, char missing[2][TEXT_TOKEN_MAX])
{
	struct kb_query r, w;
	const char *p;
	size_t len, i;
	int32_t t;
	int n = 0;

	kb_normalize(kb, sq, strlen(sq), 0, &r);
	for (i = 0; i < r.n; i++) {
		if (r.stop[i] || r.subject[i] >= 0 || r.term[i] == NULL ||
		    (t = strmap_get(&kb->vocab, r.term[i])) < 0 ||
		    kb->terms[t].npost == 0)
			continue;
		kb_normalize(kb, r.raw[i], strlen(r.raw[i]), 0, &w);
		if (w.n == 1 && kb_claim_coverage(kb, &w, c) > 0)
			return 0;
	}
	for (p = sq; *p != '\0'; p += len + (p[len] == ' ')) {
		if ((len = text_word_len(p)) == 0 ||
		    !ask_never_said(kb, p, len))
			continue;
		/* a word the reading kept as its own, not one of a phrase */
		for (i = 0; i < r.n; i++)
			if (strlen(r.raw[i]) == len &&
			    strncmp(r.raw[i], p, len) == 0)
				break;
		if (i == r.n)
			continue;
		if (n == 2)
			return 0;
		(void)snprintf(missing[n++], TEXT_TOKEN_MAX, "%.*s",
		    (int)len, p);
	}
	return n;
}

/*
 * Does clause text (len bytes) open with a one-word question start
 * (phrases.reading.question_starts: "is", "does"), a question the clause
 * reader may read as a statement when its subject is no closed-class word
 * ("is rust quicker for ..., and does that still hold ...?")?
 */
static int
ask_part_opens(const struct kb *kb, const char *text, size_t len)
{
	char w[32];
	size_t i = 0;

	if (ask_word(text, len, &i, w, sizeof(w)) == 0)
		return 0;
	return text_has_word(w, kb->phrases.question_starts,
	    kb->phrases.nquestion_starts);
}

/*
 * Does clause text (len bytes) open with a preposition
 * (phrases.reading.scope_words, figure_scope_words: "with", "for") and
 * ask inside, an auxiliary right before a subject's name
 * (understand_waits_inner(): "with heavy number crunching is rust
 * ahead")?  The clause reader reads such a clause as a statement.
 */
static int
ask_part_inner(const struct kb *kb, const char *text, size_t len)
{
	const struct kb_phrases *ph = &kb->phrases;
	char w[32], sq[512];
	size_t i = 0;

	if (ask_word(text, len, &i, w, sizeof(w)) == 0 ||
	    (!text_has_word(w, ph->scope_words, ph->nscope_words) &&
	    !text_has_word(w, ph->figure_scope_words,
	    ph->nfigure_scope_words)))
		return 0;
	kb_squash(text, len, sq, sizeof(sq));
	return understand_waits_inner(kb, sq);
}

/*
 * Does clause text (len bytes) open with a follow-up start
 * (phrases.reading.follow_up_starts: "same question for", "what about")
 * and say nothing else but one subject ("where is rust on redmonk? same
 * question for go")?  Said after a question, it asks that question of
 * the subject (ask_part_swapped()), though the clause reader reads no
 * question in it.
 */
static int
ask_part_cue_only(const struct kb *kb, const char *text, size_t len)
{
	char sq[512];
	struct kb_query q;
	size_t cl, nsubj, ncontent;
	unsigned subjects;

	kb_squash(text, len, sq, sizeof(sq));
	if (ask_cue_at(kb, sq, &cl) < 0 || cl == 0)
		return 0;
	kb_normalize(kb, sq + cl, strlen(sq + cl), 0, &q);
	ask_count(&q, &nsubj, &ncontent, &subjects);
	return nsubj == 1 && ncontent == 0;
}

static int ask_question_lead_word(const struct kb *, const char *);

/*
 * Does lead (len bytes), said before a mark and a question, name a thing
 * the article says: is its head, the last word typed that is no number,
 * not a stopword, a subject or a word of phrases.reading.question_leads
 * ("two things", "quick pair of questions"), and used by 1 to maxdf
 * claims ("cloudflare", "the linux kernel", "techempower round 23"), in
 * a lead with no negation ("no, not the median - ...")?
 */
int
ask_topic_head(const struct kb *kb, const char *lead, size_t len,
    size_t maxdf)
{
	struct kb_query lq;
	size_t i;
	int32_t t;

	/* "no, not the median - ...": a lead that sets a thing aside */
	kb_normalize(kb, lead, len, 0, &lq);
	for (i = 0; i < lq.n; i++)
		if (lq.negation[i])
			return 0;
	while (len > 0 && !isalpha((unsigned char)lead[len - 1]))
		len--;
	for (i = len; i > 0 && !isspace((unsigned char)lead[i - 1]); i--)
		;
	if (len == 0)
		return 0;
	kb_normalize(kb, lead + i, len - i, 0, &lq);
	if (lq.n != 1 || lq.stop[0] || lq.subject[0] >= 0 ||
	    lq.term[0] == NULL || text_is_number(lq.raw[0]) ||
	    (t = strmap_get(&kb->vocab, lq.term[0])) < 0 ||
	    kb->terms[t].npost == 0 || kb->terms[t].npost > maxdf)
		return 0;
	return !ask_question_lead_word(kb, lq.raw[0]);
}

/*
 * Is word w (lower case) a word of a question lead, plural or not
 * (phrases.reading.question_leads: "questions", "things")?
 */
static int
ask_question_lead_word(const struct kb *kb, const char *w)
{
	const struct kb_phrases *ph = &kb->phrases;
	size_t k, wl, hl = strlen(w);
	const char *p;

	if (hl > 1 && w[hl - 1] == 's')
		hl--;
	for (k = 0; k < ph->nquestion_leads; k++)
		for (p = ph->question_leads[k]; *p != '\0'; p += wl) {
			p += strspn(p, " ");
			wl = strcspn(p, " ");
			if (wl == hl && strncmp(p, w, hl) == 0)
				return 1;
		}
	return 0;
}

/*
 * Is clause q of c (of text) the first question after a lead of
 * statements of at most ASK_PART_LEAD_WORDS words (+1 when it names a
 * thing) set off by sep, one of ":-,"?  Returns the lead's word count, or
 * 0 when it is none.
 */
#define ASK_PART_LEAD_WORDS	3
static size_t
ask_part_lead(const char *text, const struct dlg_clause *c, size_t q,
    const char *sep)
{
	size_t i, nw = 0, end;

	if (q == 0)
		return 0;
	for (i = 0; i < q; i++)
		if (c[i].mood == DLG_MOOD_INTERROGATIVE)
			return 0;
	end = c[q - 1].from + c[q - 1].len;
	/* an em or en dash is a dash too */
	for (i = end; i < c[q].from; i++)
		if (strchr(sep, text[i]) != NULL || (strchr(sep, '-') != NULL &&
		    i + 2 < c[q].from && text[i] == '\xe2' &&
		    text[i + 1] == '\x80' && (text[i + 2] == '\x93' ||
		    text[i + 2] == '\x94')))
			break;
	if (i == c[q].from)
		return 0;
	for (i = 0; i < c[q].from; i++)
		if (isalnum((unsigned char)text[i]) && (i == 0 ||
		    !isalnum((unsigned char)text[i - 1])) &&
		    ++nw > ASK_PART_LEAD_WORDS + 1)
			return 0;
	return nw;
}

/*
 * Where the message's topic phrase, said before its first question
 * (clause q of c), ends: a lead of statements set off by a colon, a dash
 * or a comma that names a thing the article says ("cloudflare: which
 * ..., and where ...", "pingora - what is it, and what did it
 * replace?", "android 16, what ..."), which every part of the message
 * asks about.  Returns the end (bytes [0, end) of text), or 0.
 */
static size_t
ask_part_topic(const struct kb *kb, const char *text,
    const struct dlg_clause *c, size_t q)
{
	if (ask_part_lead(text, c, q, ":-,") == 0 ||
	    !ask_topic_head(kb, text, c[q].from, SIZE_MAX))
		return 0;
	return c[q].from;
}

/*
 * Where the first part of a message begins, whose first question is
 * clause q of c: at 0, or at clause q when the clauses before it are a
 * lead-in of at most ASK_PART_LEAD_WORDS words ending in a colon that
 * names no subject and no thing the article says ("two things: how
 * admired is rust, ..."), no words of the question.  A lead-in that
 * names a thing ("cloudflare: ...") is the message's topic and stays.
 */
static size_t
ask_part_start(const struct kb *kb, const char *text,
    const struct dlg_clause *c, size_t q)
{
	struct kb_query lq;
	size_t nsubj, ncontent, nw;
	unsigned subjects;

	if ((nw = ask_part_lead(text, c, q, ":")) == 0 ||
	    nw > ASK_PART_LEAD_WORDS ||
	    ask_topic_head(kb, text, c[q].from, SIZE_MAX))
		return 0;
	kb_normalize(kb, text, c[q].from, 0, &lq);
	ask_count(&lq, &nsubj, &ncontent, &subjects);
	return nsubj == 0 ? c[q].from : 0;
}

/*
 * Where the question of a message led in by a frame ends its lead: the
 * byte its first question starts at when the statements before it are
 * a lead-in ask_part_start() would leave out ("two things: ...", "for
 * my thesis: ...", "plain words pls: ..."), with no digit (a year or a
 * figure is asked of: "2026: where does go rank?") and not opened by a
 * place or platform opener ("in berlin: ...", "on arm: ...": where the
 * question holds), and no word of it a name the claims write
 * ("tokio versus smol: ...") or a term more than ASK_LEAD_IN_DF claims
 * use ("memory-safety wise: ..."), numbers written as words and words
 * of a question lead aside ("two things", "couple questions"): a word of the article in passing
 * ("couple", "words") frames, a thing it discusses is what is asked.
 * The lead frames how the answer is used, not what is asked, and its
 * words would otherwise be searched with the question's.  Returns 0
 * when there is no such lead.
 */
#define ASK_LEAD_IN_DF	1	/* claims that may use a framing word */
static size_t
ask_lead_in(const struct kb *kb, const char *text, size_t len)
{
	const struct kb_phrases *ph = &kb->phrases;
	struct dlg_clause c[DLG_MAX_CLAUSES];
	struct kb_query lq;
	size_t n, i, at;
	int32_t t;
	double v;
	char w[32];

	/* a lead is set off by a colon: without one, no clauses to read
	 * (most messages; they cost as much as the answer's search) */
	if (memchr(text, ':', len) == NULL)
		return 0;
	n = understand_clauses_moods(kb, text, len, c, DLG_MAX_CLAUSES, 0);
	for (i = 0; i < n && c[i].mood != DLG_MOOD_INTERROGATIVE; i++)
		;
	if (i == 0 || i == n || (at = ask_part_start(kb, text, c, i)) == 0)
		return 0;
	for (i = 0; i < at; i++)
		if (isdigit((unsigned char)text[i]))
			return 0;
	i = 0;
	if (ask_word(text, at, &i, w, sizeof(w)) == 0 ||
	    text_has_word(w, ph->place_openers, ph->nplace_openers) ||
	    text_has_word(w, ph->platform_openers, ph->nplatform_openers))
		return 0;
	kb_normalize(kb, text, at, 0, &lq);
	for (i = 0; i < lq.n; i++)
		if (lq.term[i] != NULL && !lq.stop[i] &&
		    !match_number_name(&kb->phrases, lq.raw[i], &v) &&
		    !ask_question_lead_word(kb, lq.raw[i]) &&
		    (t = strmap_get(&kb->vocab, lq.term[i])) >= 0 &&
		    (kb->terms[t].entity ||
		    kb->terms[t].npost > ASK_LEAD_IN_DF))
			return 0;
	return at;
}

/*
 * Does q name a thing the claims write as a name (kb_term.entity:
 * "prometheus", "discord"), not a stopword?  A question of such a thing
 * asks on its own though it names no subject.
 */
static int
ask_names_thing(const struct kb *kb, const struct kb_query *q)
{
	size_t i;
	int32_t t;

	for (i = 0; i < q->n; i++)
		if (q->term[i] != NULL && !q->stop[i] &&
		    (t = strmap_get(&kb->vocab, q->term[i])) >= 0 &&
		    kb->terms[t].entity)
			return 1;
	return 0;
}

/*
 * The one question of a message whose other sentences frame it (who
 * asks, why, a remark heard, how the answer should read: "head of ops
 * here. someone said 'x'. how many ...? one line pls"): bytes [*from,
 * *from + n) of text, the sentence with an interrogative clause
 * (understand_clauses_moods()) when exactly one sentence has one and
 * at least one does not.  Sentences end at ".", "!", "?", ":" or a
 * line break before a space: a colon sets a lead off as a sentence of
 * its own ("never checked: what's x written in?").  The question must
 * ask on its own: of a subject or a named thing it names
 * (ask_names_thing(): "what's prometheus written in?"), not of the
 * user's own doing (dlg_clause.self: "which one should i set up?"),
 * with no anaphor (phrases.reading.anaphors: "is it ...?" asks of the
 * sentence before), no back or place reference (back_refs, place_refs: "what would it pay
 * there?"), and no subject named in a framing sentence that it does
 * not name itself ("I'm a go dev. what's the pay like?"): the framing
 * then says what is asked.  Returns n, or 0 when there is no such
 * question.
 */
#define ASK_FRAMED_SENTENCES	6	/* sentences read */
static int	ask_has_anaphor(const struct kb *, const char *, size_t);

static size_t
ask_framed(const struct kb *kb, const char *text, size_t len, size_t *from)
{
	struct dlg_clause c[DLG_MAX_CLAUSES];
	struct kb_query q;
	size_t s[ASK_FRAMED_SENTENCES], e[ASK_FRAMED_SENTENCES];
	size_t ns = 0, i, k, n, at, nsubj, ncontent, qi = 0, nq = 0;
	unsigned subjects, framing = 0, asked;
	char sq[512];

	/* the sentences, their spaces and closing marks left out */
	for (i = 0; i < len && ns < ASK_FRAMED_SENTENCES; ) {
		while (i < len && isspace((unsigned char)text[i]))
			i++;
		if (i >= len)
			break;
		for (at = i; at < len; at++)
			if ((text[at] == '.' || text[at] == '!' ||
			    text[at] == '?' || text[at] == ':' ||
			    text[at] == '\n') && (at + 1 >= len ||
			    isspace((unsigned char)text[at + 1])))
				break;
		s[ns] = i;
		e[ns++] = at < len ? at + 1 : len;
		i = at < len ? at + 1 : len;
	}
	if (ns < 2 || i < len)
		return 0;
	for (k = 0; k < ns; k++) {
		n = understand_clauses_moods(kb, text + s[k], e[k] - s[k], c,
		    DLG_MAX_CLAUSES, 0);
		for (i = 0; i < n && c[i].mood != DLG_MOOD_INTERROGATIVE; i++)
			;
		/* "which lang should i set up?" asks of the user's own
		 * doing, what the framing tells of: no question alone */
		if (i < n && c[i].self)
			return 0;
		if (i < n) {
			qi = k;
			nq++;
			continue;
		}
		kb_normalize(kb, text + s[k], e[k] - s[k], 0, &q);
		ask_count(&q, &nsubj, &ncontent, &subjects);
		framing |= subjects;
	}
	if (nq != 1)
		return 0;
	kb_squash(text + s[qi], e[qi] - s[qi], sq, sizeof(sq));
	if (ask_has_anaphor(kb, text + s[qi], e[qi] - s[qi]) ||
	    ask_points_back(kb, sq))
		return 0;
	kb_normalize(kb, text + s[qi], e[qi] - s[qi], 0, &q);
	ask_count(&q, &nsubj, &ncontent, &asked);
	if ((asked == 0 && !ask_names_thing(kb, &q)) ||
	    (framing & ~asked) != 0 || ncontent == 0)
		return 0;
	*from = s[qi];
	return e[qi] - s[qi];
}

/*
 * Is clause c of text set off from clause b before it as a question of
 * its own: a clause break of punctuation between them (ask_punct(): ",",
 * "?", ";", a dash) or a join word first (phrases.reading.joins: "and")?
 */
static int
ask_part_break(const struct kb *kb, const char *text,
    const struct dlg_clause *b, const struct dlg_clause *c)
{
	char w[32];
	size_t i;

	for (i = b->from + b->len; i < c->from; i++)
		if (ask_punct(text, c->from, i) > 0)
			return 1;
	i = c->from;
	if (ask_word(text, c->from + c->len, &i, w, sizeof(w)) == 0)
		return 0;
	return text_has_word(w, kb->phrases.joins, kb->phrases.njoins);
}

/*
 * Is part text (len bytes) of a message a comparison asked the other way
 * (phrases.reading.reversal_tails: "or is it the other way round", "or
 * vice versa"): a reversal phrase, and no word of content beside it?
 */
static int
ask_part_reversal(const struct kb *kb, const char *text, size_t len)
{
	const struct kb_phrases *ph = &kb->phrases;
	char sq[512], rest[512];
	struct kb_query q;
	size_t i, l, nsubj, ncontent;
	unsigned subjects;
	const char *at;

	if (ph->nreversal_tails == 0)
		return 0;
	kb_squash(text, len, sq, sizeof(sq));
	for (i = 0; i < ph->nreversal_tails; i++) {
		l = strlen(ph->reversal_tails[i]);
		for (at = sq; (at = strstr(at, ph->reversal_tails[i])) != NULL;
		    at++)
			if ((at == sq || at[-1] == ' ') &&
			    (at[l] == '\0' || at[l] == ' '))
				break;
		if (at == NULL)
			continue;
		(void)snprintf(rest, sizeof(rest), "%.*s%s", (int)(at - sq),
		    sq, at + l);
		kb_normalize(kb, rest, strlen(rest), 0, &q);
		ask_count(&q, &nsubj, &ncontent, &subjects);
		if (ncontent == 0)
			return 1;
	}
	return 0;
}

/*
 * Can no clause of text (len bytes) be set off from the one before it
 * (ask_part_break())?  A break needs a byte of ask_punct() before the
 * clause's start, which is at or before the last byte a word of the
 * clause reader keeps (no space nor ispunct() but '+' and '#':
 * understand_cwords() trims the rest off a word's end), or a join word
 * as ask_word() reads it at the clause's start, which begins a run of
 * letters, digits and apostrophes.  So: none of those bytes before the
 * last kept one (a dash and U+2013/14 read loosely: '-' after a space
 * or first, any 0xe2 byte; a NUL byte too), and no run of the text
 * whose word is a join word.  One pass over the bytes, ask_word() a
 * run.
 */
static int
ask_parts_none(const struct kb *kb, const char *text, size_t len)
{
	size_t last, i, n;
	unsigned char c;
	char w[32];
	uint64_t first[4] = { 0, 0, 0, 0 };

	for (last = len; last > 0; last--) {
		c = (unsigned char)text[last - 1];
		if (c == '+' || c == '#' || !(c == ' ' || (c >= '\t' &&
		    c <= '\r') || ispunct(c)))
			break;
	}
	for (i = 0; i + 1 < last; i++) {
		c = (unsigned char)text[i];
		if (c == ',' || c == ';' || c == ':' || c == '.' || c == '?' ||
		    c == '!' || c == '(' || c == ')' || c == '\0' || c == 0xe2 ||
		    (c == '-' && (i == 0 || text[i - 1] == ' ')))
			return 0;
	}
	/* the first bytes of the join words, a set (a list of a word or
	 * two): a run of letters that begins with none is skipped, not
	 * read by ask_word() */
	for (i = 0; i < kb->phrases.njoins; i++) {
		c = (unsigned char)kb->phrases.joins[i][0];
		first[c >> 6] |= (uint64_t)1 << (c & 63);
	}
	for (i = 0; i < len; ) {
		c = (unsigned char)text[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '\'')) {
			i++;
			continue;
		}
		if (c >= 'A' && c <= 'Z')
			c += 'a' - 'A';
		/* a run opening with an apostrophe is read whole: its
		 * word's first byte comes later */
		if (c != '\'' && !((first[c >> 6] >> (c & 63)) & 1)) {
			while (i < len && (isalnum((unsigned char)text[i]) ||
			    text[i] == '\''))
				i++;
			continue;
		}
		n = ask_word(text, len, &i, w, sizeof(w));
		if (n > 0 && (kb_listed(&kb->phrases, w, n) &
		    KB_LISTED_JOIN))
			return 0;
	}
	return 1;
}

/*
 * The parts of a message that asks several questions, at most
 * ASK_PARTS_MAX (a fourth question and on stay in the third part):
 * bytes [from[i], to[i]) of text (len bytes) for part i, the join word
 * ("and") left out.  Each interrogative clause of the clause reader
 * (understand_clauses(): "who made go", "and why") opens a part; what
 * comes before the first one ("two things:", "cloudflare and amazon -")
 * belongs to the first, a statement after one to it.  The first question
 * must ask something of its own (not only for the verdict: "rust or go?
 * which is faster?" is one question).  A KB without clause words, or a
 * message of one question by the clause reader, is split by ask_split()
 * into two parts or none.  *topic is set to the end of the message's
 * topic phrase (ask_part_topic(): "cloudflare: ..."), which the first
 * part holds and every later part asks about, or 0.  *over is set to
 * where a question after the ASK_PARTS_MAX-th opens (the answer stops
 * there and says so: ask_answer()), or 0.  Returns the number of parts,
 * 0 or 2 to ASK_PARTS_MAX.
 */
#define ASK_PARTS_MAX	3
static size_t
ask_parts(const struct kb *kb, const char *text, size_t len,
    size_t from[ASK_PARTS_MAX], size_t to[ASK_PARTS_MAX], size_t *topic,
    size_t *over)
{
	struct dlg_clause c[DLG_MAX_CLAUSES];
	size_t n, i, np = 0, k, cut;
	char join[32];

	/* the verdict label only of a first question with one after it:
	 * the last clause opens one part at most, fewer than two */
	*topic = 0;
	*over = 0;
	/* a message none of whose clauses can be set off (most: one
	 * question, no comma, no join word) has at most one part by its
	 * clauses, and ask_split() cannot cut it either: it cuts at a
	 * join word, or at a question word after a '?' (which is before
	 * a word start, so before the last byte a word keeps); its words
	 * are ask_parts_none()'s runs.  Its clauses are not read (they
	 * cost as much as the answer) */
	if (ask_parts_none(kb, text, len))
		return 0;
	n = understand_clauses_moods(kb, text, len, c, DLG_MAX_CLAUSES, 0);
	for (i = 0; i < n; i++) {
		if (np == ASK_PARTS_MAX) {
			/* a fourth question: where the answer stops */
			if (c[i].mood == DLG_MOOD_INTERROGATIVE &&
			    ask_part_break(kb, text, &c[i - 1], &c[i])) {
				*over = c[i].from;
				break;
			}
			continue;
		}
		if (c[i].mood != DLG_MOOD_INTERROGATIVE &&
		    !(i == 0 && (ask_part_opens(kb, text + c[i].from,
		    c[i].len) || ask_part_inner(kb, text + c[i].from,
		    c[i].len))) && !(i > 0 && np > 0 &&
		    ask_part_cue_only(kb, text + c[i].from, c[i].len)))
			continue;
		if (np == 0 && *topic == 0)
			*topic = ask_part_topic(kb, text, c, i);
		if (np == 0 && i + 1 < n &&
		    understand_clause_verdict(kb, text, &c[i]))
			break;
		/* "what admiration % does go get ...?", "are rust drivers
		 * safer or is that hype?": a clause the reader found with
		 * no break before it is no question of its own */
		if (np > 0 && !ask_part_break(kb, text, &c[i - 1], &c[i]))
			continue;
		from[np] = np == 0 ? ask_part_start(kb, text, c, i) : c[i].from;
		np++;
	}
	if (np < 2) {
		if ((cut = ask_split(kb, text, len)) == 0)
			return 0;
		if (*topic >= cut)
			*topic = 0;
		from[0] = 0;
		from[1] = cut;
		np = 2;
	}
	/* "is go hiring growing faster than rust's, or is it the other way
	 * round?": a part that only asks the comparison the other way is
	 * the part before it */
	for (i = 1; i < np; )
		if (ask_part_reversal(kb, text + from[i], (i + 1 < np ?
		    from[i + 1] : len) - from[i])) {
			for (k = i; k + 1 < np; k++)
				from[k] = from[k + 1];
			np--;
		} else
			i++;
	if (np < 2)
		return 0;
	for (i = 0; i < np; i++) {
		to[i] = i + 1 < np ? from[i + 1] : len;
		if (i == 0)
			continue;
		/* the join word is no word of the part ("and go's?") */
		for (k = 0; k < sizeof(join) - 1 && from[i] + k < len &&
		    isalpha((unsigned char)text[from[i] + k]); k++)
			join[k] = (char)tolower((unsigned char)text[from[i] +
			    k]);
		join[k] = '\0';
		if (k > 0 && text_has_word(join, kb->phrases.joins,
		    kb->phrases.njoins))
			from[i] += k;
	}
	return np;
}

/*
 * Is word i of query p a name the article uses in few claims (at most
 * ASK_NAME_DF: "actix", "techempower"), and not a word of query q?  A
 * part asked after one that names no subject ("does actix beat gin, and
 * what about memory between those two?") asks about these names.
 */
static int
ask_part_name(const struct kb *kb, const struct kb_query *p, size_t i,
    const struct kb_query *q)
{
	int32_t t;
	size_t j;

	if (p->stop[i] || p->term[i] == NULL ||
	    (t = strmap_get(&kb->vocab, p->term[i])) < 0 ||
	    kb->terms[t].npost == 0 || kb->terms[t].npost > ASK_NAME_DF)
		return 0;
	for (j = 0; j < q->n; j++)
		if (q->term[j] != NULL && strcmp(q->term[j], p->term[i]) == 0)
			return 0;
	return 1;
}

/*
 * Does text (len bytes) say a word of phrases.reading.anaphors ("it",
 * "its"): a part that refers back to what the part before it asked
 * about?
 */
static int
ask_has_anaphor(const struct kb *kb, const char *text, size_t len)
{
	char w[32];
	size_t i = 0;

	while (i < len) {
		if (ask_word(text, len, &i, w, sizeof(w)) > 0 &&
		    text_has_word(w, kb->phrases.anaphors,
		    kb->phrases.nanaphors))
			return 1;
		if (i < len)
			i++;	/* past the byte that ended the word */
	}
	return 0;
}

/*
 * Does q hold a word, other than a subject, that some claim's own words
 * use (a term with postings)?
 */
static int
ask_in_claims_any(const struct kb *kb, const struct kb_query *q)
{
	size_t i;
	int32_t t;

	for (i = 0; i < q->n; i++)
		if (!q->stop[i] && q->subject[i] < 0 && q->term[i] != NULL &&
		    (t = strmap_get(&kb->vocab, q->term[i])) >= 0 &&
		    kb->terms[t].npost > 0)
			return 1;
	return 0;
}

/*
 * The index of q's first thing: a word no subject, stopword or number,
 * used by 1 to ASK_FOCUS_DF claims ("gc" of "is go's gc ok for web
 * apis?"); q->n for none.
 */
static size_t
ask_first_thing(const struct kb *kb, const struct kb_query *q)
{
	size_t i;
	int32_t t;

	for (i = 0; i < q->n; i++)
		if (!q->stop[i] && q->subject[i] < 0 && q->term[i] != NULL &&
		    !text_is_number(q->raw[i]) &&
		    (t = strmap_get(&kb->vocab, q->term[i])) >= 0 &&
		    kb->terms[t].npost > 0 &&
		    kb->terms[t].npost <= ASK_FOCUS_DF)
			return i;
	return q->n;
}

/*
 * Part text (len bytes) of a question asked after part prev (plen bytes)
 * that names no subject but has words of its own ("where on redmonk" after
 * "where does go rank on tiobe", "what were they aiming for" after "who
 * built go"): the part with prev's subject words after it, into out
 * (size bytes).  Returns its length, or 0 when the part names a subject,
 * has no words of its own (a follow-up read as one by ask_one()), or prev
 * names none.  With things, a part with an anaphor and no word the claims
 * say also gets prev's first thing ("and where does it fall short?"
 * after "is go's gc ok ...": "go gc").  A prev that names no subject gives its names instead
 * (ask_part_name(): "what about memory between those two?" after "does
 * actix beat gin?") to a part of words the article says.
 */
static size_t
ask_part_subjects(const struct kb *kb, const char *text, size_t len,
    const char *prev, size_t plen, char *out, size_t size, int things)
{
	struct kb_query q, p;
	size_t nsubj, ncontent, o, i, thing;
	unsigned subjects;

	kb_normalize(kb, text, len, 0, &q);
	ask_count(&q, &nsubj, &ncontent, &subjects);
	if (nsubj > 0 || ncontent == 0 || len + 1 >= size)
		return 0;
	kb_normalize(kb, prev, plen, 0, &p);
	ask_count(&p, &nsubj, &ncontent, &subjects);
	/* a word the article never says is what the part asks about
	 * ("and whats the budget for it?"), not prev's names */
	if (nsubj == 0 && ask_has_unsaid(kb, &q))
		return 0;
	(void)memcpy(out, text, len);
	o = len;
	/* "and where does it fall short?" after "is go's gc ok ...": the
	 * anaphor, in a part of no word the claims say, is prev's first
	 * thing, said with prev's subjects ("what did cloudflare build with
	 * it?" names a thing of its own: "it" is the subject) */
	thing = things && nsubj > 0 && ask_has_anaphor(kb, text, len) &&
	    !ask_in_claims_any(kb, &q) ? ask_first_thing(kb, &p) : p.n;
	for (i = 0; i < p.n; i++) {
		size_t w = strlen(p.raw[i]);

		if ((nsubj > 0 ? p.subject[i] < 0 && i != thing :
		    !ask_part_name(kb, &p, i, &q)) || o + 1 + w >= size)
			continue;
		out[o++] = ' ';
		(void)memcpy(out + o, p.raw[i], w);
		o += w;
	}
	out[o] = '\0';
	return o > len ? o : 0;
}

/*
 * Part text (len bytes) of a question asked after part prev (plen
 * bytes) that names a subject and only compares it, every other word a
 * stopword or a comparison word (phrases.reading.comparison_words: "and
 * how does go's compare?" after "how fast are rust job ads growing"):
 * the part with prev's words that are no subject after it, into out
 * (size bytes), so that it asks prev's question of its subject, as a
 * comparison.  Returns its length, or 0 when the part is not such a one
 * or nothing fits.
 */
static size_t
ask_part_compared(const struct kb *kb, const char *text, size_t len,
    const char *prev, size_t plen, char *out, size_t size)
{
	char sq[512];
	struct kb_query q, p;
	size_t nsubj, ncontent, o, i, wl, ncmp, nc;
	unsigned subjects;
	const char *w;

	kb_squash(text, len, sq, sizeof(sq));
	if (len + 1 >= size || !kb_listed_word(&kb->phrases, sq,
	    KB_LISTED_COMPARISON))
		return 0;
	kb_normalize(kb, text, len, 0, &q);
	ask_count(&q, &nsubj, &ncontent, &subjects);
	if (nsubj == 0)
		return 0;
	/* the comparison words as written (the reading stems "compare"),
	 * and the reading's words of content: no more of these */
	for (w = sq, ncmp = 0; *w != '\0'; w += wl + (w[wl] == ' ')) {
		if ((wl = text_word_len(w)) == 0)
			break;
		if (kb_listed(&kb->phrases, w, wl) & KB_LISTED_COMPARISON)
			ncmp++;
	}
	for (i = 0, nc = 0; i < q.n; i++)
		nc += !q.stop[i] && q.subject[i] < 0;
	if (nc > ncmp)
		return 0;
	kb_normalize(kb, prev, plen, 0, &p);
	(void)memcpy(out, text, len);
	o = len;
	for (i = 0; i < p.n; i++) {
		size_t rl = strlen(p.raw[i]);

		if (p.stop[i] || p.subject[i] >= 0 || o + 1 + rl >= size)
			continue;
		out[o++] = ' ';
		(void)memcpy(out + o, p.raw[i], rl);
		o += rl;
	}
	out[o] = '\0';
	return o > len ? o : 0;
}

/*
 * How many content words of query q (no stopword, no subject) query w
 * does not hold, as a term (or, for a word the article never uses, as
 * written)?
 */
static size_t
ask_own_words(const struct kb_query *q, const struct kb_query *w)
{
	size_t i, j, n = 0;

	for (i = 0; i < q->n; i++) {
		if (q->stop[i] || q->subject[i] >= 0)
			continue;
		for (j = 0; j < w->n; j++)
			if (!w->stop[j] && (q->term[i] != NULL ?
			    w->term[j] != NULL && strcmp(q->term[i],
			    w->term[j]) == 0 : strcmp(q->raw[i],
			    w->raw[j]) == 0))
				break;
		n += j == w->n;
	}
	return n;
}

/*
 * Part text (len bytes) of a question asked after part prev (plen bytes)
 * that opens with a follow-up start (phrases.reading.follow_up_starts:
 * "what about", "how about", "same for") and says nothing else but one
 * subject, other than the one subject prev names ("how long until you
 * feel at home in go, and what about rust?"): prev as written with each
 * of its words that names its subject written as the part's subject
 * instead ("how long until you feel at home in rust"), into out (size
 * bytes), so that the part asks prev's question, its question words and
 * all, of the other subject, whose bit (of kb->subjects) goes to *to.
 * Returns its length, or 0 when the part is not such a one or it does
 * not fit.
 */
static size_t
ask_part_swapped(const struct kb *kb, const char *text, size_t len,
    const char *prev, size_t plen, char *out, size_t size, unsigned *to)
{
	char sq[512], subj[TEXT_TOKEN_MAX];
	struct kb_query q, w;
	size_t nsubj, ncontent, o, i, e, cl, sl, swapped = 0;
	unsigned subjects, psubjects;
	int s = -1;

	kb_squash(text, len, sq, sizeof(sq));
	if (ask_cue_at(kb, sq, &cl) < 0)
		cl = 0;
	kb_normalize(kb, sq + cl, strlen(sq + cl), 0, &q);
	ask_count(&q, &nsubj, &ncontent, &subjects);
	if (nsubj != 1 || (cl == 0 && ncontent == 0))
		return 0;
	/* "and go developer?" after "how much does a rust developer
	 * earn" (the join word is no word of the part): a word prev says
	 * too is prev's, not the part's own */
	if (ncontent > 0) {
		kb_normalize(kb, prev, plen, 0, &w);
		if (ask_own_words(&q, &w) > 0)
			return 0;
	}
	for (i = 0; i < q.n; i++)
		if (q.subject[i] >= 0) {
			s = q.subject[i];
			(void)snprintf(subj, sizeof(subj), "%s", q.raw[i]);
		}
	kb_normalize(kb, prev, plen, 0, &w);
	ask_count(&w, &nsubj, &ncontent, &psubjects);
	if (s < 0 || nsubj == 0 || ncontent == 0 ||
	    (psubjects & (psubjects - 1)) != 0 || psubjects == subjects)
		return 0;
	sl = strlen(subj);
	/* prev's words as typed, a word naming its subject swapped */
	for (i = 0, o = 0; i < plen; i = e) {
		for (e = i; e < plen && (isalnum((unsigned char)prev[e]) ||
		    prev[e] == '\''); e++)
			;
		if (e == i) {
			if (o + 1 >= size)
				return 0;
			out[o++] = prev[e++];
			continue;
		}
		kb_normalize(kb, prev + i, e - i, 0, &w);
		if (w.n == 1 && w.subject[0] >= 0 && w.subject[0] != s) {
			if (o + sl >= size)
				return 0;
			(void)memcpy(out + o, subj, sl);
			o += sl;
			swapped++;
			continue;
		}
		if (o + (e - i) >= size)
			return 0;
		(void)memcpy(out + o, prev + i, e - i);
		o += e - i;
	}
	out[o] = '\0';
	*to = subjects;
	return swapped > 0 ? o : 0;
}

/*
 * Part answer pa of a part asked of subject bit to in prev's words
 * (ask_part_swapped()): its first claim on that subject, or else on both
 * (a claim no question names by subject: a comparison table's row),
 * leads, one with a figure in a unit of prev's (the claim that answered
 * the part before) first, then one on a topic of prev's; a claim on
 * prev's subject answers prev, not the part.  Returns
 * whether one was found (else pa is left with no claim: the article has
 * nothing on the part).
 */
static int
ask_part_swapped_lead(const struct kb *kb, struct kb_answer *pa,
    unsigned to, const struct kb_claim *prev)
{
	const struct kb_claim *c;
	size_t i, best = pa->nclaims;
	unsigned cs;
	int score, top = -1;

	for (i = 0; i < pa->nclaims; i++) {
		cs = ask_claim_subject(kb, pa->claims[i]);
		if (cs != to && cs != 0)
			continue;
		/* the subject's own before both's; the counterpart of
		 * prev's figure (a unit of its) before one on its topic */
		score = (cs == to ? 4 : 0) + (prev != NULL &&
		    ask_same_unit(prev, pa->claims[i]) ? 2 : 0) +
		    (prev != NULL && ask_shared_topics(prev,
		    pa->claims[i]) > 0 ? 1 : 0);
		if (score > top) {
			top = score;
			best = i;
		}
	}
	if (best == pa->nclaims) {
		pa->nclaims = 0;
		return 0;
	}
	c = pa->claims[best];
	for (i = best; i > 0; i--)
		pa->claims[i] = pa->claims[i - 1];
	pa->claims[0] = c;
	/* its words are prev's, which prev's answer judged */
	pa->nmissing = 0;
	return 1;
}

/*
 * Part text (len bytes) of a message whose topic phrase is topic (tlen
 * bytes, "cloudflare", "pingora -"): the part with the topic's words it
 * does not say itself after it, into out (size bytes): not stopwords,
 * and not subjects when the part names one of its own ("and how does
 * go's growth compare" after "rust job postings:" keeps "go").  Returns
 * its length, or 0 when nothing is added.
 */
static size_t
ask_part_topic_words(const struct kb *kb, const char *text, size_t len,
    const char *topic, size_t tlen, char *out, size_t size)
{
	struct kb_query q, w;
	size_t nsubj, ncontent, o, i, j, e;
	unsigned subjects;

	if (len + 1 >= size)
		return 0;
	kb_normalize(kb, text, len, 0, &q);
	ask_count(&q, &nsubj, &ncontent, &subjects);
	(void)memmove(out, text, len);
	o = len;
	/* the topic's typed words, one by one */
	for (i = 0; i < tlen; i = e) {
		while (i < tlen && !isalnum((unsigned char)topic[i]))
			i++;
		for (e = i; e < tlen && (isalnum((unsigned char)topic[e]) ||
		    topic[e] == '\''); e++)
			;
		if (e == i || o + 1 + (e - i) >= size)
			continue;
		kb_normalize(kb, topic + i, e - i, 0, &w);
		if (w.n != 1 || w.stop[0] || (w.subject[0] >= 0 && nsubj > 0))
			continue;
		for (j = 0; j < q.n; j++)
			if (strcmp(q.raw[j], w.raw[0]) == 0 ||
			    (q.term[j] != NULL && w.term[0] != NULL &&
			    strcmp(q.term[j], w.term[0]) == 0))
				break;
		if (j < q.n)
			continue;
		out[o++] = ' ';
		(void)memcpy(out + o, topic + i, e - i);
		o += e - i;
	}
	out[o] = '\0';
	return o > len ? o : 0;
}

/*
 * Is claim c, of part i of a message answered part by part (p), a's lead
 * or the first claim of an earlier part: said already for another part?
 */
static int
ask_part_repeats(const struct kb_answer *a, const struct kb_answer *p,
    size_t i, const struct kb_claim *c)
{
	size_t j;

	if (a->nclaims > 0 && a->claims[0] == c)
		return 1;
	for (j = 0; j < i; j++)
		if (p[j].nclaims > 0 && p[j].claims[0] == c)
			return 1;
	return 0;
}

/*
 * Put claim c at position at of a's claims (bounded by KB_ANSWER_MAX: the
 * last claim falls off) unless a cites it already.
 */
static void
ask_put_claim(struct kb_answer *a, size_t at, const struct kb_claim *c)
{
	size_t j;

	for (j = 0; j < a->nclaims; j++)
		if (a->claims[j] == c)
			return;
	if (at > a->nclaims)
		at = a->nclaims;
	if (a->nclaims < KB_ANSWER_MAX)
		a->nclaims++;
	for (j = a->nclaims - 1; j > at; j--)
		a->claims[j] = a->claims[j - 1];
	if (at < a->nclaims)
		a->claims[at] = c;
}

/*
 * Is part (len bytes) of a message, asked after a part before it (prev,
 * plen bytes) whose best claim pc holds one of prev's entities (words at
 * most ASK_FOCUS_DF claims use: "discord"), left unanswered by its own
 * best claim c: the part has no content word of its own, only glue and
 * subjects ("and which on go?"), and c holds none of prev's entities (the
 * memory of Go services in containers, not Discord's)?
 */
static int
ask_part_elsewhere(const struct kb *kb, const char *part, size_t len,
    const char *prev, size_t plen, const struct kb_claim *pc,
    const struct kb_claim *c)
{
	struct kb_query q;
	size_t i, named = 0, held = 0, nsubj, ncontent;
	unsigned subjects;
	int32_t t;

	kb_normalize(kb, part, len, 0, &q);
	ask_count(&q, &nsubj, &ncontent, &subjects);
	if (ncontent > 0)
		return 0;
	kb_normalize(kb, prev, plen, 0, &q);
	for (i = 0; i < q.n; i++) {
		if (q.stop[i] || q.subject[i] >= 0 || q.term[i] == NULL ||
		    text_is_number(q.raw[i]) ||
		    (t = strmap_get(&kb->vocab, q.term[i])) < 0 ||
		    kb->terms[t].npost == 0 ||
		    kb->terms[t].npost > ASK_FOCUS_DF ||
		    !kb_term_held(kb, q.term[i], pc))
			continue;
		named++;
		held += kb_term_held(kb, q.term[i], c) ? 1 : 0;
	}
	return named > 0 && held == 0;
}

/*
 * Name the part text[from, to) of a message, trimmed of spaces and
 * trailing punctuation and cut at a word's end to fit, as what the
 * article has nothing on in a (at most two such names).
 */
static void
ask_part_note(const char *text, size_t from, size_t to, struct kb_answer *a)
{
	size_t n;

	while (from < to && isspace((unsigned char)text[from]))
		from++;
	if (a->nmissing >= 2)
		return;
	n = to - from;
	while (n > 0 && (ispunct((unsigned char)text[from + n - 1]) ||
	    isspace((unsigned char)text[from + n - 1])))
		n--;
	while (n >= TEXT_TOKEN_MAX) {
		while (n > 0 && text[from + n - 1] != ' ')
			n--;
		while (n > 0 && text[from + n - 1] == ' ')
			n--;
	}
	if (n > 0)
		(void)snprintf(a->missing[a->nmissing++], TEXT_TOKEN_MAX,
		    "%.*s", (int)n, text + from);
}

/* How many question marks text (len bytes) holds. */
static size_t
ask_marks(const char *text, size_t len)
{
	size_t i, n = 0;

	for (i = 0; i < len; i++)
		n += text[i] == '?';
	return n;
}

static int	ask_part_unknown_object(const struct kb *, const char *, size_t);

/*
 * Of the np parts (text[from[i], to[i]), answers p[i]) of a question
 * declined whole: is every part either answered in full (covered,
 * nothing named missing, no other subject's claim, a figure when one is
 * asked) or one with no claim that claimless() accepts (not the first
 * part unless first_may), with at least one of each?  The three readings
 * below differ only in that test.
 */
static int
ask_parts_with(const struct kb *kb, const char *text, const size_t *from,
    const size_t *to, const struct kb_answer *p, size_t np, int first_may,
    int (*claimless)(const struct kb *, const char *, size_t))
{
	size_t i, full = 0, other = 0;

	for (i = 0; i < np; i++) {
		if (p[i].nclaims == 0) {
			if ((i == 0 && !first_may) ||
			    !claimless(kb, text + from[i], to[i] - from[i]))
				return 0;
			other++;
		} else if (p[i].res.covered && p[i].nmissing == 0 &&
		    p[i].other_subject < 0 && !p[i].no_figure)
			full++;
		else
			return 0;
	}
	return full > 0 && other > 0;
}

/* A part that compares (ask_compares()), squashed. */
static int
ask_part_compares(const struct kb *kb, const char *text, size_t len)
{
	char psq[512];

	kb_squash(text, len, psq, sizeof(psq));
	return ask_compares(kb, psq);
}

/* A part holding a phrases.reading.likeness_asks phrase, squashed. */
static int
ask_part_likens(const struct kb *kb, const char *text, size_t len)
{
	const struct kb_phrases *ph = &kb->phrases;
	char psq[512];

	if (ph->nlikeness_asks == 0)
		return 0;
	kb_squash(text, len, psq, sizeof(psq));
	return text_has_phrase(psq, ph->likeness_asks, ph->nlikeness_asks);
}

/*
 * Of the np parts (text[from[i], to[i]), answers p[i]) of a question
 * declined whole: is every part either answered in full (covered,
 * nothing named missing, no other subject's claim, a figure when one is
 * asked) or a comparison with no claim of its own that refers back to
 * the part before it ("what's the difference between X and Y, which one
 * is easier": the first part's claims hold the verdict), with at least
 * one of each?  A part answered in half, or a claimless part that asks
 * something else ("... and where is it held"), keeps the whole declined.
 */
static int
ask_parts_some(const struct kb *kb, const char *text, const size_t *from,
    const size_t *to, const struct kb_answer *p, size_t np)
{
	return ask_parts_with(kb, text, from, to, p, np, 0,
	    ask_part_compares);
}

/*
 * Of the np parts (text[from[i], to[i]), answers p[i]) of a question
 * declined whole: is every part either answered in full (as
 * ask_parts_some() says) or a later part with no claim that asks for a
 * thing by a word no claim uses (ask_part_unknown_object(): "..., and
 * which contractors did they hire for it?"), with at least one of each?
 * Such a part asks for what the article never names, not something else
 * it might half answer, so the parts answered in full answer and it is
 * named as what the article has nothing on.
 */
static int
ask_parts_unnamed(const struct kb *kb, const char *text, const size_t *from,
    const size_t *to, const struct kb_answer *p, size_t np)
{
	return ask_parts_with(kb, text, from, to, p, np, 0,
	    ask_part_unknown_object);
}

/*
 * Of the np parts (text[from[i], to[i]), answers p[i]) of a question
 * declined whole: is every part either answered in full (as
 * ask_parts_some() says) or one with no claim that likens a subject to
 * something (phrases.reading.likeness_asks: "does go have something like
 * erlang's actors?"), with at least one of each?  Such a part asks of a
 * thing the article never compares the subject with; the part beside it
 * ("how does its concurrency look") asks what the article covers, so
 * that part answers and the likened thing is named missing
 * (ask_likened_note()).
 */
static int
ask_parts_likened(const struct kb *kb, const char *text, const size_t *from,
    const size_t *to, const struct kb_answer *p, size_t np)
{
	return ask_parts_with(kb, text, from, to, p, np, 1,
	    ask_part_likens);
}

/*
 * Name in a what part text[from, to) likens a subject to: the words
 * after its first phrases.reading.likeness_asks phrase, found as written
 * (any case) at a word's start ("erlang's actors" of "does go have
 * something like erlang's actors?"); the whole part when the phrase is
 * not written so (ask_part_note()).  Bounded by the part's bytes times
 * the phrases.
 */
static void
ask_likened_note(const struct kb *kb, const char *text, size_t from,
    size_t to, struct kb_answer *a)
{
	const struct kb_phrases *ph = &kb->phrases;
	size_t i, k, n;

	for (i = from; i < to; i++) {
		if (i > from && isalnum((unsigned char)text[i - 1]))
			continue;
		for (k = 0; k < ph->nlikeness_asks; k++) {
			n = strlen(ph->likeness_asks[k]);
			if (n < to - i && strncasecmp(text + i,
			    ph->likeness_asks[k], n) == 0 &&
			    !isalnum((unsigned char)text[i + n])) {
				ask_part_note(text, i + n, to, a);
				return;
			}
		}
	}
	ask_part_note(text, from, to, a);
}

/*
 * Sets *a to the answer of the parts p that ask_parts_some() found
 * answered in full, in the order asked; the comparing parts without a
 * claim of their own are answered by the parts before them.
 */
static void
ask_parts_answered(const struct kb_answer *p, size_t np, struct kb_answer *a)
{
	size_t i, k = 0;

	for (i = 0; i < np; i++) {
		if (p[i].nclaims == 0)
			continue;
		if (k == 0)
			*a = p[i];
		else
			ask_put_claim(a, k, p[i].claims[0]);
		k++;
	}
}

/*
 * How many claims lead answer a of a part (text, len bytes) as a pair:
 * 2 when its first two are each on one subject alone, not the same one,
 * both named by the part, sharing a topic ("where are rust and go on
 * redmonk?": each one's rank, ask_figure_pair()); else 1.  Both answer
 * that part, so a later part's claim comes after them.
 */
static size_t
ask_part_led(const struct kb *kb, const char *text, size_t len,
    const struct kb_answer *a)
{
	struct kb_query q;
	size_t nsubj, ncontent;
	unsigned subjects, b0, b1;

	if (a->nclaims < 2 || a->claims[0]->subject == NULL ||
	    a->claims[1]->subject == NULL)
		return 1;
	b0 = kb->subject_bits[a->claims[0]->subject - kb->subjects];
	b1 = kb->subject_bits[a->claims[1]->subject - kb->subjects];
	if (b0 == 0 || b1 == 0 || (b0 & (b0 - 1)) != 0 ||
	    (b1 & (b1 - 1)) != 0 || b0 == b1 ||
	    !ask_same_topic(a->claims[0], a->claims[1]))
		return 1;
	kb_normalize(kb, text, len, 0, &q);
	ask_count(&q, &nsubj, &ncontent, &subjects);
	return (subjects & (b0 | b1)) == (b0 | b1) ? 2 : 1;
}

/*
 * Put the answer of a later part (pa) into a at position at: its best
 * claim, and when that is a comparison table's row (pa->lead_row: a part
 * that compares, "how does go's growth compare?") also the part's first
 * claim after it that a does not cite yet, the figures after the
 * verdict, when a has room for it.  Returns the position of the last claim put.
 */
static size_t
ask_part_put(const struct kb *kb, struct kb_answer *a, size_t at,
    const struct kb_answer *pa)
{
	size_t j, n;

	ask_put_claim(a, at, pa->claims[0]);
	/* the figure never pushes an earlier part's claim out */
	if (a->nclaims >= KB_ANSWER_MAX || pa->lead_row < 0 || (size_t)pa->lead_row >= kb->nrows ||
	    kb->rows[pa->lead_row].claim != pa->claims[0])
		return at;
	for (j = 1; j < pa->nclaims; j++) {
		for (n = 0; n < a->nclaims && a->claims[n] != pa->claims[j];
		    n++)
			;
		if (n == a->nclaims) {
			ask_put_claim(a, at + 1, pa->claims[j]);
			return at + 1;
		}
	}
	return at;
}

/*
 * Name in a's missing the words of part text (len bytes) that no claim
 * says (ask_never_said()) and that its reading keeps as words of their
 * own, as written, while a has room.  Returns how many were named.
 */
static size_t
ask_part_never(const struct kb *kb, const char *text, size_t len,
    struct kb_answer *a)
{
	char sq[512];
	struct kb_query r;
	const char *w;
	size_t wl, i, n = 0;

	kb_squash(text, len, sq, sizeof(sq));
	kb_normalize(kb, sq, strlen(sq), 0, &r);
	for (w = sq; *w != '\0' && a->nmissing < 2;
	    w += wl + (w[wl] == ' ')) {
		if ((wl = text_word_len(w)) == 0)
			break;
		if (!ask_never_said(kb, w, wl))
			continue;
		for (i = 0; i < r.n; i++)
			if (strlen(r.raw[i]) == wl &&
			    strncmp(r.raw[i], w, wl) == 0)
				break;
		if (i == r.n)
			continue;
		(void)snprintf(a->missing[a->nmissing++], TEXT_TOKEN_MAX,
		    "%.*s", (int)wl, w);
		n++;
	}
	return n;
}

static int	ask_unknown_object(const struct kb *, const char *);

/*
 * Does part text (len bytes) ask for a thing by a word no claim uses
 * right after its opening ("what gpus is cloudflare running it on",
 * "how many h100 cards does it use"): a word of phrases.reading.
 * instance_words or a count_starts phrase, then that word
 * (ask_unknown_object())?  A later part so asked, answered by a claim
 * on what it refers back to, is what the article has nothing on.
 */
static int
ask_part_unknown_object(const struct kb *kb, const char *text, size_t len)
{
	const struct kb_phrases *ph = &kb->phrases;
	char sq[512], rest[512];
	size_t i, n;

	kb_squash(text, len, sq, sizeof(sq));
	if (ask_unknown_object(kb, sq))
		return 1;
	for (i = 0; i < ph->ncount_starts; i++) {
		n = strlen(ph->count_starts[i]);
		if (strncmp(sq, ph->count_starts[i], n) != 0 || sq[n] != ' ')
			continue;
		/* "how many h100": read as "what h100" is */
		(void)snprintf(rest, sizeof(rest), "%s %s",
		    ph->instance_words[0], sq + n + 1);
		return ph->ninstance_words > 0 &&
		    ask_unknown_object(kb, rest);
	}
	return 0;
}

/* Does a already name word w (as written, any case) as missing? */
static int
ask_missing_has(const struct kb_answer *a, const char *w)
{
	size_t i;

	for (i = 0; i < a->nmissing; i++)
		if (strcasecmp(a->missing[i], w) == 0)
			return 1;
	return 0;
}

/*
 * Of the np parts (text[from[i], to[i]), answers p[i]) whose claims a
 * holds: a later part the article has no figure for (p[i].no_figure:
 * "and how many stars does it have on github?") or whose own answer
 * names words the article lacks is said as what the article has nothing
 * on, so that an answer to the first part never reads as one to every
 * part.  The first part's notes are the whole question's (a's own).  A
 * part read as a follow-up of the one before ("and what gpus power
 * it?": its "it") still asks for what it names: a thing no claim names,
 * or a word its own answer lacks, is named too; only its figure is the
 * last question's.
 */
static void
ask_parts_lacks(const struct kb *kb, const char *text, const size_t *from,
    const size_t *to, const struct kb_answer *p, size_t np,
    struct kb_answer *a)
{
	size_t i, j;

	for (i = 1; i < np && a->nmissing < 2; i++) {
		if (p[i].nclaims == 0)
			continue;
		if (p[i].no_figure && !p[i].follow_up) {
			/* the words the article never says ("stars"), or
			 * else the part as written */
			if (ask_part_never(kb, text + from[i], to[i] - from[i],
			    a) == 0)
				ask_part_note(text, from[i], to[i], a);
			continue;
		}
		/* "..., and what gpus is cloudflare running it on?" */
		if (p[i].nmissing == 0 &&
		    ask_part_unknown_object(kb, text + from[i], to[i] -
		    from[i])) {
			if (ask_part_never(kb, text + from[i], to[i] - from[i],
			    a) == 0)
				ask_part_note(text, from[i], to[i], a);
			continue;
		}
		for (j = 0; j < p[i].nmissing && a->nmissing < 2; j++)
			if (!ask_missing_has(a, p[i].missing[j]))
				(void)memcpy(a->missing[a->nmissing++],
				    p[i].missing[j], TEXT_TOKEN_MAX);
	}
}

/*
 * A follow-up after a question on one subject that asks for every
 * subject with a word of phrases.reading.pair_refs ("and redmonk for
 * both?" after where Go sits on TIOBE): squashed sq (the message, naming
 * no subject) with that word written as the subjects' names ("and
 * redmonk for rust and go"), into out (size bytes), so that each
 * subject's claim answers, as when the user names them.  A subject
 * whose name names several ("Rust and Go") is not one of them; a pair
 * word before a word of content ("both languages") is left alone.  Returns
 * the length of out, or 0 when nothing changed or it does not fit.
 */
static size_t
ask_pair_named(const struct dlg *d, const char *sq, char *out, size_t size)
{
	const struct kb *kb = d->kb;
	const struct kb_phrases *ph = &kb->phrases;
	struct kb_query w;
	size_t i, len, n, nsubj, ncontent, said, named = 0;
	unsigned subjects;
	const char *p, *tail;
	char names[256];

	if (ph->npair_refs == 0 || !d->frame.set || d->frame.subjects == 0 ||
	    (d->frame.subjects & (d->frame.subjects - 1)) != 0)
		return 0;
	kb_normalize(kb, sq, strlen(sq), 0, &w);
	ask_count(&w, &nsubj, &ncontent, &subjects);
	if (nsubj > 0)
		return 0;
	said = ncontent;
	names[0] = '\0';
	n = 0;
	for (i = 0; i < kb->nsubjects; i++) {
		const char *nm = kb->subjects[i].name;

		kb_normalize(kb, nm, strlen(nm), 0, &w);
		ask_count(&w, &nsubj, &ncontent, &subjects);
		if (nsubj != 1 || ncontent != 0)
			continue;
		n += (size_t)snprintf(names + n, n < sizeof(names) ?
		    sizeof(names) - n : 0, "%s%s", named > 0 ? " and " : "",
		    nm);
		if (n >= sizeof(names))
			return 0;
		named++;
	}
	if (named < 2)
		return 0;
	/* the longest phrase first: "both of them" before "both" */
	for (i = 0, p = NULL, len = 0; i < ph->npair_refs; i++) {
		size_t l = strlen(ph->pair_refs[i]);
		const char *at;

		if (l <= len || !text_has_phrase(sq, &ph->pair_refs[i], 1))
			continue;
		for (at = sq; (at = strstr(at, ph->pair_refs[i])) != NULL;
		    at++)
			if ((at == sq || at[-1] == ' ') &&
			    (at[l] == '\0' || at[l] == ' '))
				break;
		if (at != NULL) {
			p = at;
			len = l;
		}
	}
	if (p == NULL)
		return 0;
	/* "which companies run both languages?": a pair phrase whose
	 * last word is one of content ("both languages", "each language";
	 * not "the two of them") is whose only when the message has no
	 * other content ("what about for both languages?"); beside other
	 * words it says which of something */
	for (tail = p + len; tail > p && tail[-1] != ' '; tail--)
		;
	if (tail > p) {
		kb_normalize(kb, tail, len - (size_t)(tail - p), 0, &w);
		ask_count(&w, &nsubj, &ncontent, &subjects);
		if (ncontent > 0) {
			kb_normalize(kb, p, len, 0, &w);
			ask_count(&w, &nsubj, &ncontent, &subjects);
			if (ncontent < said)
				return 0;
		}
	}
	/* "which companies run both languages?": a pair word before a
	 * word of content says which of something, not whose */
	if (p[len] == ' ') {
		const char *nx = p + len + 1, *end = strchr(nx, ' ');

		kb_normalize(kb, nx, end != NULL ? (size_t)(end - nx) :
		    strlen(nx), 0, &w);
		if (w.n > 0)
			return 0;
	}
	n = (size_t)snprintf(out, size, "%.*s%s%s", (int)(p - sq), sq, names,
	    p + len);
	return n < size ? n : 0;
}

/*
 * The names of the subjects whose name names one subject ("Rust", "Go";
 * not "Rust and Go"), joined with join (" or "), into names (size
 * bytes).  Returns how many were written, 0 when they do not fit.
 */
static size_t
ask_pair_names(const struct kb *kb, const char *join, char *names,
    size_t size)
{
	struct kb_query w;
	size_t i, n = 0, nsubj, ncontent, named = 0;
	unsigned subjects;

	names[0] = '\0';
	for (i = 0; i < kb->nsubjects; i++) {
		const char *nm = kb->subjects[i].name;

		kb_normalize(kb, nm, strlen(nm), 0, &w);
		ask_count(&w, &nsubj, &ncontent, &subjects);
		if (nsubj != 1 || ncontent != 0)
			continue;
		n += (size_t)snprintf(names + n, n < size ? size - n : 0,
		    "%s%s", named > 0 ? join : "", nm);
		if (n >= size)
			return 0;
		named++;
	}
	return named;
}

/*
 * The subjects ask_pair_names() names, as bits: those whose name names
 * one subject.  One normalisation per subject (a handful).
 */
static unsigned
ask_pair_bits(const struct kb *kb)
{
	struct kb_query w;
	size_t i, nsubj, ncontent;
	unsigned subjects, bits = 0;

	for (i = 0; i < kb->nsubjects; i++) {
		kb_normalize(kb, kb->subjects[i].name,
		    strlen(kb->subjects[i].name), 0, &w);
		ask_count(&w, &nsubj, &ncontent, &subjects);
		if (nsubj == 1 && ncontent == 0)
			bits |= subjects;
	}
	return bits;
}

/*
 * A comparison that names its two subjects by a pair reference
 * (phrases.reading.compare_pair_refs: "which of the two is faster?",
 * "between the two, which has more jobs"), asked with no question
 * before it: squashed sq (the message, naming no subject) with the
 * longest such phrase's words after its first written as the subjects'
 * names joined with "or" ("which of rust or go is faster?"), into out
 * (size bytes), so that the comparison of the subjects answers, as when
 * the user names them, and not the claims that say "both" (the lexicon
 * may read "the two" as "both": that is what "do the two share
 * anything?" asks).  After an answer (a frame kept) the pair is what
 * that question was on, and in a message of several parts (a `joins`
 * word: "did actix top gin ..., and how about ram between them?") what
 * an earlier part named: both are read as before.  Returns the length
 * of out, or 0 when nothing changed or it does not fit.
 */
static size_t
ask_pair_compared(const struct dlg *d, const char *sq, char *out,
    size_t size)
{
	const struct kb *kb = d->kb;
	const struct kb_phrases *ph = &kb->phrases;
	struct kb_query w;
	size_t i, len, n, nsubj, ncontent;
	unsigned subjects;
	const char *p, *lead;
	char names[256];

	if (ph->ncompare_pair_refs == 0 || d->frame.set ||
	    kb_listed_word(ph, sq, KB_LISTED_JOIN))
		return 0;
	/* most messages hold none: one lookup per word before the scan of
	 * sq per phrase that finds the longest */
	if (!kb_phrase_chain_has(&kb->compare_pair_refs_by_word,
	    ph->compare_pair_refs, ph->ncompare_pair_refs, sq))
		return 0;
	for (i = 0, p = NULL, len = 0; i < ph->ncompare_pair_refs; i++) {
		const char *r = ph->compare_pair_refs[i], *at;
		size_t l = strlen(r);

		if (l <= len)
			continue;
		for (at = sq; (at = strstr(at, r)) != NULL; at++)
			if ((at == sq || at[-1] == ' ') &&
			    (at[l] == '\0' || at[l] == ' '))
				break;
		if (at != NULL) {
			p = at;
			len = l;
		}
	}
	if (p == NULL)
		return 0;
	kb_normalize(kb, sq, strlen(sq), 0, &w);
	ask_count(&w, &nsubj, &ncontent, &subjects);
	/* "is go the slower of the two": a subject of the pair named
	 * beside the reference is one of the two it names (hy49) */
	if ((nsubj > 0 && (subjects & ~ask_pair_bits(kb)) != 0) ||
	    ask_pair_names(kb, " or ", names, sizeof(names)) < 2)
		return 0;
	/* the loader holds every entry to two words or more */
	if ((lead = memchr(p, ' ', len)) == NULL)
		return 0;
	n = (size_t)snprintf(out, size, "%.*s %s%s", (int)(lead - sq), sq,
	    names, p + len);
	return n < size ? n : 0;
}

/*
 * A comparison of one subject of the pair with nothing to set it
 * against ("is go way slower tho", "go is the slower one right?"),
 * asked with no question before it: squashed sq with " than " and the
 * other subject of the pair after it, into out (size bytes), so that
 * it is answered as "is go slower than rust" is: the two compared.
 * Only a word of comparison_words said of the subject (at most
 * ASK_IMPLIED_GAP words of content after it) and ending its phrase; not when sq
 * names another subject or a rival (a rival_markers word: "than java").
 * Returns the length of out, or 0 (hy49).
 */
#define ASK_IMPLIED_GAP	3

static size_t
ask_pair_implied(const struct dlg *d, const char *sq, char *out,
    size_t size)
{
	const struct kb *kb = d->kb;
	const struct kb_phrases *ph = &kb->phrases;
	static struct kb_query w;	/* large; the engine is one thread */
	const char *p;
	size_t i, n, nsubj, ncontent, s, len = 0;	/* gcc -fsanitize */
	unsigned subjects, pair, other;

	if (d->frame.set || kb_listed_word(ph, sq,
	    KB_LISTED_RIVAL | KB_LISTED_JOIN) || !kb_listed_word(ph, sq,
	    KB_LISTED_COMPARISON))
		return 0;
	kb_normalize(kb, sq, strlen(sq), 0, &w);
	ask_count(&w, &nsubj, &ncontent, &subjects);
	pair = ask_pair_bits(kb);
	if (nsubj != 1 || (subjects & ~pair) != 0 ||
	    (other = pair & ~subjects) == 0 || (other & (other - 1)) != 0)
		return 0;
	/* the comparative said of the subject: the subject among the
	 * first two words of content and at most ASK_IMPLIED_GAP after
	 * it; and the comparison word ending its phrase (the end, or a
	 * stopword or a filler after it: "slower tho", "faster for that",
	 * "the slower one"); "higher kinded types" names a thing */
	for (s = 0; s < w.n && w.subject[s] < 0; s++)
		;
	if (s > 1 || s + 1 >= w.n || w.n - s - 1 > ASK_IMPLIED_GAP)
		return 0;
	for (p = sq; *p != '\0'; p += len, p += text_space_len(p)) {
		if ((len = text_word_len(p)) == 0)
			return 0;
		if (kb_listed(ph, p, len) & KB_LISTED_COMPARISON)
			break;
	}
	if (*p == '\0')
		return 0;
	p += len;
	p += text_space_len(p);
	if ((len = text_word_len(p)) > 0 &&
	    strmap_getn(&kb->stopwords, p, len) < 0 &&
	    !(kb_listed(ph, p, len) & KB_LISTED_FILLER))
		return 0;
	for (i = 0; i < kb->nsubjects && (other & (1u << i)) == 0; i++)
		;
	if (i == kb->nsubjects)
		return 0;
	n = (size_t)snprintf(out, size, "%s than %s", sq,
	    kb->subjects[i].name);
	return n < size ? n : 0;
}

/*
 * Answer text (len bytes, squashed as sq) into a.  A message of several
 * questions (ask_parts(): "when did the kernel adopt rust, and what did X
 * say about it?", at most ASK_PARTS_MAX) is also answered part by part, in
 * the order asked: a part with no topic of its own as a follow-up of the
 * part before it ("and why", "and how long in rust"), a part with a topic
 * but no subject with the subjects of the part before it ("where on
 * redmonk" after Go's TIOBE rank).  When every part's best claim is the
 * same one, or the whole question's best claim is none of the parts' and
 * its fields hold as much of each part's words as that part's best claim
 * does (ask_holds(): "what does X use go for, and what for rust?" is best
 * answered by the one claim on both), the whole question's answer leads
 * and each part's best claim follows it; otherwise the answer is the
 * first part's, with each later part's best claim after the one before
 * (a claim cited once).  A part with no answer leaves the whole
 * question's answer.  A part of glue and subjects only whose claim holds
 * none of the things the part before named (ask_part_elsewhere(): "which
 * discord services run on rust and which on go?") is what the article
 * has nothing on: the parts before it answer, and it is named missing.
 */
static void
ask_answer_whole(struct dlg *d, const char *text, size_t len, const char *sq,
    struct kb_answer *a)
{
	static struct kb_answer p[ASK_PARTS_MAX];	/* large; one thread */
	static struct dlg_frame last, whole_last;	/* one thread */
	char psq[512], aside[512], sq_aside[512], paired[512], sq_paired[512];
	char reworded[512], sq_reworded[512], lead[512], sq_lead[512];
	static char psqs[ASK_PARTS_MAX][512];	/* one thread */
	char place[512], sq_place[512], tail[512], sq_tail[512];
	char level[512], sq_level[512], subj[512], topical[512];
	char sized[512], sq_sized[512], size_phrase[TEXT_TOKEN_MAX] = "";
	const char *leveled = NULL;
	size_t leveled_len = 0;
	struct ask_raw_text rt;
	uint8_t subjects = d->frame.subjects;
	size_t from[ASK_PARTS_MAX], to[ASK_PARTS_MAX], np, i, j, k, n, topic;
	size_t over;
	unsigned swapped[ASK_PARTS_MAX];
	int holds, declined;
	static int cut;		/* answering the first questions; one thread */
	char sq_cut[512], sq_in[512];

	/* "a? b? c? d?": the first ASK_PARTS_MAX questions answer, and the
	 * answer says the limit (never a decline of the whole message) */
	over = 0;
	if (!cut && ask_marks(text, len) >= ASK_PARTS_MAX)
		(void)ask_parts(d->kb, text, len, from, to, &topic, &over);
	if (over > 0) {
		kb_squash(text, over, sq_cut, sizeof(sq_cut));
		cut = 1;
		ask_answer(d, text, over, sq_cut, a);
		cut = 0;
		if (a->nclaims > 0)
			a->parts_over = ASK_PARTS_MAX;
		return;
	}
	if (ask_practice(d, text, len, sq, a))
		return;
	rt.text = NULL;
	/* "two things: what does ...": the question after its frame */
	if ((n = ask_lead_in(d->kb, text, len)) > 0 && n < len) {
		text += n;
		len -= n;
		kb_squash(text, len, sq_in, sizeof(sq_in));
		sq = sq_in;
	}
	/* "moving to oslo, what would a go dev earn there?" */
	if (len < sizeof(place) && (n = ask_place_ref(d->kb, text, len,
	    place, sizeof(place), &rt)) > 0) {
		text = place;
		len = n;
		kb_squash(text, len, sq_place, sizeof(sq_place));
		sq = sq_place;
	}
	/* "not the senior figure, what do rust beginners make?" */
	if (len < sizeof(lead) && (n = ask_negated_lead(d->kb, text, len,
	    lead, sizeof(lead))) > 0) {
		text = lead;
		len = n;
		kb_squash(text, len, sq_lead, sizeof(sq_lead));
		sq = sq_lead;
	}
	/* "what's a mid-level go engineer paid?" */
	if (len < sizeof(level) && (n = ask_level_tail(d->kb, text, len,
	    level, sizeof(level), &rt)) > 0) {
		leveled = text;
		leveled_len = len;
		text = level;
		len = n;
		kb_squash(text, len, sq_level, sizeof(sq_level));
		sq = sq_level;
	}
	/* "what share of startups with fewer than 20 engineers use rust?" */
	if (len < sizeof(sized) && (n = ask_size_qualifier(d->kb, text, len,
	    sized, sizeof(sized), size_phrase, &rt)) > 0) {
		text = sized;
		len = n;
		kb_squash(text, len, sq_sized, sizeof(sq_sized));
		sq = sq_sized;
	}
	/* "go salary for junior devs? not the senior numbers pls" */
	if (len < sizeof(tail) && (n = ask_negated_tail(d->kb, text, len,
	    tail, sizeof(tail))) > 0) {
		text = tail;
		len = n;
		kb_squash(text, len, sq_tail, sizeof(sq_tail));
		sq = sq_tail;
	}
	/* "why does everyone say rust devs get paid more" */
	if (len < sizeof(reworded) && (n = ask_reword(d->kb, text, len, sq,
	    reworded, sizeof(reworded), &rt)) > 0) {
		text = reworded;
		len = n;
		kb_squash(text, len, sq_reworded, sizeof(sq_reworded));
		sq = sq_reworded;
	}
	/* "which of the two is faster?": the two subjects compared */
	if ((n = ask_pair_compared(d, sq, paired, sizeof(paired))) > 0) {
		text = paired;
		len = n;
		kb_squash(text, len, sq_paired, sizeof(sq_paired));
		sq = sq_paired;
	}
	/* "is go way slower tho": the other of the two implied */
	else if ((n = ask_pair_implied(d, sq, paired, sizeof(paired))) > 0) {
		text = paired;
		len = n;
		kb_squash(text, len, sq_paired, sizeof(sq_paired));
		sq = sq_paired;
	}
	/* "and redmonk for both?" after where go sits on tiobe */
	if ((n = ask_pair_named(d, sq, paired, sizeof(paired))) > 0) {
		text = paired;
		len = n;
		kb_squash(text, len, sq_paired, sizeof(sq_paired));
		sq = sq_paired;
	}
	/* "not asking about pay, which one has more jobs?" */
	if (len < sizeof(aside) && (n = ask_set_aside(d->kb, text, len, aside,
	    sizeof(aside))) > 0) {
		text = aside;
		len = n;
		kb_squash(text, len, sq_aside, sizeof(sq_aside));
		sq = sq_aside;
	}
	np = ask_parts(d->kb, text, len, from, to, &topic, &over);
	last = d->frame;
	last.subjects = subjects;
	/* a message of several parts asks several measures: each part
	 * chooses its own lead, the whole keeps the row's */
	d->ask_whole = np >= 2;
	ask_one(d, text, len, sq, a);
	d->ask_whole = 0;
	if (leveled != NULL)
		ask_level_named(d->kb, leveled, leveled_len, a);
	if (size_phrase[0] != '\0' && a->nclaims > 0 && a->res.covered &&
	    a->nmissing < 2)
		(void)memcpy(a->missing[a->nmissing++], size_phrase,
		    TEXT_TOKEN_MAX);
	if (np < 2)
		return;
	declined = a->nclaims == 0;
	whole_last = d->frame;
	d->frame = last;
	for (i = 0; i < np; i++) {
		const char *pt = text + from[i];
		size_t pl = to[i] - from[i];

		swapped[i] = 0;
		/* "where on redmonk" after "where does go rank on tiobe" */
		if (i > 0 && (n = ask_part_subjects(d->kb, pt, pl,
		    text + from[i - 1], to[i - 1] - from[i - 1], subj,
		    sizeof(subj), 1)) > 0) {
			pt = subj;
			pl = n;
		}
		/* "and what about rust?" after "how long until you feel
		 * at home in go" */
		else if (i > 0 && (n = ask_part_swapped(d->kb, pt, pl,
		    text + from[i - 1], to[i - 1] - from[i - 1], subj,
		    sizeof(subj), &swapped[i])) > 0) {
			pt = subj;
			pl = n;
		}
		/* "and how does go's compare?" after "how fast are rust
		 * job ads growing" */
		else if (i > 0 && (n = ask_part_compared(d->kb, pt, pl,
		    text + from[i - 1], to[i - 1] - from[i - 1], subj,
		    sizeof(subj))) > 0) {
			pt = subj;
			pl = n;
		}
		/* "and what did it replace" after "pingora - ..." */
		if (i > 0 && topic > 0 && (n = ask_part_topic_words(d->kb,
		    pt, pl, text, topic, topical, sizeof(topical))) > 0) {
			pt = topical;
			pl = n;
		}
		kb_squash(pt, pl, psq, sizeof(psq));
		(void)memcpy(psqs[i], psq, sizeof(psqs[i]));
		ask_one(d, pt, pl, psq, &p[i]);
		if (swapped[i] != 0)
			(void)ask_part_swapped_lead(d->kb, &p[i], swapped[i],
			    p[i - 1].nclaims > 0 ? p[i - 1].claims[0] : NULL);
		/* the thing an anaphor was read as found nothing: the
		 * part with the subjects alone, as before that reading */
		if (i > 0 && p[i].nclaims == 0 && pt == subj &&
		    (n = ask_part_subjects(d->kb, text + from[i],
		    to[i] - from[i], text + from[i - 1], to[i - 1] - from[i - 1],
		    subj, sizeof(subj), 0)) > 0 && (topic == 0 ||
		    ask_part_topic_words(d->kb, subj, n, text, topic, topical,
		    sizeof(topical)) == 0)) {
			kb_squash(subj, n, psq, sizeof(psq));
			if (strcmp(psq, psqs[i]) != 0) {
				(void)memcpy(psqs[i], psq, sizeof(psqs[i]));
				ask_one(d, subj, n, psq, &p[i]);
			}
		}
	}
	/* "which is quicker on techempower, actix or gin, and how do the
	 * two compare on memory?" declined whole: when the article answers
	 * every part in full (covered, nothing named missing, no other
	 * subject's claim in place of the one asked), the parts answer, in
	 * the order asked */
	if (declined) {
		for (i = 0; i < np && p[i].nclaims > 0 && p[i].res.covered &&
		    p[i].nmissing == 0 && p[i].other_subject < 0 &&
		    !p[i].no_figure; i++)
			;
		if (i < np && ask_parts_some(d->kb, text, from, to, p, np)) {
			/* "what's the difference between goroutines and
			 * tokio, which one is easier": the parts answered in
			 * full answer, the comparing part with them */
			ask_parts_answered(p, np, a);
			return;
		}
		if (i < np && ask_parts_unnamed(d->kb, text, from, to, p,
		    np)) {
			/* "how many lines did microsoft redo in rust, and
			 * which contractors did they hire?": the parts
			 * answered answer, the others are named missing */
			ask_parts_answered(p, np, a);
			for (i = 1; i < np; i++)
				if (p[i].nclaims == 0 && ask_part_never(d->kb,
				    text + from[i], to[i] - from[i], a) == 0)
					ask_part_note(text, from[i], to[i], a);
			return;
		}
		if (i < np && ask_parts_likened(d->kb, text, from, to, p,
		    np)) {
			/* "does go have something like erlang's actors?
			 * how does its concurrency look": the part the
			 * article covers answers, the likened thing is
			 * named missing */
			ask_parts_answered(p, np, a);
			for (i = 0; i < np; i++)
				if (p[i].nclaims == 0)
					ask_likened_note(d->kb, text, from[i],
					    to[i], a);
			return;
		}
		if (i < np) {
			d->frame = whole_last;
			return;
		}
		*a = p[0];
		for (k = 1; k < np; k++)
			ask_put_claim(a, k, p[k].claims[0]);
		return;
	}
	/* "... by 2030 and whats the budget for it?": a part found only
	 * by a word the article never says is what it has nothing on; the
	 * other part answers */
	if (np == 2 && p[0].nclaims > 0 && p[1].nclaims > 0 &&
	    p[0].nmissing == 0 && !p[1].follow_up) {
		/* the part as asked, with the words it refers back to
		 * ("where does it fall short" with "go gc") */
		if ((k = (size_t)ask_part_unsaid(d->kb, psqs[1], p[1].claims[0],
		    p[0].missing)) > 0) {
			*a = p[0];
			a->nmissing = k;
			return;
		}
	}
	/* "which discord services run on rust and which on go?": a part
	 * that refers back, answered by a claim on something else, is what
	 * the article has nothing on; the parts before it answer */
	for (i = 1; i < np; i++) {
		/* "and what about rust?" after Go's weeks to feel at
		 * home: a claim on the same topic answers it */
		if (swapped[i] != 0 && p[i].nclaims > 0 &&
		    p[i - 1].nclaims > 0 && ask_shared_topics(
		    p[i - 1].claims[0], p[i].claims[0]) > 0)
			continue;
		if (p[i].nclaims == 0 || p[0].nclaims == 0 ||
		    !ask_part_elsewhere(d->kb, text + from[i], to[i] - from[i],
		    text + from[i - 1], to[i - 1] - from[i - 1],
		    p[i - 1].claims[0], p[i].claims[0]))
			continue;
		*a = p[0];
		for (k = 1; k < i; k++)
			ask_put_claim(a, k, p[k].claims[0]);
		ask_part_note(text, from[i], to[i], a);
		return;
	}
	/* "how admired is rust, and how many github stars does it
	 * have?": a part with no answer leaves the whole question's
	 * answer, and is named as what the article has nothing on */
	for (i = 0; i < np && p[i].nclaims > 0; i++)
		;
	if (i < np) {
		d->frame = whole_last;
		for (; i < np; i++)
			if (p[i].nclaims == 0 && a->nmissing == 0)
				ask_part_note(text, from[i], to[i], a);
		return;
	}
	holds = a->nclaims > 0;
	for (i = 0; i < np; i++) {
		if (!holds || a->claims[0] == p[i].claims[0] ||
		    !ask_holds(d->kb, text + from[i], to[i] - from[i],
		    a->claims[0], p[i].claims[0]))
			holds = 0;
	}
	for (i = 1; i < np && p[i].claims[0] == p[0].claims[0]; i++)
		;
	if ((i == np && a->nclaims > 0) || holds) {
		/* one claim answers every part, or the whole question's
		 * claim does: it leads, each part's own claim follows (its
		 * first not cited yet: "... plus which one sips less
		 * memory?" led by the memory figure the first part cites,
		 * then the row that compares it): a part whose first claim
		 * is the lead or an earlier part's gives its next */
		d->frame = whole_last;
		for (i = 0, k = 1; i < np; i++, k++) {
			for (j = 0; j + 1 < p[i].nclaims &&
			    ask_part_repeats(a, p, i, p[i].claims[j]); j++)
				;
			ask_put_claim(a, k, p[i].claims[j]);
		}
		ask_parts_lacks(d->kb, text, from, to, p, np, a);
		return;
	}
	/* the first part's answer, each later part's best claim after the
	 * one before it (after both of a pair that answers the first:
	 * ask_part_led()); a later part led by a table row brings its
	 * figure too ("and how does go's growth compare?": the row, then
	 * Go's 15%) */
	*a = p[0];
	k = ask_part_led(d->kb, text + from[0], to[0] - from[0], &p[0]);
	for (i = 1; i < np; i++, k++)
		k = ask_part_put(d->kb, a, k, &p[i]);
	ask_parts_lacks(d->kb, text, from, to, p, np, a);
}

/*
 * Does text open with a word that begins with word (a stem, lowercase:
 * the query's raw word), Capitalized: a claim about that name
 * ("Cloudflare is the clearest example ..." for "cloudflar"), not one
 * that lists it among others ("... at Cloudflare, AWS, Discord")?
 */
static int
ask_opens_with_name(const char *text, const char *word)
{
	size_t n = strlen(word);

	return n > 0 && isupper((unsigned char)text[0]) &&
	    strncasecmp(text, word, n) == 0;
}

/*
 * A follow-up about one of the last answer's own: right after an answer
 * from the article, a question that names an entity (a word at most
 * ASK_FOCUS_DF claims say, no subject, written as a name of its own
 * somewhere mid-sentence: kb_term.ncap), which the last question (its
 * frame, last) did not name and exactly one of that answer's claims is
 * about (its text opens with the name: ask_opens_with_name()), asks
 * about that claim ("which bits of cloudflare run on go then?" after an
 * answer citing Cloudflare's split among others): it leads a's claims,
 * the search's after it.  The search's answer stands when no claim of
 * the last answer, or two, are about the question's entities, when it
 * leads with that claim already, and when the article covers nothing of
 * the question (a decline stays one).
 */
static void
ask_last_named(struct dlg *d, const struct dlg_frame *last,
    const char *text, size_t len, struct kb_answer *a)
{
	static struct kb_query q;			/* large; one thread */
	const struct kb *kb = d->kb;
	const struct kb_claim *lead = NULL, *c;
	size_t i, k, j;
	int32_t t;

	if (a->nclaims == 0 || !(frame_last(d) & FRAME_FACT) ||
	    d->nfact_claims == 0)
		return;
	kb_normalize(kb, text, len, 0, &q);
	for (i = 0; i < q.n; i++) {
		if (q.stop[i] || q.subject[i] >= 0 || q.term[i] == NULL ||
		    (t = strmap_get(&kb->vocab, q.term[i])) < 0 ||
		    kb->terms[t].ncap == 0 ||
		    kb->terms[t].npost > ASK_FOCUS_DF)
			continue;
		/* named by the last question too: asked of it again
		 * ("tiobe ranking for rust?"), not of the answer */
		for (j = 0; last->set && j < last->nwords &&
		    last->word[j].term != t; j++)
			;
		if (last->set && j < last->nwords)
			continue;
		for (k = 0; k < d->nfact_claims; k++) {
			if (d->fact_claims[k] < 0 ||
			    (size_t)d->fact_claims[k] >= kb->nclaims)
				continue;
			c = &kb->claims[d->fact_claims[k]];
			if (!kb_term_said(kb, q.term[i], c) ||
			    !ask_opens_with_name(c->text, q.raw[i]))
				continue;
			if (lead != NULL && lead != c)
				return;
			lead = c;
		}
	}
	if (lead == NULL || a->claims[0] == lead)
		return;
	for (j = 0; j < a->nclaims && a->claims[j] != lead; j++)
		;
	for (; j + 1 < a->nclaims; j++)
		a->claims[j] = a->claims[j + 1];
	if (j < a->nclaims)
		a->nclaims--;
	ask_put_claim(a, 0, lead);
	/* what led the search's answer (a table row, a figure of its first
	 * claim, a winner) is not the named claim's */
	a->lead_row = -1;
	a->lead_winner = 0;
	a->lead_figure = -1;
}

/*
 * ask_phrase_at(), where a word of phrases.reading.back_refs in phrase
 * ("that" of "whats that based on") may be followed in w by one word of
 * the message's own, once: the thing it refers back to, named ("whats
 * that list based on", "how is this index computed").  Returns the
 * words of w the phrase takes, that one with them, or 0.
 */
static size_t
ask_phrase_at_named(const struct kb_phrases *ph, const struct ask_raw *w,
    size_t n, size_t i, const char *phrase)
{
	size_t k = 0, l;
	int named = 0, ref = 0;

	while (*phrase != '\0') {
		l = text_word_len(phrase);
		if (i + k < n && ref && !named && (strlen(w[i + k].w) != l ||
		    strncmp(w[i + k].w, phrase, l) != 0)) {
			named = 1;	/* the word after the back-ref */
			k++;
		}
		if (i + k >= n || strlen(w[i + k].w) != l ||
		    strncmp(w[i + k].w, phrase, l) != 0)
			return 0;
		ref = (kb_listed(ph, w[i + k].w, strlen(w[i + k].w)) &
		    KB_LISTED_BACK_REF) != 0;
		k++;
		phrase += l;
		while (*phrase == ' ')
			phrase++;
	}
	return k;
}

#define ASK_EVIDENCE_NEAR	0.7	/* share of the best hit's score that
					 * a dated study's claim holds to lead */
#define ASK_EVIDENCE_WHOLE	0.99	/* coverage of the rest, to be what
					 * is asked */

/*
 * Text (len bytes) without its phrases of phrases.reading.evidence_asks
 * and method_asks ("which survey", "how was that measured"), into out
 * (size bytes), when a word the article knows, not a subject's name, is
 * left beside them: such a phrase asks where what the rest names comes
 * from, or how it was worked out, and is no topic of its own ("data",
 * "survey" or "benchmark" would leave the rest uncovered or find another
 * claim).  A method phrase may name what its "that" refers back to
 * ("whats that list based on": ask_phrase_at_named()).  The longest
 * phrase at a word wins.  *kind: 0 none, 1 a source
 * asked, 2 a method asked (with or without a source).  Returns the length
 * of out, or 0 when nothing is left out.
 */
static size_t
ask_evidence(const struct kb *kb, const char *text, size_t len, char *out,
    size_t size, int *kind)
{
	const struct kb_phrases *ph = &kb->phrases;
	static struct ask_raw_text rt;		/* large; one thread */
	static struct kb_query q;		/* large; one thread */
	const struct kb_phrase_chain *ch = &kb->evidence_asks_by_word;
	const struct ask_raw *w = rt.w;
	size_t n, i, k, m, best, o = 0, from = 0;
	int method, changed = 0;
	int32_t t, e;

	*kind = 0;
	if (ph->nevidence_asks + ph->nmethod_asks == 0 || len + 1 > size)
		return 0;
	rt.text = NULL;
	n = ask_raw_text(&rt, text, len);
	for (i = 0; i < n; i++) {
		best = 0;
		method = 0;
		if (ch->next != NULL) {
			/* only the phrases of the word's first word, most
			 * words none: the longest, a method's of equal length
			 * before a source's, as the lists' walk below */
			size_t bm = 0, be = 0;

			for (e = kb_phrase_chain_word(ch, w[i].w,
			    strlen(w[i].w)); e >= 0; e = ch->next[e]) {
				if ((size_t)e < ph->nmethod_asks) {
					m = ask_phrase_at_named(ph, w, n, i,
					    ch->phrase[e]);
					if (m > bm)
						bm = m;
				} else if ((m = ask_phrase_at(w, n, i,
				    ch->phrase[e])) > be)
					be = m;
			}
			best = bm >= be ? bm : be;
			method = bm > 0 && bm >= be;
		} else {
			for (k = 0; k < ph->nmethod_asks; k++)
				if ((m = ask_phrase_at_named(ph, w, n, i,
				    ph->method_asks[k])) > best) {
					best = m;
					method = 1;
				}
			for (k = 0; k < ph->nevidence_asks; k++)
				if ((m = ask_phrase_at(w, n, i,
				    ph->evidence_asks[k])) > best) {
					best = m;
					method = 0;
				}
		}
		if (best == 0)
			continue;
		if (method || *kind == 0)
			*kind = method ? 2 : 1;
		o = ask_put(out, o, text + from, w[i].start - from);
		from = w[i + best - 1].end;
		i += best - 1;
		changed = 1;
	}
	if (!changed) {
		*kind = 0;
		return 0;
	}
	o = ask_put(out, o, text + from, len - from);
	out[o] = '\0';
	kb_normalize(kb, out, o, 0, &q);
	for (i = 0; i < q.n; i++)
		if (q.subject[i] < 0 && q.term[i] != NULL &&
		    (t = strmap_get(&kb->vocab, q.term[i])) >= 0 &&
		    kb->terms[t].npost > 0)
			return o;
	*kind = 0;
	return 0;
}

/* Is claim c on no one subject (one that no word names: "both")? */
int
ask_on_both(const struct kb *kb, const struct kb_claim *c)
{
	size_t s;

	for (s = 0; s < kb->nsubjects; s++)
		if (c->subject == &kb->subjects[s])
			return kb->subject_term[s] == NULL;
	return 0;
}

/*
 * Answer a to a message that also asked where what it names comes from
 * (kind 1) or how it was worked out (kind 2), as ask_evidence() read it:
 * when the lead claim's source has no year (the article's own telling)
 * and a claim of the same subject and topic from a dated study is found
 * nearly as well (ASK_EVIDENCE_NEAR), that finding leads ("rust is hard
 * to learn, any data?": the survey's 62%, not the article's word); the
 * lead's source is then said first (a->source_asked).  A method asked:
 * the claim on no one subject from the lead's own dated source that
 * shares a topic with it (a ranking's method, told once for both) follows
 * the lead; with none, the answer says the article gives no method
 * (a->no_method).  An answer led by a figure or a table row keeps its
 * order: its lead line is that claim's.
 */
static void
ask_evidence_answer(const struct kb *kb, int kind, struct kb_answer *a)
{
	const struct kb_claim *lead, *c = NULL;
	const struct kb_hit *h;
	size_t i, k, n;

	if (kind == 0 || a->nclaims == 0 || !a->res.covered)
		return;
	lead = a->claims[0];
	if (a->lead_figure < 0 && a->lead_row < 0 && lead->source != NULL &&
	    lead->source->year == 0) {
		for (i = 1; i < a->res.nhits; i++) {
			h = &a->res.hits[i];
			if (h->score < ASK_EVIDENCE_NEAR * a->res.hits[0].score)
				break;
			if (h->coverage >= a->res.hits[0].coverage &&
			    h->claim->source != NULL &&
			    h->claim->source->year != 0 &&
			    h->claim->subject == lead->subject &&
			    ask_same_topic(h->claim, lead)) {
				c = h->claim;
				break;
			}
		}
	}
	if (c != NULL) {
		/* the finding first, the rest after it in their order */
		for (k = 0; k < a->nclaims && a->claims[k] != c; k++)
			;
		if (k == a->nclaims)
			k = a->nclaims < KB_ANSWER_MAX ? a->nclaims++ :
			    KB_ANSWER_MAX - 1;
		for (; k > 0; k--)
			a->claims[k] = a->claims[k - 1];
		a->claims[0] = c;
		lead = c;
	}
	a->source_asked = 1;
	if (kind != 2)
		return;
	for (c = NULL, i = 0; lead->source != NULL && lead->source->year !=
	    0 && i < kb->nclaims && c == NULL; i++)
		if (&kb->claims[i] != lead && kb->claims[i].source ==
		    lead->source && ask_on_both(kb, &kb->claims[i]) &&
		    ask_same_topic(&kb->claims[i], lead))
			c = &kb->claims[i];
	if (c == NULL) {
		a->no_method = 1;
		return;
	}
	for (k = 0; k < a->nclaims && a->claims[k] != c; k++)
		;
	if (k < a->nclaims)
		return;
	n = a->nclaims < KB_ANSWER_MAX ? a->nclaims + 1 : KB_ANSWER_MAX;
	for (k = n - 1; k > 1; k--)
		a->claims[k] = a->claims[k - 1];
	a->claims[1] = c;
	a->nclaims = n;
}

static void	ask_answer_framed(struct dlg *, const char *, size_t,
		    const char *, struct kb_answer *);

#define ASK_FIGURES_NAMED	4	/* figures read of one message */

/* A figure as the user wrote it ("62%", "3-4x", "188k lines"). */
struct ask_named_figure {
	double	 value, max;
	char	 unit[2];	/* "%", "x" or "" (none written) */
	char	 word[16];	/* with none, the word after it ("lines") */
};

/*
 * The number written at text[*at] (digits, "." and "," inside, a "k"
 * right after it for thousands), into *v; *at is moved past it.  Returns
 * the digits read, 0 when none.
 */
static size_t
ask_read_number(const char *text, size_t len, size_t *at, double *v)
{
	char buf[32];
	size_t i = *at, n = 0, digits = 0;

	while (i < len && n + 1 < sizeof(buf) &&
	    (isdigit((unsigned char)text[i]) || ((text[i] == '.' ||
	    text[i] == ',') && i + 1 < len &&
	    isdigit((unsigned char)text[i + 1]) && n > 0))) {
		if (text[i] != ',')
			buf[n++] = text[i];
		if (isdigit((unsigned char)text[i]))
			digits++;
		i++;
	}
	if (digits == 0)
		return 0;
	buf[n] = '\0';
	*v = strtod(buf, NULL);
	if (i < len && (text[i] == 'k' || text[i] == 'K') && (i + 1 == len ||
	    !isalpha((unsigned char)text[i + 1]))) {
		*v *= 1000;
		i++;
	}
	*at = i;
	return digits;
}

/*
 * The figures text (len bytes) writes with digits, at most max into out:
 * a number or a range ("3-4"), with "%" or "x" right after it as its
 * unit; a four-digit number with no unit that ask_is_year() takes is a
 * year, no figure.  Returns how many.
 */
static size_t
ask_named_figures(const struct kb *kb, const char *text, size_t len,
    struct ask_named_figure *out, size_t max)
{
	struct ask_named_figure f;
	size_t i = 0, n = 0, k, w, digits;

	while (i < len && n < max) {
		if (!isdigit((unsigned char)text[i]) || (i > 0 &&
		    isalpha((unsigned char)text[i - 1]))) {
			i++;
			continue;
		}
		digits = ask_read_number(text, len, &i, &f.value);
		f.max = f.value;
		if (i + 1 < len && text[i] == '-' && (isdigit((unsigned char)
		    text[i + 1]) || text[i + 1] == '$')) {
			i += 1 + (text[i + 1] == '$');
			if (ask_read_number(text, len, &i, &f.max) == 0)
				f.max = f.value;
		}
		f.unit[0] = f.unit[1] = '\0';
		if (i < len && text[i] == '%')
			f.unit[0] = '%';
		else if (i < len && (text[i] == 'x' || text[i] == 'X') &&
		    (i + 1 == len || !isalnum((unsigned char)text[i + 1])))
			f.unit[0] = 'x';
		while (i < len && isalnum((unsigned char)text[i]))
			i++;	/* "1.18beta", "2nd": not read on */
		for (k = i; k < len && text[k] == ' '; k++)
			;
		for (w = 0; k < len && w + 1 < sizeof(f.word) &&
		    isalpha((unsigned char)text[k]); k++)
			f.word[w++] = (char)tolower((unsigned char)text[k]);
		f.word[w] = '\0';
		if (f.unit[0] == '\0' && f.max == f.value && digits == 4 &&
		    ask_is_year(kb, (long)f.value))
			continue;
		out[n++] = f;
	}
	return n;
}

/*
 * Is the unit of figure g what f writes: its "%" or "x", or with none
 * the word after the number, the unit or its plural ("188k lines")?  A
 * bare number ("top 10") is no figure of a claim's.
 */
static int
ask_named_unit(const struct kb_figure *g, const struct ask_named_figure *f)
{
	size_t l;

	if (g->unit == NULL)
		return 0;
	if (f->unit[0] != '\0')
		return strcmp(g->unit, f->unit) == 0;
	l = strlen(g->unit);
	return l > 0 && strncasecmp(f->word, g->unit, l) == 0 &&
	    (f->word[l] == '\0' || (f->word[l] == 's' &&
	    f->word[l + 1] == '\0'));
}

/* Does claim c hold one of the n figures of named (value, range, unit)? */
static int
ask_holds_named(const struct kb_claim *c, const struct ask_named_figure *named,
    size_t n)
{
	const struct kb_figure *g;
	size_t i, k;

	for (i = 0; i < c->nfigures; i++) {
		g = &c->figures[i];
		for (k = 0; k < n; k++)
			if (g->value == named[k].value &&
			    g->max == named[k].max &&
			    ask_named_unit(g, &named[k]))
				return 1;
	}
	return 0;
}

/*
 * How far claim c's source stands behind its figures on its own: 2 a
 * dated source (a survey, a report), 1 an undated one that is not the
 * article's own (its comparison table's source: TechEmpower), 0 the
 * article's own telling.
 */
static int
ask_source_rank(const struct kb *kb, const struct kb_claim *c)
{
	size_t i;

	if (c->source == NULL)
		return 0;
	if (c->source->year != 0)
		return 2;
	for (i = 0; i < kb->nclaims; i++)
		if (kb->claims[i].source == c->source &&
		    strcmp(kb->claims[i].kind, "table") == 0)
			return 0;
	return 1;
}

#define ASK_FRAME_GAP	6	/* words the user writes inside a frame */

/*
 * The words of squashed sq from *p that phrase (squashed, not empty)
 * begins whole: *p is moved past them.  Returns whether it does.
 */
static int
ask_sq_phrase_at(const char **p, const char *phrase)
{
	size_t l = strlen(phrase);

	if (strncmp(*p, phrase, l) != 0 || ((*p)[l] != '\0' &&
	    (*p)[l] != ' '))
		return 0;
	*p += l;
	while (**p == ' ')
		(*p)++;
	return 1;
}

/*
 * Does squashed sq hold one of phrases.reading.source_frames ("where *
 * from"): the words before its "*" at a word of sq (none: sq's first),
 * then 1 to ASK_FRAME_GAP words of the user's own, then the words after
 * it (none: sq's end)?
 */
int
ask_source_frame(const struct kb_phrases *ph, const char *sq)
{
	const char *p, *q, *open, *close;
	size_t f, gap;

	for (f = 0; f < ph->nsource_frames; f++) {
		open = ph->source_frames[2 * f];
		close = ph->source_frames[2 * f + 1];
		for (p = sq; *p != '\0'; ) {
			q = p;
			if (open[0] == '\0' ? p == sq :
			    ask_sq_phrase_at(&q, open))
				for (gap = 0; *q != '\0' &&
				    gap < ASK_FRAME_GAP; gap++) {
					q = strchr(q, ' ');
					q = q == NULL ? "" : q + 1;
					if (close[0] == '\0' ? *q == '\0' :
					    ask_sq_phrase_at(&(const char *){ q },
					    close))
						return 1;
				}
			if ((p = strchr(p, ' ')) == NULL)
				break;
			p++;
		}
	}
	return 0;
}

/*
 * A message that asks where a figure it writes comes from ("where does
 * the 62% come from?", "source for the 12% of api calls?"): a phrase of
 * phrases.reading.source_words, evidence_asks or method_asks or a frame
 * of source_frames in squashed sq, none of date_asks (a date asked is the source step's), and a figure
 * written with digits that claims hold (ask_named_figures()).  The claims
 * holding it answer, from the source that stands behind it first
 * (ask_source_rank()), then those holding more of the message's own
 * words, then in the article's order; the answer names the lead's source
 * first (a->source_asked).  An answer already led by such a claim with
 * its source named stands.  Returns whether a was so answered.
 */
static int
ask_figure_source(struct dlg *d, const char *text, size_t len,
    const char *sq, struct kb_answer *a)
{
	static struct kb_query q;			/* large; one thread */
	const struct kb *kb = d->kb;
	const struct kb_phrases *ph = &kb->phrases;
	struct ask_named_figure named[ASK_FIGURES_NAMED];
	const struct kb_claim *best[KB_ANSWER_MAX], *c;
	int rank[KB_ANSWER_MAX], said[KB_ANSWER_MAX], r, w;
	size_t nf, i, k, j, n = 0;

	/* most messages write no figure: that is looked at first */
	if ((nf = ask_named_figures(kb, text, len, named,
	    ASK_FIGURES_NAMED)) == 0)
		return 0;
	if (!(kb_phrase_chain_has(&kb->source_words_by_word,
	    ph->source_words, ph->nsource_words, sq) ||
	    (ph->nevidence_asks > 0 && text_has_phrase(sq,
	    ph->evidence_asks, ph->nevidence_asks)) ||
	    (ph->nmethod_asks > 0 && text_has_phrase(sq, ph->method_asks,
	    ph->nmethod_asks)) || ask_source_frame(ph, sq)) ||
	    (ph->ndate_asks > 0 &&
	    text_has_phrase(sq, ph->date_asks, ph->ndate_asks)))
		return 0;
	if (a->nclaims > 0 && a->source_asked && a->res.covered &&
	    ask_holds_named(a->claims[0], named, nf))
		return 0;
	kb_normalize(kb, text, len, 0, &q);
	for (i = 0; i < kb->nclaims; i++) {
		c = &kb->claims[i];
		if (!ask_holds_named(c, named, nf))
			continue;
		r = ask_source_rank(kb, c);
		for (w = 0, k = 0; k < q.n; k++)
			if (!q.stop[k] && q.subject[k] < 0 &&
			    q.term[k] != NULL && kb_term_said(kb, q.term[k], c))
				w++;
		/* the first place it beats, kept in order */
		for (k = 0; k < n && (rank[k] > r || (rank[k] == r &&
		    said[k] >= w)); k++)
			;
		if (k >= KB_ANSWER_MAX)
			continue;
		if (n < KB_ANSWER_MAX)
			n++;
		for (j = n - 1; j > k; j--) {
			best[j] = best[j - 1];
			rank[j] = rank[j - 1];
			said[j] = said[j - 1];
		}
		best[k] = c;
		rank[k] = r;
		said[k] = w;
	}
	if (n == 0)
		return 0;
	for (k = 0; k < n; k++)
		a->claims[k] = best[k];
	a->nclaims = n;
	a->res.covered = 1;
	a->res.coverage = 1;
	a->lead_row = a->lead_figure = a->other_subject = -1;
	a->lead_winner = a->no_figure = a->parts_over = 0;
	a->table_source = a->no_method = 0;
	a->nmissing = 0;
	a->source_asked = 1;
	return 1;
}

/*
 * The article's sources asked for as a whole ("list the sources", "what
 * sources does the article use": a phrases.reading.source_list_cues
 * phrase in squashed sq, and no subject named, which asks of that
 * subject's figures instead): a holds, as examples, the first claim of
 * each of the first KB_ANSWER_MAX sources (sources.json order) that a
 * claim cites, the article's own ("own") left out, and a->source_list
 * set, so that the reply leads with every such source by name.  Returns
 * whether it did; a is untouched when not.  Why: the search found two
 * or three claims that mention charts, not the list asked for.
 */
static int
ask_source_list(const struct kb *kb, const char *text, size_t len,
    const char *sq, struct kb_answer *a)
{
	static struct kb_query q;		/* large; one thread */
	static const struct kb_result none;
	const struct kb_phrases *ph = &kb->phrases;
	size_t i, k, nsubj, ncontent, n = 0;
	unsigned subjects;

	if (ph->nsource_list_cues == 0 ||
	    !kb_phrase_chain_has(&kb->source_list_cues_by_word,
	    ph->source_list_cues, ph->nsource_list_cues, sq))
		return 0;
	kb_normalize(kb, text, len, 0, &q);
	ask_count(&q, &nsubj, &ncontent, &subjects);
	if (nsubj > 0)
		return 0;
	kb_answer_from(&none, a);
	for (i = 0; i < kb->nsources && n < KB_ANSWER_MAX; i++) {
		if (kb->sources[i].own || kb->sources[i].nclaims == 0)
			continue;
		for (k = 0; k < kb->nclaims; k++)
			if (kb->claims[k].source == &kb->sources[i]) {
				a->claims[n++] = &kb->claims[k];
				break;
			}
	}
	if (n == 0)
		return 0;
	a->nclaims = n;
	a->res.covered = 1;
	a->res.coverage = 1;
	a->source_list = 1;
	return 1;
}

/*
 * Does the answer a to squashed question sq compare the subjects with a
 * claim that never does?  When the lead claim sets both against a third
 * thing only (kb_claim.against: "quick build cycles relative to C++")
 * and sq compares (ask_compares()) without naming that thing, the claim
 * would read as ranking the two ("which is faster to compile?"): the
 * answer says first that the article does not (a->unranked).  One
 * naming the thing ("faster to compile than c++?") asks the claim's own
 * comparison and is answered by it as it stands.  Bounded by sq's words.
 */
static void
ask_unranked(const struct kb *kb, const char *sq, struct kb_answer *a)
{
	char th[128];
	const char *list[1];

	if (a->nclaims == 0 || !a->res.covered ||
	    a->claims[0]->against == NULL || !ask_compares(kb, sq))
		return;
	if (kb_squash(a->claims[0]->against, strlen(a->claims[0]->against),
	    th, sizeof(th)) > 0) {
		list[0] = th;
		if (text_has_phrase(sq, list, 1))
			return;
	}
	a->unranked = 1;
}

/*
 * ask_answer_framed(), its phrases asking for a source or a method left
 * out (ask_evidence()) when the article covers all of the rest
 * (ASK_EVIDENCE_WHOLE), else of the whole message; the answer told as
 * ask_evidence_answer() says.
 */
static void
ask_answer_asked(struct dlg *d, const char *text, size_t len, const char *sq,
    struct kb_answer *a)
{
	static char bare[512], bsq[512];	/* one thread */
	size_t n;
	int kind = 0;

	if (ask_source_list(d->kb, text, len, sq, a))
		return;
	/* the rest is what is asked only when the article holds all of
	 * it: "which benchmark compared python and java" asks of a
	 * benchmark, and without it the rest would find a stray claim */
	if ((n = ask_evidence(d->kb, text, len, bare, sizeof(bare),
	    &kind)) > 0) {
		kb_squash(bare, n, bsq, sizeof(bsq));
		ask_answer_framed(d, bare, n, bsq, a);
		if (a->nclaims > 0 && a->res.coverage >= ASK_EVIDENCE_WHOLE) {
			ask_evidence_answer(d->kb, kind, a);
			(void)ask_figure_source(d, text, len, sq, a);
			return;
		}
	}
	ask_answer_framed(d, text, len, sq, a);
	ask_evidence_answer(d->kb, kind, a);
	(void)ask_figure_source(d, text, len, sq, a);
	ask_unranked(d->kb, sq, a);
}

/*
 * Is unit one of the units of the lexicon focus_words group that holds
 * rate_asks[0] ("salary": USD)?  A short scan of the groups.
 */
static int
ask_rate_unit(const struct kb *kb, const char *unit)
{
	const struct kb_phrases *ph = &kb->phrases;
	const struct kb_focus_group *g;
	size_t i, j, u;

	for (i = 0; ph->nrate_asks > 0 && i < kb->nfocus_groups; i++) {
		g = &kb->focus_groups[i];
		for (j = 0; j < g->nwords; j++)
			if (strcmp(g->words[j], ph->rate_asks[0]) == 0)
				break;
		for (u = 0; j < g->nwords && u < g->nunits; u++)
			if (strcmp(g->units[u], unit) == 0)
				return 1;
	}
	return 0;
}

/*
 * Does squashed sq ask for pay per a period: a phrase of
 * phrases.reading.rate_periods ("per hour", "a month", "day rate") or
 * of rate_years ("a year", "annually": the period the pay figures are
 * given per) at word bounds, and a word of rate_asks anywhere
 * ("salary", "rate", "earn")?  One word of them between a determiner
 * and a word that is no pay word ("a daily batch job") describes a
 * thing and asks no pay.  A phrase right after a scope_words or
 * figure_scope_words word is a span of time ("in a month"), not asked
 * per.  Then out (outsz bytes) gets sq read as pay, and the length of
 * out is returned; else 0.  With form 0 the first such phrase is read
 * as rate_asks[0] ("whats a rust devs hourly rate" asks "whats a rust
 * devs salary"); with form 1, only when the word right before the
 * phrase is another word of rate_asks (a pay verb of that period:
 * "make per hour", not "make sense for a weekly job"), the phrase is
 * dropped and that word read as rate_asks[0] ("how much do rust devs
 * make per hour" asks "how much do rust devs salary": "make salary"
 * would read a count); else form 1 is 0.  period
 * (TEXT_TOKEN_MAX bytes) gets the phrase, or "" for one of rate_years,
 * which the figures hold.  One pass over the words, each tried against
 * the two short lists, and one more to build out.
 */
static size_t
ask_rate_period(const struct kb *kb, const char *sq, int form, char *out,
    size_t outsz, char *period)
{
	const struct kb_phrases *ph = &kb->phrases;
	const char *p, *at = NULL, *q, *prev = NULL, *verb = NULL;
	size_t len, i, plen = 0, o = 0, wl, prevlen = 0;
	int n, scoped, after_scope = 0, year = 0;

	if ((ph->nrate_periods == 0 && ph->nrate_years == 0) ||
	    ph->nrate_asks == 0 ||
	    !kb_listed_more_word(ph, sq, KB_MORE_RATE_ASK))
		return 0;
	for (p = sq; *p != '\0'; prev = p, prevlen = len,
	    p += len, p += text_space_len(p)) {
		if ((len = text_word_len(p)) == 0)
			break;
		/* "learn rust in a month and make money": after a scope
		 * word the period is a span of time, not a rate */
		scoped = (kb_listed(ph, p, len) & (KB_LISTED_SCOPE |
		    KB_LISTED_FIGURE_SCOPE)) != 0;
		if (after_scope) {
			after_scope = scoped;
			continue;
		}
		after_scope = scoped;
		for (i = 0; at == NULL && i < ph->nrate_years; i++)
			if (text_begins(p, ph->rate_years[i], &plen) &&
			    (p[plen] == ' ' || p[plen] == '\0'))
				at = p, year = 1;
		for (i = 0; at == NULL && i < ph->nrate_periods; i++)
			if (text_begins(p, ph->rate_periods[i], &plen) &&
			    (p[plen] == ' ' || p[plen] == '\0'))
				at = p;
		if (at != NULL)		/* prev stays the word before */
			break;
	}
	if (at == NULL)
		return 0;
	/* "does go make a daily batch job simpler": a one-word period
	 * after a determiner (object_determiners, scope_determiners) and
	 * before a word that is no pay word describes a thing, as an
	 * adjective does, and asks no pay; "the weekly pay" still does */
	q = at + plen + text_space_len(at + plen);
	if (memchr(at, ' ', plen) == NULL && prev != NULL &&
	    (ask_in_list(prev, prevlen, ph->object_determiners,
	    ph->nobject_determiners) || ask_in_list(prev, prevlen,
	    ph->scope_determiners, ph->nscope_determiners)) &&
	    (wl = text_word_len(q)) > 0 &&
	    (kb_listed_more(ph, q, wl) & KB_MORE_RATE_ASK) == 0)
		return 0;
	if (prev != NULL &&
	    (kb_listed_more(ph, prev, prevlen) & KB_MORE_RATE_ASK) != 0 &&
	    !(prevlen == strlen(ph->rate_asks[0]) &&
	    memcmp(prev, ph->rate_asks[0], prevlen) == 0))
		verb = prev;
	(void)snprintf(period, TEXT_TOKEN_MAX, "%.*s", year ? 0 : (int)plen,
	    at);
	if (form == 0) {
		n = snprintf(out, outsz, "%.*s%s%s", (int)(at - sq), sq,
		    ph->rate_asks[0], at + plen);
		return n <= 0 || (size_t)n >= outsz ? 0 : (size_t)n;
	}
	if (verb == NULL)
		return 0;
	/* form 1: the words outside the phrase, the pay verb before it
	 * read as rate_asks[0]; bounded by sq's words */
	for (q = sq; *q != '\0'; q += wl, q += text_space_len(q)) {
		if (q == at) {
			wl = plen;
			continue;
		}
		if ((wl = text_word_len(q)) == 0)
			break;
		if (q == verb)
			n = snprintf(out + o, outsz - o, "%s%s", o ? " " : "",
			    ph->rate_asks[0]);
		else
			n = snprintf(out + o, outsz - o, "%s%.*s", o ? " " : "",
			    (int)wl, q);
		if (n < 0 || (size_t)n >= outsz - o)
			return 0;
		o += (size_t)n;
	}
	return o;
}

/*
 * The answer to a question (ask_answer_asked()); one asking for pay per
 * a period (ask_rate_period(): "rust salary per hour in the us?",
 * "what's the median pay per month", "how much do go devs make a
 * year") is asked read as pay, each of the two forms in turn, and the
 * first answer that is covered, names nothing as lacking (a reading
 * that leaves a word unheard, "does rust make sense for a weekly cron
 * job" lacking "sense", is not one of pay) and whose first claim gives
 * a figure of a unit of the lexicon's pay group (the article's yearly
 * medians) is taken; when it does not say the period (none for one of rate_years)
 * the answer names the period as what the article lacks: the yearly
 * figure, said to be only what it has.  Otherwise the question is
 * asked as written, the frame as it was before: the reader, unsure,
 * gives what the question alone gives.
 */
void
ask_answer(struct dlg *d, const char *text, size_t len, const char *sq,
    struct kb_answer *a)
{
	static char rsq[512];			/* one thread */
	static struct dlg_frame before;		/* one thread */
	static struct kb_answer given;		/* large; one thread */
	char period[TEXT_TOKEN_MAX];
	size_t n, i;
	int form, tried = 0;

	for (form = 0; form < 2; form++) {	/* the two forms */
		if ((n = ask_rate_period(d->kb, sq, form, rsq, sizeof(rsq),
		    period)) == 0)
			continue;
		if (!tried) {
			before = d->frame;
			given = *a;
			tried = 1;
		} else {
			d->frame = before;
			*a = given;
		}
		ask_answer_asked(d, rsq, n, rsq, a);
		for (i = 0; a->nclaims > 0 && a->res.covered &&
		    a->nmissing == 0 && i < a->claims[0]->nfigures; i++)
			if (ask_rate_unit(d->kb, a->claims[0]->figures[i].unit))
				break;
		if (!(a->nclaims > 0 && a->res.covered && a->nmissing == 0 &&
		    i < a->claims[0]->nfigures))
			continue;
		if (period[0] != '\0' &&
		    !ask_held(d->kb, period, strlen(period), a->claims[0]))
			(void)snprintf(a->missing[a->nmissing++],
			    TEXT_TOKEN_MAX, "%s", period);
		return;
	}
	if (tried) {
		d->frame = before;
		*a = given;
	}
	ask_answer_asked(d, text, len, sq, a);
}

/*
 * The answer to a message (ask_answer_whole()); when the message
 * declined whole is one question framed by sentences of another kind
 * (ask_framed(): "cto at a small shop. a board member keeps saying 'x'.
 * what share of companies use rust?"), the question sentence decides:
 * words of the framing the article never uses do not make the question
 * uncovered, so the question alone is answered when the article covers
 * it (the frame of the conversation is then the question's), and the
 * whole message's decline stands when it does not.  So is a count the
 * whole message answers with no figure first ("my manager keeps saying
 * 'x'. how many devs use go at work?": a claim found by "team") when
 * the question alone leads with one, in full and of its own subject.
 */
static void
ask_answer_framed(struct dlg *d, const char *text, size_t len, const char *sq,
    struct kb_answer *a)
{
	static struct kb_answer qa;			/* large; one thread */
	static struct dlg_frame before, after;		/* one thread */
	char qsq[512];
	size_t from, n;

	before = d->frame;
	ask_answer_whole(d, text, len, sq, a);
	/* a count asked whose whole answer leads with no figure may be
	 * answered by another claim, found by the framing's words */
	if ((a->nclaims > 0 && (a->lead_figure >= 0 || a->no_figure)) ||
	    (n = ask_framed(d->kb, text, len, &from)) == 0) {
		ask_last_named(d, &before, text, len, a);
		return;
	}
	after = d->frame;
	d->frame = before;
	kb_squash(text + from, n, qsq, sizeof(qsq));
	ask_answer_whole(d, text + from, n, qsq, &qa);
	if (qa.nclaims > 0 && (a->nclaims == 0 || (qa.lead_figure >= 0 &&
	    qa.res.covered && qa.nmissing == 0 && qa.other_subject < 0))) {
		*a = qa;
		return;
	}
	d->frame = after;
	ask_last_named(d, &before, text, len, a);
}

/*
 * Does squashed sq open with one of phrases.reading.instance_words
 * ("which", "what") followed by a word no claim uses ("vscode" of "which
 * vscode extension should i use for go?"), not a stopword, a subject, a
 * number or a word of a reading list ("id" of "what i'd write")?  That word names what is asked for, which the article does
 * not name.
 */
static int
ask_unknown_object(const struct kb *kb, const char *sq)
{
	const struct kb_phrases *ph = &kb->phrases;
	struct kb_query one;
	const char *p;
	size_t len = text_word_len(sq);

	if (sq[len] != ' ' || !ask_in_list(sq, len, ph->instance_words,
	    ph->ninstance_words))
		return 0;
	p = sq + len + 1;
	/* "what i'd write": a word of a reading list is no object */
	if ((len = text_word_len(p)) < 2 ||
	    (kb_listed(ph, p, len) & KB_LISTED_READING) != 0)
		return 0;
	kb_normalize(kb, p, len, 0, &one);
	return one.n == 1 && !one.stop[0] && one.subject[0] < 0 &&
	    !text_is_number(one.raw[0]) && !ask_in_claims(kb, &one);
}

/*
 * Is the first word of text (w bytes) a negated auxiliary ("isn't",
 * "wouldn\u2019t"), which the tokenizer reads as the auxiliary and "not"
 * (text.c): a question's start, unlike "we're", which squashes to
 * another word ("were")?
 */
static int
ask_negated_start(const char *text, size_t w)
{
	return (w > 3 && strncmp(text + w - 3, "n't", 3) == 0) ||
	    (w > 5 && strncmp(text + w - 5, "n\xe2\x80\x99t", 5) == 0);
}

/*
 * Should a question about the user's own case, asking for no verdict, be
 * answered from the article (into a)?  Yes when the article covers it,
 * and when it does not but names none of the article's subjects ("how do
 * I set up a Python virtualenv?": a decline, not a profile read from
 * "python"), or asks for a thing no claim names (ask_unknown_object():
 * "which vscode extension should i use for go?", declined).  It must begin like a question (phrases.reading.
 * question_starts).  Otherwise the caller reads it as a description.
 */
int
ask_own(struct dlg *d, const char *text, size_t len, const char *sq,
    struct kb_answer *a)
{
	const struct kb_phrases *ph = &d->kb->phrases;
	struct kb_query q;
	size_t nsubj, ncontent, w;
	unsigned subjects;

	/* it must begin as a question ("do I", "how do we"): a description
	 * ending in one ("we run ..., which language?") is a description;
	 * "we're" squashes to "were", which is not a question's start here */
	w = strcspn(text, " \t");
	if (ask_negated_start(text, w)) {
		if (!ask_starts_negated(sq, ph->question_starts,
		    ph->nquestion_starts))
			return 0;
	} else if (!ask_starts(sq, ph->question_starts,
	    ph->nquestion_starts) || memchr(text, '\'', w) != NULL ||
	    memchr(text, '\xe2', w) != NULL)
		return 0;
	/* "which vscode extension should i use for go?": what is asked
	 * for is a thing no claim names */
	if (ask_unknown_object(d->kb, sq)) {
		struct kb_result none;

		(void)memset(&none, 0, sizeof(none));
		kb_answer_from(&none, a);
		return 1;
	}
	ask_answer(d, text, len, sq, a);
	if (a->nclaims > 0)
		return 1;
	kb_normalize(d->kb, text, len, 0, &q);
	ask_count(&q, &nsubj, &ncontent, &subjects);
	return nsubj == 0;
}

/*
 * Length of the longest phrase of list[0..n) that word w of a squashed
 * text begins with, as whole words; 0 for none.
 */
static size_t
ask_stance_phrase(const char *w, const char *const *list, size_t n)
{
	size_t i, len, best = 0;

	for (i = 0; i < n; i++)
		if (list[i][0] == w[0] && text_begins(w, list[i], &len) &&
		    (w[len] == ' ' || w[len] == '\0') && len > best)
			best = len;
	return best;
}

/*
 * Length of the stance framing that word w of a squashed text begins
 * with (a phrases.reading.stance_refs phrase, setting *refs, or a
 * stance_words one, setting *stance); 0 for none.
 */
static size_t
ask_stance_framing(const struct kb_phrases *ph, const char *w, int *refs,
    int *stance)
{
	size_t n;

	if ((n = ask_stance_phrase(w, ph->stance_refs, ph->nstance_refs)) > 0)
		*refs = 1;
	else if ((n = ask_stance_phrase(w, ph->stance_words,
	    ph->nstance_words)) > 0)
		*stance = 1;
	return n;
}

/*
 * Is squashed sq a question for what the article favours for a use it
 * names ("which does the article lean towards for wasm?", "what would
 * the author prefer for proxies"): a phrases.reading.stance_refs phrase
 * and a stance_words one beside words of content that ask_stance() does
 * not take?  The article's stance is no answer to it, nor its framing
 * words ("lean towards", "the author") a topic: the rest is searched,
 * and 1 returned with a when it finds claims (the framework's rule for
 * that use), else 0.  A word of the user or the advisor ("not after your
 * opinion, just tell me: does the author crown one?") keeps it a
 * question of the stance: 0, unless told is set: sq then holds the
 * user's own description after the question, whose first-person words
 * are left out.
 */
int
ask_stance_use(struct dlg *d, const char *sq, int told, struct kb_answer *a)
{
	const struct kb *kb = d->kb;
	const struct kb_phrases *ph = &kb->phrases;
	char rest[512];
	const char *w;
	size_t n, at = 0;
	int refs = 0, stance = 0;

	if (ph->nstance_refs == 0 || ph->nstance_words == 0 ||
	    !kb_phrase_chain_has(&kb->stance_words_by_word, ph->stance_words,
	    ph->nstance_words, sq) || !kb_phrase_chain_has(
	    &kb->stance_refs_by_word, ph->stance_refs, ph->nstance_refs, sq))
		return 0;
	rest[0] = '\0';
	for (w = sq; *w != '\0'; w += n, w += text_space_len(w)) {
		if ((n = ask_stance_framing(ph, w, &refs, &stance)) > 0)
			continue;
		n = text_word_len(w);
		/* "just tell me: does the author crown one?" asks the
		 * stance, in the user's or the advisor's words; beside the
		 * work told, the user's words are left out */
		if (kb_listed(ph, w, n) & (KB_LISTED_PERSON |
		    KB_LISTED_ADDRESSEE)) {
			if (!told)
				return 0;
			continue;
		}
		at = text_append_word(rest, sizeof(rest), at, w, n);
	}
	if (!refs || !stance || rest[0] == '\0')
		return 0;
	ask_answer(d, rest, strlen(rest), rest, a);
	return a->nclaims > 0;
}

/*
 * Is squashed sq (a question) about the article's own overall stance:
 * does it hold a phrases.reading.stance_refs phrase (the article, its
 * writer: "the author", "this write-up") and a stance_words one ("pick a
 * winner", "biased", "prefer", "come out on top"), every other word being
 * a stopword, a filler, a general_refs phrase or a subject's name ("is
 * the author biased toward rust?")?  Then a holds the claims of the
 * dialogue's "stance" caveat, the article's own position, and 1 is
 * returned.  A word of anything else ("what does the author say about
 * kernel drivers' latency?") leaves it to the search: 0.
 * Without a stance_refs phrase, a question that names two subjects or
 * more as rivals with a stance_words phrase and otherwise only those words and
 * question words ("who comes out ahead overall, go or rust?") asks the
 * same, when no verdict was given and the user told nothing one could
 * rest on (dialogue_has_basis): the article's stance is all there is to
 * say.  A word of the user or the advisor ("which would you pick, rust
 * or go?") keeps it a request for the verdict.
 */
int
ask_stance(const struct dlg *d, const char *sq, struct kb_answer *a)
{
	const struct kb *kb = d->kb;
	const struct kb_phrases *ph = &kb->phrases;
	const struct kb_caveat *cv = kb->dialogue.stance;
	struct kb_query one;
	const char *w;
	size_t n;
	int refs = 0, stance = 0, rivals;
	unsigned named = 0;

	if (cv == NULL || ph->nstance_refs == 0 || ph->nstance_words == 0)
		return 0;
	/* a stance phrase is needed: most messages hold none, and are not
	 * read word by word (nor is the walk asked for a basis); a
	 * reference to the article too, but for rivals asked about before
	 * anything was told */
	if (!kb_phrase_chain_has(
	    &kb->stance_words_by_word, ph->stance_words, ph->nstance_words,
	    sq))
		return 0;
	if (kb_phrase_chain_has(&kb->stance_refs_by_word, ph->stance_refs,
	    ph->nstance_refs, sq))
		rivals = 0;
	else if (!(rivals = d->last_verdict < 0 && !dialogue_has_basis(d) &&
	    kb->nsubjects <= 8 * sizeof(named)))
		return 0;
	for (w = sq; *w != '\0'; w += n, w += text_space_len(w)) {
		if ((n = ask_stance_framing(ph, w, &refs, &stance)) > 0)
			continue;
		if ((n = ask_stance_phrase(w, ph->general_refs,
		    ph->ngeneral_refs)) > 0)
			continue;
		n = text_word_len(w);
		/* "which would you pick, rust or go?" asks the advisor */
		if (kb_listed(ph, w, n) & (KB_LISTED_PERSON |
		    KB_LISTED_ADDRESSEE))
			rivals = 0;
		/* a question word asks of the rivals; beside the article
		 * ("who's the author of this piece?") something else */
		if ((kb_listed(ph, w, n) & KB_LISTED_FILLER) ||
		    (rivals && (kb_listed(ph, w, n) & KB_LISTED_QUESTION)))
			continue;
		kb_normalize(kb, w, n, 0, &one);
		if (one.n == 1 && one.subject[0] >= 0)
			named |= 1u << one.subject[0];
		if (one.n == 0 || (one.n == 1 && (one.stop[0] ||
		    one.subject[0] >= 0)))
			continue;
		return 0;
	}
	/* two subjects or more named: "go or rust" */
	if (!refs && rivals)
		refs = (named & (named - 1)) != 0;
	if (!refs || !stance)
		return 0;
	kb_answer_of(cv->claims, cv->nclaims, a);
	return 1;
}
