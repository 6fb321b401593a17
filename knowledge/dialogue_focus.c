/* SPDX-License-Identifier: ISC */
/*
 * dialogue_focus.c: what a question asks for (its focus), and whether a
 * claim holds it.  "how many staff does the go team have?" asks for
 * staff: a claim whose figure counts requests per second does not answer
 * it, however many other words it shares.  The focus of a question for
 * an amount (a phrase of phrases.reading.count_starts) is the first word
 * after that phrase that is neither glue nor a subject's name, or else a
 * word of lexicon.json "focus_words" anywhere in it ("how much did
 * discord save": save, in dollars).  Pure functions of the kb and the
 * squashed text; no allocation.
 */
#include <stdio.h>
#include <string.h>

#include "dialogue_int.h"
#include "text.h"

/*
 * The focus_words group of squashed word w (len bytes), or NULL.  A
 * plural or verb "s" is folded: "costs" is "cost" when only that is
 * listed.
 */
static const struct kb_focus_group *
dialogue_focus_group(const struct kb *kb, const char *w, size_t len)
{
	int32_t g;

	/* the word itself, then "costs" as "cost" (kb->focus_word_group:
	 * one lookup each, not a scan of every group's words) */
	if ((g = strmap_getn(&kb->focus_word_group, w, len)) < 0 &&
	    len >= 4 && w[len - 1] == 's')
		g = strmap_getn(&kb->focus_word_group, w, len - 1);
	return g < 0 ? NULL : &kb->focus_groups[g];
}

/* The vocabulary term of squashed word w (len bytes), or NULL. */
static const char *
dialogue_focus_term(const struct kb *kb, const char *w, size_t len,
    int *stop, int *subject)
{
	struct kb_query one;

	kb_normalize(kb, w, len, 0, &one);
	*stop = one.n == 0 || one.stop[0];
	*subject = one.n > 0 && one.subject[0] >= 0;
	return one.n == 1 ? one.term[0] : NULL;
}

/* Is term one of the unit or label terms of some figure of the kb? */
static int
dialogue_focus_counted(const struct kb *kb, const char *term)
{
	const struct kb_figure_terms *ft;
	size_t c, f, i;

	for (c = 0; c < kb->nclaims; c++)
		for (f = 0; kb->claims[c].figure_terms != NULL &&
		    f < kb->claims[c].nfigures; f++) {
			ft = &kb->claims[c].figure_terms[f];
			for (i = 0; i < ft->nunit_terms; i++)
				if (ft->unit_terms[i] == term)
					return 1;
			for (i = 0; i < ft->nlabel_terms; i++)
				if (ft->label_terms[i] == term)
					return 1;
		}
	return 0;
}

/* Keep squashed word w (len bytes, term) among f's focus words. */
static void
dialogue_focus_keep(struct dialogue_focus *f, const char *w, size_t len,
    const char *term)
{
	if (f->nwords >= DIALOGUE_FOCUS_WORDS || len >= TEXT_TOKEN_MAX)
		return;
	(void)memcpy(f->words[f->nwords], w, len);
	f->words[f->nwords][len] = '\0';
	f->terms[f->nwords++] = term;
}

/*
 * The verb of the clause after "how much + auxiliary" (s: the squashed
 * text right after the auxiliary): its subject's leading glue and
 * names are skipped ("a rust dev", "I"), then the last word before the
 * next glue word is the verb ("make" of "how much could a rust dev
 * make as ..."; "pocket", a word no claim uses).  Kept in f->verb when
 * it is a focus_words word, or when the question holds none and a
 * counted noun stands between (noun: "devs"): the amount asked is the
 * verb's, not the noun's.  "how much does the gc matter" keeps no verb:
 * no noun there would be read as the amount.  Returns 1 when kept.
 */
static int
dialogue_focus_verb(const struct kb *kb, const char *s, int noun,
    struct dialogue_focus *f)
{
	const char *w, *last = NULL, *last_term = NULL;
	size_t len, last_len = 0;
	int stop, subject, content = 0;
	const char *term;

	for (w = s; *w != '\0'; w += len) {
		while (*w == ' ')
			w++;
		if ((len = text_word_len(w)) == 0)
			break;
		term = dialogue_focus_term(kb, w, len, &stop, &subject);
		if (subject || text_is_number_n(w, len))
			continue;
		if (stop) {
			if (content)
				break;
			continue;
		}
		content = 1;
		last = w;
		last_len = len;
		last_term = term;
	}
	if (last == NULL || last_len >= sizeof(f->verb) ||
	    (dialogue_focus_group(kb, last, last_len) == NULL &&
	    (f->nwords > 0 || !noun)))
		return 0;
	(void)memcpy(f->verb, last, last_len);
	f->verb[last_len] = '\0';
	f->verb_term = last_term;
	return 1;
}

