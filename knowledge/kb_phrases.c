/* SPDX-License-Identifier: ISC */
/*
 * kb_phrases.c: the commands a user can give, named once for every layer,
 * and kb_squash(), the form in which phrases are compared.  The phrases
 * themselves are the knowledge base's (kb_load_phrases.c loads them).
 *
 * The command names are the protocol's ("what_would_change"); this table
 * is the only list of them.  "start" is not a protocol command (a client
 * says hello), but users may say it ("continue", "go on").
 */
#include <stdlib.h>
#include <string.h>

#include "kb.h"

/*
 * The words of one squashed text, as kb_phrase_chain_has() walks them:
 * where each starts in sq and its length (empty words, of repeated
 * spaces, left out: they begin no phrase).  A text of CHAIN_SPLIT_TEXT
 * bytes or more, or of more than CHAIN_SPLIT_WORDS words, is not kept.
 */
#define CHAIN_SPLIT_TEXT	512	/* bytes of a text kept, its NUL too */
#define CHAIN_SPLIT_WORDS	128	/* words of a text kept */
struct kb_chain_split {
	size_t		 len;		/* bytes of sq + 1; 0: none kept */
	size_t		 n;
	char		 sq[CHAIN_SPLIT_TEXT];
	uint16_t	 off[CHAIN_SPLIT_WORDS], wlen[CHAIN_SPLIT_WORDS];
	/* strmap_hash() of word i, made by the first chain whose lengths
	 * let it be looked up (hashed[i] 0 until then): the many chains
	 * asked of one message hash each of its words once */
	uint32_t	 hash[CHAIN_SPLIT_WORDS];
	unsigned char	 hashed[CHAIN_SPLIT_WORDS];
};

static const struct {
	const char	*name;
	int		 wire;		/* a protocol command */
} commands[KB_NCOMMANDS] = {
	[KB_CMD_START] =	{ "start", 0 },
	[KB_CMD_BACK] =		{ "back", 1 },
	[KB_CMD_CHANGE] =	{ "change", 1 },
	[KB_CMD_RESTART] =	{ "restart", 1 },
	[KB_CMD_WHY] =		{ "why", 1 },
	[KB_CMD_WHAT_IF] =	{ "what_if", 1 },
	[KB_CMD_WHAT_CHANGES] =	{ "what_would_change", 1 },
	[KB_CMD_SUMMARY] =	{ "summary", 1 },
	[KB_CMD_HELP] =		{ "help", 1 },
	[KB_CMD_SKIP] =		{ "skip", 1 },
	[KB_CMD_UNSURE] =	{ "unsure", 1 },
	[KB_CMD_RECOMMEND] =	{ "recommend", 1 },
	[KB_CMD_TABLE] =	{ "table", 1 },
};

const char *
kb_command_name(enum kb_command c)
{
	return (unsigned)c < KB_NCOMMANDS ? commands[c].name : "unknown";
}

/* The command named name, or -1. */
int
kb_command_find(const char *name)
{
	size_t i;

	for (i = 0; i < KB_NCOMMANDS; i++)
		if (strcmp(commands[i].name, name) == 0)
			return (int)i;
	return -1;
}

/* May a client send command c in a "command" message? */
int
kb_command_on_wire(enum kb_command c)
{
	return (unsigned)c < KB_NCOMMANDS && commands[c].wire;
}

/*
 * Squashed text sq relaxed into out (outsz bytes, KB_RELAX_MAX for a
 * phrase): spaces dropped and each run of one letter kept once, so that
 * drawn-out and run-together words meet their phrase ("hellooo" and
 * "helo" are "hello", "thankyou" is "thank you").
 */
void
kb_relax(const char *sq, char *out, size_t outsz)
{
	size_t n = 0;

	for (; *sq != '\0' && n + 1 < outsz; sq++)
		if (*sq != ' ' && (n == 0 || out[n - 1] != *sq))
			out[n++] = *sq;
	out[n] = '\0';
}

