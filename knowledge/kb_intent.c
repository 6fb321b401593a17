/* SPDX-License-Identifier: ISC */
/*
 * kb_intent.c: what kind of answer a question asks for (an amount, who,
 * why, ...), read from its opening and its words as the knowledge base's
 * lexicon declares them (lexicon.json "intents").  The search ranks the
 * claims that answer that kind higher (kb_search_query(), a claim's
 * "answers").  Nothing here knows a class: their names and words are data.
 */
#include <stdlib.h>
#include <string.h>

#include "kb.h"

#define INTENT_TEXT_MAX	512	/* bytes of a question read */

/*
 * kb->intent_memo: the last squashed question read and its intent.  The
 * engine asks the intent of one question several times a message
 * (ask_reword(), then ask_one_turn() of the same text); the intent is a
 * function of the text and the kb alone, so the memo never changes one.
 */
struct intent_memo {
	size_t	 len;			/* bytes of sq + 1; 0: empty */
	int	 intent;
	char	 sq[INTENT_TEXT_MAX];
};

static int	intent_read(const struct kb *, const char *, size_t);

/*
 * Make kb_intent_of_squashed()'s memo, once the kb is whole (out of
 * memory: none, every question is read).
 */
void
kb_intent_memo_build(struct kb *kb)
{
	kb->intent_memo = calloc(1, sizeof(struct intent_memo));
}

/*
 * kb->intent_starts, kb->intent_fillers and kb->intent_words (see kb.h)
 * for kb_intent_of(), once the lexicon and the phrases are loaded: a
 * question is then compared with the phrases that begin with its words,
 * not with every start, filler and word of every intent.  Out of memory,
 * or with an intent word that is not one word, kb_intent_of() reads the
 * lists themselves (the same result).
 */
void
kb_intent_index_build(struct kb *kb)
{
	const struct kb_phrases *ph = &kb->phrases;
	const char **phrase;
	int32_t *rank;
	size_t k, i, n = 0;

	for (k = 0; k < kb->nintents; k++)
		n += kb->intents[k].nstarts;
	if (n < ph->nfillers)
		n = ph->nfillers;
	for (i = 0, k = 0; k < kb->nintents; k++)
		i += kb->intents[k].ncues;
	if (n < i)
		n = i;
	if ((phrase = calloc(n + 1, sizeof(*phrase))) == NULL ||
	    (rank = calloc(n + 1, sizeof(*rank))) == NULL) {
		free(phrase);
		return;
	}
	for (n = 0, k = 0; k < kb->nintents; k++)
		for (i = 0; i < kb->intents[k].nstarts; i++, n++) {
			phrase[n] = kb->intents[k].starts[i];
			rank[n] = (int32_t)k;
		}
	(void)kb_phrase_chain_build(kb, &kb->intent_starts, phrase, rank, n);
	for (i = 0; i < ph->nfillers; i++) {
		phrase[i] = ph->fillers[i];
		rank[i] = (int32_t)i;
	}
	(void)kb_phrase_chain_build(kb, &kb->intent_fillers, phrase, rank,
	    ph->nfillers);
	for (n = 0, k = 0; k < kb->nintents; k++)
		for (i = 0; i < kb->intents[k].ncues; i++, n++) {
			phrase[n] = kb->intents[k].cues[i];
			rank[n] = (int32_t)k;
		}
	(void)kb_phrase_chain_build(kb, &kb->intent_cues, phrase, rank, n);
	free(phrase);
	free(rank);

	n = 0;
	for (k = 0; k < kb->nintents; k++)
		n += kb->intents[k].nwords;
	if (strmap_init(&kb->intent_words, n + 1) == -1)
		return;
	for (k = 0; k < kb->nintents; k++)
		for (i = 0; i < kb->intents[k].nwords; i++) {
			const char *w = kb->intents[k].words[i];

			if (w == NULL || w[0] == '\0')
				continue;	/* matches nothing */
			if (strchr(w, ' ') != NULL)
				goto fail;	/* not one word */
			/* the first intent holding it: its lowest k */
			if (strmap_get(&kb->intent_words, w) < 0 &&
			    strmap_put(&kb->intent_words, w, (int32_t)k) == -1)
				goto fail;
		}
	return;
fail:
	strmap_free(&kb->intent_words);
}

/*
 * The first intent (lowest k) one of whose words is a word of squashed
 * sq, or -1: what text_has_phrase() of each intent's words in turn says,
 * with one lookup per word of sq.
 */
static int32_t
intent_by_word(const struct kb *kb, const char *sq)
{
	const char *p = sq;
	int32_t best = -1, k;
	size_t len;

	while (*p != '\0') {
		while (*p == ' ')
			p++;
		if ((len = text_word_len(p)) == 0)
			break;
		k = strmap_getn(&kb->intent_words, p, len);
		if (k >= 0 && (best < 0 || k < best) && (best = k) == 0)
			break;
		p += len;
	}
	return best;
}

/*
 * The first intent (lowest k) one of whose cues squashed sq holds as
 * whole words, anywhere, or -1: what text_has_phrase() of each intent's
 * cues in turn says, with one lookup per word of sq (kb->intent_cues; a
 * cue found at a word begins with that word), or -2 when the chain is
 * not made (the caller reads the lists).
 */