/*
 * The focus of squashed question sq that holds no count start: its
 * first word that a focus_words group lists as "alone" ("what was the
 * budget of microsoft's rewrite": budget; "what did it cost": cost),
 * with every focus_words word of sq kept; one right after a word of its
 * group's not_after ("p99 budget") is another measure's, passed.
 * Returns 1 when there is one.
 */
static int
dialogue_focus_alone(const struct kb *kb, const char *sq,
    struct dialogue_focus *f)
{
	const struct kb_focus_group *g;
	const char *w, *term, *prev = NULL;
	size_t len, i, n, prev_len = 0;
	int stop, subject;

	for (w = sq; *w != '\0'; prev = w, prev_len = len, w += len) {
		while (*w == ' ')
			w++;
		if ((len = text_word_len(w)) == 0)
			break;
		if ((g = dialogue_focus_group(kb, w, len)) == NULL)
			continue;
		/* "our p99 budget": the word before makes it another
		 * measure's (the group's not_after) */
		for (i = 0; prev != NULL && i < g->nnot_after; i++)
			if (strlen(g->not_after[i]) == prev_len &&
			    strncmp(g->not_after[i], prev, prev_len) == 0)
				break;
		if (prev != NULL && i < g->nnot_after)
			continue;
		term = dialogue_focus_term(kb, w, len, &stop, &subject);
		dialogue_focus_keep(f, w, len, term);
		if (f->word[0] != '\0' || len >= sizeof(f->word))
			continue;
		for (i = 0; i < g->nalone; i++) {
			n = strlen(g->alone[i]);
			/* "costs" is "cost", as dialogue_focus_group() */
			if ((n == len || (n + 1 == len && w[n] == 's')) &&
			    strncmp(g->alone[i], w, n) == 0)
				break;
		}
		if (i == g->nalone)
			continue;
		(void)memcpy(f->word, w, len);
		f->word[len] = '\0';
		f->term = term;
		f->group = g;
	}
	f->alone = f->word[0] != '\0';
	return f->alone;
}

/*
 * Read the focus of squashed question sq into *f.  The question asks
 * for an amount: a phrase of phrases.reading.count_starts.  Its focus
 * is a focus_words word of that phrase ("what percent"), else the head
 * of the words after it up to the first glue word: the last of them
 * that is a focus_words word or a word some figure's unit or label
 * uses ("how many junior rust jobs": jobs; "how many go coders":
 * coders), else the first focus_words word anywhere after it ("how
 * much did discord save": save).  Returns 1 when it found one, 0
 * otherwise (*f is then empty: "how much faster ..." has no focus this
 * reader can check).  With no count start, the focus is a word a group
 * lists as "alone" (dialogue_focus_alone()).
 */
int
dialogue_focus_read(const struct kb *kb, const char *sq,
    struct dialogue_focus *f)
{
	const struct kb_phrases *ph = &kb->phrases;
	const struct kb_focus_group *g;
	const char *p = NULL, *start = NULL, *w, *term, *head = NULL;
	const char *head_term = NULL;
	size_t i, len, n, head_len = 0;
	int stop, subject, phrase = 1;
	int32_t r;

	memset(f, 0, sizeof(*f));
	/* the chain by first word: one lookup per word of sq, not a
	 * strstr() of sq per count start */
	if (kb->count_starts_by_word.next != NULL &&
	    (start = kb_phrase_chain_find(&kb->count_starts_by_word, sq,
	    &r)) != NULL)
		p = start + strlen(ph->count_starts[r]);
	for (i = 0; kb->count_starts_by_word.next == NULL &&
	    i < ph->ncount_starts && p == NULL; i++) {
		n = strlen(ph->count_starts[i]);
		for (w = sq; (w = strstr(w, ph->count_starts[i])) != NULL;
		    w++)
			if ((w == sq || w[-1] == ' ') && (w[n] == ' ' ||
			    w[n] == '\0')) {
				start = w;
				p = w + n;
				break;
			}
	}
	if (p == NULL)
		return dialogue_focus_alone(kb, sq, f);
	/* "what percent", "what share": the start names the unit */
	for (w = start; w < p; w += len) {
		while (*w == ' ')
			w++;
		if ((len = text_word_len(w)) == 0)
			break;
		if (dialogue_focus_group(kb, w, len) != NULL && head == NULL) {
			head = w;
			head_len = len;
			head_term = dialogue_focus_term(kb, w, len, &stop,
			    &subject);
		}
	}
	for (w = p; *w != '\0'; w += len) {
		while (*w == ' ')
			w++;
		if ((len = text_word_len(w)) == 0)
			break;
		g = dialogue_focus_group(kb, w, len);
		term = dialogue_focus_term(kb, w, len, &stop, &subject);
		if (g != NULL)
			dialogue_focus_keep(f, w, len, term);
		if (!phrase)
			continue;
		if (stop && !subject && (head != NULL || w != p)) {
			phrase = 0;	/* the phrase ends at glue */
			continue;
		}
		if (stop || subject || text_is_number_n(w, len))
			continue;
		if (g != NULL || (term != NULL &&
		    dialogue_focus_counted(kb, term))) {
			if (start != NULL && head != NULL && head < p)
				continue;	/* the start's unit stands */
			head = w;
			head_len = len;
			head_term = term;
		}
	}
	/* "how much do rust devs earn": an auxiliary right after the start
	 * asks the amount of the verb, not of the noun between ("devs") */
	for (w = p; *w == ' '; w++)
		;
	len = text_word_len(w);
	if (start != NULL && (head == NULL || head >= p) && len > 0 &&
	    (n = (size_t)strmap_getn(&kb->clause_words, w, len)) !=
	    (size_t)-1 && (n & KB_CW_AUX) != 0 &&
	    dialogue_focus_verb(kb, w + len, head != NULL, f)) {
		head = NULL;
		f->word[0] = '\0';
	}
	if (head != NULL) {
		(void)snprintf(f->word, sizeof(f->word), "%.*s",
		    (int)head_len, head);
		f->term = head_term;
	} else if (f->verb[0] != '\0') {
		(void)memcpy(f->word, f->verb, sizeof(f->word));
		f->term = f->verb_term;
	} else if (f->word[0] == '\0' && f->nwords > 0) {
		/* "how much did discord save" */
		(void)snprintf(f->word, sizeof(f->word), "%s", f->words[0]);
		f->term = f->terms[0];
	}
	if (f->word[0] != '\0')
		f->group = dialogue_focus_group(kb, f->word, strlen(f->word));
	return f->word[0] != '\0';
}

