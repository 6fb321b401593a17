/* SPDX-License-Identifier: ISC */
/*
 * text.c: tokenizer, stemmer and edit distance; see text.h.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libstemmer.h>

#include "text.h"

/*
 * The stems of words seen before: a word's Snowball stem costs about two
 * thousand instructions and a conversation's words repeat, so each stem
 * is remembered in a direct-mapped table (a newer word takes the slot of
 * an older one).  Bounded: TEXT_STEM_MEMO slots of two tokens each.  The
 * stem is a function of the word alone, so what the table holds never
 * changes a result.
 */
#define TEXT_STEM_MEMO	4096	/* a power of two */

struct text_stem_slot {
	char	word[TEXT_TOKEN_MAX];	/* "": empty */
	char	stem[TEXT_TOKEN_MAX];	/* "": no usable stem (left as is) */
};

/*
 * The last text tokenized in each mode, with its tokens: a message is
 * read by several readers of one turn (phrases, then search, then the
 * words it lacks), and each used to tokenize it again.  Tokens are a
 * function of the text, the mode and the percent word alone, so a copy
 * is the same result.  Texts longer than TEXT_TOK_MEMO_TEXT are not kept.
 */
#define TEXT_TOK_MEMO_TEXT	1024
#define TEXT_RAW_MEMO		4	/* texts remembered unstemmed: a
					 * message's reading for matching and
					 * its reading for search have the
					 * readings of clauses and phrases
					 * between them */

struct text_tok_memo {
	size_t			len;	/* of text; 0: empty slot */
	char			text[TEXT_TOK_MEMO_TEXT];
	struct text_tokens	tt;
};

struct text_stemmer {
	struct sb_stemmer	*sb;
	struct text_stem_slot	 memo[TEXT_STEM_MEMO];
	struct text_tok_memo	 tokmemo[2];	/* by enum text_mode */
	/*
	 * The last texts tokenized, their tokens unstemmed: they are the same
	 * in both modes (a mode only chooses the stem of each), so the
	 * same text in the other mode is read from them, not scanned again
	 * (a message is read for matching, then for search).  rawout is
	 * where push() writes them while a text is tokenized, or NULL.
	 */
	struct text_tok_memo	 raw[TEXT_RAW_MEMO];
	size_t			 rawnext;	/* the slot taken next */
	struct text_tokens	*rawout;
	char			 percent[TEXT_TOKEN_MAX]; /* "%"'s word, or "" */
	/* words left as written: text_stemmer_keep() */
	char			 keep[TEXT_KEEP_MAX][TEXT_TOKEN_MAX];
	size_t			 nkeep;
	/* stems told apart by the letter after them: text_stemmer_split() */
	char			 split[TEXT_SPLIT_MAX][TEXT_TOKEN_MAX];
	size_t			 nsplit;
};

struct text_stemmer *
text_stemmer_new(void)
{
	struct text_stemmer *ts = calloc(1, sizeof(*ts));

	if (ts == NULL)
		return NULL;
	if ((ts->sb = sb_stemmer_new("english", NULL)) == NULL) {
		free(ts);
		return NULL;
	}
	return ts;
}

/* Empty the memos: a rule just added may change what they hold. */
static void
stemmer_forget(struct text_stemmer *ts)
{
	memset(ts->memo, 0, sizeof(ts->memo));
	memset(ts->tokmemo, 0, sizeof(ts->tokmemo));
	memset(ts->raw, 0, sizeof(ts->raw));
}

/*
 * A new stemmer with the rules of ts (its percent word, words kept and
 * stems split) and none of its memos: what ts computes afresh.  NULL when
 * out of memory.
 */
struct text_stemmer *
text_stemmer_like(const struct text_stemmer *ts)
{
	struct text_stemmer *n = text_stemmer_new();

	if (n == NULL)
		return NULL;
	(void)memcpy(n->percent, ts->percent, sizeof(n->percent));
	(void)memcpy(n->keep, ts->keep, sizeof(n->keep));
	n->nkeep = ts->nkeep;
	(void)memcpy(n->split, ts->split, sizeof(n->split));
	n->nsplit = ts->nsplit;
	return n;
}

/*
 * The word a "%" standing alone reads as ("what % of devs": the
 * lexicon's "percent_word"), or none when word is NULL or too long.
 */
void
text_stemmer_set_percent(struct text_stemmer *ts, const char *word)
{
	size_t n = word != NULL ? strlen(word) : 0;

	memset(ts->tokmemo, 0, sizeof(ts->tokmemo));
	memset(ts->raw, 0, sizeof(ts->raw));
	ts->percent[0] = '\0';
	if (n > 0 && n < sizeof(ts->percent))
		(void)memcpy(ts->percent, word, n + 1);
}

