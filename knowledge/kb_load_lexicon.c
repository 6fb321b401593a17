/* SPDX-License-Identifier: ISC */
/*
 * kb_load_lexicon.c: lexicon.json: stopwords, negations and synonym
 * groups.  Every entry is stemmed as the tokenizer would stem text, so
 * matching happens on terms.  A term may belong to one synonym group only.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kb_fields.h"

#define SYN_STEM_MIN	3	/* a one-word synonym's stem: at least this */

#define REQ	FIELD_REQ
#define PATHLEN	400

/*
 * Compile one word or phrase into its terms: tokenized and stemmed, but
 * neither rewritten by synonyms nor stripped of stopwords.
 */
static int
phrase_terms(struct loader *L, const char *text, enum text_mode mode,
    struct kb_phrase *ph)
{
	struct text_tokens tt;
	size_t i;

	text_tokenize(L->kb->stemmer, text, strlen(text), mode, &tt);
	if (tt.n == 0 || tt.n > 8)
		return -1;
	ph->tok = arena_calloc(&L->kb->arena, tt.n, sizeof(*ph->tok));
	if (ph->tok == NULL)
		return -1;
	for (i = 0; i < tt.n; i++)
		if ((ph->tok[i] = arena_strdup(&L->kb->arena, tt.tok[i])) ==
		    NULL)
			return -1;
	ph->ntok = tt.n;
	return 0;
}

static int
phrase_equal(const struct kb_phrase *a, const struct kb_phrase *b)
{
	size_t i;

	if (a->ntok != b->ntok)
		return 0;
	for (i = 0; i < a->ntok; i++)
		if (strcmp(a->tok[i], b->tok[i]) != 0)
			return 0;
	return 1;
}

/*
 * Whether entry w (at path p) of a list of words is a string of at most
 * KB_MAX_PHRASE bytes; an error naming p when not.
 */
static int
load_string(struct loader *L, json_t *w, const char *p)
{
	if (!json_is_string(w)) {
		(void)fields_want(L, p, "a string", w);
		return 0;
	}
	if (json_string_length(w) > KB_MAX_PHRASE) {
		fields_error(L, p, "longer than %d bytes", KB_MAX_PHRASE);
		return 0;
	}
	return 1;
}

/*
 * Add each word of array arr (at path) to set in both of its forms,
 * stemmed and plural-folded.  A word of avoid (when not NULL) is an error:
 * a negation may not also be a stopword.
 */
static void
load_words(struct loader *L, json_t *arr, const char *path,
    struct strmap *set, const struct strmap *avoid)
{
	enum text_mode modes[2] = { TEXT_STEM, TEXT_LIGHT };
	struct text_tokens tt;
	char p[PATHLEN];
	const char *s;
	json_t *w;
	size_t i, m;

	json_array_foreach(arr, i, w) {
		fields_index(p, sizeof(p), path, i);
		if (!load_string(L, w, p))
			continue;
		for (m = 0; m < 2; m++) {
			text_tokenize(L->kb->stemmer, json_string_value(w),
			    json_string_length(w), modes[m], &tt);
			if (tt.n != 1)
				break;
			if ((s = arena_strdup(&L->kb->arena, tt.tok[0])) ==
			    NULL || strmap_put(set, s, 1) == -1)
				L->kb->arena.failed = 1;
			if (m == 0 && avoid != NULL &&
			    strmap_get(avoid, tt.tok[0]) >= 0)
				fields_error(L, p, "'%s' is also a stopword",
				    json_string_value(w));
		}
		if (m < 2)
			fields_error(L, p, "'%s' is not a single word",
			    json_string_value(w));
	}
}

static int
synonym_cmp(const void *a, const void *b)
{
	const struct kb_synonym *x = a, *y = b;

	/* longest first, so that "memory safety" wins over "memory" */
	if (x->from.ntok != y->from.ntok)
		return x->from.ntok > y->from.ntok ? -1 : 1;
	return 0;
}

/*
 * Add ph, the matching form of a word of a group whose canonical form is
 * mcanon, unless it is the canon itself or already known.
 */
static void
add_msynonym(struct kb *kb, const struct kb_phrase *mph,
    const struct kb_phrase *mcanon)
{
	size_t k;

	if (mcanon->ntok == 0 || phrase_equal(mph, mcanon))
		return;
	for (k = 0; k < kb->nmsynonyms; k++)
		if (phrase_equal(&kb->msynonyms[k].from, mph))
			return;
	kb->msynonyms[k].from = *mph;
	kb->msynonyms[k].to = *mcanon;
	kb->nmsynonyms++;
}

/*
 * One synonym group (at path gp, the i-th): its first entry is the
 * canonical form the others are rewritten to.  group_of[] remembers the
 * group of each synonym, to report a term that is in two.
 */
static void
load_group(struct loader *L, json_t *grp, const char *gp, size_t i,
    size_t *group_of)
{
	struct kb *kb = L->kb;
	struct kb_phrase canon, mcanon, ph, mph;
	char p[PATHLEN];
	json_t *w;
	size_t j, k;

	memset(&canon, 0, sizeof(canon));
	memset(&mcanon, 0, sizeof(mcanon));
	json_array_foreach(grp, j, w) {
		fields_index(p, sizeof(p), gp, j);
		if (!json_is_string(w) || json_string_length(w) == 0) {
			fields_error(L, p, "expected a non-empty string");
			continue;
		}
		if (json_string_length(w) > KB_MAX_PHRASE) {
			fields_error(L, p, "longer than %d bytes",
			    KB_MAX_PHRASE);
			continue;
		}
		if (phrase_terms(L, json_string_value(w), TEXT_STEM, &ph) ==
		    -1 || phrase_terms(L, json_string_value(w), TEXT_LIGHT,
		    &mph) == -1) {
			fields_error(L, p, "'%s' has no words, or more than 8",
			    json_string_value(w));
			continue;
		}
		if (j == 0) {
			canon = ph;
			mcanon = mph;
			continue;
		}
		add_msynonym(kb, &mph, &mcanon);
		if (canon.ntok == 0 || phrase_equal(&ph, &canon))
			continue;
		/* search compares stems: a one-word synonym whose stem is
		 * shorter than SYN_STEM_MIN stands for other words too
		 * ("ads" stems to "ad", as "added" and "adding" do) */
		if (ph.ntok == 1 && strlen(ph.tok[0]) < SYN_STEM_MIN &&
		    strcmp(ph.tok[0], mph.tok[0]) != 0) {
			fields_error(L, p, "'%s' stems to '%s', which other "
			    "words share; write it in a phrase",
			    json_string_value(w), ph.tok[0]);
			continue;
		}
		for (k = 0; k < kb->nsynonyms; k++)
			if (phrase_equal(&kb->synonyms[k].from, &ph))
				break;
		if (k < kb->nsynonyms) {
			if (group_of[k] != i)
				fields_error(L, p, "'%s' is also in synonym "
				    "group %zu", json_string_value(w),
				    group_of[k]);
			continue;
		}
		kb->synonyms[k].from = ph;
		kb->synonyms[k].to = canon;
		group_of[k] = i;
		kb->nsynonyms++;
	}
}

/*
 * The filler phrases of array arr ("to be fair", "in the first place",
 * "at the end of the day"): chat habits of two words or more that say
 * nothing of what is asked.  Each is loaded as a synonym rewritten to no
 * word at all, so that search drops it whole, as it drops a phrase whose
 * canonical entry is a stopword, while its words alone keep their sense
 * ("first" of "learn go first", "place" of "which place").  A phrase of
 * one word belongs in fillers; one holding a negation would turn a
 * question around when dropped; one also a synonym of a group would be
 * read two ways.
 */
static void	check_unique(struct loader *, json_t *, const char *);

static void
load_filler_phrases(struct loader *L, json_t *arr)
{
	struct kb *kb = L->kb;
	struct kb_phrase ph;
	char p[PATHLEN];
	json_t *w;
	size_t i, j, k;

	check_unique(L, arr, "$.filler_phrases");
	json_array_foreach(arr, i, w) {
		fields_index(p, sizeof(p), "$.filler_phrases", i);
		if (!load_string(L, w, p))
			continue;
		if (phrase_terms(L, json_string_value(w), TEXT_STEM, &ph) ==
		    -1 || ph.ntok < 2 || ph.ntok > KB_FILLER_PHRASE_WORDS) {
			fields_error(L, p, "'%s' is not a phrase of 2 to %d "
			    "words (a single word belongs in fillers)",
			    json_string_value(w), KB_FILLER_PHRASE_WORDS);
			continue;
		}
		for (j = 0; j < ph.ntok; j++)
			if (strmap_get(&kb->negations, ph.tok[j]) >= 0)
				break;
		if (j < ph.ntok) {
			fields_error(L, p, "'%s' holds the negation '%s'",
			    json_string_value(w), ph.tok[j]);
			continue;
		}
		for (k = 0; k < kb->nsynonyms; k++)
			if (phrase_equal(&kb->synonyms[k].from, &ph))
				break;
		if (k < kb->nsynonyms) {
			fields_error(L, p, "'%s' is also a synonym",
			    json_string_value(w));
			continue;
		}
		kb->synonyms[k].from = ph;
		memset(&kb->synonyms[k].to, 0, sizeof(kb->synonyms[k].to));
		kb->nsynonyms++;
	}
}