/*
 * Lowercase text, keep letters, digits and single spaces, drop the rest:
 * "Why?" -> "why", "What would change it?" -> "what would change it".
 * Apostrophes vanish ("don't" -> "dont").  A text longer than outlen - 1
 * bytes squashed is cut before the word that does not fit, unless it is
 * the first.  Returns the length written.
 * Letters and digits are those of the C locale, which no program of the
 * project leaves (none calls setlocale()), read from a table of what
 * each byte becomes.
 */
#define SQ_L(c)	[c] = c, [c - 'a' + 'A'] = c	/* a letter, both cases */
#define SQ_D(c)	[c] = c				/* a digit */
static const unsigned char kb_squash_byte[256] = {	/* 0: a separator */
	SQ_L('a'), SQ_L('b'), SQ_L('c'), SQ_L('d'), SQ_L('e'), SQ_L('f'),
	SQ_L('g'), SQ_L('h'), SQ_L('i'), SQ_L('j'), SQ_L('k'), SQ_L('l'),
	SQ_L('m'), SQ_L('n'), SQ_L('o'), SQ_L('p'), SQ_L('q'), SQ_L('r'),
	SQ_L('s'), SQ_L('t'), SQ_L('u'), SQ_L('v'), SQ_L('w'), SQ_L('x'),
	SQ_L('y'), SQ_L('z'), SQ_D('0'), SQ_D('1'), SQ_D('2'), SQ_D('3'),
	SQ_D('4'), SQ_D('5'), SQ_D('6'), SQ_D('7'), SQ_D('8'), SQ_D('9'),
	['\''] = 1	/* part of a word, not written */
};
#undef SQ_L
#undef SQ_D

size_t
kb_squash(const char *text, size_t len, char *out, size_t outlen)
{
	size_t i, n = 0, word = 0;
	int space = 0;

	/*
	 * A text shorter than out: each byte read writes at most one (a
	 * space stands for a separator read before it), so out never fills
	 * and the loop below without its bounds is the same (a message's
	 * texts are squashed some ten times a turn).
	 */
	if (len < outlen) {
		for (i = 0; i < len; i++) {
			unsigned char c = kb_squash_byte[(unsigned char)
			    text[i]];

			if (c == 0)
				space = 1;
			else {
				if (space && n > 0)
					out[n++] = ' ';
				space = 0;
				if (c != 1)
					out[n++] = (char)c;
			}
		}
		if (n > 0 && out[n - 1] == ' ')
			n--;
		out[n] = '\0';
		return n;
	}
	for (i = 0; i < len && n + 1 < outlen; i++) {
		unsigned char c = kb_squash_byte[(unsigned char)text[i]];

		if (c != 0) {
			if (space && n > 0) {
				out[n++] = ' ';
				word = n;
			}
			space = 0;
			if (n + 1 < outlen && c != 1)
				out[n++] = (char)c;
		} else
			space = 1;
	}
	/* out full in the middle of a word after the first: that word is
	 * left out whole, so no reader takes "rus" for a word the user
	 * wrote */
	if (!space && i < len && word > 0) {
		while (i < len && kb_squash_byte[(unsigned char)text[i]] == 1)
			i++;
		if (i < len && kb_squash_byte[(unsigned char)text[i]] != 0)
			n = word - 1;
	}
	if (n > 0 && out[n - 1] == ' ')
		n--;
	out[n] = '\0';
	return n;
}

/* Whether squashed sq begins with phrase p, as whole words. */
int
kb_phrase_starts(const char *sq, const char *p)
{
	size_t n;

	return text_begins(sq, p, &n) && (sq[n] == ' ' || sq[n] == '\0');
}

/*
 * kb_phrase_starts(p, phrase) for a phrase of a chain found by p's
 * first word (len bytes, kb_phrase_chain_word()): the chain's key is
 * the phrase's first word, so its first len bytes are p's and both end
 * the word there; only the bytes after it are compared.
 */