/*
 * Leave word (lowercase, as typed) as written when stemming: a word the
 * Snowball stem folds into another one of another sense ("marketing" is
 * no "market").  The memos are emptied, since a stem they hold may be
 * this word's.  Returns 0, or -1 when TEXT_KEEP_MAX words are kept
 * already or word is too long.
 */
int
text_stemmer_keep(struct text_stemmer *ts, const char *word)
{
	size_t n = strlen(word);

	if (ts->nkeep >= TEXT_KEEP_MAX || n == 0 || n >= TEXT_TOKEN_MAX)
		return -1;
	(void)memcpy(ts->keep[ts->nkeep++], word, n + 1);
	stemmer_forget(ts);
	return 0;
}

/*
 * Tell the words of stem apart by the letter that follows the stem in
 * each: a Snowball stem that folds two words of different senses, neither
 * of them the stem itself ("experiment" and "experience" are both
 * "experi"), becomes "experim" and "experie", while the forms of one
 * word ("experiments", "experimented") still meet.  The memos are
 * emptied, since a stem they hold may be this one.  Returns 0, or -1
 * when TEXT_SPLIT_MAX stems are split already or stem is too long.
 */
int
text_stemmer_split(struct text_stemmer *ts, const char *stem)
{
	size_t n = strlen(stem);

	if (ts->nsplit >= TEXT_SPLIT_MAX || n == 0 || n + 1 >= TEXT_TOKEN_MAX)
		return -1;
	(void)memcpy(ts->split[ts->nsplit++], stem, n + 1);
	stemmer_forget(ts);
	return 0;
}

/*
 * Whether the Snowball stem out (len bytes) of word w is one
 * text_stemmer_split() tells apart, and w goes on past it.
 */
static int
stem_is_split(const struct text_stemmer *ts, const char *w,
    const sb_symbol *out, size_t len)
{
	size_t i;

	if (len + 1 >= TEXT_TOKEN_MAX || strlen(w) <= len ||
	    memcmp(w, out, len) != 0)
		return 0;
	for (i = 0; i < ts->nsplit; i++)
		if (strlen(ts->split[i]) == len &&
		    memcmp(ts->split[i], out, len) == 0)
			return 1;
	return 0;
}

void
text_stemmer_free(struct text_stemmer *ts)
{
	if (ts == NULL)
		return;
	sb_stemmer_delete(ts->sb);
	free(ts);
}

/*
 * text_is_number_n() of the terminated w, in one pass to its NUL (no
 * strlen() first: most words fail on their first byte).  The digits are
 * the C locale's, which the daemon runs in (it never calls setlocale()),
 * as isdigit() says there.  Cost: at most strlen(w) + 1 byte tests.
 */
int
text_is_number(const char *w)
{
	size_t i;

	if (w[0] < '0' || w[0] > '9')
		return 0;
	for (i = 1; w[i] != '\0'; i++)
		if ((w[i] < '0' || w[i] > '9') && w[i] != '.')
			return 0;
	return 1;
}

/*
 * Is w[0..len) a number: a digit, then digits and dots?  Digits of the
 * C locale, tested by range rather than by a call of isdigit() a byte.
 */
int
text_is_number_n(const char *w, size_t len)
{
	size_t i;

	if (len == 0 || w[0] < '0' || w[0] > '9')
		return 0;
	for (i = 1; i < len; i++)
		if ((w[i] < '0' || w[i] > '9') && w[i] != '.')
			return 0;
	return 1;
}

/*
 * The character classes of the C locale, which the daemon runs in (it
 * never calls setlocale()), without a call per byte.
 */