/*
 * The synonym groups of array arr, then the filler phrases of fillers
 * (may be NULL); a canon may not be another's synonym.
 */
static void
load_synonyms(struct loader *L, json_t *arr, json_t *fillers)
{
	struct kb *kb = L->kb;
	struct kb_phrase canon;
	size_t *group_of, total = 0, i, k;
	char p[PATHLEN];
	json_t *grp;

	json_array_foreach(arr, i, grp)
		if (json_is_array(grp))
			total += json_array_size(grp);
	if (fillers != NULL)
		total += json_array_size(fillers);
	kb->synonyms = arena_calloc(&kb->arena, total + 1,
	    sizeof(*kb->synonyms));
	kb->msynonyms = arena_calloc(&kb->arena, total + 1,
	    sizeof(*kb->msynonyms));
	if (kb->synonyms == NULL || kb->msynonyms == NULL ||
	    (group_of = calloc(total + 1, sizeof(*group_of))) == NULL) {
		kb->arena.failed = 1;
		return;
	}
	json_array_foreach(arr, i, grp) {
		fields_index(p, sizeof(p), "$.synonyms", i);
		if (!json_is_array(grp) || json_array_size(grp) < 2 ||
		    json_array_size(grp) > 64)
			fields_error(L, p, "expected an array of 2 to 64 words "
			    "or phrases");
		else
			load_group(L, grp, p, i, group_of);
	}
	json_array_foreach(arr, i, grp) {
		if (!json_is_array(grp) || json_array_size(grp) < 2 ||
		    !json_is_string(json_array_get(grp, 0)) ||
		    phrase_terms(L, json_string_value(json_array_get(grp, 0)),
		    TEXT_STEM, &canon) == -1)
			continue;
		for (k = 0; k < kb->nsynonyms; k++)
			if (group_of[k] != i &&
			    phrase_equal(&kb->synonyms[k].from, &canon))
				fields_error(L, fields_index(p, sizeof(p),
				    "$.synonyms", i), "'%s' is also in synonym "
				    "group %zu", json_string_value(
				    json_array_get(grp, 0)), group_of[k]);
	}
	free(group_of);
	if (fillers != NULL)
		load_filler_phrases(L, fillers);
	qsort(kb->synonyms, kb->nsynonyms, sizeof(*kb->synonyms),
	    synonym_cmp);
	qsort(kb->msynonyms, kb->nmsynonyms, sizeof(*kb->msynonyms),
	    synonym_cmp);
}

/*
 * lexicon.json "unstemmed": words the stemmer would fold into a word of
 * another sense ("marketing" into the "market" of jobs), left as written
 * in every text read, claims and questions alike.  Each must be one
 * lowercase word of letters, listed once, whose Snowball stem differs
 * from it (else keeping it changes nothing).  Read before any other
 * list, whose words are stemmed as they load.
 */
static void
load_unstemmed(struct loader *L, json_t *arr)
{
	struct text_tokens tt;
	char p[PATHLEN];
	const char *s, *c;
	json_t *w;
	size_t i;

	json_array_foreach(arr, i, w) {
		fields_index(p, sizeof(p), "$.unstemmed", i);
		if (!load_string(L, w, p))
			continue;
		s = json_string_value(w);
		for (c = s; *c >= 'a' && *c <= 'z'; c++)
			;
		if (*c != '\0' || c - s < 3 || c - s >= TEXT_TOKEN_MAX) {
			fields_error(L, p, "'%s' is not one lowercase word of "
			    "3 to %d letters", s, TEXT_TOKEN_MAX - 1);
			continue;
		}
		text_tokenize(L->kb->stemmer, s, strlen(s), TEXT_STEM, &tt);
		if (tt.n != 1 || strcmp(tt.tok[0], s) == 0) {
			fields_error(L, p, "'%s' is its own stem or no "
			    "word: keeping it changes nothing", s);
			continue;
		}
		if (text_stemmer_keep(L->kb->stemmer, s) == -1)
			L->kb->arena.failed = 1;
	}
}

/* A word of the claims and its Snowball stem, for split_stems(). */
struct stem_word {
	char	stem[TEXT_TOKEN_MAX];
	char	next;		/* the letter after the stem; 0: near */
};

static int
stem_word_cmp(const void *a, const void *b)
{
	const struct stem_word *x = a, *y = b;
	int c = strcmp(x->stem, y->stem);

	return c != 0 ? c : (x->next > y->next) - (x->next < y->next);
}

/*
 * Stems the claims' own words fold across senses.  Two words of the
 * claims with one Snowball stem, which each go on past it by four
 * letters or more and differ in the letter after it ("experiment" and
 * "experience", both "experi"), are two words, not forms of one; a word
 * that is its stem or goes past it by at most three letters, as an
 * inflection does ("run", "runs", "committed"), or is not written from
 * it ("company", "compani") makes the stem a word of its own, whose
 * derived forms meet ("commit", "commitment").  Each such stem is split
 * (text_stemmer_split()), so a question about one word no longer finds
 * the claims of the other.
 * Called before any list or claim is stemmed.
 */
static void
split_stems(struct loader *L)
{
	struct kb *kb = L->kb;
	struct text_tokens *tt, *one;
	struct stem_word *sw = NULL, *grown;
	size_t c, i, j, k, n = 0, cap = 0, len;
	int near, letters;

	tt = malloc(sizeof(*tt));
	one = malloc(sizeof(*one));
	if (tt == NULL || one == NULL)
		goto oom;
	for (c = 0; c < kb->nclaims; c++) {
		const char *text = kb->claims[c].text;

		text_tokenize(kb->stemmer, text, strlen(text), TEXT_LIGHT, tt);
		for (i = 0; i < tt->n; i++) {
			const char *w = tt->tok[i];

			len = strlen(w);
			for (j = 0; j < len && w[j] >= 'a' && w[j] <= 'z'; j++)
				;
			if (j != len || len < 3)
				continue;
			text_tokenize(kb->stemmer, w, len, TEXT_STEM, one);
			if (one->n != 1)
				continue;
			if (n == cap) {
				cap = cap ? cap * 2 : 1024;
				if ((grown = realloc(sw, cap * sizeof(*sw))) ==
				    NULL)
					goto oom;
				sw = grown;
			}
			k = strlen(one->tok[0]);
			(void)memcpy(sw[n].stem, one->tok[0], k + 1);
			sw[n].next = (strncmp(w, one->tok[0], k) == 0 &&
			    len >= k + 4) ? w[k] : 0;
			n++;
		}
	}
	if (n > 1)	/* sw is NULL for a knowledge base of no words */
		qsort(sw, n, sizeof(*sw), stem_word_cmp);
	for (i = 0; i < n; i = j) {
		near = 0;
		letters = 0;
		for (j = i; j < n && strcmp(sw[j].stem, sw[i].stem) == 0; j++) {
			if (sw[j].next == 0)
				near = 1;
			else if (j == i || sw[j].next != sw[j - 1].next)
				letters++;
		}
		if (!near && letters >= 2 &&
		    text_stemmer_split(kb->stemmer, sw[i].stem) == -1)
			goto oom;
	}
	free(sw);
	free(tt);
	free(one);
	return;
oom:
	kb->arena.failed = 1;
	free(sw);
	free(tt);
	free(one);
}

struct lexicon_in {
	json_t		*stopwords, *synonyms, *negations, *fillers;
	json_t		*filler_phrases;
	json_t		*aside_suffixes, *slot_suffixes, *slot_openers;
	json_t		*slot_subjects;
	json_t		*name_openers, *name_markers;
	json_t		*name_followers, *name_joiners, *kind_heads;
	json_t		*intents, *clause_words, *focus_words;
	json_t		*antonyms, *not_typos, *not_comparatives, *typo_frames;
	json_t		*domains, *describers;
	json_t		*senses, *unstemmed;
	const char	*percent_word;
};

/*
 * Report each string of arr (at path) that an earlier one repeats: a
 * list read as a set lists a word once.
 */
static void
check_unique(struct loader *L, json_t *arr, const char *path)
{
	char p[PATHLEN];
	json_t *w;
	size_t i, j;

	json_array_foreach(arr, i, w) {
		if (!json_is_string(w))
			continue;
		for (j = 0; j < i; j++)
			if (json_equal(json_array_get(arr, j), w))
				break;
		if (j < i) {
			fields_index(p, sizeof(p), path, i);
			fields_error(L, p, "'%s' is listed twice",
			    json_string_value(w));
		}
	}
}