static inline int
chain_starts(const char *p, const char *phrase, size_t len)
{
	return kb_phrase_starts(p + len, phrase + len);
}

/*
 * Index the n phrases of phrase[] (ranks rank[], or NULL for each its
 * index) by first word into ch, in their order; a phrase NULL is left
 * out.  Out of memory, ch->next stays NULL
 * (not made) and -1 is returned.
 */
int
kb_phrase_chain_build(struct kb *kb, struct kb_phrase_chain *ch,
    const char *const *phrase, const int32_t *rank, size_t n)
{
	int32_t *next;
	size_t e, len;
	char *w;

	if (strmap_init(&ch->first, n + 1) == -1 ||
	    (ch->phrase = arena_calloc(&kb->arena, n + 1,
	    sizeof(*ch->phrase))) == NULL ||
	    (ch->rank = arena_calloc(&kb->arena, n + 1,
	    sizeof(*ch->rank))) == NULL ||
	    (ch->mark = arena_calloc(&kb->arena, n + 1,
	    sizeof(*ch->mark))) == NULL ||
	    (next = arena_calloc(&kb->arena, n + 1, sizeof(*next))) == NULL)
		goto fail;
	/* from the last, so that each chain runs in the phrases' order */
	for (e = n; e-- > 0; ) {
		next[e] = -1;
		if (phrase[e] == NULL)
			continue;
		ch->phrase[e] = phrase[e];
		ch->rank[e] = rank != NULL ? rank[e] : (int32_t)e;
		if ((w = arena_strndup(&kb->arena, phrase[e],
		    text_word_len(phrase[e]))) == NULL)
			goto fail;
		next[e] = strmap_get(&ch->first, w);
		if (strmap_put(&ch->first, w, (int32_t)e) == -1)
			goto fail;
		if ((len = strlen(w)) > 0)
			ch->first_len[(unsigned char)w[0]] |= 1u <<
			    (len < 31 ? len : 31);
	}
	/* one split memo for all the chains: the engine asks many of them
	 * of the same message (kb_phrase_chain_has()); none: no memo */
	if (kb->chain_split == NULL)
		kb->chain_split = arena_calloc(&kb->arena, 1,
		    sizeof(*kb->chain_split));
	ch->split = kb->chain_split;
	ch->n = n;
	ch->next = next;
	return 0;
fail:
	strmap_free(&ch->first);
	return -1;
}

/*
 * The rank of the first phrase of ch (in its order) that squashed p
 * begins with, as whole words (kb_phrase_starts()), or -1.  Such a
 * phrase's first word is p's, so only the chain of that word is tried.
 */
int32_t
kb_phrase_chain_first(const struct kb_phrase_chain *ch, const char *p)
{
	size_t len = text_word_len(p);
	int32_t e;

	for (e = kb_phrase_chain_word(ch, p, len); e >= 0; e = ch->next[e])
		if (chain_starts(p, ch->phrase[e], len))
			return ch->rank[e];
	return -1;
}

/*
 * Mark in ch->mark[e] each phrase e of ch that squashed sq holds as
 * whole words, anywhere: what text_has_phrase(sq, &phrase[e], 1) says
 * of each, with one lookup per word of sq (a phrase found at a word
 * begins with that word).  Returns how many are marked; -1 when ch is
 * not made (the caller reads the phrases itself).
 */
int
kb_phrase_chain_mark(const struct kb_phrase_chain *ch, const char *sq)
{
	const char *p = sq;
	int32_t e;
	int n = 0;

	if (ch->next == NULL)
		return -1;
	memset(ch->mark, 0, ch->n);
	for (;;) {
		for (e = kb_phrase_chain_word(ch, p, text_word_len(p)); e >= 0;
		    e = ch->next[e])
			/* an empty phrase matches nothing here */
			if (!ch->mark[e] && ch->phrase[e][0] != '\0' &&
			    kb_phrase_starts(p, ch->phrase[e])) {
				ch->mark[e] = 1;
				n++;
			}
		/* the next word start: right after a space */
		if ((p = strchr(p, ' ')) == NULL)
			break;
		p++;
	}
	return n;
}