static int32_t
intent_by_cue(const struct kb *kb, const char *sq)
{
	const struct kb_phrase_chain *ch = &kb->intent_cues;
	const char *p = sq;
	int32_t best = -1, e;
	size_t len;

	if (ch->next == NULL)
		return -2;
	for (;;) {
		for (len = 0; p[len] != '\0' && p[len] != ' '; len++)
			;
		for (e = kb_phrase_chain_word(ch, p, len); e >= 0;
		    e = ch->next[e])
			/* an empty cue matches nothing */
			if ((best < 0 || ch->rank[e] < best) &&
			    ch->phrase[e][0] != '\0' &&
			    kb_phrase_starts(p, ch->phrase[e]) &&
			    (best = ch->rank[e]) == 0)
				return 0;
		if (p[len] == '\0')
			return best;
		p += len + 1;
	}
}

/*
 * The length of the one of it->not_starts that opens squashed p (the
 * longest), or 0: p opens with a start of it that does not ask for it.
 */
static size_t
intent_not_start(const struct kb_intent *it, const char *p)
{
	size_t i, n, best = 0;

	for (i = 0; i < it->nnot_starts; i++)
		if (kb_phrase_starts(p, it->not_starts[i]) &&
		    (n = strlen(it->not_starts[i])) > best)
			best = n;
	return best;
}

/*
 * The intent of len bytes of question text: 1 + the index of the first
 * class (in the lexicon's order) one of whose starts opens it, after any
 * of phrases.reading.fillers ("ok so how many ...") and of the classes'
 * not_starts ("when it comes to pay, ..."); else of the first class one
 * of whose words it holds; else of the first one of whose cues it holds
 * anywhere; 0 when none does.
 */
int
kb_intent_of(const struct kb *kb, const char *text, size_t len)
{
	char sq[INTENT_TEXT_MAX];

	if (kb->nintents == 0)
		return 0;
	(void)kb_squash(text, len, sq, sizeof(sq));
	return kb_intent_of_squashed(kb, sq);
}

/*
 * kb_intent_of() of text already squashed (kb_squash()) whole, or into a
 * buffer of at least INTENT_TEXT_MAX bytes, as sq: a caller that holds
 * the squashed text does not squash it again.  A squash cut short is a
 * prefix of the whole one, so sq is read as its first INTENT_TEXT_MAX - 1
 * bytes, as kb_intent_of() reads it.
 */
int
kb_intent_of_squashed(const struct kb *kb, const char *sq)
{
	struct intent_memo *m = kb->intent_memo;
	size_t n;
	int r;

	if (kb->nintents == 0)
		return 0;
	/* read as its first INTENT_TEXT_MAX - 1 bytes, the memo's key */
	if ((n = strlen(sq)) >= INTENT_TEXT_MAX)
		n = INTENT_TEXT_MAX - 1;
	if (m != NULL && m->len == n + 1 && memcmp(m->sq, sq, n) == 0)
		return m->intent;
	r = intent_read(kb, sq, n);
	if (m != NULL) {
		(void)memcpy(m->sq, sq, n);
		m->len = n + 1;
		m->intent = r;
	}
	return r;
}

/*
 * kb_intent_of_squashed() without the memo, of sq's first n bytes
 * (n < INTENT_TEXT_MAX, strlen(sq) >= n).
 */
static int
intent_read(const struct kb *kb, const char *sq, size_t n)
{
	const struct kb_phrases *ph = &kb->phrases;
	char cut[INTENT_TEXT_MAX];
	const char *p;
	size_t k, i;
	int32_t r;

	if (sq[n] != '\0') {
		(void)memcpy(cut, sq, n);
		cut[n] = '\0';
		sq = cut;
	}
	p = sq;
	for (;;) {
		r = -1;
		if (kb->intent_starts.next != NULL)
			r = kb_phrase_chain_first(&kb->intent_starts, p);
		else
			for (k = 0; r < 0 && k < kb->nintents; k++)
				for (i = 0; i < kb->intents[k].nstarts; i++)
					if (kb_phrase_starts(p,
					    kb->intents[k].starts[i])) {
						r = (int32_t)k;
						break;
					}
		if (r >= 0) {
			/* an opening the class disowns: read on after it */
			if ((n = intent_not_start(&kb->intents[r], p)) == 0)
				return (int)r + 1;
			p += n + (p[n] == ' ');
			continue;
		}
		/* a filler before the opening: read on after it */
		if (kb->intent_fillers.next != NULL) {
			if ((r = kb_phrase_chain_first(&kb->intent_fillers, p)) < 0)
				break;
			i = (size_t)r;
		} else {
			for (i = 0; i < ph->nfillers; i++)
				if (kb_phrase_starts(p, ph->fillers[i]))
					break;
			if (i == ph->nfillers)
				break;
		}
		n = strlen(ph->fillers[i]);
		p += n + (p[n] == ' ');
	}
	if (kb->intent_words.cap > 0) {
		if ((r = intent_by_word(kb, sq)) >= 0)
			return (int)r + 1;
	} else
		for (k = 0; k < kb->nintents; k++)
			if (text_has_phrase(sq, kb->intents[k].words,
			    kb->intents[k].nwords))
				return (int)k + 1;
	/* no opening, no word: a cue anywhere ("..., rust or go?") */
	if ((r = intent_by_cue(kb, sq)) != -2)
		return (int)r + 1;
	for (k = 0; k < kb->nintents; k++)
		if (text_has_phrase(sq, kb->intents[k].cues,
		    kb->intents[k].ncues))
			return (int)k + 1;
	return 0;
}