/*
 * Is squashed word w (len bytes) a word of some lexicon focus_words
 * group: one that names an amount asked for ("salary", "pay")?  The
 * scope reading (dialogue_ask.c) takes a word tagged on after one as
 * where or whose the amount is.
 */
int
dialogue_focus_word(const struct kb *kb, const char *w, size_t len)
{
	return len > 0 && dialogue_focus_group(kb, w, len) != NULL;
}

/*
 * Is query term t one of the words that say the focus ("staff", and
 * any focus_words word of the question)?  Those are not the entities
 * a claim must hold.
 */
int
dialogue_focus_says(const struct dialogue_focus *f, const char *t)
{
	size_t i;

	if (t == NULL)
		return 0;
	if (f->term == t)
		return 1;
	for (i = 0; i < f->nwords; i++)
		if (f->terms[i] == t)
			return 1;
	return 0;
}

/*
 * How many levels of match dialogue_focus_figure() has for f: one per
 * unit of its focus_words group, in the order given ("developers"
 * before "%" for "people"), then its term in a figure's unit or label.
 */
int
dialogue_focus_levels(const struct dialogue_focus *f)
{
	return (f->group != NULL ? (int)f->group->nunits : 0) + 1;
}

/*
 * The first figure of claim c that counts the focus at match level
 * (dialogue_focus_levels(); -1: any level): its unit is the focus
 * group's unit of that level, or, at the last level, its unit or label
 * holds the focus term ("lines" of "lines of code rewritten").
 * Returns its index, or -1 when c has none.
 */
int
dialogue_focus_figure(const struct dialogue_focus *f,
    const struct kb_claim *c, int level)
{
	const struct kb_figure_terms *ft;
	int nunits = f->group != NULL ? (int)f->group->nunits : 0, u, k;
	size_t i;

	for (u = level < 0 ? 0 : level; u <= nunits; u++) {
		for (k = 0; k < (int)c->nfigures; k++) {
			if (u < nunits) {
				if (strcmp(c->figures[k].unit,
				    f->group->units[u]) == 0)
					return k;
				continue;
			}
			if (f->term == NULL || c->figure_terms == NULL)
				continue;
			ft = &c->figure_terms[k];
			for (i = 0; i < ft->nunit_terms; i++)
				if (ft->unit_terms[i] == f->term)
					return k;
			for (i = 0; i < ft->nlabel_terms; i++)
				if (ft->label_terms[i] == f->term)
					return k;
		}
		if (level >= 0)
			break;
	}
	return -1;
}

/*
 * Does claim c carry a figure in a unit of a focus_words group other
 * than f's, and none that counts f?  "how many people work at the Rust
 * Foundation?" is not answered, even in part, by "$1 million": the
 * lexicon says dollars count money, not people, and the figure would
 * read as the count asked for.
 */
int
dialogue_focus_other(const struct kb *kb, const struct dialogue_focus *f,
    const struct kb_claim *c)
{
	const struct kb_focus_group *g;
	size_t k, i, u;

	if (f->group == NULL || dialogue_focus_figure(f, c, -1) >= 0)
		return 0;
	for (k = 0; k < c->nfigures; k++)
		for (i = 0; i < kb->nfocus_groups; i++) {
			if ((g = &kb->focus_groups[i]) == f->group)
				continue;
			for (u = 0; u < g->nunits; u++)
				if (strcmp(c->figures[k].unit, g->units[u]) ==
				    0)
					return 1;
		}
	return 0;
}