/*
 * Make sp hold the split of squashed sq: kept already when sp holds the
 * same text (the readers of one message ask many chains of it, each of
 * which split it again before), else split now.  Returns 0 when sq
 * cannot be kept (sp is then empty).
 */
static int
chain_split_read(struct kb_chain_split *sp, const char *sq)
{
	size_t len = strlen(sq), i, a;

	if (len >= CHAIN_SPLIT_TEXT)
		return 0;
	if (sp->len == len + 1 && memcmp(sp->sq, sq, len) == 0)
		return 1;
	sp->len = 0;
	sp->n = 0;
	memset(sp->hashed, 0, sizeof(sp->hashed));
	for (i = 0; i < len; ) {
		for (a = i; i < len && sq[i] != ' '; i++)
			;
		if (i > a) {
			if (sp->n == CHAIN_SPLIT_WORDS)
				return 0;
			sp->off[sp->n] = (uint16_t)a;
			sp->wlen[sp->n++] = (uint16_t)(i - a);
		}
		i++;	/* past the space */
	}
	(void)memcpy(sp->sq, sq, len + 1);
	sp->len = len + 1;
	return 1;
}

/*
 * kb_phrase_chain_has() of the text sp holds (chain_split_read()): one
 * lookup per word kept, read from sp's own copy of the text.
 */
static int
chain_split_has(const struct kb_phrase_chain *ch, struct kb_chain_split *sp)
{
	const char *p;
	size_t i, len;
	int32_t e;

	for (i = 0; i < sp->n; i++) {
		p = sp->sq + sp->off[i];
		len = sp->wlen[i];
		/* kb_phrase_chain_word(), with the word's hash kept */
		if (len > 0 && !(ch->first_len[(unsigned char)p[0]] &
		    1u << (len < 31 ? len : 31)))
			continue;
		if (ch->first.cap == 0)
			continue;
		if (!sp->hashed[i]) {
			sp->hash[i] = strmap_hash(p, len);
			sp->hashed[i] = 1;
		}
		for (e = strmap_getnh(&ch->first, p, len, sp->hash[i]); e >= 0;
		    e = ch->next[e])
			/* an empty phrase matches nothing here */
			if (ch->phrase[e][0] != '\0' &&
			    chain_starts(p, ch->phrase[e], sp->wlen[i]))
				return 1;
	}
	return 0;
}

/*
 * Does squashed sq hold one of the n phrases of list (indexed by ch) as
 * whole words, anywhere: what text_has_phrase(sq, list, n) says, with
 * one lookup per word of sq instead of a scan of sq per phrase (a phrase
 * found at a word begins with that word).  When ch is not made, the
 * list is scanned.
 */
int
kb_phrase_chain_has(const struct kb_phrase_chain *ch,
    const char *const *list, size_t n, const char *sq)
{
	const char *p = sq;
	size_t len;
	int32_t e;

	if (ch->next == NULL)
		return text_has_phrase(sq, list, n);
	if (ch->split != NULL && chain_split_read(ch->split, sq))
		return chain_split_has(ch, ch->split);
	for (;;) {
		for (len = 0; p[len] != '\0' && p[len] != ' '; len++)
			;
		for (e = kb_phrase_chain_word(ch, p, len); e >= 0;
		    e = ch->next[e])
			/* an empty phrase matches nothing here */
			if (ch->phrase[e][0] != '\0' &&
			    chain_starts(p, ch->phrase[e], len))
				return 1;
		/* the next word start: right after a space */
		if (p[len] == '\0')
			return 0;
		p += len + 1;
	}
}

/*
 * Where squashed sq holds the phrase of ch of the lowest rank it holds at
 * all, as whole words (its first place), or NULL; its rank into *rank.
 * What trying each phrase in rank order with strstr() from sq says, with
 * one lookup per word of sq (a phrase found at a word begins with that
 * word).  ch must be made (ch->next not NULL).
 */