static int
is_ascii_letter(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int
is_word_byte(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9');
}

/*
 * Fold an English plural, after Harman's S-stemmer: "-ies" to "-y" (not
 * "-eies", "-aies"), "-es" to "-e" (not "-aes", "-ees", "-oes"), "-s" off
 * (not "-us", "-ss").  Words of three letters or fewer stay.  w is n
 * bytes long (a tokenizer's word knows its length: no strlen()).
 */
static void
light_stem_n(char *w, size_t n)
{
	if (n <= 3 || w[n - 1] != 's')	/* every rule below ends in "s" */
		return;
	if (n > 4 && strcmp(w + n - 3, "ies") == 0 && w[n - 4] != 'e' &&
	    w[n - 4] != 'a') {
		(void)strcpy(w + n - 3, "y");
		return;
	}
	if (strcmp(w + n - 2, "es") == 0 && w[n - 3] != 'a' && w[n - 3] != 'e' &&
	    w[n - 3] != 'o') {
		w[n - 1] = '\0';
		return;
	}
	if (w[n - 1] == 's' && w[n - 2] != 'u' && w[n - 2] != 's')
		w[n - 1] = '\0';
}

/* light_stem_n() of a terminated word. */
void
text_light_stem(char *w)
{
	light_stem_n(w, strlen(w));
}

/*
 * Stem w (len bytes, terminated) in place if it is a plain word of
 * letters.  One pass reads the letters and, for the Snowball stem, the
 * memo's hash; a memo hit compares and copies whole slots (a token and
 * a slot are TEXT_TOKEN_MAX bytes).
 */
static void
stem_word(struct text_stemmer *ts, char *w, size_t len, enum text_mode mode)
{
	const sb_symbol *out;
	struct text_stem_slot *slot;
	uint64_t h = 1469598103934665603ULL;	/* FNV-1a */
	size_t i;

	if (len < 3)
		return;
	if (mode == TEXT_LIGHT) {
		for (i = 0; i < len; i++)
			if (!is_ascii_letter((unsigned char)w[i]))
				return;
		light_stem_n(w, len);
		return;
	}
	for (i = 0; i < len; i++) {
		if (!is_ascii_letter((unsigned char)w[i]))
			return;
		h ^= (unsigned char)w[i];
		h *= 1099511628211ULL;
	}
	slot = &ts->memo[h & (TEXT_STEM_MEMO - 1)];
	if (memcmp(slot->word, w, len + 1) == 0) {
		if (slot->stem[0] != '\0')
			(void)memcpy(w, slot->stem, TEXT_TOKEN_MAX);
		return;
	}
	for (i = 0; i < ts->nkeep; i++)
		if (strcmp(ts->keep[i], w) == 0) {
			/* remembered as a word with no usable stem */
			(void)memcpy(slot->word, w, len + 1);
			slot->stem[0] = '\0';
			return;
		}
	out = sb_stemmer_stem(ts->sb, (const sb_symbol *)w, (int)len);
	if (out == NULL)
		return;		/* out of memory: not remembered */
	(void)memcpy(slot->word, w, len + 1);	/* len < TEXT_TOKEN_MAX */
	slot->stem[0] = '\0';
	len = (size_t)sb_stemmer_length(ts->sb);
	if (len == 0 || len >= TEXT_TOKEN_MAX)
		return;
	if (stem_is_split(ts, w, out, len))
		len++;		/* w goes on past the stem: its letter kept */
	else
		memcpy(w, out, len);
	w[len] = '\0';
	memcpy(slot->stem, w, len + 1);
}

/* "50k" is 50000, "2.5k" 2500: thousands written the short way. */
static void
expand_thousands(char *w, size_t *wlen)
{
	size_t i, n = *wlen;
	double v;

	if (n < 2 || w[n - 1] != 'k')
		return;
	for (i = 0; i + 1 < n; i++)
		if (!isdigit((unsigned char)w[i]) && w[i] != '.')
			return;
	w[n - 1] = '\0';
	v = strtod(w, NULL) * 1000;
	if (snprintf(w, TEXT_TOKEN_MAX, "%.15g", v) >= TEXT_TOKEN_MAX)
		w[TEXT_TOKEN_MAX - 1] = '\0';
	*wlen = strlen(w);
}

static void
push(struct text_tokens *tt, struct text_stemmer *ts, enum text_mode mode,
    char *w, size_t wlen, int proper, int *brk)
{
	if (wlen == 0)
		return;
	if (tt->n >= TEXT_MAX_TOKENS) {
		tt->truncated |= TEXT_CUT_WORDS;
		return;
	}
	w[wlen] = '\0';
	expand_thousands(w, &wlen);
	(void)memcpy(tt->tok[tt->n], w, wlen + 1);
	if (ts != NULL && ts->rawout != NULL)
		(void)memcpy(ts->rawout->tok[tt->n], w, wlen + 1);
	tt->proper[tt->n] = (unsigned char)proper;
	tt->fixed[tt->n] = 0;
	tt->aside[tt->n] = 0;
	tt->exact[tt->n] = 0;
	tt->span[tt->n] = 1;
	tt->brk[tt->n] = (unsigned char)*brk;
	*brk = 0;
	if (ts != NULL)
		stem_word(ts, tt->tok[tt->n], wlen, mode);
	tt->n++;
}

static void	tokenize(struct text_stemmer *, const char *, size_t,
		    enum text_mode, struct text_tokens *);

/* Copy the first src->n tokens of src, with their marks, into dst. */
static void
tokens_copy(struct text_tokens *dst, const struct text_tokens *src)
{
	size_t n = src->n;

	dst->n = n;
	dst->truncated = src->truncated;
	(void)memcpy(dst->tok, src->tok, n * sizeof(src->tok[0]));
	(void)memcpy(dst->proper, src->proper, n);
	(void)memcpy(dst->fixed, src->fixed, n);
	(void)memcpy(dst->brk, src->brk, n);
	(void)memcpy(dst->aside, src->aside, n);
	(void)memcpy(dst->exact, src->exact, n);
	(void)memcpy(dst->span, src->span, n);
}

/*
 * Split s (len bytes, need not be terminated) into terms, stemmed as mode
 * says.  ts may be NULL to skip stemming.  With a stemmer, the last text
 * of each mode is remembered with its tokens (tokmemo), and the same text
 * again is a copy of them; the last TEXT_RAW_MEMO texts of either mode are
 * remembered unstemmed (raw), and the same text in the other mode is those tokens
 * stemmed, as tokenizing it would make them.
 */
void
text_tokenize(struct text_stemmer *ts, const char *s, size_t len,
    enum text_mode mode, struct text_tokens *tt)
{
	struct text_tok_memo *m, *r;
	size_t i;

	if (ts == NULL || len == 0 || len > TEXT_TOK_MEMO_TEXT) {
		tokenize(ts, s, len, mode, tt);
		return;
	}
	m = &ts->tokmemo[mode == TEXT_LIGHT];
	if (m->len == len && memcmp(m->text, s, len) == 0) {
		tokens_copy(tt, &m->tt);
		return;
	}
	for (r = ts->raw; r < ts->raw + TEXT_RAW_MEMO; r++)
		if (r->len == len && memcmp(r->text, s, len) == 0)
			break;
	if (r < ts->raw + TEXT_RAW_MEMO) {
		/* read in the other mode: stem its words as this one does */
		tokens_copy(tt, &r->tt);
		for (i = 0; i < tt->n; i++)
			stem_word(ts, tt->tok[i], strlen(tt->tok[i]), mode);
	} else {
		/* the oldest slot takes it */
		r = &ts->raw[ts->rawnext];
		ts->rawnext = (ts->rawnext + 1) % TEXT_RAW_MEMO;
		r->len = 0;
		ts->rawout = &r->tt;
		tokenize(ts, s, len, mode, tt);
		ts->rawout = NULL;
		/* the marks are the tokens', whatever the mode */
		r->tt.n = tt->n;
		r->tt.truncated = tt->truncated;
		(void)memcpy(r->tt.proper, tt->proper, tt->n);
		(void)memcpy(r->tt.fixed, tt->fixed, tt->n);
		(void)memcpy(r->tt.brk, tt->brk, tt->n);
		(void)memcpy(r->tt.aside, tt->aside, tt->n);
		(void)memcpy(r->tt.exact, tt->exact, tt->n);
		(void)memcpy(r->tt.span, tt->span, tt->n);
		(void)memcpy(r->text, s, len);
		r->len = len;
	}
	(void)memcpy(m->text, s, len);
	m->len = len;
	tokens_copy(&m->tt, tt);
}

/*
 * Is the character at s[i] a digit written otherwise (full-width,
 * Arabic-Indic, extended Arabic-Indic) or the micro sign or Greek mu?
 * Then *c is its ASCII digit or "u" and *skip its length in bytes.
 */
static int
text_fold_digit(const char *s, size_t len, size_t i, unsigned char *c,
    size_t *skip)
{
	const unsigned char *p = (const unsigned char *)s + i;

	if (i + 2 < len && p[0] == 0xef && p[1] == 0xbc && p[2] >= 0x90 &&
	    p[2] <= 0x99) {
		*c = (unsigned char)('0' + p[2] - 0x90);
		*skip = 3;
		return 1;
	}
	if (i + 1 < len && ((p[0] == 0xd9 && p[1] >= 0xa0 && p[1] <= 0xa9) ||
	    (p[0] == 0xdb && p[1] >= 0xb0 && p[1] <= 0xb9))) {
		*c = (unsigned char)('0' + (p[1] & 0x0f));
		*skip = 2;
		return 1;
	}
	if (i + 1 < len && ((p[0] == 0xc2 && p[1] == 0xb5) ||
	    (p[0] == 0xce && p[1] == 0xbc))) {
		*c = 'u';
		*skip = 2;
		return 1;
	}
	return 0;
}

/*
 * The length in bytes of a character typed for an apostrophe at s[i]
 * (the backtick, the acute accent U+00B4, the modifier letter U+02BC,
 * the left quote U+2018, the prime U+2032, the full-width U+FF07), or 0.
 * The right quote U+2019 is the tokenizer's already.
 */
static size_t
text_apostrophe_len(const char *s, size_t len, size_t i)
{
	const unsigned char *p = (const unsigned char *)s + i;

	if (p[0] == '`')
		return 1;
	if (i + 1 < len && ((p[0] == 0xc2 && p[1] == 0xb4) ||
	    (p[0] == 0xca && p[1] == 0xbc)))
		return 2;
	if (i + 2 < len && ((p[0] == 0xe2 && p[1] == 0x80 &&
	    (p[2] == 0x98 || p[2] == 0xb2)) ||
	    (p[0] == 0xef && p[1] == 0xbc && p[2] == 0x87)))
		return 3;
	return 0;
}

/*
 * How text_clean() reads the character at s[i] when it is one of those
 * that print as nothing or as a blank: its length in bytes, *out the
 * ASCII byte it is read as ('\0': none), or 0 for any other character.
 * Dropped: the soft hyphen, the zero-width space, non-joiner and joiner,
 * the bidirectional marks, embeddings, overrides and isolates, the word
 * joiner and invisible operators, the keycap and the emoji variation
 * selectors ("2\ufe0f\u20e3" is "2"), the byte order mark.  Spaces:
 * no-break, U+2000..U+200A, narrow no-break, medium mathematical and
 * ideographic.  Digits: those text_fold_digit() folds.  Between two
 * ASCII letters, a character typed for an apostrophe is one.
 */
static size_t
text_clean_char(const char *s, size_t len, size_t i, char *out)
{
	const unsigned char *p = (const unsigned char *)s + i;
	unsigned char c, b;
	size_t n;

	if (text_fold_digit(s, len, i, &c, &n) && isdigit(c)) {
		*out = (char)c;
		return n;
	}
	/* an apostrophe written otherwise between letters ("don\u00b4t"
	 * is "don't") */
	if ((n = text_apostrophe_len(s, len, i)) > 0 && i > 0 &&
	    isalpha((unsigned char)s[i - 1]) && i + n < len &&
	    isalpha((unsigned char)s[i + n])) {
		*out = '\'';
		return n;
	}
	*out = '\0';
	if (i + 1 < len && p[0] == 0xc2 && (p[1] == 0xa0 || p[1] == 0xad)) {
		if (p[1] == 0xa0)
			*out = ' ';
		return 2;
	}
	if (i + 2 >= len)
		return 0;
	b = p[2];
	if (p[0] == 0xe2 && p[1] == 0x80) {
		if (b <= 0x8a || b == 0xaf)
			*out = ' ';
		return b <= 0x8f || (b >= 0xaa && b <= 0xaf) ? 3 : 0;
	}
	if (p[0] == 0xe2 && p[1] == 0x81) {
		if (b == 0x9f)
			*out = ' ';
		return b == 0x9f || (b >= 0xa0 && b <= 0xa4) ||
		    (b >= 0xa6 && b <= 0xa9) ? 3 : 0;
	}
	if ((p[0] == 0xe2 && p[1] == 0x83 && b == 0xa3) ||
	    (p[0] == 0xef && p[1] == 0xbb && b == 0xbf) ||
	    (p[0] == 0xef && p[1] == 0xb8 && b >= 0x80 && b <= 0x8f))
		return 3;
	if (p[0] == 0xe3 && p[1] == 0x80 && b == 0x80) {
		*out = ' ';
		return 3;
	}
	return 0;
}

/*
 * The len bytes of text s as the engine reads them: the characters that
 * print as nothing dropped, the other spaces as ' ', the digits written
 * otherwise as ASCII and an apostrophe's look-alikes as one
 * (text_clean_char()), so that "\ufeff2" is a choice's number and
 * "don\u200bt" is "dont", "don\u00b4t" "don't" to every reader, raw or
 * tokenized.  Returns a NUL-terminated copy to free(), its length in
 * *outlen, or NULL when there is nothing to change, when nothing but
 * blanks would be left (the text is read as it is), or when out of
 * memory.
 */
char *
text_clean(const char *s, size_t len, size_t *outlen)
{
	size_t i, k, n;
	char c, *out;

	for (i = 0; i < len; i++)
		if (((unsigned char)s[i] >= 0x80 || s[i] == '`') &&
		    text_clean_char(s, len, i, &c) > 0)
			break;
	if (i == len || (out = malloc(len + 1)) == NULL)
		return NULL;
	(void)memcpy(out, s, i);
	k = i;
	while (i < len) {
		if (((unsigned char)s[i] >= 0x80 || s[i] == '`') &&
		    (n = text_clean_char(s, len, i, &c)) > 0) {
			if (c != '\0')
				out[k++] = c;
			i += n;
		} else
			out[k++] = s[i++];
	}
	out[k] = '\0';
	for (n = 0; n < k && isspace((unsigned char)out[n]); n++)
		;
	if (n == k) {
		free(out);
		return NULL;
	}
	*outlen = k;
	return out;
}

/* text_tokenize() without the memo. */
static void
tokenize(struct text_stemmer *ts, const char *s, size_t len,
    enum text_mode mode, struct text_tokens *tt)
{
	char w[TEXT_TOKEN_MAX];
	size_t i = 0, wlen = 0;
	int sentence_start = 1, proper = 0, brk = 0;

	tt->n = 0;
	tt->truncated = 0;
	while (i < len) {
		unsigned char c = (unsigned char)s[i];
		size_t fold = 0;

		/*
		 * Digits written otherwise are digits: full-width U+FF10..
		 * U+FF19 ("\uff12 months"), Arabic-Indic U+0660..U+0669 and
		 * U+06F0..U+06F9, so a number is read as one; the micro sign
		 * and the Greek mu are "u" ("500\u00b5s" is "500us").
		 */
		if (c >= 0x80 && text_fold_digit(s, len, i, &c, &fold)) {
			if (wlen == 0) {
				proper = 0;
				sentence_start = 0;
			}
			if (wlen < sizeof(w) - 1)
				w[wlen++] = (char)c;
			else
				tt->truncated |= TEXT_CUT_WORD;
			i += fold;
			continue;
		}
		/* ".5 ms" is 0.5 and "-3 weeks" no amount: a number's
		 * leading dot and minus stay with it, after no word */
		if ((c == '.' || c == '-') && wlen == 0 && i + 1 < len &&
		    isdigit((unsigned char)s[i + 1]) && (i == 0 ||
		    !is_word_byte((unsigned char)s[i - 1]))) {
			if (c == '.')
				w[wlen++] = '0';
			w[wlen++] = (char)c;
			sentence_start = 0;
			i++;
			continue;
		}
		if (is_word_byte(c)) {
			/*
			 * A name is Capitalized: an acronym ("GC", "LLM") is
			 * not one, and a sentence starts with a capital anyway.
			 */
			if (wlen == 0) {
				proper = c >= 'A' && c <= 'Z' &&
				    !sentence_start && i + 1 < len &&
				    s[i + 1] >= 'a' && s[i + 1] <= 'z';
				sentence_start = 0;
			}
			if (wlen < sizeof(w) - 1)
				w[wlen++] = (char)(c >= 'A' && c <= 'Z' ?
				    c + ('a' - 'A') : c);
			else
				tt->truncated |= TEXT_CUT_WORD;
			i++;
			continue;
		}
		/* "2.26", "188,000": separators inside numbers */
		if ((c == '.' || c == ',') && wlen > 0 &&
		    isdigit((unsigned char)w[wlen - 1]) && i + 1 < len &&
		    isdigit((unsigned char)s[i + 1])) {
			if (c == '.' && wlen < sizeof(w) - 1)
				w[wlen++] = '.';
			i++;
			continue;
		}
		/* "w/" and "w/o", "i/o": a one-letter abbreviation with its
		 * slash is one token, not a stray letter */
		if (wlen == 1 && c == '/' && is_ascii_letter((unsigned char)w[0])) {
			unsigned char n1 = i + 1 < len ? (unsigned char)s[i + 1] : 0;
			unsigned char n2 = i + 2 < len ? (unsigned char)s[i + 2] : 0;

			if (!is_word_byte(n1) && n1 != '+' && n1 != '#') {
				w[wlen++] = '/';
				push(tt, ts, mode, w, wlen, 0, &brk);
				wlen = 0;
				i++;
				continue;
			}
			if (is_ascii_letter(n1) && !is_word_byte(n2) && n2 != '+' &&
			    n2 != '#') {
				w[wlen++] = '/';
				w[wlen++] = (char)(n1 >= 'A' && n1 <= 'Z' ?
				    n1 + ('a' - 'A') : n1);
				push(tt, ts, mode, w, wlen, 0, &brk);
				wlen = 0;
				i += 2;
				continue;
			}
		}
		/* "c++" and "c#" */
		if (wlen == 1 && w[0] == 'c' && (c == '+' || c == '#')) {
			const char *rep = c == '+' ? "cpp" : "csharp";

			(void)strcpy(w, rep);
			wlen = strlen(rep);
			i++;
			while (i < len && s[i] == '+')
				i++;
			push(tt, ts, mode, w, wlen, 0, &brk);
			wlen = 0;
			continue;
		}
		/* possessive: "Go's", "Go\u2019s"; negation: "isn't" */
		if (wlen > 0) {
			size_t skip = 0;

			if (c == '\'')
				skip = 1;
			else if (c == 0xe2 && i + 2 < len &&
			    (unsigned char)s[i + 1] == 0x80 &&
			    (unsigned char)s[i + 2] == 0x99)
				skip = 3;
			if (skip && i + skip < len &&
			    (s[i + skip] == 't' || s[i + skip] == 'T') &&
			    (i + skip + 1 >= len ||
			    !is_word_byte((unsigned char)s[i + skip + 1]))) {
				/* "don't" is "do not", "can't" "can not" */
				w[wlen] = '\0';
				if (strcmp(w, "won") == 0)
					(void)strcpy(w, "will");
				else if (strcmp(w, "can") != 0 && wlen > 1 &&
				    w[wlen - 1] == 'n')
					w[wlen - 1] = '\0';
				wlen = strlen(w);
				push(tt, ts, mode, w, wlen, proper, &brk);
				(void)strcpy(w, "not");
				push(tt, ts, mode, w, 3, 0, &brk);
				wlen = 0;
				i += skip + 1;
				continue;
			}
			if (skip && i + skip < len &&
			    (s[i + skip] == 's' || s[i + skip] == 'S') &&
			    (i + skip + 1 >= len ||
			    !is_word_byte((unsigned char)s[i + skip + 1]))) {
				push(tt, ts, mode, w, wlen, proper, &brk);
				wlen = 0;
				i += skip + 1;
				continue;
			}
		}
		push(tt, ts, mode, w, wlen, proper, &brk);
		/* a "%" standing for the lexicon's word ("what % of
		 * devs"), not after a number ("72%", "72 %") */
		if (c == '%' && wlen == 0 && ts != NULL &&
		    ts->percent[0] != '\0' && (i == 0 ||
		    !isdigit((unsigned char)s[i - (s[i - 1] == ' ' && i > 1 ?
		    2 : 1)]))) {
			size_t pn = strlen(ts->percent);

			(void)memcpy(w, ts->percent, pn + 1);
			push(tt, ts, mode, w, pn, 0, &brk);
		}
		wlen = 0;
		if (c == '.' || c == '!' || c == '?' || c == ':' || c == ';' ||
		    c == '\n' || c == '"' || c == '(' || c == '-')
			sentence_start = 1;
		/* a clause mark: ", ; : . ! ?", a bracket ("jvm backend guy
		 * (kotlin mostly), ...": the aside is a clause of its own), a
		 * dash ("-" not right after a word, "\u2013", "\u2014");
		 * brk[] of the next word says so */
		if (c == ',' || c == ';' || c == ':' || c == '.' || c == '!' ||
		    c == '?' || c == '(' || c == ')' || (c == '-' && i > 0 &&
		    !is_word_byte((unsigned char)s[i - 1])) || (c == 0xe2 &&
		    i + 2 < len && (unsigned char)s[i + 1] == 0x80 &&
		    ((unsigned char)s[i + 2] == 0x93 ||
		    (unsigned char)s[i + 2] == 0x94)))
			brk |= 1;
		/* a sentence mark (". ! ? ;") also sets TEXT_BRK_SENTENCE */
		if (c == '.' || c == '!' || c == '?' || c == ';')
			brk |= TEXT_BRK_SENTENCE;
		/* a dash also TEXT_BRK_DASH: "(python mostly) - go or
		 * rust?" ends what was said of the user (match_phrase()) */
		if ((c == '-' && i > 0 && !is_word_byte((unsigned char)s[i -
		    1])) || (c == 0xe2 && i + 2 < len && (unsigned char)s[i +
		    1] == 0x80 && ((unsigned char)s[i + 2] == 0x93 ||
		    (unsigned char)s[i + 2] == 0x94)))
			brk |= TEXT_BRK_DASH;
		i++;
	}
	push(tt, ts, mode, w, wlen, proper, &brk);
}

/*
 * Optimal string alignment distance (Levenshtein plus adjacent
 * transpositions) between a and b, or max + 1 when it exceeds max.
 */
int
text_distance(const char *a, const char *b, int max)
{
	int la = (int)strlen(a), lb = (int)strlen(b);
	int d[TEXT_TOKEN_MAX + 1][TEXT_TOKEN_MAX + 1];
	int i, j;

	if (la >= TEXT_TOKEN_MAX || lb >= TEXT_TOKEN_MAX)
		return max + 1;
	if (abs(la - lb) > max)
		return max + 1;
	for (i = 0; i <= la; i++)
		d[i][0] = i;
	for (j = 0; j <= lb; j++)
		d[0][j] = j;
	for (i = 1; i <= la; i++) {
		int rowmin = max + 1;

		for (j = 1; j <= lb; j++) {
			int cost = a[i - 1] == b[j - 1] ? 0 : 1;
			int v = d[i - 1][j] + 1;

			if (d[i][j - 1] + 1 < v)
				v = d[i][j - 1] + 1;
			if (d[i - 1][j - 1] + cost < v)
				v = d[i - 1][j - 1] + cost;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1] && d[i - 2][j - 2] + 1 < v)
				v = d[i - 2][j - 2] + 1;
			d[i][j] = v;
			if (v < rowmin)
				rowmin = v;
		}
		if (rowmin > max)
			return max + 1;
	}
	return d[la][lb] <= max ? d[la][lb] : max + 1;
}