/*
 * The aside suffixes ("ally", "ously"): lowercase letters, 2 to
 * KB_ASIDE_SUFFIX_MAX of them, kept as written (kb_normalize() compares
 * them with the end of a word as the user wrote it).
 */
static void
load_suffixes(struct loader *L, json_t *arr, const char *path,
    struct strmap *set)
{
	char p[PATHLEN];
	const char *s;
	json_t *w;
	size_t i, j, n;

	json_array_foreach(arr, i, w) {
		fields_index(p, sizeof(p), path, i);
		if (!json_is_string(w)) {
			(void)fields_want(L, p, "a string", w);
			continue;
		}
		s = json_string_value(w);
		n = json_string_length(w);
		for (j = 0; j < n && s[j] >= 'a' && s[j] <= 'z'; j++)
			;
		if (n < 2 || n > KB_ASIDE_SUFFIX_MAX || j < n) {
			fields_error(L, p, "'%s' is not 2 to %d lowercase "
			    "letters", s, KB_ASIDE_SUFFIX_MAX);
			continue;
		}
		if ((s = arena_strdup(&L->kb->arena, s)) == NULL ||
		    strmap_put(set, s, 1) == -1)
			L->kb->arena.failed = 1;
	}
}

/* Is s one of the strings of arr, as written? */
static int
lexicon_listed(json_t *arr, const char *s)
{
	json_t *w;
	size_t i;

	json_array_foreach(arr, i, w)
		if (json_is_string(w) && strcmp(json_string_value(w), s) == 0)
			return 1;
	return 0;
}

/*
 * Every slot opener (arr) must be one of the name openers (openers, as
 * written; NULL: none): it says which of them a verb's form follows ("is
 * fighting ..."), and a word that opens no name's slot would say
 * nothing.  Compared as written: the loaded sets hold stems ("does" is
 * "doe" there).
 */
static void
lexicon_slot_openers(struct loader *L, json_t *arr, json_t *openers)
{
	char p[PATHLEN];
	json_t *w;
	size_t i;

	json_array_foreach(arr, i, w) {
		if (!json_is_string(w) || (openers != NULL &&
		    lexicon_listed(openers, json_string_value(w))))
			continue;
		fields_index(p, sizeof(p), "$.slot_openers", i);
		fields_error(L, p, "'%s' is not one of $.name_openers",
		    json_string_value(w));
	}
}

/* An intent class as read. */
struct intent_in {
	const char	*name;
	json_t		*starts, *words, *cues, *not_starts, *frames;
	json_t		*strict_words;
	int		 lists, measures, verb_held, asks_unmarked;
};

static const struct field intent_fields[] = {
	F(struct intent_in, name, "class", FT_ID, REQ, 0, 0),
	F(struct intent_in, starts, "starts", FT_ARRAY, 0, 0, 64),
	F(struct intent_in, words, "words", FT_ARRAY, 0, 0, 64),
	F(struct intent_in, cues, "cues", FT_ARRAY, 0, 0, 64),
	F(struct intent_in, not_starts, "not_starts", FT_ARRAY, 0, 0, 16),
	F(struct intent_in, lists, "lists", FT_INT, 0, 0, 1),
	F(struct intent_in, measures, "measures", FT_INT, 0, 0, 1),
	F(struct intent_in, frames, "frames", FT_ARRAY, 0, 0, 16),
	F(struct intent_in, strict_words, "strict_words", FT_ARRAY, 0, 0, 32),
	F(struct intent_in, verb_held, "verb_held", FT_INT, 0, 0, 1),
	F(struct intent_in, asks_unmarked, "asks_unmarked", FT_INT, 0, 0, 1),
	F_END
};

/*
 * Squash each string of arr (at path) into *out (kb_squash: lowercase,
 * letters, digits and single spaces), *n of them; one_word asks for
 * single words.  A string that squashes to nothing, or to more than one
 * word when one is asked for, is an error.
 */
static void
load_squashed(struct loader *L, json_t *arr, const char *path, int one_word,
    const char ***out, size_t *n)
{
	char p[PATHLEN], sq[KB_MAX_PHRASE + 1];
	json_t *w;
	size_t i;

	*n = 0;
	if (arr == NULL)
		return;
	check_unique(L, arr, path);
	if ((*out = arena_calloc(&L->kb->arena, json_array_size(arr) + 1,
	    sizeof(**out))) == NULL) {
		L->kb->arena.failed = 1;
		return;
	}
	json_array_foreach(arr, i, w) {
		fields_index(p, sizeof(p), path, i);
		if (!load_string(L, w, p))
			continue;
		(void)kb_squash(json_string_value(w), json_string_length(w),
		    sq, sizeof(sq));
		if (sq[0] == '\0' || (one_word && strchr(sq, ' ') != NULL)) {
			fields_error(L, p, "'%s' is not %s",
			    json_string_value(w), one_word ? "one word" :
			    "a phrase of letters or digits");
			continue;
		}
		if (((*out)[(*n)++] = arena_strdup(&L->kb->arena, sq)) == NULL)
			L->kb->arena.failed = 1;
	}
}

/*
 * Whether intent class e lists key with any entry, valid or not (an
 * invalid list is an error of its own, reported by fields_read()).
 */
static int
some_entries(json_t *e, const char *key)
{
	json_t *v = json_object_get(e, key);

	return v != NULL && (!json_is_array(v) || json_array_size(v) > 0);
}

/*
 * An intent class's "cues" (at path) into it: phrases of two words or
 * more (a single word belongs in its "words", read by a faster index).
 * A cue another class already lists is an error: which class it says
 * would hang on the classes' order alone.
 */
static void
load_intent_cues(struct loader *L, json_t *arr, const char *path,
    struct kb_intent *it)
{
	const struct kb *kb = L->kb;
	char p[PATHLEN];
	size_t i, j, k;

	load_squashed(L, arr, path, 0, &it->cues, &it->ncues);
	for (i = 0; i < it->ncues; i++) {
		fields_index(p, sizeof(p), path, i);
		if (strchr(it->cues[i], ' ') == NULL)
			fields_error(L, p, "cue '%s' is one word: list it in "
			    "\"words\"", it->cues[i]);
		for (k = 0; k < kb->nintents; k++)
			for (j = 0; j < kb->intents[k].ncues; j++)
				if (strcmp(kb->intents[k].cues[j],
				    it->cues[i]) == 0)
					fields_error(L, p, "cue '%s' is already "
					    "a cue of class '%s'", it->cues[i],
					    kb->intents[k].name);
	}
}

/*
 * An intent class's "not_starts" (at path) into it: each must begin with
 * one of the class's own starts (else it could never be what a start
 * read), and be longer than that start.
 */
static void
load_intent_not_starts(struct loader *L, json_t *arr, const char *path,
    struct kb_intent *it)
{
	char p[PATHLEN];
	size_t i, j;

	load_squashed(L, arr, path, 0, &it->not_starts, &it->nnot_starts);
	for (i = 0; i < it->nnot_starts; i++) {
		for (j = 0; j < it->nstarts; j++)
			if (kb_phrase_starts(it->not_starts[i],
			    it->starts[j]) && strcmp(it->not_starts[i],
			    it->starts[j]) != 0)
				break;
		if (j == it->nstarts) {
			fields_index(p, sizeof(p), path, i);
			fields_error(L, p, "'%s' does not begin with one of "
			    "the class's starts", it->not_starts[i]);
		}
	}
}

/*
 * lexicon.json "intents": at most KB_MAX_INTENTS classes, each named once,
 * with the openings ("starts"), words and cues that say a question asks
 * for it, openings that do not ("not_starts"), words that only frame
 * such a question ("frames"), and words that ask for it alone
 * ("strict_words", at most 32).
 */