const char *
kb_phrase_chain_find(const struct kb_phrase_chain *ch, const char *sq,
    int32_t *rank)
{
	const char *p = sq, *at = NULL;
	size_t len;
	int32_t e, best = -1;

	for (;;) {
		for (len = 0; p[len] != '\0' && p[len] != ' '; len++)
			;
		for (e = kb_phrase_chain_word(ch, p, len); e >= 0;
		    e = ch->next[e])
			/* a lower rank only: an equal one was found before */
			if ((best < 0 || ch->rank[e] < best) &&
			    chain_starts(p, ch->phrase[e], len)) {
				best = ch->rank[e];
				at = p;
			}
		if (p[len] == '\0' || best == 0)
			break;
		p += len + 1;
	}
	*rank = best;
	return at;
}

/*
 * kb->evidence_asks_by_word: phrases.reading.method_asks, then
 * evidence_asks, in one chain by first word.  Out of memory, not made.
 */
static void
kb_evidence_chain_build(struct kb *kb)
{
	const struct kb_phrases *ph = &kb->phrases;
	const char **both;
	size_t n = ph->nmethod_asks + ph->nevidence_asks;

	if (n == 0 || (both = arena_calloc(&kb->arena, n,
	    sizeof(*both))) == NULL)
		return;
	if (ph->nmethod_asks > 0)
		(void)memcpy(both, ph->method_asks,
		    ph->nmethod_asks * sizeof(*both));
	if (ph->nevidence_asks > 0)
		(void)memcpy(both + ph->nmethod_asks, ph->evidence_asks,
		    ph->nevidence_asks * sizeof(*both));
	(void)kb_phrase_chain_build(kb, &kb->evidence_asks_by_word, both,
	    NULL, n);
}

/*
 * kb->time_shifts_by_word and kb->same_as_last_by_word (see kb.h), once
 * the phrases are loaded: the reader of a question after an answer asks
 * which of those lists' phrases a message holds.  Out of memory, not
 * made (the reader reads the lists themselves).
 */