/*
 * Is the word w[0..len) in list[0..n)?  w holds no NUL in its len bytes.
 * The first byte turns most entries away; the rest is compared here, a
 * byte a step up to len (an entry's NUL differs from any byte of w, so a
 * shorter entry stops it), rather than by a call of strncmp() for the
 * few words a list's first bytes share.  Cost: at most n * (len + 1)
 * byte compares.
 */
/*
 * Is entry e the word w[0..len) (len > 0, w holding no NUL), e[0] known
 * to be w[0]?
 */
static inline int
text_word_is(const char *w, size_t len, const char *e)
{
	size_t k;

	for (k = 1; k < len && e[k] == w[k]; k++)
		;
	return k == len && e[len] == '\0';
}

int
text_word_in(const char *w, size_t len, const char *const *list,
    size_t n)
{
	size_t i;
	char c0;

	/* an empty word: an empty entry */
	if (len == 0) {
		for (i = 0; i < n; i++)
			if (list[i][0] == '\0')
				return 1;
		return 0;
	}
	/* w's first byte held in a register: an entry turned away by it
	 * costs a load and a compare (the loop read w[0] and tested len
	 * again for every entry; this is the engine's most run loop) */
	c0 = w[0];
	/* two entries a step: one loop test for both (most entries are
	 * turned away by their first byte, so the loop's own test was a
	 * third of the cost) */
	for (i = 0; i + 1 < n; i += 2) {
		if (list[i][0] == c0 && text_word_is(w, len, list[i]))
			return 1;
		if (list[i + 1][0] == c0 && text_word_is(w, len, list[i + 1]))
			return 1;
	}
	return i < n && list[i][0] == c0 && text_word_is(w, len, list[i]);
}

