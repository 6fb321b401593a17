/* SPDX-License-Identifier: ISC */
/*
 * text.h: turning text into terms, the same way for the knowledge base and
 * for what users type.
 *
 * A term is a lowercase ASCII word, stemmed with the Snowball English
 * stemmer (Debian's libstemmer), so "salaries" and "salary" meet.  Numbers
 * keep their decimal point and lose thousands separators ("188,000" is
 * "188000"); "c++" is "cpp" and "c#" is "csharp"; a possessive "'s" is
 * dropped.  Bytes that are not ASCII letters or digits separate words.
 * Everything is bounded: at most TEXT_MAX_TOKENS terms of at most
 * TEXT_TOKEN_MAX - 1 bytes each; the rest is cut off (and flagged).
 */
#ifndef TEXT_H
#define TEXT_H

#include <stddef.h>

#define TEXT_MAX_TOKENS	160
#define TEXT_BRK_SENTENCE	0x2	/* brk[]: ". ! ? ;" before the word */
#define TEXT_BRK_DASH		0x4	/* brk[]: a dash before the word */
#define TEXT_TOKEN_MAX	32
#define TEXT_CUT_WORD	0x1	/* truncated: a word cut to TEXT_TOKEN_MAX - 1 */
#define TEXT_CUT_WORDS	0x2	/* truncated: words past TEXT_MAX_TOKENS left
				 * out (the reply says so: dialogue_cut()) */

struct text_tokens {
	size_t		n;
	int		truncated;	/* TEXT_CUT_* bits: what was cut off */
	char		tok[TEXT_MAX_TOKENS][TEXT_TOKEN_MAX];
	unsigned char	proper[TEXT_MAX_TOKENS];  /* Capitalized mid-sentence */
	unsigned char	fixed[TEXT_MAX_TOKENS];	  /* for callers: a typo fixed */
	unsigned char	brk[TEXT_MAX_TOKENS];	  /* a clause mark before it;
						   * TEXT_BRK_SENTENCE set
						   * when it ends a sentence */
	unsigned char	aside[TEXT_MAX_TOKENS];	  /* for callers: drop it */
	unsigned char	exact[TEXT_MAX_TOKENS];	  /* for callers: as written */
	unsigned char	span[TEXT_MAX_TOKENS];	  /* for callers: words it stands
						   * for (0 or 1: itself) */
};

struct text_stemmer;

/*
 * TEXT_STEM reduces words to Snowball stems, for searching: it finds
 * "compiled" when asked about "compilers".  TEXT_LIGHT only folds plurals
 * ("drivers" is "driver", "companies" "company"), for matching a user's
 * words against phrases, where "compiled language" must not read as
 * "compiler" nor "operational" as "operator".
 */
enum text_mode {
	TEXT_STEM,
	TEXT_LIGHT
};

/* A stemmer is not reentrant: use one per thread (the daemon has one). */
struct text_stemmer	*text_stemmer_new(void);
void			 text_stemmer_free(struct text_stemmer *);
struct text_stemmer	*text_stemmer_like(const struct text_stemmer *);
void			 text_stemmer_set_percent(struct text_stemmer *,
			    const char *);
/* at most this many words left unstemmed (lexicon "unstemmed") */
#define TEXT_KEEP_MAX	64
int			 text_stemmer_keep(struct text_stemmer *, const char *);
/* at most this many stems told apart by the letter after them */
#define TEXT_SPLIT_MAX	64
int			 text_stemmer_split(struct text_stemmer *, const char *);
void			 text_tokenize(struct text_stemmer *, const char *,
			    size_t, enum text_mode, struct text_tokens *);
void			 text_light_stem(char *);
const char		*text_symbol_written(const char *);
char			*text_clean(const char *, size_t, size_t *);
int			 text_distance(const char *, const char *, int);
int			 text_is_number(const char *);
/* the same for the len bytes at w (a word inside a longer text) */
int			 text_is_number_n(const char *w, size_t len);
int			 text_has_word(const char *, const char *const *, size_t);
int			 text_word_in(const char *, size_t, const char *const *,
			    size_t);
int			 text_has_phrase(const char *, const char *const *, size_t);
size_t			 text_append_word(char *, size_t, size_t, const char *,
			    size_t);

/*
 * The length of the first word of squashed text s: its bytes before the
 * first ' ' or the end, as strcspn(s, " ") counts them, without a call
 * (the readers ask it of every word of a message, tens of times a turn).
 */
static inline size_t
text_word_len(const char *s)
{
	size_t n = 0;

	while (s[n] != '\0' && s[n] != ' ')
		n++;
	return n;
}

/* The spaces s begins with, as strspn(s, " ") counts them, without a call. */
static inline size_t
text_space_len(const char *s)
{
	size_t n = 0;

	while (s[n] == ' ')
		n++;
	return n;
}

/*
 * Whether s begins with the bytes of p (all strlen(p) of them), as
 * strncmp(s, p, strlen(p)) == 0 says; then *len is strlen(p), else it is
 * where they differ.  One pass, no call.
 */
static inline int
text_begins(const char *s, const char *p, size_t *len)
{
	size_t n = 0;

	while (p[n] != '\0' && s[n] == p[n])
		n++;
	*len = n;
	return p[n] == '\0';
}

#endif