void
kb_phrase_chains_build(struct kb *kb)
{
	const struct kb_phrases *ph = &kb->phrases;
	size_t c;

	(void)kb_phrase_chain_build(kb, &kb->time_shifts_by_word,
	    ph->time_shifts, NULL, ph->ntime_shifts);
	(void)kb_phrase_chain_build(kb, &kb->same_as_last_by_word,
	    ph->same_as_last, NULL, ph->nsame_as_last);
	(void)kb_phrase_chain_build(kb, &kb->situation_refs_by_word,
	    ph->situation_refs, NULL, ph->nsituation_refs);
	(void)kb_phrase_chain_build(kb, &kb->deliberations_by_word,
	    ph->deliberations, NULL, ph->ndeliberations);
	(void)kb_phrase_chain_build(kb, &kb->practice_asks_by_word,
	    ph->practice_asks, NULL, ph->npractice_asks);
	(void)kb_phrase_chain_build(kb, &kb->count_starts_by_word,
	    ph->count_starts, NULL, ph->ncount_starts);
	(void)kb_phrase_chain_build(kb, &kb->duration_starts_by_word,
	    ph->duration_starts, NULL, ph->nduration_starts);
	(void)kb_phrase_chain_build(kb, &kb->past_points_by_word,
	    ph->past_points, NULL, ph->npast_points);
	(void)kb_phrase_chain_build(kb, &kb->outside_rivals_by_word,
	    ph->outside_rivals, NULL, ph->noutside_rivals);
	(void)kb_phrase_chain_build(kb, &kb->question_leads_by_word,
	    ph->question_leads, NULL, ph->nquestion_leads);
	(void)kb_phrase_chain_build(kb, &kb->source_words_by_word,
	    ph->source_words, NULL, ph->nsource_words);
	(void)kb_phrase_chain_build(kb, &kb->source_list_cues_by_word,
	    ph->source_list_cues, NULL, ph->nsource_list_cues);
	kb_evidence_chain_build(kb);
	(void)kb_phrase_chain_build(kb, &kb->wait_cues_by_word,
	    ph->wait_cues, NULL, ph->nwait_cues);
	(void)kb_phrase_chain_build(kb, &kb->wait_vetoes_by_word,
	    ph->wait_vetoes, NULL, ph->nwait_vetoes);
	(void)kb_phrase_chain_build(kb, &kb->other_refs_by_word,
	    ph->other_refs, NULL, ph->nother_refs);
	for (c = 0; c < KB_NCOMMANDS; c++)
		(void)kb_phrase_chain_build(kb, &kb->prefixes_by_word[c],
		    ph->prefixes[c], NULL, ph->nprefixes[c]);
	(void)kb_phrase_chain_build(kb, &kb->implied_subject_by_word,
	    ph->implied_subject, NULL, ph->nimplied_subject);
	(void)kb_phrase_chain_build(kb, &kb->command_starts_by_word,
	    ph->command_starts, NULL, ph->ncommand_starts);
	(void)kb_phrase_chain_build(kb, &kb->stance_refs_by_word,
	    ph->stance_refs, NULL, ph->nstance_refs);
	(void)kb_phrase_chain_build(kb, &kb->stance_words_by_word,
	    ph->stance_words, NULL, ph->nstance_words);
	(void)kb_phrase_chain_build(kb, &kb->compare_pair_refs_by_word,
	    ph->compare_pair_refs, NULL, ph->ncompare_pair_refs);
	(void)kb_phrase_chain_build(kb, &kb->phrases.number_names_by_word,
	    ph->number_names, NULL, ph->nnumber_names);
	(void)kb_cue_chain_build(kb, &kb->set_aside_by_word,
	    ph->set_aside, ph->nset_aside);
	(void)kb_cue_chain_build(kb, &kb->served_ends_by_word,
	    ph->served_ends, ph->nserved_ends);
	(void)kb_cue_chain_build(kb, &kb->disowned_ends_by_word,
	    ph->disowned_ends, ph->ndisowned_ends);
	(void)kb_cue_chain_build(kb, &kb->study_refs_by_word,
	    ph->study_refs, ph->nstudy_refs);
	(void)kb_cue_chain_build(kb, &kb->change_starts_by_word,
	    ph->change_starts, ph->nchange_starts);
	(void)kb_cue_chain_build(kb, &kb->story_turns_by_word,
	    ph->story_turns, ph->nstory_turns);
	(void)kb_cue_chain_build(kb, &kb->past_marks_by_word,
	    ph->past_marks, ph->npast_marks);
	(void)kb_cue_chain_build(kb, &kb->past_states_by_word,
	    ph->past_states, ph->npast_states);
	(void)kb_cue_chain_build(kb, &kb->present_marks_by_word,
	    ph->present_marks, ph->npresent_marks);
	(void)kb_cue_chain_build(kb, &kb->relay_facts_by_word,
	    ph->relay_facts, ph->nrelay_facts);
	(void)kb_cue_chain_build(kb, &kb->report_verbs_by_word,
	    ph->report_verbs, ph->nreport_verbs);
	(void)kb_cue_chain_build(kb, &kb->other_senses_by_word,
	    ph->other_senses, ph->nother_senses);
	(void)kb_cue_chain_build(kb, &kb->behind_words_by_word,
	    ph->behind_words, ph->nbehind_words);
	(void)kb_cue_chain_build(kb, &kb->disowned_refs_by_word,
	    ph->disowned_refs, ph->ndisowned_refs);
	(void)kb_cue_chain_build(kb, &kb->employer_nouns_by_word,
	    ph->employer_nouns, ph->nemployer_nouns);
}

/*
 * Index the n cues of cue[] (phrases of words as written, read against a
 * message's words with plurals folded: dialogue_understand.c) into ch by
 * the first word as written and, where it differs, as text_light_stem()
 * folds it: a cue can begin only at a word that is one of its two keys.
 * Entry 2e keys cue e as written, 2e + 1 folded (NULL: none), both of
 * rank e, so a chain runs in the cues' order.  Out of memory, ch->next
 * stays NULL (not made) and -1 is returned.
 */