static void
load_intents(struct loader *L, json_t *arr)
{
	struct kb *kb = L->kb;
	char p[PATHLEN];
	json_t *e;
	size_t i, k;

	if (json_array_size(arr) > KB_MAX_INTENTS) {
		fields_error(L, "$.intents", "more than %d classes",
		    KB_MAX_INTENTS);
		return;
	}
	json_array_foreach(arr, i, e) {
		struct intent_in in;
		struct kb_intent *it = &kb->intents[kb->nintents];
		char sp[PATHLEN];

		fields_index(p, sizeof(p), "$.intents", i);
		memset(&in, 0, sizeof(in));
		if (fields_read(L, e, p, intent_fields, &in) == -1 ||
		    in.name == NULL)
			continue;
		for (k = 0; k < kb->nintents; k++)
			if (strcmp(kb->intents[k].name, in.name) == 0)
				break;
		if (k < kb->nintents) {
			fields_error(L, fields_key(sp, sizeof(sp), p, "class"),
			    "class '%s' is declared twice", in.name);
			continue;
		}
		if (!some_entries(e, "starts") && !some_entries(e, "words")) {
			fields_error(L, p, "class '%s' has neither starts "
			    "nor words", in.name);
			continue;
		}
		if ((it->name = arena_strdup(&kb->arena, in.name)) == NULL) {
			kb->arena.failed = 1;
			return;
		}
		load_squashed(L, in.starts, fields_key(sp, sizeof(sp), p,
		    "starts"), 0, &it->starts, &it->nstarts);
		load_squashed(L, in.words, fields_key(sp, sizeof(sp), p,
		    "words"), 1, &it->words, &it->nwords);
		load_intent_cues(L, in.cues, fields_key(sp, sizeof(sp), p,
		    "cues"), it);
		load_intent_not_starts(L, in.not_starts, fields_key(sp,
		    sizeof(sp), p, "not_starts"), it);
		it->lists = in.lists;
		it->verb_held = in.verb_held;
		it->measures = in.measures;
		it->asks_unmarked = in.asks_unmarked;
		load_squashed(L, in.frames, fields_key(sp, sizeof(sp), p,
		    "frames"), 0, &it->frames, &it->nframes);
		load_squashed(L, in.strict_words, fields_key(sp, sizeof(sp), p,
		    "strict_words"), 1, &it->strict_words, &it->nstrict_words);
		kb->nintents++;
	}
}

/*
 * Resolve each claim's answers (claims.json) to lexicon.json's intent
 * classes, now that both are read: a class the lexicon does not declare
 * is an error naming the claim and the classes there are.  Nothing is
 * checked when the lexicon's intents were refused as a whole.
 */
static void
load_answers(struct loader *L)
{
	struct kb *kb = L->kb;
	json_t *claims, *e, *answers, *a, *id;
	char cp[PATHLEN], p[PATHLEN], ap[PATHLEN], known[256];
	size_t i, j, k, n = 0;
	int32_t ci;

	if (L->roots[F_CLAIMS] == NULL || (claims = json_object_get(
	    L->roots[F_CLAIMS], "claims")) == NULL || !json_is_array(claims))
		return;
	/* the intents refused as a whole (not an array, too many) are
	 * reported once, not again at every claim that answers one */
	if (L->roots[F_LEXICON] != NULL && (e = json_object_get(
	    L->roots[F_LEXICON], "intents")) != NULL && (!json_is_array(e) ||
	    json_array_size(e) > KB_MAX_INTENTS))
		return;
	known[0] = '\0';
	for (k = 0; k < kb->nintents && n < sizeof(known); k++)
		n += (size_t)snprintf(known + n, sizeof(known) - n, "%s%s",
		    k ? ", " : "", kb->intents[k].name);
	L->file = kb_file_names[F_CLAIMS];
	json_array_foreach(claims, i, e) {
		if ((answers = json_object_get(e, "answers")) == NULL ||
		    !json_is_array(answers) || (id = json_object_get(e,
		    "id")) == NULL || !json_is_string(id) ||
		    (ci = strmap_get(&kb->ids, json_string_value(id))) < 0)
			continue;	/* refused already, or no answers */
		fields_index(cp, sizeof(cp), "$.claims", i);
		fields_key(p, sizeof(p), cp, "answers");
		json_array_foreach(answers, j, a) {
			if (!json_is_string(a))
				continue;
			for (k = 0; k < kb->nintents; k++)
				if (strcmp(kb->intents[k].name,
				    json_string_value(a)) == 0)
					break;
			if (k < kb->nintents) {
				kb->claims[ci].answers |= 1u << k;
				continue;
			}
			fields_index(ap, sizeof(ap), p, j);
			fields_error(L, ap, "claim '%s': '%s' is not an "
			    "intent class of lexicon.json (%s)",
			    json_string_value(id), json_string_value(a),
			    kb->nintents ? known : "it declares none");
		}
	}
	L->file = kb_file_names[F_LEXICON];
}

/*
 * lexicon.json "clause_words": the closed-class words the dialogue reads
 * a message's clauses with (understand_clauses()), one typed list each
 * (kb.h KB_CW_*).  A word is kept as typed in lowercase, an apostrophe
 * inside it ("don't"; U+2019 reads as one), and may sit in several lists
 * ("wasn't": auxiliaries, negators, past), except where the reading would
 * contradict itself: a wh-word is no auxiliary, and a word names one
 * person at most (user, addressee, others).  "past_forms" lists a verb's
 * irregular past forms ("wrote", "built"; no auxiliary: those are
 * "past") and, written with a leading dash ("-ed"), the endings of the
 * regular ones (at most KB_CW_SUFFIX_MAX).  "relatives" lists wh-words
 * that may open a relative clause after a comma (", which keeps
 * crashing"): each must be listed in "wh_words" too.  "reports" lists
 * verbs of telling ("said", "told") that open a clause of their own after
 * "and" or a comma, their subject left out ("my lead is a c++ dev and
 * said pick one"): no auxiliary.  "possessives" lists user words that
 * stand for a possessive ("mine", "ours": "a friend of mine"): each must
 * be listed in "user" too (read after it).  "quantifiers" lists words
 * that, opening a clause with no subject of its own, say more of the
 * clause before's subject ("my buddy's company has 200 devs, all on go",
 * "..., mostly go"): no person, subject, people word or auxiliary (the
 * clause would have a subject or verb of its own then).
 */
static const char *const cw_lists[KB_CW_NLISTS] = {
	"auxiliaries", "wh_words", "user", "addressee", "others", "subjects",
	"determiners", "conjunctions", "negators", "past", "commands", "tags",
	"people", "past_forms", "relatives", "reports", "possessives",
	"quantifiers"
};

struct clause_in {
	json_t	*list[KB_CW_NLISTS];
};

static const struct field clause_fields[] = {
	F(struct clause_in, list[0], "auxiliaries", FT_ARRAY, REQ, 1, 200),
	F(struct clause_in, list[1], "wh_words", FT_ARRAY, REQ, 1, 50),
	F(struct clause_in, list[2], "user", FT_ARRAY, REQ, 1, 50),
	F(struct clause_in, list[3], "addressee", FT_ARRAY, 0, 0, 50),
	F(struct clause_in, list[4], "others", FT_ARRAY, 0, 0, 50),
	F(struct clause_in, list[5], "subjects", FT_ARRAY, 0, 0, 50),
	F(struct clause_in, list[6], "determiners", FT_ARRAY, 0, 0, 100),
	F(struct clause_in, list[7], "conjunctions", FT_ARRAY, 0, 0, 100),
	F(struct clause_in, list[8], "negators", FT_ARRAY, 0, 0, 100),
	F(struct clause_in, list[9], "past", FT_ARRAY, 0, 0, 100),
	F(struct clause_in, list[10], "commands", FT_ARRAY, 0, 0, 100),
	F(struct clause_in, list[11], "tags", FT_ARRAY, 0, 0, 50),
	F(struct clause_in, list[12], "people", FT_ARRAY, 0, 0, 100),
	F(struct clause_in, list[13], "past_forms", FT_ARRAY, 0, 0, 200),
	F(struct clause_in, list[14], "relatives", FT_ARRAY, 0, 0, 20),
	F(struct clause_in, list[15], "reports", FT_ARRAY, 0, 0, 50),
	F(struct clause_in, list[16], "possessives", FT_ARRAY, 0, 0, 20),
	F(struct clause_in, list[17], "quantifiers", FT_ARRAY, 0, 0, 30),
	F_END
};

/*
 * A "past_forms" entry "-ed" at path p: a regular past form's ending,
 * 1 to 4 lowercase letters after the dash, kept without it in
 * kb->cw_past_suffixes (at most KB_CW_SUFFIX_MAX, each once).
 */
static void
load_clause_suffix(struct loader *L, const char *p, const char *w)
{
	struct kb *kb = L->kb;
	size_t n = strlen(w + 1), j;
	const char *s;

	for (j = 0; j < n && w[1 + j] >= 'a' && w[1 + j] <= 'z'; j++)
		;
	if (n == 0 || n > 4 || j < n) {
		fields_error(L, p, "'%s' is no ending: a dash, then 1 to 4 "
		    "lowercase letters", w);
		return;
	}
	if (kb->ncw_past_suffixes == KB_CW_SUFFIX_MAX) {
		fields_error(L, p, "more than %d endings", KB_CW_SUFFIX_MAX);
		return;
	}
	if ((s = arena_strdup(&kb->arena, w + 1)) == NULL) {
		kb->arena.failed = 1;
		return;
	}
	kb->cw_past_suffixes[kb->ncw_past_suffixes++] = s;
}

/*
 * A "quantifiers" entry w at path p, its clause_words bits so far now:
 * kept in kb->cw_quants (at most KB_CW_QUANT_MAX); a quantifier's clause
 * has no subject of its own (understand_scope_elliptic()), so no person,
 * subject, people word or auxiliary.
 */