/*
 * Is one of the words of sq in list[0..n)?  sq is squashed text: words
 * separated by single spaces (leading or repeated spaces are skipped);
 * a word matches an entry of the same length and bytes.
 */
int
text_has_word(const char *sq, const char *const *list, size_t n)
{
	const char *p = sq;
	size_t len;

	while (*p != '\0') {
		for (len = 0; p[len] != '\0' && p[len] != ' '; len++)
			;
		if (text_word_in(p, len, list, n))
			return 1;
		p += len;
		while (*p == ' ')
			p++;
	}
	return 0;
}

/*
 * Does squashed text sq hold one of the phrases of list[0..n) (one or
 * more words) as whole words, anywhere?  An empty phrase matches nothing.
 */
int
text_has_phrase(const char *sq, const char *const *list, size_t n)
{
	const char *p;
	size_t i, len;

	for (i = 0; i < n; i++) {
		len = strlen(list[i]);
		for (p = sq; len > 0 && (p = strstr(p, list[i])) != NULL; p++)
			if ((p == sq || p[-1] == ' ') &&
			    (p[len] == '\0' || p[len] == ' '))
				return 1;
	}
	return 0;
}

/*
 * Append word w (len bytes, or up to a NUL in them) to out, which holds
 * n bytes of outsz, after a space when n > 0; out stays NUL-terminated,
 * cut to fit.  Returns the length out would have uncut, as
 * snprintf(out + n, outsz - n, "%s%.*s", n > 0 ? " " : "", (int)len,
 * w) + n would, without a format to read for each word.  n may be what
 * an earlier call returned past the end (n + 1 >= outsz): nothing is
 * written then.  Callers loop over up to TEXT_MAX_TOKENS words of a
 * message into a 512-byte buffer, passing back the uncut length; with
 * outsz - n - 1 wrapping around below zero, a long message wrote past
 * the buffer (ask_stance_use(): a stack overflow that killed the
 * daemon, review hx46).
 */
size_t
text_append_word(char *out, size_t outsz, size_t n, const char *w,
    size_t len)
{
	const char *nul = memchr(w, '\0', len);
	size_t at = n, room, k;

	if (nul != NULL)
		len = (size_t)(nul - w);
	if (n + 1 >= outsz)
		return n + (n > 0) + len;	/* full: out holds what fit */
	room = outsz - n - 1;
	if (n > 0 && room > 0) {
		out[at++] = ' ';
		room--;
	}
	k = len < room ? len : room;
	(void)memcpy(out + at, w, k);
	out[at + k] = '\0';
	return n + (n > 0) + len;
}

/*
 * The written form of a symbol name text_tokenize() makes of "c++" and
 * "c#" ("cpp", "csharp"), for text shown to a user; NULL for any other
 * token.
 */
const char *
text_symbol_written(const char *tok)
{
	if (strcmp(tok, "cpp") == 0)
		return "C++";
	if (strcmp(tok, "csharp") == 0)
		return "C#";
	return NULL;
}