int
kb_cue_chain_build(struct kb *kb, struct kb_phrase_chain *ch,
    const char *const *cue, size_t n)
{
	const char **key;
	int32_t *rank;
	char folded[TEXT_TOKEN_MAX];
	size_t e, len;

	if ((key = arena_calloc(&kb->arena, 2 * n + 1, sizeof(*key))) ==
	    NULL || (rank = arena_calloc(&kb->arena, 2 * n + 1,
	    sizeof(*rank))) == NULL)
		return -1;
	for (e = 0; e < n; e++) {
		rank[2 * e] = rank[2 * e + 1] = (int32_t)e;
		if ((key[2 * e] = cue[e]) == NULL ||
		    (len = text_word_len(cue[e])) >= sizeof(folded))
			continue;
		memcpy(folded, cue[e], len);
		folded[len] = '\0';
		text_light_stem(folded);
		if ((strlen(folded) != len || strncmp(folded, cue[e], len) !=
		    0) && (key[2 * e + 1] = arena_strdup(&kb->arena,
		    folded)) == NULL)
			return -1;
	}
	return kb_phrase_chain_build(kb, ch, key, rank, 2 * n);
}

/*
 * What cmd_words packs for a word (kb_load_phrases.c): the verbs' bits,
 * then the objects' KB_NCOMMANDS bits up, then 1 + the command it cues
 * 2 * KB_NCOMMANDS bits up; all of it below bit 31.
 */
_Static_assert(2 * KB_NCOMMANDS + 5 <= 31, "commands fit a strmap value");

/*
 * The commands word w (len bytes, no NUL in them) is a verb, an object
 * or a cue of, as a scan of each command's lists (phrases.verbs, objects,
 * cues) for an entry equal to it would find: one lookup in cmd_words,
 * or that scan when the map was not made.
 */
struct kb_cmd_word
kb_cmd_word(const struct kb_phrases *ph, const char *w, size_t len)
{
	struct kb_cmd_word r = { 0, 0, -1 };
	unsigned mask = (1u << KB_NCOMMANDS) - 1;
	int32_t v;
	size_t c, i;

	if (ph->cmd_words.cap > 0) {
		if ((v = strmap_getn(&ph->cmd_words, w, len)) >= 0) {
			r.verbs = (unsigned)v & mask;
			r.objects = ((unsigned)v >> KB_NCOMMANDS) & mask;
			r.cue = (int)((unsigned)v >> (2 * KB_NCOMMANDS)) - 1;
		}
		return r;
	}
	for (c = 0; c < KB_NCOMMANDS; c++) {
		for (i = 0; i < ph->nverbs[c]; i++)
			if (strncmp(w, ph->verbs[c][i], len) == 0 &&
			    ph->verbs[c][i][len] == '\0')
				r.verbs |= 1u << c;
		for (i = 0; i < ph->nobjects[c]; i++)
			if (strncmp(w, ph->objects[c][i], len) == 0 &&
			    ph->objects[c][i][len] == '\0')
				r.objects |= 1u << c;
		for (i = 0; i < ph->ncues[c] && r.cue < 0; i++)
			if (strncmp(w, ph->cues[c][i], len) == 0 &&
			    ph->cues[c][i][len] == '\0')
				r.cue = (int)c;
	}
	return r;
}

/* kb_listed(): kb.h, inline (most of its cost was the call). */

/* kb_listed_word()'s memo: its last LISTED_MEMO texts, by content */
#define LISTED_MEMO	4
#define LISTED_TEXT	512	/* bytes of the longest text remembered */
struct listed_memo {
	struct listed_seen {
		size_t		 len;	/* of text; 0: the empty text */
		unsigned	 bits;	/* the bits of its words, or'ed */
		unsigned	 more;	/* their KB_MORE_* bits, or'ed */
		char		 text[LISTED_TEXT];
	}		 seen[LISTED_MEMO];
	unsigned	 next;	/* the slot the next text takes */
};