static void
load_clause_quant(struct loader *L, const char *p, const char *w,
    unsigned now)
{
	struct kb *kb = L->kb;
	const char *s;

	if (now & (KB_CW_USER | KB_CW_ADDRESSEE | KB_CW_OTHER |
	    KB_CW_SUBJECT | KB_CW_PEOPLE | KB_CW_AUX)) {
		fields_error(L, p, "'%s' is a quantifier and a person, "
		    "subject, people word or auxiliary", w);
		return;
	}
	if (kb->ncw_quants == KB_CW_QUANT_MAX) {
		fields_error(L, p, "more than %d quantifiers",
		    KB_CW_QUANT_MAX);
		return;
	}
	if ((s = arena_strdup(&kb->arena, w)) == NULL) {
		kb->arena.failed = 1;
		return;
	}
	kb->cw_quants[kb->ncw_quants++] = s;
}

static void
load_clause_words(struct loader *L, json_t *obj)
{
	struct kb *kb = L->kb;
	struct clause_in ci;
	char path[PATHLEN], p[PATHLEN];
	const unsigned person = KB_CW_USER | KB_CW_ADDRESSEE | KB_CW_OTHER;
	const char *w, *s;
	json_t *e;
	size_t k, i, j, n;
	int32_t had;
	unsigned bit, now;

	memset(&ci, 0, sizeof(ci));
	if (fields_read(L, obj, "$.clause_words", clause_fields, &ci) == -1)
		return;
	if (strmap_init(&kb->clause_words, 512) == -1) {
		kb->arena.failed = 1;
		return;
	}
	for (k = 0; k < KB_CW_NLISTS; k++) {
		if (ci.list[k] == NULL)
			continue;
		bit = 1u << k;
		(void)snprintf(path, sizeof(path), "$.clause_words.%s",
		    cw_lists[k]);
		check_unique(L, ci.list[k], path);
		json_array_foreach(ci.list[k], i, e) {
			fields_index(p, sizeof(p), path, i);
			if (!json_is_string(e)) {
				(void)fields_want(L, p, "a string", e);
				continue;
			}
			w = json_string_value(e);
			n = json_string_length(e);
			if (bit == KB_CW_PAST_FORM && n > 0 && w[0] == '-') {
				load_clause_suffix(L, p, w);
				continue;
			}
			for (j = 0; j < n && ((w[j] >= 'a' && w[j] <= 'z') ||
			    (w[j] == '\'' && j > 0 && j + 1 < n)); j++)
				;
			if (n == 0 || n > KB_CW_WORD_MAX || j < n) {
				fields_error(L, p, "'%s' is not one lowercase "
				    "word of at most %d bytes (letters, an "
				    "apostrophe inside)", w, KB_CW_WORD_MAX);
				continue;
			}
			had = strmap_get(&kb->clause_words, w);
			now = (had < 0 ? 0 : (unsigned)had) | bit;
			/* quantifiers are read last and kept apart: no
			 * clause word to the other readers ("spreadsheet
			 * macros mostly" still names work) */
			if (bit == KB_CW_QUANT) {
				load_clause_quant(L, p, w, now);
				continue;
			}
			if ((now & KB_CW_WH) && (now & KB_CW_AUX)) {
				fields_error(L, p, "'%s' is both a wh-word "
				    "and an auxiliary", w);
				continue;
			}
			if ((now & KB_CW_PAST_FORM) && (now & KB_CW_AUX)) {
				fields_error(L, p, "'%s' is both a past form "
				    "and an auxiliary (an auxiliary's past "
				    "goes in past)", w);
				continue;
			}
			/* a report verb opens a clause of its own
			 * (understand_cw_starts): no auxiliary */
			if ((now & KB_CW_REPORT) && (now & KB_CW_AUX)) {
				fields_error(L, p, "'%s' is both a report "
				    "verb and an auxiliary", w);
				continue;
			}
			/* wh_words are read before relatives */
			if ((now & KB_CW_RELATIVE) && !(now & KB_CW_WH)) {
				fields_error(L, p, "'%s' is no word of "
				    "wh_words", w);
				continue;
			}
			/* user is read before possessives */
			if ((now & KB_CW_POSSESSIVE) && !(now & KB_CW_USER)) {
				fields_error(L, p, "'%s' is no word of user",
				    w);
				continue;
			}
			if ((now & person) & ((now & person) - 1)) {
				fields_error(L, p, "'%s' names two persons "
				    "(user, addressee, others)", w);
				continue;
			}
			if (had >= 0) {
				if (strmap_put(&kb->clause_words, w,
				    (int32_t)now) == -1)
					kb->arena.failed = 1;
				continue;
			}
			if ((s = arena_strdup(&kb->arena, w)) == NULL ||
			    strmap_put(&kb->clause_words, s, (int32_t)now) ==
			    -1)
				kb->arena.failed = 1;
			kb->clause_first[(unsigned char)w[0]] |= 1u <<
			    (n < 31 ? n : 31);
		}
	}
}

/* A focus_words group as read. */
struct focus_in {
	json_t		*words, *units, *partial, *alone, *not_after;
};

static const struct field focus_fields[] = {
	F(struct focus_in, words, "words", FT_ARRAY, REQ, 0, 64),
	F(struct focus_in, units, "units", FT_ARRAY, REQ, 0, 8),
	F(struct focus_in, partial, "partial", FT_ANY, 0, 0, 0),
	F(struct focus_in, alone, "alone", FT_ARRAY, 0, 0, 64),
	F(struct focus_in, not_after, "not_after", FT_ARRAY, 0, 0, 64),
	F_END
};

/* Is unit the unit of some figure of claims.json? */
static int
focus_unit_known(const struct kb *kb, const char *unit)
{
	size_t i, f;

	for (i = 0; i < kb->nclaims; i++)
		for (f = 0; f < kb->claims[i].nfigures; f++)
			if (strcmp(kb->claims[i].figures[f].unit, unit) == 0)
				return 1;
	return 0;
}

/*
 * A focus_words group's "alone" list (arr, at p."alone"): each a word of
 * g's own words (else it could ask for no group: an error naming it),
 * listed once.
 */
static void
load_focus_alone(struct loader *L, struct kb_focus_group *g, json_t *arr,
    const char *p)
{
	char ap[PATHLEN], wp[PATHLEN];
	size_t a, b, w;
	int found;

	fields_key(ap, sizeof(ap), p, "alone");
	load_squashed(L, arr, ap, 1, &g->alone, &g->nalone);
	for (a = 0; a < g->nalone; a++) {
		fields_index(wp, sizeof(wp), ap, a);
		for (w = 0, found = 0; w < g->nwords && !found; w++)
			found = strcmp(g->words[w], g->alone[a]) == 0;
		if (!found)
			fields_error(L, wp, "'%s' is not one of the group's "
			    "words", g->alone[a]);
		for (b = 0; b < a; b++)
			if (strcmp(g->alone[b], g->alone[a]) == 0)
				fields_error(L, wp, "'%s' is listed twice",
				    g->alone[a]);
	}
}

/*
 * lexicon.json "focus_words": groups of a question's words for what it
 * counts ("staff", "pay") with the figure units that count it
 * ("people", "USD").  words is not empty; units may be (a measure no
 * figure of the article gives: "battery", "energy", which any claim
 * then answers only in part).  A word is one word and in one group
 * only; a unit is one some figure of claims.json has (else the group
 * could never match: an error naming it).  "alone" (optional): words
 * of the group's words that ask for its amount without a count start
 * ("what was the budget of ...": budget); "not_after" (optional, with
 * "alone"): words right before an alone word that make it another
 * measure's ("p99 budget").
 */
static void
load_focus(struct loader *L, json_t *arr)
{
	struct kb *kb = L->kb;
	char p[PATHLEN], sp[PATHLEN], up[PATHLEN];
	json_t *e, *u;
	size_t i, j, k, w;

	if ((kb->focus_groups = arena_calloc(&kb->arena,
	    json_array_size(arr) + 1, sizeof(*kb->focus_groups))) == NULL) {
		kb->arena.failed = 1;
		return;
	}
	json_array_foreach(arr, i, e) {
		struct kb_focus_group *g = &kb->focus_groups[kb->nfocus_groups];
		struct focus_in in;

		fields_index(p, sizeof(p), "$.focus_words", i);
		memset(&in, 0, sizeof(in));
		if (fields_read(L, e, p, focus_fields, &in) == -1 ||
		    in.words == NULL || in.units == NULL)
			continue;
		fields_key(sp, sizeof(sp), p, "words");
		fields_key(up, sizeof(up), p, "units");
		if (json_array_size(in.words) == 0) {
			fields_error(L, sp, "lists nothing");
			continue;
		}
		/* "partial": false, a count of people: a claim holding the
		 * question's things without such a count answers nothing of
		 * it ("how many staff does cloudflare have") */
		g->no_partial = 0;
		if (in.partial != NULL) {
			fields_key(up, sizeof(up), p, "partial");
			if (!json_is_boolean(in.partial))
				fields_error(L, up, "expected true or false");
			g->no_partial = json_is_false(in.partial);
		}
		load_squashed(L, in.words, sp, 1, &g->words, &g->nwords);
		for (w = 0; w < g->nwords; w++)
			for (k = 0; k < kb->nfocus_groups; k++)
				for (j = 0; j < kb->focus_groups[k].nwords; j++)
					if (strcmp(kb->focus_groups[k].words[j],
					    g->words[w]) == 0) {
						fields_index(up, sizeof(up),
						    sp, w);
						fields_error(L, up, "'%s' is "
						    "in focus_words group %zu "
						    "already", g->words[w], k);
					}
		if (in.alone != NULL)
			load_focus_alone(L, g, in.alone, p);
		/* "p99 budget": a word before an alone word that makes it
		 * another measure's ("not_after", single words) */
		if (in.not_after != NULL) {
			if (in.alone == NULL)
				fields_error(L, p, "'not_after' without "
				    "'alone'");
			fields_key(up, sizeof(up), p, "not_after");
			load_squashed(L, in.not_after, up, 1, &g->not_after,
			    &g->nnot_after);
		}
		fields_key(sp, sizeof(sp), p, "units");
		if ((g->units = arena_calloc(&kb->arena,
		    json_array_size(in.units) + 1, sizeof(*g->units))) ==
		    NULL) {
			kb->arena.failed = 1;
			return;
		}
		json_array_foreach(in.units, j, u) {
			fields_index(up, sizeof(up), sp, j);
			if (!load_string(L, u, up))
				continue;
			/* with no claims loaded their own errors say why;
			 * every unit would be one more (ops.test) */
			if (kb->nclaims > 0 &&
			    !focus_unit_known(kb, json_string_value(u))) {
				fields_error(L, up, "'%s' is no figure's unit "
				    "in claims.json", json_string_value(u));
				continue;
			}
			if ((g->units[g->nunits++] = arena_strdup(&kb->arena,
			    json_string_value(u))) == NULL)
				kb->arena.failed = 1;
		}
		kb->nfocus_groups++;
	}
}

/*
 * lexicon "antonyms": each entry a pair of two different single words
 * (["easy", "hard"]), kept as written in kb->antonym_words;
 * kb_antonyms_build() reads them as search terms (and reports a pair the
 * search cannot tell apart).  An entry that is not such a pair is
 * reported with its path, a bad word with its own ($.antonyms[i][k]).
 */
static void
load_antonyms(struct loader *L, json_t *arr)
{
	struct kb *kb = L->kb;
	struct text_tokens tt;
	char p[PATHLEN], pk[PATHLEN];
	json_t *pair, *w;
	size_t i, k;

	if ((kb->antonym_words = arena_calloc(&kb->arena,
	    2 * json_array_size(arr) + 1, sizeof(*kb->antonym_words))) ==
	    NULL) {
		kb->arena.failed = 1;
		return;
	}
	json_array_foreach(arr, i, pair) {
		fields_index(p, sizeof(p), "$.antonyms", i);
		if (!json_is_array(pair) || json_array_size(pair) != 2) {
			fields_error(L, p, "must be a pair of two words");
			continue;
		}
		for (k = 0; k < 2; k++) {
			w = json_array_get(pair, k);
			fields_index(pk, sizeof(pk), p, k);
			if (!load_string(L, w, pk))
				break;
			text_tokenize(kb->stemmer, json_string_value(w),
			    json_string_length(w), TEXT_STEM, &tt);
			if (tt.n != 1) {
				fields_error(L, pk, "'%s' is not a single "
				    "word", json_string_value(w));
				break;
			}
		}
		if (k < 2)
			continue;
		if (json_equal(json_array_get(pair, 0),
		    json_array_get(pair, 1))) {
			fields_error(L, p, "'%s' is its own antonym",
			    json_string_value(json_array_get(pair, 0)));
			continue;
		}
		for (k = 0; k < 2; k++)
			if ((kb->antonym_words[2 * kb->nantonyms + k] =
			    arena_strdup(&kb->arena, json_string_value(
			    json_array_get(pair, k)))) == NULL)
				kb->arena.failed = 1;
		kb->nantonyms++;
	}
}

struct domains_in {
	json_t		*words, *intents;
};

static const struct field domains_fields[] = {
	F(struct domains_in, words, "words", FT_ARRAY, FIELD_REQ, 1, 64),
	F(struct domains_in, intents, "intents", FT_ARRAY, FIELD_REQ, 1,
	    KB_MAX_INTENTS),
	F_END
};

/*
 * lexicon "domains": {"words", "intents"}: single words naming a field of
 * work, kept as written in kb->domain_words (kb_domains_build() reads them
 * as search terms and refuses one the claims never say), and the classes
 * of lexicon "intents" (read before) whose questions must find one of them
 * in the claim that answers, as bits in kb->domain_intents.  An empty
 * list, a word that is not one word, a class not declared or named twice
 * is reported with its path.
 */
static void
load_domains(struct loader *L, json_t *obj)
{
	struct kb *kb = L->kb;
	struct domains_in in;
	struct text_tokens tt;
	char p[PATHLEN];
	json_t *w;
	size_t i, k;

	memset(&in, 0, sizeof(in));
	if (fields_read(L, obj, "$.domains", domains_fields, &in) == -1 ||
	    in.words == NULL || in.intents == NULL)
		return;
	if (json_array_size(in.words) == 0 ||
	    json_array_size(in.intents) == 0) {
		fields_error(L, json_array_size(in.words) == 0 ?
		    "$.domains.words" : "$.domains.intents", "is empty");
		return;
	}
	if ((kb->domain_words = arena_calloc(&kb->arena,
	    json_array_size(in.words) + 1, sizeof(*kb->domain_words))) ==
	    NULL) {
		kb->arena.failed = 1;
		return;
	}
	json_array_foreach(in.words, i, w) {
		fields_index(p, sizeof(p), "$.domains.words", i);
		if (!load_string(L, w, p))
			continue;
		text_tokenize(kb->stemmer, json_string_value(w),
		    json_string_length(w), TEXT_STEM, &tt);
		if (tt.n != 1) {
			fields_error(L, p, "'%s' is not a single word",
			    json_string_value(w));
			continue;
		}
		if ((kb->domain_words[kb->ndomain_words++] = arena_strdup(
		    &kb->arena, json_string_value(w))) == NULL)
			kb->arena.failed = 1;
	}
	/* the intents refused as a whole (not an array, too many) are
	 * reported once, not again at each class named here (load_answers) */
	if ((w = json_object_get(L->roots[F_LEXICON], "intents")) != NULL &&
	    (!json_is_array(w) || json_array_size(w) > KB_MAX_INTENTS))
		return;
	json_array_foreach(in.intents, i, w) {
		fields_index(p, sizeof(p), "$.domains.intents", i);
		if (!load_string(L, w, p))
			continue;
		for (k = 0; k < kb->nintents; k++)
			if (strcmp(kb->intents[k].name,
			    json_string_value(w)) == 0)
				break;
		if (k == kb->nintents)
			fields_error(L, p, "'%s' is no class of $.intents",
			    json_string_value(w));
		else if (kb->domain_intents & (1u << k))
			fields_error(L, p, "'%s' is listed twice",
			    json_string_value(w));
		else
			kb->domain_intents |= 1u << k;
	}
}

/*
 * Is w at path p a string of one lowercase word (a-z only)?  Reports
 * what it is not, by path, and returns 0 when it is not.
 */
static int
load_lower_word(struct loader *L, json_t *w, const char *p)
{
	const char *c;

	if (!load_string(L, w, p))
		return 0;
	for (c = json_string_value(w); *c >= 'a' && *c <= 'z'; c++)
		;
	if (*c != '\0' || c == json_string_value(w)) {
		fields_error(L, p, "'%s' is not one lowercase word",
		    json_string_value(w));
		return 0;
	}
	return 1;
}

/*
 * lexicon "describers": words a name written right before them only
 * describes ("Kubernetes operators" are operators, not Kubernetes; the
 * "Windows kernel" is part of Windows, so "kernel" is none), kept as
 * written in kb->describers for search_described() in kb_index.c, which
 * compares them with a claim's letters: each must be one lowercase word
 * of letters (a plural "s" is read there), listed once.
 */