/*
 * Make kb_listed_word()'s memo, once ph->listed is made (out of memory:
 * none, every text is read word by word).  What a text's words are
 * listed as is a function of the text and the kb alone, so the memo never
 * changes a result.
 */
void
kb_listed_memo_build(struct kb_phrases *ph)
{
	ph->listed_memo = calloc(1, sizeof(struct listed_memo));
}

void
kb_listed_memo_free(struct kb_phrases *ph)
{
	free(ph->listed_memo);
	ph->listed_memo = NULL;
}

/*
 * The KB_LISTED_* bits of the words of squashed sq (split as
 * kb_listed_word() splits it), or'ed; stops early once every bit of
 * stop is set.  With more not NULL, all words are read and their
 * KB_MORE_* bits (kb_listed_more()) or'ed into *more as well.
 */
static unsigned
listed_bits(const struct kb_phrases *ph, const char *sq, unsigned stop,
    unsigned *more)
{
	const char *p = sq;
	unsigned bits = 0;
	size_t len;

	while (*p != '\0') {
		struct kb_word kw;

		for (len = 0; p[len] != '\0' && p[len] != ' '; len++)
			;
		/* both maps of one word: hashed once, if at all */
		kw.w = p;
		kw.len = len;
		kw.hashed = 0;
		if (more != NULL)
			*more |= kb_listed_more_kw(ph, &kw);
		if (((bits |= kb_listed_kw(ph, &kw)) & stop) != 0)
			break;
		p += len;
		while (*p == ' ')
			p++;
	}
	return bits;
}

/*
 * The memo's slot of squashed sq (ph->listed_memo), its words read
 * into it when it was not there; NULL when there is no memo or sq is
 * too long to be kept.
 */
static const struct listed_seen *
listed_seen_of(const struct kb_phrases *ph, const char *sq)
{
	struct listed_memo *m = ph->listed_memo;
	struct listed_seen *se;
	size_t len, i;

	if (m == NULL || (len = strlen(sq)) >= LISTED_TEXT)
		return NULL;
	for (i = 0; i < LISTED_MEMO; i++)
		if (m->seen[i].len == len &&
		    memcmp(m->seen[i].text, sq, len) == 0)
			return &m->seen[i];
	se = &m->seen[m->next];
	m->next = (m->next + 1) % LISTED_MEMO;
	se->len = len;
	(void)memcpy(se->text, sq, len);
	se->more = 0;
	se->bits = listed_bits(ph, sq, 0, &se->more);
	return se;
}

/*
 * Is a word of squashed sq (words between single spaces; leading or
 * repeated spaces skipped) an entry of one of the lists of bits
 * (KB_LISTED_*)?  What text_has_word(sq, list, n) says of each list.
 * A text of at most LISTED_TEXT - 1 bytes read lately is not read
 * again: the bits of all its words are remembered (ph->listed_memo).
 */
int
kb_listed_word(const struct kb_phrases *ph, const char *sq, unsigned bits)
{
	const struct listed_seen *se = listed_seen_of(ph, sq);

	if (se == NULL)
		return (listed_bits(ph, sq, bits, NULL) & bits) != 0;
	return (se->bits & bits) != 0;
}

/*
 * kb_listed_word() of the lists of KB_MORE_* (kb_listed_more()): what
 * text_has_word(sq, ph->rate_asks, ph->nrate_asks) says, and so on,
 * from the same memo.
 */
int
kb_listed_more_word(const struct kb_phrases *ph, const char *sq,
    unsigned bits)
{
	const struct listed_seen *se = listed_seen_of(ph, sq);
	unsigned more = 0;

	if (se == NULL) {
		(void)listed_bits(ph, sq, 0, &more);
		return (more & bits) != 0;
	}
	return (se->more & bits) != 0;
}