static void
load_describers(struct loader *L, json_t *arr)
{
	struct kb *kb = L->kb;
	char p[PATHLEN];
	json_t *w;
	size_t i;

	check_unique(L, arr, "$.describers");
	if ((kb->describers = arena_calloc(&kb->arena,
	    json_array_size(arr) + 1, sizeof(*kb->describers))) == NULL) {
		kb->arena.failed = 1;
		return;
	}
	json_array_foreach(arr, i, w) {
		fields_index(p, sizeof(p), "$.describers", i);
		if (!load_lower_word(L, w, p))
			continue;
		if ((kb->describers[kb->ndescribers++] = arena_strdup(
		    &kb->arena, json_string_value(w))) == NULL)
			kb->arena.failed = 1;
	}
}

struct sense_in {
	const char	*word, *reads;
	json_t		*near, *asks;
	int		 within;
};

static const struct field sense_fields[] = {
	F(struct sense_in, word, "word", FT_STR, FIELD_REQ, 0, 31),
	F(struct sense_in, near, "near", FT_ARRAY, FIELD_REQ, 1, 64),
	F(struct sense_in, within, "within", FT_INT, FIELD_REQ, 1, 8),
	F(struct sense_in, reads, "reads", FT_STR, 0, 0, 31),
	F(struct sense_in, asks, "asks", FT_ANY, 0, 0, 0),
	F_END
};

/*
 * lexicon "senses": each entry {"word", "near", "within", "reads"?}: a
 * single word, the single words beside which it means something else,
 * how many terms either side count as beside (1 to 8), and the single
 * word it then reads as (none: it is blanked, a common word that names
 * nothing the question asks), and "asks"? (true: a blanking sense that
 * holds in the claims' asks too, index_ask_senses(): a word of a meaning
 * split, "fast" beside "onboard", not a framing word an ask may keep).
 * Kept as written in kb->senses;
 * kb_senses_build() reads them as search terms (and reports one the
 * search cannot use).  A bad entry is reported with its path.
 */
static void
load_senses(struct loader *L, json_t *arr)
{
	struct kb *kb = L->kb;
	struct text_tokens tt;
	struct sense_in in;
	struct kb_sense *sn;
	char p[PATHLEN], pk[PATHLEN], pn[PATHLEN];
	json_t *e, *w;
	size_t i, k;
	int bad;

	if ((kb->senses = arena_calloc(&kb->arena, json_array_size(arr) + 1,
	    sizeof(*kb->senses))) == NULL) {
		kb->arena.failed = 1;
		return;
	}
	json_array_foreach(arr, i, e) {
		fields_index(p, sizeof(p), "$.senses", i);
		memset(&in, 0, sizeof(in));
		if (!json_is_object(e)) {
			fields_error(L, p, "must be an object");
			continue;
		}
		if (fields_read(L, e, p, sense_fields, &in) == -1 ||
		    in.word == NULL || in.near == NULL)
			continue;
		bad = 0;
		/* each word one word to the tokenizer: a sense is read term
		 * by term */
		text_tokenize(kb->stemmer, in.word, strlen(in.word),
		    TEXT_STEM, &tt);
		if (tt.n != 1) {
			fields_error(L, fields_key(pk, sizeof(pk), p, "word"),
			    "'%s' is not a single word", in.word);
			bad = 1;
		}
		if (in.reads != NULL) {
			text_tokenize(kb->stemmer, in.reads, strlen(in.reads),
			    TEXT_STEM, &tt);
			if (tt.n != 1) {
				fields_error(L, fields_key(pk, sizeof(pk), p,
				    "reads"), "'%s' is not a single word",
				    in.reads);
				bad = 1;
			}
		}
		(void)fields_key(pk, sizeof(pk), p, "near");
		json_array_foreach(in.near, k, w) {
			fields_index(pn, sizeof(pn), pk, k);
			if (!load_string(L, w, pn)) {
				bad = 1;
				continue;
			}
			text_tokenize(kb->stemmer, json_string_value(w),
			    json_string_length(w), TEXT_STEM, &tt);
			if (tt.n != 1) {
				fields_error(L, pn, "'%s' is not a single "
				    "word", json_string_value(w));
				bad = 1;
			}
		}
		check_unique(L, in.near, pk);
		if (in.asks != NULL && (!json_is_boolean(in.asks) ||
		    (json_is_true(in.asks) && in.reads != NULL))) {
			fields_error(L, fields_key(pk, sizeof(pk), p, "asks"),
			    json_is_boolean(in.asks) ? "only a sense without "
			    "\"reads\" holds in the asks" :
			    "expected true or false");
			bad = 1;
		}
		if (bad)
			continue;
		sn = &kb->senses[kb->nsenses];
		sn->in_asks = in.asks != NULL && json_is_true(in.asks);
		sn->within = (unsigned)in.within;
		sn->nnear = json_array_size(in.near);
		if ((sn->word = arena_strdup(&kb->arena, in.word)) == NULL ||
		    (in.reads != NULL && (sn->reads = arena_strdup(&kb->arena,
		    in.reads)) == NULL) || (sn->near = arena_calloc(&kb->arena,
		    sn->nnear + 1, sizeof(*sn->near))) == NULL) {
			kb->arena.failed = 1;
			return;
		}
		json_array_foreach(in.near, k, w)
			if ((sn->near[k] = arena_strdup(&kb->arena,
			    json_string_value(w))) == NULL)
				kb->arena.failed = 1;
		kb->nsenses++;
	}
}

static const struct field lexicon_fields[] = {
	F(struct lexicon_in, stopwords, "stopwords", FT_ARRAY, REQ, 0, 2000),
	F(struct lexicon_in, synonyms, "synonyms", FT_ARRAY, REQ, 0, 1000),
	F(struct lexicon_in, negations, "negations", FT_ARRAY, 0, 0, 100),
	F(struct lexicon_in, fillers, "fillers", FT_ARRAY, 0, 0, 500),
	F(struct lexicon_in, filler_phrases, "filler_phrases", FT_ARRAY, 0, 0,
	    KB_MAX_FILLER_PHRASES),
	F(struct lexicon_in, aside_suffixes, "aside_suffixes", FT_ARRAY, 0, 0,
	    50),
	F(struct lexicon_in, slot_suffixes, "slot_suffixes", FT_ARRAY, 0, 0,
	    50),
	F(struct lexicon_in, slot_openers, "slot_openers", FT_ARRAY, 0, 0, 50),
	F(struct lexicon_in, slot_subjects, "slot_subjects", FT_ARRAY, 0, 0,
	    50),
	F(struct lexicon_in, name_openers, "name_openers", FT_ARRAY, 0, 0, 50),
	F(struct lexicon_in, name_markers, "name_markers", FT_ARRAY, 0, 0, 50),
	F(struct lexicon_in, name_followers, "name_followers", FT_ARRAY, 0, 0,
	    50),
	F(struct lexicon_in, name_joiners, "name_joiners", FT_ARRAY, 0, 0, 50),
	F(struct lexicon_in, kind_heads, "kind_heads", FT_ARRAY, 0, 0, 50),
	F(struct lexicon_in, percent_word, "percent_word", FT_STR, 0, 0, 31),
	F(struct lexicon_in, intents, "intents", FT_ARRAY, 0, 0, 64),
	F(struct lexicon_in, clause_words, "clause_words", FT_OBJECT, 0, 0, 0),
	F(struct lexicon_in, focus_words, "focus_words", FT_ARRAY, 0, 0, 64),
	F(struct lexicon_in, antonyms, "antonyms", FT_ARRAY, 0, 0, 200),
	F(struct lexicon_in, senses, "senses", FT_ARRAY, 0, 0, 200),
	F(struct lexicon_in, unstemmed, "unstemmed", FT_ARRAY, 0, 0,
	    TEXT_KEEP_MAX),
	F(struct lexicon_in, domains, "domains", FT_OBJECT, 0, 0, 0),
	F(struct lexicon_in, describers, "describers", FT_ARRAY, 0, 0,
	    KB_MAX_DESCRIBERS),
	F(struct lexicon_in, not_typos, "not_typos", FT_ARRAY, 0, 0,
	    KB_MAX_NOT_TYPOS),
	F(struct lexicon_in, not_comparatives, "not_comparatives", FT_ARRAY,
	    0, 0, KB_MAX_NOT_TYPOS),
	F(struct lexicon_in, typo_frames, "typo_frames", FT_ARRAY, 0, 0,
	    KB_MAX_TYPO_FRAMES),
	F_END
};

/*
 * Add each entry of array arr (at path), a lowercase word of letters, to
 * set as written.
 */
static void
load_plain(struct loader *L, json_t *arr, const char *path,
    struct strmap *set)
{
	char p[PATHLEN];
	const char *s;
	json_t *w;
	size_t i;

	json_array_foreach(arr, i, w) {
		fields_index(p, sizeof(p), path, i);
		if (!load_lower_word(L, w, p))
			continue;
		if ((s = arena_strdup(&L->kb->arena, json_string_value(w))) ==
		    NULL || strmap_put(set, s, 1) == -1)
			L->kb->arena.failed = 1;
	}
}

/*
 * lexicon.json "typo_frames": each a stopword of three letters or more,
 * lowercase letters only, as written (a typo of it is read as it: see
 * dialogue_frame_typos()).  The stopwords must be loaded.
 */
static void
load_typo_frames(struct loader *L, json_t *arr)
{
	struct kb *kb = L->kb;
	struct text_tokens tt;
	char p[PATHLEN];
	const char *s, *c;
	json_t *w;
	size_t i;

	if ((kb->typo_frames = arena_alloc(&kb->arena,
	    (json_array_size(arr) + 1) * sizeof(*kb->typo_frames))) == NULL) {
		kb->arena.failed = 1;
		return;
	}
	json_array_foreach(arr, i, w) {
		fields_index(p, sizeof(p), "$.typo_frames", i);
		if (!load_string(L, w, p))
			continue;
		s = json_string_value(w);
		for (c = s; *c >= 'a' && *c <= 'z'; c++)
			;
		if (*c != '\0' || c - s < 3) {
			fields_error(L, p, "'%s' is not one lowercase word of "
			    "three letters or more", s);
			continue;
		}
		/* the stopwords are kept stemmed and light ("does" is
		 * "doe"): read the entry the same way */
		text_tokenize(kb->stemmer, s, strlen(s), TEXT_LIGHT, &tt);
		if (tt.n != 1 || strmap_get(&kb->stopwords, tt.tok[0]) < 0) {
			fields_error(L, p, "'%s' is not a stopword", s);
			continue;
		}
		if ((s = arena_strdup(&kb->arena, s)) == NULL) {
			kb->arena.failed = 1;
			return;
		}
		/* its bits: the array's bound (KB_MAX_TYPO_FRAMES) keeps k
		 * within a uint64_t */
		kb->typo_frames_first[s[0] - 'a'] |= UINT64_C(1) <<
		    kb->ntypo_frames;
		if (strlen(s) <= TEXT_TOKEN_MAX)
			kb->typo_frames_len[strlen(s)] |= UINT64_C(1) <<
			    kb->ntypo_frames;
		kb->typo_frames[kb->ntypo_frames++] = s;
	}
}
_Static_assert(KB_MAX_TYPO_FRAMES <= 64, "typo_frames' bits fit a uint64_t");

/* lexicon.json; it comes before the dialogue, whose phrases use it. */
void
kb_load_lexicon(struct loader *L)
{
	struct kb *kb = L->kb;
	struct lexicon_in lx;

	L->file = kb_file_names[F_LEXICON];
	if (L->roots[F_LEXICON] == NULL)
		return;
	if (strmap_init(&kb->stopwords, 256) == -1 ||
	    strmap_init(&kb->negations, 16) == -1 ||
	    strmap_init(&kb->aside_suffixes, 16) == -1 ||
	    strmap_init(&kb->slot_suffixes, 16) == -1 ||
	    strmap_init(&kb->slot_openers, 16) == -1 ||
	    strmap_init(&kb->slot_subjects, 16) == -1 ||
	    strmap_init(&kb->name_openers, 16) == -1 ||
	    strmap_init(&kb->name_markers, 16) == -1 ||
	    strmap_init(&kb->name_followers, 16) == -1 ||
	    strmap_init(&kb->name_joiners, 16) == -1 ||
	    strmap_init(&kb->kind_heads, 16) == -1 ||
	    strmap_init(&kb->not_typos, 16) == -1 ||
	    strmap_init(&kb->not_comparatives, 16) == -1) {
		kb->arena.failed = 1;
		return;
	}
	memset(&lx, 0, sizeof(lx));
	(void)fields_read(L, L->roots[F_LEXICON], "$", lexicon_fields, &lx);
	if (lx.unstemmed != NULL) {
		check_unique(L, lx.unstemmed, "$.unstemmed");
		load_unstemmed(L, lx.unstemmed);
	}
	split_stems(L);
	/* "%" alone reads as this word ("what % of devs"): one lowercase
	 * word, as the user would type it */
	if (lx.percent_word != NULL) {
		const char *w = lx.percent_word;

		while (*w >= 'a' && *w <= 'z')
			w++;
		if (*w != '\0')
			fields_error(L, "$.percent_word", "'%s' is not one "
			    "lowercase word", lx.percent_word);
		else
			text_stemmer_set_percent(kb->stemmer,
			    lx.percent_word);
	}
	if (lx.stopwords != NULL)
		load_words(L, lx.stopwords, "$.stopwords", &kb->stopwords, NULL);
	/*
	 * Fillers ("ngl", "fwiw", "good idea?") carry no content in a
	 * question: like stopwords they are dropped, so that one of them no
	 * longer counts as a word the article does not know.  A list of their
	 * own keeps the grammar words apart from the chat habits.
	 */
	if (lx.fillers != NULL)
		load_words(L, lx.fillers, "$.fillers", &kb->stopwords, NULL);
	if (lx.negations != NULL)
		load_words(L, lx.negations, "$.negations", &kb->negations,
		    &kb->stopwords);
	/*
	 * How a word the article never uses is read in a question
	 * (kb_normalize()): an aside ("realistically") or a name ("does
	 * swift ...", "... than kotlin").
	 */
	if (lx.aside_suffixes != NULL) {
		check_unique(L, lx.aside_suffixes, "$.aside_suffixes");
		load_suffixes(L, lx.aside_suffixes, "$.aside_suffixes",
		    &kb->aside_suffixes);
	}
	/* a verb's ending ("ing"): such a word right after a slot opener
	 * ("is fighting the borrow checker ...") is no name */
	if (lx.slot_suffixes != NULL) {
		check_unique(L, lx.slot_suffixes, "$.slot_suffixes");
		load_suffixes(L, lx.slot_suffixes, "$.slot_suffixes",
		    &kb->slot_suffixes);
	}
	if (lx.name_openers != NULL) {
		check_unique(L, lx.name_openers, "$.name_openers");
		load_words(L, lx.name_openers, "$.name_openers",
		    &kb->name_openers, NULL);
	}
	if (lx.slot_openers != NULL) {
		check_unique(L, lx.slot_openers, "$.slot_openers");
		load_words(L, lx.slot_openers, "$.slot_openers",
		    &kb->slot_openers, NULL);
		lexicon_slot_openers(L, lx.slot_openers, lx.name_openers);
	}
	/* "which is leaner?", "it is smooth or painful?": a subject
	 * right before a slot opener; the word after is said of it */
	if (lx.slot_subjects != NULL) {
		check_unique(L, lx.slot_subjects, "$.slot_subjects");
		load_words(L, lx.slot_subjects, "$.slot_subjects",
		    &kb->slot_subjects, NULL);
	}
	if (lx.name_markers != NULL) {
		check_unique(L, lx.name_markers, "$.name_markers");
		load_words(L, lx.name_markers, "$.name_markers",
		    &kb->name_markers, NULL);
	}
	/* "elixir developers", "ocaml redmonk rank": a name stands before */
	if (lx.name_followers != NULL) {
		check_unique(L, lx.name_followers, "$.name_followers");
		load_words(L, lx.name_followers, "$.name_followers",
		    &kb->name_followers, &kb->stopwords);
	}
	/* "an esp32 microcontroller", "a rapier crate": one of a kind */
	if (lx.kind_heads != NULL) {
		check_unique(L, lx.kind_heads, "$.kind_heads");
		load_words(L, lx.kind_heads, "$.kind_heads", &kb->kind_heads,
		    &kb->stopwords);
	}
	/* "axum or actix", "gin vs beego": alternatives side by side */
	if (lx.name_joiners != NULL) {
		check_unique(L, lx.name_joiners, "$.name_joiners");
		load_words(L, lx.name_joiners, "$.name_joiners",
		    &kb->name_joiners, NULL);
	}
	/* real words a typo of a choice word's would otherwise hide */
	if (lx.not_typos != NULL) {
		load_words(L, lx.not_typos, "$.not_typos", &kb->not_typos,
		    NULL);
	}
	/* words that only end like a comparative ("weather") */
	if (lx.not_comparatives != NULL)
		load_plain(L, lx.not_comparatives, "$.not_comparatives",
		    &kb->not_comparatives);
	if (lx.typo_frames != NULL)
		load_typo_frames(L, lx.typo_frames);
	if (lx.synonyms != NULL)
		load_synonyms(L, lx.synonyms, lx.filler_phrases);
	if (lx.intents != NULL)
		load_intents(L, lx.intents);
	if (lx.clause_words != NULL)
		load_clause_words(L, lx.clause_words);
	if (lx.focus_words != NULL)
		load_focus(L, lx.focus_words);
	if (lx.antonyms != NULL)
		load_antonyms(L, lx.antonyms);
	if (lx.senses != NULL)
		load_senses(L, lx.senses);
	if (lx.domains != NULL)
		load_domains(L, lx.domains);
	if (lx.describers != NULL)
		load_describers(L, lx.describers);
	load_answers(L);
}
