/* SPDX-License-Identifier: ISC */
/*
 * kb_index.c: normalizing text into terms, and searching claims with BM25.
 *
 * Text, from a claim or a user, goes through the same steps: tokenize and
 * stem (text.c), rewrite synonyms to their canonical terms (longest phrase
 * first), drop stopwords.  For a query, a term the knowledge base never
 * uses is checked against the vocabulary for a typo (see
 * kb_vocab_correct()), and then as written against the claims' words as
 * written (a typo can take a word far from its stem: "adoptoin").
 *
 * Each claim is indexed over four weighted fields: its text (1.0), the
 * labels of its figures (0.6), its topics (0.5) and its source's name
 * (0.5).  Its asks (how users ask for it, in their words) have postings
 * of their own: a term its fields lack scores at W_ASK and is held in
 * full for the gate; a term only asks use is known to the claims asked
 * with it alone (to another best claim it is a word the article never
 * uses), and a name is never matched through asks.  Scores are BM25 (k1
 * 1.2, b 0.75) scaled by how the claim's subject fits the subjects the
 * question names, and by BOOST_INTENT when the claim answers the
 * question's intent (kb_intent.c).
 *
 * Whether the best claim answers the question at all is decided from the
 * question's content terms.  The best claim must hold at least half of the
 * IDF weight of the terms the article uses.  Words the article never uses
 * (each counted once, however often written; one of one or two letters
 * or a one-letter abbreviation such as "w/" not at all, a number always)
 * are tolerated only when the claim matches at least two known words for
 * each of them (a lexicon phrase read as one term is as many words as it
 * has), or holds every known term, at least two and one for each
 * unknown word ("the go community's attitude to third party packages":
 * the claim on third-party packages answers it) or one specific term
 * (at most SPECIFIC_DF claims use it, written as they write it) for
 * each ("whats the deal with gofmt"), and never when such a word is
 * written as a name (capitalized mid-sentence: "Zig", "Europe").  One that
 * stands where a name does (the lexicon's name_openers and name_markers:
 * "does swift have ...", "better than kotlin") weighs twice, against
 * matched words only.  One the lexicon reads as an
 * aside (aside_suffixes: "realistically") is dropped.  A name the article does
 * know ("Where does Python rank?") must be in the best claim itself.  "What is the best pizza
 * topping?" and "How does Zig compare?" get the knowledge base's "not
 * covered" reply instead of a loosely related claim.  The thresholds were
 * calibrated on the evaluation questions (tests/eval and the public set).
 */
#include <ctype.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "kb.h"

/* kb_search_query()'s bytes per claim: score, cover, rank, nmatch,
 * nasked, touched */
#define SEARCH_SCRATCH	(3 * sizeof(double) + 2 * sizeof(int) + \
			    sizeof(uint32_t))

#define BM25_K1		1.2
#define BM25_B		0.75
#define W_TEXT		1.0
#define W_FIGURE	0.6
#define W_TOPIC		0.5
#define W_SOURCE	0.5
#define W_ASK		0.5	/* a term only in a claim's asks */
#define ASKED_WORDING	5	/* a term this many times more claims'
				 * asks use than claims' fields is the
				 * questions' wording: index_bm25() */
#define BOOST_INTENT	1.3	/* the claim answers the question's intent */
/* coverages are idf sums divided: equal ones may differ by rounding */
#define COVER_EPS	1e-9
#define COVERED_MIN	0.5	/* share of known terms the best claim has */
#define COVERED_ALL	0.99	/* ... all of them */
#define COVERED_LOW	0.4	/* ... when one known word is lacking */
#define UNKNOWN_SHORT	2	/* an unknown word this short weighs nothing */
#define ASKED_COMMON	10	/* an asks-only term this many asks use is
				 * common wording, never weighty */
#define SPECIFIC_DF	2	/* a known term in at most this many claims */
#define COMMON_DF	20	/* the article's common wording: in this many claims */
#define WORDING_DF	30	/* wording, no topic: in this many claims
				 * (the learning curve's 23 is a topic) or
				 * this many claims' asks */
#define PROPER_SLOT	KB_PROPER_SLOT	/* a word in a name's slot */
#define PROPER_FOLLOW	KB_PROPER_FOLLOW /* ... before a name follower */
#define NAME_OPENER_REACH 2	/* a name opener within this many words of
				 * its clause's start */
#define ASIDE_STEM_MIN	3	/* letters before it */
#define RELATION_REACH	8	/* search_relation() looks this far down */
#define RELATION_NEAR	0.85	/* ... at hits ranked this near the best */
#define ENTITY_FEW	3	/* a name of the claims (kb_term.entity) in
				 * at most this many claims: search_entity() */
#define BOOST_SUBJECT	1.25
#define DAMP_SUBJECT	0.6
#define DAMP_DOMAIN	0.5	/* a claim holding none of the domains asked */
/* the most the boosts of kb_search_query() multiply a score by (both
 * boosts, no damp), with room for their rounding */
#define SEARCH_BOOST_MAX	(BOOST_INTENT * BOOST_SUBJECT * 1.000001)
#define FIX_MEMO	512	/* correct_memo()'s slots per kind, a power
				 * of two */
enum fix_kind {		/* what correct_memo() remembers */
	FIX_SEARCH,	/* correct_in(kb, w, 0, NULL) */
	FIX_SURFACE,	/* correct_surface(kb, w) */
	FIX_MATCH,	/* correct_in(kb, w, 1, NULL) */
	FIX_KINDS
};

#define NORM_MEMO	16	/* kb_normalize()'s slots, a power of two */
#define NORM_TEXT	256	/* bytes of the longest text remembered */

/* One remembered kb_normalize() reading: of text (len bytes) with flags. */
struct norm_slot {
	size_t		 len;		/* 0: empty */
	int		 flags;
	char		 text[NORM_TEXT];
	struct kb_query	 q;
};

#define NORM_WORDS	1024	/* kb_normalize()'s slots for short texts (a
				 * word or two of the KB or the user), a power
				 * of two: about 360 KiB per kb */
#define NORM_WORD_TEXT	TEXT_TOKEN_MAX	/* bytes of the longest such text */
#define NORM_WORD_TOKENS 4	/* tokens of the longest reading kept */
#define NORM_WORD_FIXES	1	/* corrections of a reading kept */

/*
 * One remembered reading of a short text: the part of a struct kb_query
 * normalize_read() writes, for at most NORM_WORD_TOKENS tokens, so that
 * the many readings of single words (a choice's word, a frame's term, a
 * figure's unit) cost a copy of a few bytes instead of a reading.
 */
struct norm_word {
	size_t		 len;		/* 0: empty */
	int		 flags;
	char		 text[NORM_WORD_TEXT];
	size_t		 n, nfixes;
	int		 intent;
	char		 fixes[NORM_WORD_FIXES][TEXT_TOKEN_MAX * 2 + 4];
	char		 raw[NORM_WORD_TOKENS][TEXT_TOKEN_MAX];
	const char	*term[NORM_WORD_TOKENS];
	unsigned char	 corrected[NORM_WORD_TOKENS], proper[NORM_WORD_TOKENS],
			 exact[NORM_WORD_TOKENS], span[NORM_WORD_TOKENS],
			 brk[NORM_WORD_TOKENS], stop[NORM_WORD_TOKENS],
			 negation[NORM_WORD_TOKENS];
	signed char	 subject[NORM_WORD_TOKENS];
};

/* kb->norm_memo: the last readings of whole texts and of short ones. */
struct norm_memo {
	struct norm_slot full[NORM_MEMO];
	struct norm_word word[NORM_WORDS];
};

struct fix_slot {
	char		 word[TEXT_TOKEN_MAX];	/* "": empty */
	const char	*fix;			/* its correction, or NULL */
};

static int32_t	word_info(const struct kb *, int, const char *);
static void	index_senses(struct kb *);
static void	index_ask_senses(struct kb *);
static int	posting_has(const struct kb_posting *, size_t, uint32_t);

/*
 * normalize_terms() that also keeps info[i], what word_info(kb, match,
 * tt->tok[i]) says of each term, in step with the terms: on entry for
 * the terms given, on return for the terms left.  Read so, the stopword
 * test of a term is its KB_WI_STOP bit (the same map) instead of one more
 * lookup, and kb_normalize() does not ask again of every term.  info may
 * be NULL (nothing kept); match says which map info comes from.
 */
static void
normalize_terms_info(const struct kb *kb, struct text_tokens *tt, int drop,
    enum text_mode mode, int match, int32_t *info)
{
	const struct kb_synonym *syn = mode == TEXT_LIGHT ? kb->msynonyms :
	    kb->synonyms;
	const struct strmap *first = mode == TEXT_LIGHT ? &kb->msynfirst :
	    &kb->synfirst;
	const int32_t *next = mode == TEXT_LIGHT ? kb->msynnext : kb->synnext;
	int32_t nsyn = (int32_t)(mode == TEXT_LIGHT ? kb->nmsynonyms :
	    kb->nsynonyms);
	struct text_tokens out;
	int32_t out_info[TEXT_MAX_TOKENS];
	size_t i = 0, j;
	int32_t k;
	unsigned char brk = 0;	/* a clause mark before a dropped word */

	out.n = 0;
	out.truncated = tt->truncated;
	while (i < tt->n) {
		const struct kb_synonym *best = NULL;

		/*
		 * Only the synonyms that start with this word, in order; all
		 * of them before kb_index_build() has indexed them.
		 */
		/* the word info says when the word starts none (a known
		 * word: one lookup the fewer) */
		for (k = next != NULL ? (info != NULL && info[i] >= 0 &&
		    (info[i] & KB_WI_NOSYN) != 0 ? -1 :
		    strmap_get(first, tt->tok[i])) :
		    nsyn > 0 ? 0 : -1; k >= 0; k = next != NULL ? next[k] :
		    k + 1 < nsyn ? k + 1 : -1) {
			const struct kb_synonym *sy = &syn[k];

			if (i + sy->from.ntok > tt->n)
				continue;
			/* the first byte turns most words away before a
			 * call of strcmp() */
			for (j = next != NULL ? 1 : 0; j < sy->from.ntok; j++)
				if (tt->tok[i + j][0] != sy->from.tok[j][0] ||
				    strcmp(tt->tok[i + j], sy->from.tok[j]) != 0)
					break;
			if (j == sy->from.ntok) {
				best = sy;	/* sorted longest first */
				break;
			}
		}
		if (best != NULL) {
			unsigned char fixed = 0, proper = 0;
			/* the words the phrase stands for beyond its own,
			 * given to its first term kept: together its terms
			 * stand for from.ntok words, no more */
			size_t extra = best->from.ntok > best->to.ntok ?
			    best->from.ntok - best->to.ntok : 0;

			brk |= tt->brk[i];
			for (j = 0; j < best->from.ntok; j++) {
				fixed |= tt->fixed[i + j];
				proper |= tt->proper[i + j];
			}
			for (j = 0; j < best->to.ntok && out.n < TEXT_MAX_TOKENS;
			    j++) {
				int32_t v = info != NULL ? word_info(kb, match,
				    best->to.tok[j]) : -1;

				/* a phrase for a stopword is one too
				 * ("these days" for "now") */
				if (drop && (info != NULL ? v >= 0 &&
				    (v & KB_WI_STOP) != 0 :
				    strmap_get(&kb->stopwords,
				    best->to.tok[j]) >= 0))
					continue;
				out_info[out.n] = v;
				out.fixed[out.n] = fixed;
				out.proper[out.n] = proper;
				out.exact[out.n] = 1;
				out.span[out.n] = (unsigned char)(1 + extra);
				extra = 0;
				out.brk[out.n] = brk;
				brk = 0;
				(void)strcpy(out.tok[out.n++], best->to.tok[j]);
			}
			i += best->from.ntok;
			continue;
		}
		if ((!drop || (!(info != NULL ? info[i] >= 0 &&
		    (info[i] & KB_WI_STOP) != 0 : strmap_get(&kb->stopwords,
		    tt->tok[i]) >= 0) && !tt->aside[i])) &&
		    out.n < TEXT_MAX_TOKENS) {
			if (info != NULL)
				out_info[out.n] = info[i];
			out.fixed[out.n] = tt->fixed[i];
			out.proper[out.n] = tt->proper[i];
			out.exact[out.n] = tt->exact[i];
			out.span[out.n] = tt->span[i];
			out.brk[out.n] = brk | tt->brk[i];
			brk = 0;
			/* whole tokens: a fixed size copies in a few moves */
			(void)memcpy(out.tok[out.n++], tt->tok[i],
			    sizeof(out.tok[0]));
		} else
			brk |= tt->brk[i];
		i++;
	}
	tt->n = out.n;
	(void)memcpy(tt->tok, out.tok, out.n * sizeof(out.tok[0]));
	(void)memcpy(tt->fixed, out.fixed, out.n);
	(void)memcpy(tt->proper, out.proper, out.n);
	(void)memcpy(tt->exact, out.exact, out.n);
	(void)memcpy(tt->span, out.span, out.n);
	(void)memcpy(tt->brk, out.brk, out.n);
	if (info != NULL)
		(void)memcpy(info, out_info, out.n * sizeof(info[0]));
}

/*
 * Rewrite tt in place: synonyms to canonical terms (the stemmed or the
 * plural-folded table, as mode says), then (if drop) the stopwords and
 * the words marked aside out.  A phrase rewrite may change the number of terms; the
 * result is bounded by TEXT_MAX_TOKENS like the input.
 */
static void
normalize_terms(const struct kb *kb, struct text_tokens *tt, int drop,
    enum text_mode mode)
{
	normalize_terms_info(kb, tt, drop, mode, 0, NULL);
}

static int32_t
vocab_add(struct kb *kb, const char *term)
{
	int32_t t = strmap_get(&kb->vocab, term);
	struct kb_term *terms;

	if (t >= 0)
		return t;
	if (kb->nterms % 256 == 0) {
		terms = realloc(kb->terms, (kb->nterms + 256) * sizeof(*terms));
		if (terms == NULL)
			return -1;
		kb->terms = terms;
	}
	memset(&kb->terms[kb->nterms], 0, sizeof(kb->terms[0]));
	if ((kb->terms[kb->nterms].term = arena_strdup(&kb->arena, term)) ==
	    NULL)
		return -1;
	if (strmap_put(&kb->vocab, kb->terms[kb->nterms].term,
	    (int32_t)kb->nterms) == -1)
		return -1;
	return (int32_t)kb->nterms++;
}

/* Add a word of a phrase to the matching vocabulary; returns it. */
static const char *
mvocab_add(struct kb *kb, const char *term)
{
	int32_t t = strmap_get(&kb->mvocab, term);
	const char **terms;

	if (t >= 0)
		return kb->mterms[t];
	if (kb->nmterms % 256 == 0) {
		terms = realloc(kb->mterms, (kb->nmterms + 256) *
		    sizeof(*terms));
		if (terms == NULL)
			return NULL;
		kb->mterms = terms;
	}
	if ((kb->mterms[kb->nmterms] = arena_strdup(&kb->arena, term)) ==
	    NULL || strmap_put(&kb->mvocab, kb->mterms[kb->nmterms],
	    (int32_t)kb->nmterms) == -1)
		return NULL;
	return kb->mterms[kb->nmterms++];
}

/*
 * Add the words of text as written (plurals folded) to the surface
 * vocabulary, each with its stem, for correcting typos (see kb_normalize).
 */
static int
surface_add(struct kb *kb, const char *text)
{
	struct text_tokens light, stem;
	const char **t, **s;
	size_t i;

	text_tokenize(kb->stemmer, text, strlen(text), TEXT_LIGHT, &light);
	text_tokenize(kb->stemmer, text, strlen(text), TEXT_STEM, &stem);
	if (light.n != stem.n)
		return 0;	/* not aligned: leave the text out */
	for (i = 0; i < light.n; i++) {
		if (strlen(light.tok[i]) < 5 || text_is_number(light.tok[i]) ||
		    strmap_get(&kb->svocab, light.tok[i]) >= 0)
			continue;
		if (kb->nsterms % 256 == 0) {
			if ((t = realloc(kb->sterms, (kb->nsterms + 256) *
			    sizeof(*t))) == NULL)
				return -1;
			kb->sterms = t;
			if ((s = realloc(kb->sstems, (kb->nsterms + 256) *
			    sizeof(*s))) == NULL)
				return -1;
			kb->sstems = s;
		}
		if ((kb->sterms[kb->nsterms] = arena_strdup(&kb->arena,
		    light.tok[i])) == NULL ||
		    (kb->sstems[kb->nsterms] = arena_strdup(&kb->arena,
		    stem.tok[i])) == NULL ||
		    strmap_put(&kb->svocab, kb->sterms[kb->nsterms],
		    (int32_t)kb->nsterms) == -1)
			return -1;
		kb->nsterms++;
	}
	return 0;
}

/*
 * Add weight w of term to claim c's posting, in its fields' list or (ask)
 * its asks' list (claims are added in order).
 */
static int
posting_add(struct kb *kb, const char *term, uint32_t c, float w, int ask)
{
	int32_t t = vocab_add(kb, term);
	struct kb_posting **post;
	size_t *np, *cap;
	struct kb_term *kt;

	if (t < 0)
		return -1;
	kt = &kb->terms[t];
	post = ask ? &kt->apost : &kt->post;
	np = ask ? &kt->napost : &kt->npost;
	cap = ask ? &kt->acap : &kt->cap;
	if (*np > 0 && (*post)[*np - 1].claim == c) {
		(*post)[*np - 1].tf += w;
		return 0;
	}
	if (*np == *cap) {
		size_t ncap = *cap ? *cap * 2 : 4;
		struct kb_posting *p = realloc(*post, ncap * sizeof(*p));

		if (p == NULL)
			return -1;
		*post = p;
		*cap = ncap;
	}
	(*post)[*np].claim = c;
	(*post)[*np].tf = w;
	(*np)++;
	return 0;
}

static int
index_field(struct kb *kb, uint32_t c, const char *text, float w)
{
	struct text_tokens tt;
	size_t i;

	text_tokenize(kb->stemmer, text, strlen(text), TEXT_STEM, &tt);
	normalize_terms(kb, &tt, 1, TEXT_STEM);
	for (i = 0; i < tt.n; i++) {
		if (posting_add(kb, tt.tok[i], c, w, 0) == -1)
			return -1;
		kb->doclen[c] += w;
	}
	return 0;
}

/*
 * Index claim c's own sentence (W_TEXT), except where it names its own
 * source by its publisher (kb_source.publisher): the publisher's words
 * followed by the next word of the source's name ("According to
 * Cloudflare Radar's 2024 data": "cloudflare" before "radar").  The
 * source field indexes the name already (W_SOURCE); counted again, the
 * maker of a measurement outweighs the claims that tell of its own use
 * ("which bits of cloudflare are go": its DNS and API services, not
 * Radar's share of API calls).  A source named without its publisher
 * ("Stack Overflow" of a survey that names nobody's use) is indexed as
 * written.  The skipped words still count in the claim's length.
 * Bounded by the token lists (TEXT_MAX_TOKENS each); -1 when out of
 * memory.
 */
static int
index_text_field(struct kb *kb, uint32_t c, const char *text,
    const struct kb_source *src)
{
	struct text_tokens tt, st, pt;
	size_t i, k, skip = 0;

	text_tokenize(kb->stemmer, text, strlen(text), TEXT_STEM, &tt);
	normalize_terms(kb, &tt, 1, TEXT_STEM);
	st.n = pt.n = 0;
	if (src != NULL && src->publisher != NULL) {
		text_tokenize(kb->stemmer, src->name, strlen(src->name),
		    TEXT_STEM, &st);
		normalize_terms(kb, &st, 1, TEXT_STEM);
		text_tokenize(kb->stemmer, src->publisher,
		    strlen(src->publisher), TEXT_STEM, &pt);
		normalize_terms(kb, &pt, 1, TEXT_STEM);
	}
	for (i = 0; i < tt.n; i++) {
		/* the publisher's words, then the name's next one */
		if (skip == 0 && pt.n > 0 && st.n > pt.n) {
			for (k = 0; k <= pt.n && i + k < tt.n &&
			    strcmp(tt.tok[i + k], st.tok[k]) == 0; k++)
				;
			if (k > pt.n)
				skip = pt.n;
		}
		kb->doclen[c] += W_TEXT;
		if (skip > 0) {
			skip--;
			continue;
		}
		if (posting_add(kb, tt.tok[i], c, W_TEXT, 0) == -1)
			return -1;
	}
	return 0;
}

/*
 * Is the word at text[b, e) Capitalized (a capital, then a lowercase
 * letter or "#": "C#"; not an acronym) where no sentence starts (after
 * ". ! ? : ;", a quote or a parenthesis, or at the start)?
 */
static int
index_capitalized(const char *text, size_t b, size_t e)
{
	size_t k;

	if (e < b + 2 || !isupper((unsigned char)text[b]) ||
	    !(islower((unsigned char)text[b + 1]) || text[b + 1] == '#'))
		return 0;
	for (k = b; k > 0 && text[k - 1] == ' '; k--)
		;
	return k > 0 && strchr(".!?:;\"(", text[k - 1]) == NULL;
}

/*
 * Count how claim text writes each of its words (kb_term.ncap, nplain):
 * as a name of its own (index_capitalized(), and not beside another
 * Capitalized word across one space or hyphen: "Big Tech",
 * "Tech-Insider", "Mark Russinovich" are longer names, whose words
 * alone are none), or not.  A word of the vocabulary only (its stem, as
 * search reads it); a Capitalized word where a sentence starts counts
 * neither way.  Cost: one tokenization per word of the text, at load.
 */
static void
index_names(struct kb *kb, const char *text)
{
	struct text_tokens tt;
	size_t i = 0, n = strlen(text), b, e, pb = 0, pe = 0, nb, ne;
	int32_t t;

	while (i < n) {
		int cap, joined;

		if (!isalnum((unsigned char)text[i])) {
			i++;
			continue;
		}
		for (b = i; i < n && (isalnum((unsigned char)text[i]) ||
		    text[i] == '#' || text[i] == '+'); i++)
			;
		e = i;
		cap = index_capitalized(text, b, e);
		joined = pe > 0 && b == pe + 1 && (text[pe] == ' ' ||
		    text[pe] == '-') && index_capitalized(text, pb, pe);
		if (e + 1 < n && (text[e] == ' ' || text[e] == '-')) {
			for (nb = e + 1, ne = nb; ne < n &&
			    isalnum((unsigned char)text[ne]); ne++)
				;
			joined |= isupper((unsigned char)text[nb]) &&
			    ne > nb + 1 && islower((unsigned char)text[nb + 1]);
		}
		pb = b;
		pe = e;
		if (!cap && e > b && isupper((unsigned char)text[b]))
			continue;	/* a sentence's first word, an acronym */
		text_tokenize(kb->stemmer, text + b, e - b, TEXT_STEM, &tt);
		if (tt.n != 1 || (t = strmap_get(&kb->vocab, tt.tok[0])) < 0)
			continue;
		if (cap && !joined) {
			if (kb->terms[t].ncap < USHRT_MAX)
				kb->terms[t].ncap++;
		} else if (kb->terms[t].nplain < USHRT_MAX)
			kb->terms[t].nplain++;
	}
}

/*
 * Index an ask of claim c ("how much do rust developers earn"): its terms
 * go to the asks' postings, one per use, without lengthening the claim
 * (its BM25 length is its fields').  A term the claim's fields already
 * have is left out: the ask adds nothing to what the text says.
 */
static int
index_ask(struct kb *kb, uint32_t c, const char *ask)
{
	struct text_tokens tt;
	int32_t t;
	size_t i;

	text_tokenize(kb->stemmer, ask, strlen(ask), TEXT_STEM, &tt);
	normalize_terms(kb, &tt, 1, TEXT_STEM);
	for (i = 0; i < tt.n; i++) {
		const struct kb_term *kt;

		if ((t = strmap_get(&kb->vocab, tt.tok[i])) >= 0 &&
		    (kt = &kb->terms[t])->npost > 0 &&
		    kt->post[kt->npost - 1].claim == c)
			continue;
		if (posting_add(kb, tt.tok[i], c, 1, 1) == -1)
			return -1;
	}
	return 0;
}

/* Whether a claim uses term kt, in its fields or in its asks. */
static int
term_known(const struct kb_term *kt)
{
	return kt->npost > 0 || kt->napost > 0;
}

/* Which subject (by its one-word name) a term names, or -1. */
static int
term_subject(const struct kb *kb, const char *term)
{
	size_t s;

	for (s = 0; s < kb->nsubjects; s++)
		if (kb->subject_term[s] != NULL &&
		    strcmp(kb->subject_term[s], term) == 0)
			return (int)s;
	return -1;
}

/*
 * Work out which subjects have one-word names (they can be named in a
 * question) and which of those each subject's name mentions.
 */
static int
index_subjects(struct kb *kb)
{
	struct text_tokens tt;
	size_t s, m;

	for (s = 0; s < kb->nsubjects; s++) {
		text_tokenize(kb->stemmer, kb->subjects[s].name,
		    strlen(kb->subjects[s].name), TEXT_STEM, &tt);
		normalize_terms(kb, &tt, 1, TEXT_STEM);
		if (tt.n == 1 && (kb->subject_term[s] =
		    arena_strdup(&kb->arena, tt.tok[0])) == NULL)
			return -1;
	}
	for (s = 0; s < kb->nsubjects; s++) {
		text_tokenize(kb->stemmer, kb->subjects[s].name,
		    strlen(kb->subjects[s].name), TEXT_STEM, &tt);
		normalize_terms(kb, &tt, 1, TEXT_STEM);
		for (m = 0; m < tt.n; m++) {
			int sj = term_subject(kb, tt.tok[m]);

			if (sj >= 0)
				kb->subject_bits[s] |= 1u << sj;
		}
	}
	return 0;
}

/*
 * Index n synonyms by their first word: *firstp maps it to the first
 * synonym (in their order, longest first) that starts with it, and
 * (*nextp)[k] is the next one after k, or -1.  normalize_terms() then
 * tries only those instead of every synonym at every word.
 */
static int
index_synonyms(const struct kb_synonym *syn, size_t n, struct strmap *first,
    int32_t **nextp)
{
	int32_t *next, *last, f;
	size_t k;

	if (strmap_init(first, n * 2 + 16) == -1 ||
	    (next = calloc(n + 1, sizeof(*next))) == NULL)
		return -1;
	if ((last = calloc(n + 1, sizeof(*last))) == NULL) {
		free(next);
		return -1;
	}
	for (k = 0; k < n; k++) {
		next[k] = -1;
		if (syn[k].from.ntok == 0)
			continue;
		if ((f = strmap_get(first, syn[k].from.tok[0])) < 0) {
			if (strmap_put(first, syn[k].from.tok[0],
			    (int32_t)k) == -1) {
				free(next);
				free(last);
				return -1;
			}
			last[k] = (int32_t)k;
		} else {
			/* the chain's tail is kept at its head's slot */
			next[last[f]] = (int32_t)k;
			last[f] = (int32_t)k;
		}
	}
	free(last);
	*nextp = next;
	return 0;
}

/*
 * Build the vocabulary and the postings of every claim.  The words of
 * synonyms join the vocabulary too (with no postings), so that a typo of
 * any word the knowledge base knows can be corrected.
 */
/*
 * The BM25 score of each posting of kt in its claim (a posting of the
 * asks at W_ASK), made once the idf, the claims' lengths and their mean
 * are known: kb_search_query() adds them up, the same doubles it once
 * worked out per query.  Its rank is the same score with the idf of
 * the claims whose asks use kt when those are ASKED_WORDING times the
 * claims that say it ("backend": 1 claim says it, 19 are asked with
 * it; "write", "code", "number"): a word of the questions' common
 * wording is no rarer for being rare in the article's own sentences,
 * and does not outrank what the question is about ("is go quick
 * enough for io heavy backends": the I/O claims, not Go's native
 * domain, which says "backends").
 */
static void
index_bm25(const struct kb *kb, struct kb_term *kt)
{
	double df = (double)(kt->napost >= ASKED_WORDING * kt->npost ?
	    kt->napost : kt->npost);
	double idf = log(1.0 + ((double)kb->nclaims - df + 0.5) / (df + 0.5));
	size_t i;

	for (i = 0; i < kt->npost; i++) {
		struct kb_posting *p = &kt->post[i];
		double tf = p->tf, dl = kb->doclen[p->claim];
		double den = tf + BM25_K1 * (1 - BM25_B + BM25_B * dl /
		    kb->avgdl);

		p->bm25 = kt->idf * tf * (BM25_K1 + 1) / den;
		p->rank = idf * tf * (BM25_K1 + 1) / den;
	}
	for (i = 0; i < kt->napost; i++) {
		struct kb_posting *p = &kt->apost[i];
		double tf = W_ASK * p->tf, dl = kb->doclen[p->claim];
		double den = tf + BM25_K1 * (1 - BM25_B + BM25_B * dl /
		    kb->avgdl);

		p->bm25 = kt->idf * tf * (BM25_K1 + 1) / den;
		p->rank = idf * tf * (BM25_K1 + 1) / den;
	}
}

/*
 * kb->focus_word_group: every focus_words word to its group's index, the
 * first group's where (the loader refuses it) a word were in two, as
 * dialogue_focus_group()'s scan in group order found it.  -1 when out of
 * memory.
 */
static int
index_focus_words(struct kb *kb)
{
	size_t g, i;

	if (strmap_init(&kb->focus_word_group, 64) == -1)
		return -1;
	for (g = 0; g < kb->nfocus_groups; g++)
		for (i = 0; i < kb->focus_groups[g].nwords; i++)
			if (strmap_get(&kb->focus_word_group,
			    kb->focus_groups[g].words[i]) < 0 &&
			    strmap_put(&kb->focus_word_group,
			    kb->focus_groups[g].words[i], (int32_t)g) == -1)
				return -1;
	return 0;
}

int
kb_index_build(struct kb *kb, struct errlist *errs)
{
	size_t c, i, t;
	double total = 0;

	if (index_synonyms(kb->synonyms, kb->nsynonyms, &kb->synfirst,
	    &kb->synnext) == -1 || index_synonyms(kb->msynonyms,
	    kb->nmsynonyms, &kb->msynfirst, &kb->msynnext) == -1) {
		errlist_add(errs, "out of memory building the index");
		return -1;
	}
	if (strmap_init(&kb->vocab, 4096) == -1 ||
	    strmap_init(&kb->svocab, 4096) == -1 ||
	    (kb->doclen = calloc(kb->nclaims + 1, sizeof(double))) == NULL ||
	    (kb->search_scratch = calloc(kb->nclaims + 1,
	    SEARCH_SCRATCH)) == NULL ||
	    index_subjects(kb) == -1) {
		errlist_add(errs, "out of memory building the index");
		return -1;
	}
	for (c = 0; c < kb->nclaims; c++) {
		const struct kb_claim *cl = &kb->claims[c];
		int rc = 0;

		rc |= index_text_field(kb, (uint32_t)c, cl->text, cl->source);
		index_names(kb, cl->text);
		rc |= surface_add(kb, cl->text);
		for (i = 0; i < cl->nfigures; i++)
			rc |= index_field(kb, (uint32_t)c, cl->figures[i].label,
			    W_FIGURE);
		for (i = 0; i < cl->ntopics; i++)
			rc |= index_field(kb, (uint32_t)c, cl->topics[i]->label,
			    W_TOPIC);
		rc |= index_field(kb, (uint32_t)c, cl->source->name, W_SOURCE);
		for (i = 0; i < cl->nasks; i++)
			rc |= index_ask(kb, (uint32_t)c, cl->asks[i]);
		if (rc != 0) {
			errlist_add(errs, "out of memory building the index");
			return -1;
		}
		total += kb->doclen[c];
	}
	kb->avgdl = kb->nclaims ? total / (double)kb->nclaims : 1;
	if (index_focus_words(kb) == -1) {
		errlist_add(errs, "out of memory building the index");
		return -1;
	}
	for (t = 0; t < kb->nterms; t++) {
		/* a term of the asks only weighs as rare as its asks make it */
		double df = (double)(kb->terms[t].npost > 0 ?
		    kb->terms[t].npost : kb->terms[t].napost);

		kb->terms[t].idf = log(1.0 + ((double)kb->nclaims - df + 0.5) /
		    (df + 0.5));
		kb->terms[t].entity = kb->terms[t].ncap > 0 &&
		    kb->terms[t].nplain == 0;
		index_bm25(kb, &kb->terms[t]);
	}
	for (i = 0; i < kb->nsynonyms; i++) {
		size_t j;

		for (j = 0; j < kb->synonyms[i].from.ntok; j++)
			if (strmap_get(&kb->stopwords,
			    kb->synonyms[i].from.tok[j]) < 0 &&
			    vocab_add(kb, kb->synonyms[i].from.tok[j]) < 0)
				return -1;
	}
	for (i = 0; i < kb->nmsynonyms; i++) {
		size_t j;

		for (j = 0; j < kb->msynonyms[i].from.ntok; j++)
			if (strmap_get(&kb->stopwords,
			    kb->msynonyms[i].from.tok[j]) < 0 &&
			    mvocab_add(kb, kb->msynonyms[i].from.tok[j]) == NULL)
				return -1;
	}
	return 0;
}

void
kb_index_free(struct kb *kb)
{
	size_t t;

	for (t = 0; t < kb->nterms; t++) {
		free(kb->terms[t].post);
		free(kb->terms[t].apost);
	}
	free(kb->terms);
	kb->terms = NULL;
	kb->nterms = 0;
	free(kb->doclen);
	kb->doclen = NULL;
	free(kb->search_scratch);
	kb->search_scratch = NULL;
	free(kb->fix_memo);
	kb->fix_memo = NULL;
	free(kb->norm_memo);
	kb->norm_memo = NULL;
	free(kb->intent_memo);
	kb->intent_memo = NULL;
	strmap_free(&kb->vocab);
	strmap_free(&kb->focus_word_group);
	strmap_free(&kb->sense_first);
	kb->sense_next = NULL;
	strmap_free(&kb->mvocab);
	strmap_free(&kb->mfixes);
	strmap_free(&kb->outcome_words);
	strmap_free(&kb->winfo[0]);
	strmap_free(&kb->winfo[1]);
	strmap_free(&kb->svocab);
	free(kb->sterms);
	free(kb->sstems);
	kb->sterms = kb->sstems = NULL;
	kb->nsterms = 0;
	strmap_free(&kb->synfirst);
	strmap_free(&kb->msynfirst);
	free(kb->synnext);
	free(kb->msynnext);
	kb->synnext = kb->msynnext = NULL;
	free(kb->mterms);
	kb->mterms = NULL;
	kb->nmterms = 0;
	strmap_free(&kb->stopwords);
	strmap_free(&kb->negations);
	strmap_free(&kb->aside_suffixes);
	strmap_free(&kb->slot_suffixes);
	strmap_free(&kb->slot_openers);
	strmap_free(&kb->slot_subjects);
	strmap_free(&kb->name_openers);
	strmap_free(&kb->name_markers);
	strmap_free(&kb->name_followers);
	strmap_free(&kb->name_joiners);
	strmap_free(&kb->kind_heads);
	strmap_free(&kb->not_typos);
	strmap_free(&kb->not_comparatives);
	strmap_free(&kb->clause_words);
}

/*
 * The bit of word w in a struct kb_phrase's need (0 to KB_PHRASE_BITS -
 * 1): a hash of its bytes (FNV-1a), so equal words have equal bits.
 */
unsigned
kb_phrase_bit(const char *w)
{
	uint32_t h = 2166136261u;

	for (; *w != '\0'; w++) {
		h ^= (unsigned char)*w;
		h *= 16777619u;
	}
	return (h ^ (h >> 16)) & (KB_PHRASE_BITS - 1);
}

/*
 * Compile a choice's match phrase for matching (see KB_NORM_MATCH):
 * plurals folded, synonyms applied, stopwords kept ("just me" is a
 * phrase).  Its words join the matching vocabulary, so that typos of them
 * can be corrected, and set its need bits.  Returns -1 when nothing is
 * left to match.
 */
int
kb_phrase_compile(struct kb *kb, const char *text, struct kb_phrase *ph)
{
	struct text_tokens tt;
	size_t i, len;

	text_tokenize(kb->stemmer, text, strlen(text), TEXT_LIGHT, &tt);
	normalize_terms(kb, &tt, 0, TEXT_LIGHT);
	if (tt.n == 0)
		return -1;
	if ((ph->tok = arena_calloc(&kb->arena, tt.n, sizeof(*ph->tok))) ==
	    NULL)
		return -1;
	for (i = 0; i < tt.n; i++) {
		if (strmap_get(&kb->stopwords, tt.tok[i]) >= 0 ||
		    strmap_get(&kb->negations, tt.tok[i]) >= 0) {
			/* stopwords are matched as they are, never corrected */
			if ((ph->tok[i] = arena_strdup(&kb->arena,
			    tt.tok[i])) == NULL)
				return -1;
			continue;
		}
		if ((ph->tok[i] = mvocab_add(kb, tt.tok[i])) == NULL)
			return -1;
	}
	memset(ph->need, 0, sizeof(ph->need));
	for (i = 0, len = 0; i < tt.n; i++) {
		unsigned b = kb_phrase_bit(ph->tok[i]);

		ph->need[b / 64] |= (uint64_t)1 << (b % 64);
		if (i == 0 || strlen(ph->tok[i]) > len) {
			len = strlen(ph->tok[i]);
			ph->key = (uint8_t)b;
		}
	}
	ph->ntok = tt.n;
	return 0;
}

/* Is b a with two adjacent letters swapped ("rsut" for "rust")? */
static int
is_transposition(const char *a, const char *b)
{
	size_t i, n = strlen(a);

	if (strlen(b) != n)
		return 0;
	for (i = 0; i + 1 < n; i++)
		if (a[i] != b[i])
			return a[i] == b[i + 1] && a[i + 1] == b[i] &&
			    strcmp(a + i + 2, b + i + 2) == 0;
	return 0;
}

/*
 * The vocabulary term closest to w within the typo budget, or NULL: one
 * edit for words of 5 to 8 letters, two from 9, and for 4-letter words
 * only a swap of adjacent letters (a substitution there turns too many
 * real words into others: "like" is not a typo of "line"), or for search
 * a missing vowel of a claim's 5-letter word ("lern").  The first
 * letter must agree: typos there are rare, and without the rule "trust"
 * would become "rust".  Ties go to the term more claims use.  *dist is set
 * to the distance found.
 */
/*
 * Are a and b the same word with different endings ("compiled" and
 * "compiler")?  That is grammar, not a typo, and must not be "corrected".
 */
static int
same_stem(const char *a, const char *b)
{
	static const char *const sfx[] = { "ing", "ion", "ed", "er", "es",
	    "ly", "al", "or", "e", "s", "", NULL };
	size_t la = strlen(a), lb = strlen(b), i, j;

	for (i = 0; sfx[i] != NULL; i++) {
		size_t si = strlen(sfx[i]);

		if (la <= si + 2 || strcmp(a + la - si, sfx[i]) != 0)
			continue;
		for (j = 0; sfx[j] != NULL; j++) {
			size_t sj = strlen(sfx[j]);

			if (i == j || lb <= sj + 2 ||
			    strcmp(b + lb - sj, sfx[j]) != 0)
				continue;
			if (la - si == lb - sj && strncmp(a, b, la - si) == 0)
				return 1;
		}
	}
	return 0;
}

/* Is w term with one of its vowels left out ("lern", "learn")? */
static int
lacks_vowel(const char *w, const char *term)
{
	size_t k;

	for (k = 0; w[k] != '\0' && w[k] == term[k]; k++)
		;
	return term[k] != '\0' && strchr("aeiou", term[k]) != NULL &&
	    strcmp(w + k, term + k + 1) == 0;
}

/*
 * The distance of w (len bytes, len >= 4) to term within correct_in()'s
 * budget max, or -1 when term is out of reach: 4-letter words only by a
 * swap of adjacent letters, and never another form of the same word.
 * The caller checks the first letters.
 */
static int
typo_reach(const char *w, size_t len, const char *term, int max)
{
	int d;

	if (len == 4)
		return is_transposition(w, term) ? 1 : -1;
	if ((d = kb_typo_distance(w, term, max)) > max || same_stem(w, term))
		return -1;
	return d;
}

/*
 * Is term (a word of a list the KB reads, not of the vocabulary) within
 * the typo corrector's reach of word w as typed ("sumary" of "summary"),
 * by the rules of correct_in(): the first letter agrees, 4 letters an
 * adjacent swap, one edit from 5 letters, two from 9, no other form of
 * the same word?  A real word the lexicon lists (not_typos) is no typo.
 * Returns the distance, or -1.
 */
int
kb_typo_near(const struct kb *kb, const char *w, const char *term)
{
	size_t len = strlen(w), tl = strlen(term);
	int max = len >= 9 ? 2 : 1;

	if (len < 4 || w[0] != term[0] || strcmp(w, term) == 0 ||
	    (len == 4 ? tl != 4 : tl + (size_t)max < len ||
	    len + (size_t)max < tl) || text_is_number(w) ||
	    strmap_get(&kb->not_typos, w) >= 0)
		return -1;
	return typo_reach(w, len, term, max);
}

static const char *
correct_in(const struct kb *kb, const char *w, int match, int *dist)
{
	size_t len = strlen(w), t, n = match ? kb->nmterms : kb->nterms;
	size_t best_df = 0;
	int max, best = 99;
	const char *bt = NULL;
	struct kb_typo_iter it;

	if (len < 4 || text_is_number(w))
		return NULL;
	/* a real word is no typo of a choice word's ("flash", "flask") */
	if (match && strmap_get(&kb->not_typos, w) >= 0)
		return NULL;
	/* nor is a word the article says it never gives ("inventor", a
	 * role outside_words lists, is no "investor") */
	if (kb_listed(&kb->phrases, w, len) & KB_LISTED_OUTSIDE)
		return NULL;
	max = len >= 9 ? 2 : 1;
	/* only terms with w's first letter and a length within reach */
	kb_typo_first(&it, match ? &kb->typo_mterms : &kb->typo_terms, n,
	    (unsigned char)w[0], len == 4 ? 4 : len - (size_t)max,
	    len == 4 ? (match ? 4 : 5) : len + (size_t)max);
	while (kb_typo_next(&it, &t)) {
		const char *term = match ? kb->mterms[t] : kb->terms[t].term;
		size_t df = match ? 0 : kb->terms[t].npost;
		int d;

		/* a word only asks use is no correction: "swift" is not
		 * "shift" */
		if (term[0] != w[0] || (!match && df == 0 &&
		    kb->terms[t].napost > 0))
			continue;
		/* for search, a 4-letter word may also lack one vowel of
		 * a 5-letter claim word as written ("lern" for "learn"; not
		 * of a stem, "beam" is no "becam"; a dropped consonant
		 * makes other words and names, "bing" is no "bring"): a
		 * question's words are read against the claims, where a
		 * wrong fix costs a weaker match, not an answer recorded */
		if (len == 4 && strlen(term) == 5) {
			if (match || !lacks_vowel(w, term) ||
			    same_stem(w, term) ||
			    strmap_get(&kb->svocab, term) < 0)
				continue;
			d = 1;
		} else if ((d = typo_reach(w, len, term, max)) < 0)
			continue;
		if (d < best || (d == best && df > best_df)) {
			best = d;
			bt = term;
			best_df = df;
		}
	}
	if (dist != NULL)
		*dist = best;
	return bt;
}

/*
 * The word map of kb->winfo (see kb.h) for one mode (0 search, 1 match):
 * every key of the vocabulary, the stopwords and the negations, borrowed
 * from those maps (their strings live in the arena).  Call once they
 * are complete; out of memory the map stays empty, and kb_normalize()
 * asks the three maps instead.
 */
static void
word_info_mode(struct kb *kb, int match)
{
	const struct strmap *from[3] = {
		match ? &kb->mvocab : &kb->vocab, &kb->stopwords, &kb->negations
	};
	/* the synonyms of the mode, by first word, when indexed so */
	const struct strmap *first = match ? &kb->msynfirst : &kb->synfirst;
	const int32_t *next = match ? kb->msynnext : kb->synnext;
	struct strmap *m = &kb->winfo[match];
	size_t k, i;
	int32_t v;

	if (strmap_init(m, from[0]->n + from[1]->n + from[2]->n) == -1)
		return;
	for (k = 0; k < 3; k++)
		for (i = 0; i < from[k]->cap; i++) {
			const char *w = from[k]->slots[i].key;

			if (w == NULL || strmap_get(m, w) >= 0)
				continue;
			v = strmap_get(from[0], w);
			v = (v >= 0 ? v + 1 : 0) << KB_WI_SHIFT;
			if (strmap_get(&kb->stopwords, w) >= 0)
				v |= KB_WI_STOP;
			if (strmap_get(&kb->negations, w) >= 0)
				v |= KB_WI_NEGATION;
			if (next != NULL && strmap_get(first, w) < 0)
				v |= KB_WI_NOSYN;
			if (strmap_put(m, w, v) == -1) {
				strmap_free(m);
				return;
			}
		}
}

void
kb_word_info_build(struct kb *kb)
{
	size_t s;
	int32_t t;

	word_info_mode(kb, 0);
	word_info_mode(kb, 1);
	/* each term's subject, as term_subject() finds it (the first s) */
	for (s = kb->nsubjects; s-- > 0; )
		if (kb->subject_term[s] != NULL &&
		    (t = strmap_get(&kb->vocab, kb->subject_term[s])) >= 0)
			kb->terms[t].subject = (signed char)(s + 1);
	kb->term_subjects = 1;
	/* out of memory: no memo, every word is corrected when read */
	kb->fix_memo = calloc(FIX_KINDS * FIX_MEMO, sizeof(struct fix_slot));
}

/*
 * kb->outcome_words (see kb.h): each outcome's id, and each word (a run
 * of bytes other than ' ') of its label squashed into 128 bytes, as the
 * engine reads a word as an outcome's (dialogue_understand.c).  Call
 * once the dialogue is loaded; out of memory the map stays empty and the
 * engine reads the outcomes themselves.
 */
void
kb_outcome_words_build(struct kb *kb)
{
	const struct kb_dialogue *dl = &kb->dialogue;
	struct strmap m;
	char sq[128];
	const char *p, *w;
	size_t o, k;

	if (strmap_init(&m, 4 * dl->noutcomes + 16) == -1)
		return;
	for (o = 0; o < dl->noutcomes; o++) {
		if (strmap_put(&m, dl->outcomes[o].id, 0) == -1)
			goto fail;
		(void)kb_squash(dl->outcomes[o].label,
		    strlen(dl->outcomes[o].label), sq, sizeof(sq));
		for (p = sq; *p != '\0'; p += k) {
			while (*p == ' ')
				p++;
			if ((k = text_word_len(p)) == 0)
				continue;
			if ((w = arena_strndup(&kb->arena, p, k)) == NULL ||
			    strmap_put(&m, w, 0) == -1)
				goto fail;
		}
	}
	kb->outcome_words = m;
	return;
fail:
	strmap_free(&m);
}

static const char	*correct_surface(const struct kb *, const char *);

/* The correction of w that kind says, found (not remembered). */
static const char *
correct_find(const struct kb *kb, const char *w, enum fix_kind kind)
{
	if (kind == FIX_SURFACE)
		return correct_surface(kb, w);
	return correct_in(kb, w, kind == FIX_MATCH, NULL);
}

/*
 * The correction of w that kind says (enum fix_kind), remembered: a word
 * the terms lack is compared with every term of its first letter and
 * length (about five thousand instructions), and such words (names,
 * asides, the words of a question about something else) come back.
 * Direct-mapped by the word's hash, a newer word taking an older one's
 * slot; a correction is a function of the word and the kb alone, so the
 * memo never changes a result.
 */
static const char *
correct_memo(const struct kb *kb, const char *w, enum fix_kind kind)
{
	struct fix_slot *memo = kb->fix_memo, *sl;
	uint64_t h = 1469598103934665603ULL;	/* FNV-1a */
	size_t len = strlen(w), i;
	const char *fix;

	if (memo == NULL || len < 4 || len >= TEXT_TOKEN_MAX)
		return correct_find(kb, w, kind);
	for (i = 0; i < len; i++) {
		h ^= (unsigned char)w[i];
		h *= 1099511628211ULL;
	}
	sl = &memo[(size_t)kind * FIX_MEMO + (h & (FIX_MEMO - 1))];
	if (memcmp(sl->word, w, len + 1) == 0)
		return sl->fix;
	fix = correct_find(kb, w, kind);
	(void)memcpy(sl->word, w, len + 1);
	sl->fix = fix;
	return fix;
}

/*
 * What kb->winfo says of word w for search (match 0) or matching (1), or
 * -1 when it is none of vocabulary, stopword and negation; from the three
 * maps while it is not built.
 */
static int32_t
word_info(const struct kb *kb, int match, const char *w)
{
	const struct strmap *vocab = match ? &kb->mvocab : &kb->vocab;
	int32_t t, v;

	if (kb->winfo[match].cap > 0)
		return strmap_get(&kb->winfo[match], w);
	t = strmap_get(vocab, w);
	v = (t >= 0 ? t + 1 : 0) << KB_WI_SHIFT;
	if (strmap_get(&kb->stopwords, w) >= 0)
		v |= KB_WI_STOP;
	if (strmap_get(&kb->negations, w) >= 0)
		v |= KB_WI_NEGATION;
	return t >= 0 || v != 0 ? v : -1;
}

/*
 * The correction of w for matching: correct_in(kb, w, 1), looked up when
 * kb_match_fixes_build() made it at load.
 */
static const char *
correct_match(const struct kb *kb, const char *w)
{
	int32_t v = strmap_get(&kb->mfixes, w);

	if (v < 0)
		return correct_memo(kb, w, FIX_MATCH);
	return v > 0 ? kb->mterms[v - 1] : NULL;
}

/*
 * The typo corrections for matching (correct_in(kb, w, 1)) of the words
 * of the claims and their topics as written (plurals folded) that the
 * phrases' vocabulary, the stopwords and the negations lack, made once
 * here: a message is read for matching before anything else, and a
 * question about the article is mostly made of such words, each of which
 * would otherwise be compared with the phrases' words on every message.
 * Call once the matching vocabulary and its typo index are complete
 * (after kb_typo_index()).  Out of memory, the table stays partial: the
 * words it lacks are corrected when read, with the same result.
 */
void
kb_match_fixes_build(struct kb *kb)
{
	struct text_tokens tt;
	const char *fix, *text;
	char *key;
	size_t c, i, k;
	int32_t t;

	if (strmap_init(&kb->mfixes, 2048) == -1)
		return;
	for (c = 0; c < kb->nclaims; c++)
		for (k = 0; k <= kb->claims[c].ntopics; k++) {
			text = k == 0 ? kb->claims[c].text :
			    kb->claims[c].topics[k - 1]->label;
			text_tokenize(kb->stemmer, text, strlen(text),
			    TEXT_LIGHT, &tt);
			for (i = 0; i < tt.n; i++) {
				if (strmap_get(&kb->mfixes, tt.tok[i]) >= 0 ||
				    strmap_get(&kb->mvocab, tt.tok[i]) >= 0 ||
				    strmap_get(&kb->stopwords, tt.tok[i]) >= 0 ||
				    strmap_get(&kb->negations, tt.tok[i]) >= 0)
					continue;
				fix = correct_in(kb, tt.tok[i], 1, NULL);
				t = fix != NULL ? strmap_get(&kb->mvocab, fix) :
				    -1;
				if (fix != NULL && t < 0)
					continue;	/* not an mterm: never */
				if ((key = arena_strdup(&kb->arena,
				    tt.tok[i])) == NULL ||
				    strmap_put(&kb->mfixes, key, t + 1) == -1)
					return;
			}
		}
}

/*
 * The stem of the claims' word as written closest to w (a word as
 * written, plurals folded) within the typo budget of correct_in(), or
 * NULL.
 */
static const char *
correct_surface(const struct kb *kb, const char *w)
{
	size_t len = strlen(w), t;
	int max, d, best = 99;
	const char *bt = NULL;
	struct kb_typo_iter it;

	if (len < 5 || text_is_number(w))
		return NULL;
	max = len >= 9 ? 2 : 1;
	kb_typo_first(&it, &kb->typo_sterms, kb->nsterms, (unsigned char)w[0],
	    len - (size_t)max, len + (size_t)max);
	while (kb_typo_next(&it, &t)) {
		const char *term = kb->sterms[t];

		if (term[0] != w[0] ||
		    (d = kb_typo_distance(w, term, max)) > max ||
		    same_stem(w, term))
			continue;
		if (d < best) {
			best = d;
			bt = kb->sstems[t];
		}
	}
	return bt;
}

const char *
kb_vocab_correct(const struct kb *kb, const char *w, int *dist)
{
	return correct_in(kb, w, 0, dist);
}

/*
 * Does word w (as written) end in one of the lexicon's slot_suffixes
 * ("ing"), with at least ASIDE_STEM_MIN letters before it?  Right after
 * a slot opener ("is") such a word is a verb's form ("is fighting the
 * borrow checker ..."), not the name a name's slot would hold.
 */
static int
read_slot_verb(const struct kb *kb, const char *w)
{
	size_t k, n = strlen(w);

	for (k = 2; k <= KB_ASIDE_SUFFIX_MAX && k + ASIDE_STEM_MIN <= n; k++)
		if (strmap_getn(&kb->slot_suffixes, w + n - k, k) >= 0)
			return 1;
	return 0;
}

/*
 * Is word w (as written, plurals folded) a word of phrases.reading.
 * comparison_words ("easier", "simpler", "nicer")?  Right after a name
 * opener such a word is what is asked of the things named ("which is
 * easier to work with?"), the predicate, not a name in the subject's
 * slot that the claims must hold.
 */
static int
read_comparison_word(const struct kb *kb, const char *w)
{
	return (kb_listed(&kb->phrases, w, strlen(w)) &
	    KB_LISTED_COMPARISON) != 0;
}

/*
 * Is word i of tt a comparative the article never uses ("leaner",
 * "hungrier": as written (light, plurals folded), one of phrases.reading.
 * comparative_endings after at least four letters, no lexicon
 * not_comparatives word, and, stemmed, the start of no lexicon synonym:
 * "friendlier" reads "easy"), followed in its clause by a stopword
 * ("which is leaner on ram", "is go leaner than java")?  Right after a
 * name opener it is then what is asked of the things named, as a
 * comparison word is (read_comparison_word()), not a name.
 */
static int
read_comparative(const struct kb *kb, const struct text_tokens *tt,
    const struct text_tokens *light, size_t i)
{
	const struct kb_phrases *ph = &kb->phrases;
	const char *w = light->tok[i];
	size_t k, e, n = strlen(w);

	if (i + 1 >= light->n || light->brk[i + 1] ||
	    strmap_get(&kb->stopwords, light->tok[i + 1]) < 0 ||
	    strmap_get(&kb->not_comparatives, w) >= 0 ||
	    strmap_get(&kb->synfirst, tt->tok[i]) >= 0)
		return 0;
	for (k = 0; k < ph->ncomparative_endings; k++) {
		e = strlen(ph->comparative_endings[k]);
		if (n >= e + 4 && strcmp(w + n - e,
		    ph->comparative_endings[k]) == 0)
			return 1;
	}
	return 0;
}

/*
 * Does word i of tt (i >= 1) follow a slot opener ("is") that follows, in
 * the same clause, one of the lexicon's slot_subjects ("which", "it")?
 * Then the opener is the subject's verb, not the inverted verb of a
 * question ("is kotlin faster?"), and word i is what is said of that
 * subject ("which is leaner?", "if it is smooth or painful", "which is
 * pricier to staff"): a predicate, not a name the claims must hold.
 * "what is zig?" keeps its name's slot: "what" is no slot subject.
 */
static int
read_slot_subject(const struct kb *kb, const struct text_tokens *tt,
    size_t i)
{
	return i >= 2 && !tt->brk[i - 1] &&
	    strmap_get(&kb->slot_openers, tt->tok[i - 1]) >= 0 &&
	    strmap_get(&kb->slot_subjects, tt->tok[i - 2]) >= 0;
}

/*
 * Does a name joiner ("or", "vs") stand right next to word i of tt, on
 * the side dir (+1 after, -1 before), with a name beyond it in the same
 * clause: a specific term (at most SPECIFIC_DF claims use it: "actix",
 * "gin")?  Then word i, one the article never uses, is the other
 * alternative ("axum or actix", "gin vs beego").  A subject's name is
 * no such name: "go vs spring boot" asks about Go against the JVM,
 * which the article covers in its own words.
 */
static int
joined_name(const struct kb *kb, const struct text_tokens *tt,
    const int32_t *info, size_t i, int dir)
{
	size_t j, k;
	int32_t t;

	if (dir > 0 ? i + 2 >= tt->n || tt->brk[i + 1] || tt->brk[i + 2] :
	    i < 2 || tt->brk[i] || tt->brk[i - 1])
		return 0;
	j = dir > 0 ? i + 1 : i - 1;
	k = dir > 0 ? i + 2 : i - 2;
	if (strmap_get(&kb->name_joiners, tt->tok[j]) < 0)
		return 0;
	t = info[k] < 0 ? -1 : (info[k] >> KB_WI_SHIFT) - 1;
	return t >= 0 && kb->terms[t].npost > 0 &&
	    kb->terms[t].npost <= SPECIFIC_DF;
}

/*
 * Is word i of tt (stemmed; info its word information) the user's own
 * thing's kind: right after a word of phrases.reading.first_person
 * ("our", "my") and right before a word some claim uses?
 */
static int
read_owned_name(const struct kb *kb, const struct text_tokens *tt,
    const int32_t *info, size_t i)
{
	const struct kb_phrases *ph = &kb->phrases;
	int32_t v = info[i + 1];
	int32_t t = v < 0 ? -1 : (v >> KB_WI_SHIFT) - 1;
	size_t k;

	if (t < 0 || kb->terms[t].npost == 0)
		return 0;
	for (k = 0; k < ph->nfirst_person; k++)
		if (strcmp(ph->first_person[k], tt->tok[i - 1]) == 0)
			return 1;
	return 0;
}

/*
 * Read the words of tt (stemmed; light, the same text plural-folded, or
 * NULL) that are still unknown after typo correction, for search:
 *
 * - one right after a name marker ("than kotlin") or right after a name
 *   opener near the start of its clause ("does swift have ...", "how
 *   good is kotlin ...") stands where the question's subject or the
 *   other side of a comparison stands: it is likely what the question
 *   asks about, marked PROPER_SLOT in tt->proper, and kb_search_query()
 *   weighs it as two unknown words that only matched words outweigh;
 * - one right before a name follower ("julia developers", "ocaml
 *   redmonk rank") is the name of whose developers or rank is asked,
 *   marked PROPER_FOLLOW: like a word written as a name, it vetoes
 *   coverage (the article never names it);
 * - one joined by a name joiner to a name ("axum or actix", "gin vs
 *   beego": joined_name()) is the other alternative, marked
 *   PROPER_FOLLOW the same;
 * - one right before a kind head ("an esp32 microcontroller", "the
 *   rapier crate") names one thing of that kind, which the article,
 *   knowing the kind, never names: marked PROPER_SLOT as in a name's slot
 *   (weighs twice, only matched words outweigh it), so a claim that
 *   shares the kind's domain ("embedded") answers only a question that
 *   holds enough of its words besides;
 * - one not written as a name that ends in an aside suffix as written
 *   ("realistically", "seriously": a manner adverb) only colours the
 *   question: marked aside, it is dropped like a filler.
 *
 * It also marks each word that is a claim's word as written (tt->exact):
 * "gofmt", not "originally" for "original" nor "topping" for "top".
 * All of this only when a word is unknown or a term is specific (at most
 * SPECIFIC_DF claims use it): the only cases where kb_search_query()
 * asks; the text is tokenized once more then (light, plurals folded).
 *
 * The word lists are the lexicon's (name_openers, name_markers,
 * name_followers, name_joiners, kind_heads, aside_suffixes); a knowledge base without them
 * reads no word so.
 * have_light says light holds the text already (kb_normalize() tokenized
 * it for a typo), so it is not tokenized twice.
 */
static void
read_unknown_words(const struct kb *kb, const char *text, size_t len,
    struct text_tokens *tt, const int32_t *info, struct text_tokens *light,
    int have_light)
{
	size_t i, k, n, start = 0;
	int32_t v, t;
	const char *w;
	int needed = 0;

	for (i = 0; i < tt->n && !needed; i++) {
		v = info[i];
		t = v < 0 ? -1 : (v >> KB_WI_SHIFT) - 1;
		/* a word the article never uses, or one specific term:
		 * the rest is read too */
		if ((!tt->fixed[i] && !(t >= 0 && kb->terms[t].npost > 0) &&
		    !(v >= 0 && (v & (KB_WI_STOP | KB_WI_NEGATION)) != 0)) ||
		    (t >= 0 && kb->terms[t].npost > 0 &&
		    kb->terms[t].npost <= SPECIFIC_DF)) {
			/* kb_normalize() may have tokenized it already */
			if (!have_light)
				text_tokenize(kb->stemmer, text, len,
				    TEXT_LIGHT, light);
			needed = 1;
		}
	}
	if (!needed || light->n != tt->n)
		return;
	for (i = 0; i < tt->n; i++) {
		int aside = 0;

		if (tt->brk[i])
			start = i;
		v = info[i];
		t = v < 0 ? -1 : (v >> KB_WI_SHIFT) - 1;
		tt->exact[i] = strmap_get(&kb->svocab, light->tok[i]) >= 0;
		if (tt->fixed[i] || text_is_number(tt->tok[i]) ||
		    (v >= 0 && (v & (KB_WI_STOP | KB_WI_NEGATION)) != 0) ||
		    (t >= 0 && kb->terms[t].npost > 0))
			continue;
		/* "for our Spring microservices", "my Postgres db": a name
		 * right after a word of phrases.reading.first_person and
		 * right before a word the claims use is the kind of the
		 * user's own thing, not what is asked: no name that vetoes
		 * coverage, an unknown word like any other */
		if (tt->proper[i] && i > 0 && !tt->brk[i] && i + 1 < tt->n &&
		    !tt->brk[i + 1] && read_owned_name(kb, tt, info, i))
			tt->proper[i] = 0;
		if (i > 0 && !tt->brk[i] && strlen(tt->tok[i]) > UNKNOWN_SHORT &&
		    !(read_slot_verb(kb, light->tok[i]) &&
		    strmap_get(&kb->slot_openers, tt->tok[i - 1]) >= 0) &&
		    !read_comparison_word(kb, light->tok[i]) &&
		    !read_comparative(kb, tt, light, i) &&
		    !read_slot_subject(kb, tt, i) &&
		    (strmap_get(&kb->name_markers, tt->tok[i - 1]) >= 0 ||
		    (i - 1 - start <= NAME_OPENER_REACH &&
		    strmap_get(&kb->name_openers, tt->tok[i - 1]) >= 0))) {
			tt->proper[i] |= PROPER_SLOT;
			continue;
		}
		/* an aside ("honestly", by its suffix) is no name: read
		 * here, before the name readings below that skip it */
		w = light->tok[i];
		n = strlen(w);
		for (k = 2; k <= KB_ASIDE_SUFFIX_MAX && k + ASIDE_STEM_MIN <= n;
		    k++)
			if (strmap_getn(&kb->aside_suffixes, w + n - k, k) >=
			    0) {
				aside = 1;
				break;
			}
		/* "how many julia developers", "ocaml redmonk rank": the
		 * word right before a name follower (a people noun, a
		 * ranking's name) stands where a subject's name does */
		if (i + 1 < tt->n && !tt->brk[i + 1] && !aside &&
		    strlen(tt->tok[i]) > UNKNOWN_SHORT &&
		    strmap_get(&kb->name_followers, tt->tok[i + 1]) >= 0) {
			tt->proper[i] |= PROPER_FOLLOW;
			continue;
		}
		/* "axum or actix", "gin vs beego": the other alternative
		 * to a name, read like a name too; not a word that starts
		 * a synonym ("global" for "worldwide": "us money or
		 * global?") */
		if (!aside && strlen(tt->tok[i]) > UNKNOWN_SHORT &&
		    (v < 0 || (v & KB_WI_NOSYN) != 0) &&
		    (joined_name(kb, tt, info, i, 1) ||
		    joined_name(kb, tt, info, i, -1))) {
			tt->proper[i] |= PROPER_FOLLOW;
			continue;
		}
		/* "an esp32 microcontroller": one of a kind, named; not a
		 * word some claim's asks use ("tiny", "hft"), a user's word
		 * the article answers.  The head (as written: "engineers"
		 * is no "engine") is part of that name, no word of its own
		 * to hold or lack: dropped like an aside */
		if (!aside && strlen(tt->tok[i]) > UNKNOWN_SHORT &&
		    (t < 0 || kb->terms[t].napost == 0) && i + 1 < tt->n &&
		    !tt->brk[i + 1] &&
		    strmap_get(&kb->kind_heads, light->tok[i + 1]) >= 0) {
			tt->proper[i] |= PROPER_SLOT;
			tt->aside[i + 1] = 1;
			continue;
		}
		if (!tt->proper[i] && !tt->aside[i])
			tt->aside[i] = aside;
	}
}

static void	normalize_senses(const struct kb *, struct text_tokens *,
		    int32_t *, int);
static void	normalize_read(const struct kb *, const char *, size_t, int,
		    struct kb_query *);

/*
 * May unknown word i of tt (stemmed) be corrected to fix?  Not when it
 * stands in a name's slot, right before a name follower ("scala
 * developers") or right after a name marker ("than scala"), and fix is
 * no name itself (a subject's or a word the claims write as a name):
 * there the unknown word is the name asked about, and a claim word one
 * letter away ("scale") would answer for another thing.  "rsut devs"
 * still reads as Rust.
 */
static int
normalize_fix_fits_slot(const struct kb *kb, const struct text_tokens *tt,
    size_t i, const char *fix)
{
	int32_t v, t;

	if (strlen(tt->tok[i]) <= UNKNOWN_SHORT ||
	    !((i + 1 < tt->n && !tt->brk[i + 1] &&
	    strmap_get(&kb->name_followers, tt->tok[i + 1]) >= 0) ||
	    (i > 0 && !tt->brk[i] &&
	    strmap_get(&kb->name_markers, tt->tok[i - 1]) >= 0)))
		return 1;
	v = word_info(kb, 0, fix);
	t = v < 0 ? -1 : (v >> KB_WI_SHIFT) - 1;
	return t >= 0 && (kb->terms[t].subject > 0 || kb->terms[t].entity);
}

/*
 * Write into q what normalize_read() writes of reading r (kb.h): the
 * counts, the intent, the corrections and each word's slots; what lies
 * beyond them is left as it was, as normalize_read() leaves it.
 */
void
kb_query_copy(const struct kb_query *r, struct kb_query *q)
{
	size_t i, n = r->n;

	q->nfixes = r->nfixes;
	q->intent = r->intent;
	q->intent_kept = r->intent_kept;
	for (i = 0; i < r->nfixes && i < KB_MAX_FIXES; i++)
		(void)memcpy(q->fixes[i], r->fixes[i], sizeof(q->fixes[i]));
	q->n = n;
	(void)memcpy(q->raw, r->raw, n * sizeof(q->raw[0]));
	(void)memcpy(q->corrected, r->corrected, n);
	(void)memcpy(q->proper, r->proper, n);
	(void)memcpy(q->exact, r->exact, n);
	(void)memcpy(q->span, r->span, n);
	(void)memcpy(q->brk, r->brk, n);
	(void)memcpy(q->stop, r->stop, n);
	(void)memcpy(q->negation, r->negation, n);
	(void)memcpy(q->clause, r->clause, n);
	(void)memcpy(q->term, r->term, n * sizeof(q->term[0]));
	(void)memcpy(q->subject, r->subject, n);
}

/*
 * Make kb_normalize()'s memo, once the kb is whole (out of memory: none,
 * every text is read).  A reading is a function of the text, the flags
 * and the kb alone, so the memo never changes a result; the engine reads
 * the same question several times per message (its words, its answer,
 * the follow-up frame).
 */
void
kb_normalize_memo_build(struct kb *kb)
{
	kb->norm_memo = calloc(1, sizeof(struct norm_memo));
}

/*
 * Copy short reading w into q as kb_query_copy() copies a whole one (the
 * counts, the intent, the corrections and each word's slots; the slots
 * past w->n left as they were).
 */
static void
norm_word_get(const struct norm_word *w, struct kb_query *q)
{
	size_t i, n = w->n;

	q->nfixes = w->nfixes;
	q->intent = w->intent;
	q->intent_kept = 0;
	for (i = 0; i < w->nfixes; i++)
		(void)memcpy(q->fixes[i], w->fixes[i], sizeof(q->fixes[i]));
	q->n = n;
	/* a slot at a time, in sizes the compiler knows: at most
	 * NORM_WORD_TOKENS of them, a few moves each in place of ten calls
	 * of memcpy() */
	for (i = 0; i < n; i++) {
		(void)memcpy(q->raw[i], w->raw[i], sizeof(q->raw[i]));
		q->term[i] = w->term[i];
		q->corrected[i] = w->corrected[i];
		q->proper[i] = w->proper[i];
		q->exact[i] = w->exact[i];
		q->span[i] = w->span[i];
		q->brk[i] = w->brk[i];
		q->clause[i] = 0;
		q->stop[i] = w->stop[i];
		q->negation[i] = w->negation[i];
		q->subject[i] = w->subject[i];
	}
}

/*
 * Remember reading q of text (len <= NORM_WORD_TEXT bytes) with flags in
 * w, when it has at most NORM_WORD_TOKENS tokens and NORM_WORD_FIXES
 * corrections (else w is left as it was).
 */
static void
norm_word_put(struct norm_word *w, const char *text, size_t len, int flags,
    const struct kb_query *q)
{
	size_t i, n = q->n;

	if (n > NORM_WORD_TOKENS || q->nfixes > NORM_WORD_FIXES)
		return;
	w->len = len;
	w->flags = flags;
	(void)memcpy(w->text, text, len);
	w->n = n;
	w->nfixes = q->nfixes;
	w->intent = q->intent;
	for (i = 0; i < q->nfixes; i++)
		(void)memcpy(w->fixes[i], q->fixes[i], sizeof(w->fixes[i]));
	(void)memcpy(w->raw, q->raw, n * sizeof(q->raw[0]));
	(void)memcpy(w->term, q->term, n * sizeof(q->term[0]));
	(void)memcpy(w->corrected, q->corrected, n);
	(void)memcpy(w->proper, q->proper, n);
	(void)memcpy(w->exact, q->exact, n);
	(void)memcpy(w->span, q->span, n);
	(void)memcpy(w->brk, q->brk, n);
	(void)memcpy(w->stop, q->stop, n);
	(void)memcpy(w->negation, q->negation, n);
	(void)memcpy(w->subject, q->subject, n);
}

/*
 * Normalize len bytes of user text into q.  Typos are corrected first, on
 * the stemmed words, so that a misspelled phrase ("garbge collector")
 * still meets its synonym; then synonyms are rewritten and, unless flags
 * has KB_NORM_MATCH (for matching phrases such as "just me"),
 * stopwords dropped.  q->term[i] points into the kb's vocabulary, or is
 * NULL for a word it does not know.
 *
 * A text of at most NORM_TEXT bytes read lately is not read again: its
 * reading is copied from kb->norm_memo (direct-mapped by the text's hash;
 * a text of at most NORM_WORD_TEXT bytes in a table of its own, larger,
 * since the engine reads the same few words over and over, in either of
 * two slots).
 */
void
kb_normalize(const struct kb *kb, const char *text, size_t len, int flags,
    struct kb_query *q)
{
	struct norm_slot *sl;
	uint32_t h;

	if (kb->norm_memo == NULL || len == 0 || len > NORM_TEXT) {
		normalize_read(kb, text, len, flags, q);
		return;
	}
	/* strmap_hash(): eight bytes a step, a message of a hundred bytes
	 * in some fifty instructions (a byte a step took three hundred) */
	h = strmap_hash(text, len) ^ (uint32_t)flags;
	if (len <= NORM_WORD_TEXT) {
		struct norm_word *w = &((struct norm_memo *)
		    kb->norm_memo)->word[h & (NORM_WORDS - 1)];
		struct norm_word *o = &((struct norm_memo *)
		    kb->norm_memo)->word[(h & (NORM_WORDS - 1)) ^ 1];

		/* two slots a text: the latest in the first, the one before
		 * it in the other, so two short texts of one slot read in
		 * turn (two stopwords) are both kept */
		if (w->len == len && w->flags == flags &&
		    memcmp(w->text, text, len) == 0) {
			norm_word_get(w, q);
			return;
		}
		if (o->len == len && o->flags == flags &&
		    memcmp(o->text, text, len) == 0) {
			norm_word_get(o, q);
			return;
		}
		normalize_read(kb, text, len, flags, q);
		if (w->len != 0 && q->n <= NORM_WORD_TOKENS &&
		    q->nfixes <= NORM_WORD_FIXES)
			*o = *w;
		norm_word_put(w, text, len, flags, q);
		return;
	}
	sl = &((struct norm_memo *)kb->norm_memo)->full[h & (NORM_MEMO - 1)];
	if (sl->len == len && sl->flags == flags &&
	    memcmp(sl->text, text, len) == 0) {
		kb_query_copy(&sl->q, q);
		return;
	}
	normalize_read(kb, text, len, flags, q);
	sl->len = len;
	sl->flags = flags;
	(void)memcpy(sl->text, text, len);
	kb_query_copy(q, &sl->q);
}

/* kb_normalize() without the memo. */
static void
normalize_read(const struct kb *kb, const char *text, size_t len, int flags,
    struct kb_query *q)
{
	int match = (flags & KB_NORM_MATCH) != 0;
	enum text_mode mode = match ? TEXT_LIGHT : TEXT_STEM;
	struct text_tokens tt, lt, *light = NULL;
	int32_t info[TEXT_MAX_TOKENS];	/* word_info() of each of tt */
	size_t i;

	text_tokenize(kb->stemmer, text, len, mode, &tt);
	q->nfixes = 0;
	q->intent = 0;	/* the caller reads it: kb_intent_of() */
	q->intent_kept = 0;
	for (i = 0; i < tt.n; i++) {
		const char *fix;

		/* a word of the vocabulary, a stopword or a negation */
		if ((info[i] = word_info(kb, match, tt.tok[i])) >= 0)
			continue;
		if ((fix = match ? correct_match(kb, tt.tok[i]) :
		    correct_memo(kb, tt.tok[i], FIX_SEARCH)) == NULL && !match) {
			/* the word as written, once, when a stem is unknown */
			if (light == NULL) {
				light = &lt;
				text_tokenize(kb->stemmer, text, len,
				    TEXT_LIGHT, light);
			}
			if (light->n == tt.n &&
			    strmap_get(&kb->svocab, light->tok[i]) < 0)
				fix = correct_memo(kb, light->tok[i],
				    FIX_SURFACE);
		}
		if (fix == NULL || (!match &&
		    !normalize_fix_fits_slot(kb, &tt, i, fix)))
			continue;
		if (q->nfixes < KB_MAX_FIXES)
			(void)snprintf(q->fixes[q->nfixes++],
			    sizeof(q->fixes[0]), "%s->%s", tt.tok[i], fix);
		(void)strcpy(tt.tok[i], fix);
		tt.fixed[i] = 1;
		info[i] = word_info(kb, match, fix);
	}
	if (!match)
		read_unknown_words(kb, text, len, &tt, info, &lt,
		    light != NULL);
	normalize_terms_info(kb, &tt, !match, mode, match, info);
	if (!match && kb->senses_built)
		normalize_senses(kb, &tt, info, 0);
	q->n = tt.n;
	for (i = 0; i < tt.n; i++) {
		int32_t v = info[i];
		int32_t t = v < 0 ? -1 : (v >> KB_WI_SHIFT) - 1;

		(void)memcpy(q->raw[i], tt.tok[i], sizeof(q->raw[i]));
		q->corrected[i] = tt.fixed[i];
		q->proper[i] = tt.proper[i];
		q->exact[i] = tt.exact[i];
		q->span[i] = tt.span[i];
		q->brk[i] = tt.brk[i];
		q->clause[i] = 0;
		q->stop[i] = v >= 0 && (v & KB_WI_STOP) != 0;
		q->negation[i] = v >= 0 && (v & KB_WI_NEGATION) != 0;
		if (t < 0)
			q->term[i] = NULL;
		else
			q->term[i] = match ? kb->mterms[t] : kb->terms[t].term;
		q->subject[i] = (signed char)(t < 0 || match ? -1 :
		    kb->term_subjects ? kb->terms[t].subject - 1 :
		    term_subject(kb, q->term[i]));
	}
}

/*
 * The vocabulary terms of q (its non-NULL term[], in order) into a new
 * list in *out (in the arena), *n of them; -1 when out of memory.
 */
static int
figure_terms(struct kb *kb, const struct kb_query *q, const char ***out,
    size_t *n)
{
	size_t i;

	*n = 0;
	if ((*out = arena_calloc(&kb->arena, q->n + 1, sizeof(**out))) ==
	    NULL)
		return -1;
	for (i = 0; i < q->n; i++)
		if (q->term[i] != NULL)
			(*out)[(*n)++] = q->term[i];
	return 0;
}

/*
 * Each figure's unit and label read for search once, here (struct
 * kb_figure_terms, a claim's figure_terms), rather than for every
 * question a figure may answer (dialogue_ask.c).  kb_normalize() of a
 * text depends on the kb alone, so they are what it would say then.
 * Call last, once all it reads is made; out of memory a claim is left
 * without (NULL) and its figures are read when asked.
 */
void
kb_figure_terms_build(struct kb *kb)
{
	struct kb_query *u;
	struct kb_figure_terms *ft;
	const struct kb_figure *fig;
	size_t c, f, i;

	if ((u = malloc(sizeof(*u))) == NULL)
		return;
	for (c = 0; c < kb->nclaims; c++) {
		if (kb->claims[c].nfigures == 0 || (ft = arena_calloc(
		    &kb->arena, kb->claims[c].nfigures, sizeof(*ft))) == NULL)
			continue;
		for (f = 0; f < kb->claims[c].nfigures; f++) {
			fig = &kb->claims[c].figures[f];
			kb_normalize(kb, fig->unit, strlen(fig->unit), 0, u);
			if (figure_terms(kb, u, &ft[f].unit_terms,
			    &ft[f].nunit_terms) == -1)
				break;
			kb_normalize(kb, fig->label, strlen(fig->label), 0, u);
			if (figure_terms(kb, u, &ft[f].label_terms,
			    &ft[f].nlabel_terms) == -1)
				break;
			for (i = 0; i < u->n; i++)
				if (u->subject[i] >= 0)
					ft[f].label_subjects |= 1u <<
					    u->subject[i];
		}
		if (f == kb->claims[c].nfigures)
			kb->claims[c].figure_terms = ft;
	}
	free(u);
}

/*
 * kb->antonym_of from kb->antonym_words, once the index and the
 * normalizer are ready: each word read as kb_normalize() reads a
 * question's (stemmed, its synonym group's term: "kinder" is "easi"),
 * both ways.  A word the article never uses has no term and maps
 * nothing.  A pair that cannot work as written is added to errs with its
 * path (lexicon.json: $.antonyms[i][k]): a word the search drops (a
 * stopword) or reads as several terms, two words the search reads as
 * one ("Fast" and "fast", or synonyms), a word read as a word of an
 * earlier pair (each word has one antonym).  Out of memory, no antonym
 * is read.
 */
void
kb_antonyms_build(struct kb *kb, struct errlist *errs)
{
	struct kb_query *u;
	char (*key)[TEXT_TOKEN_MAX];
	int32_t t[2];
	size_t i, k, j;

	if (kb->nantonyms == 0 || (u = malloc(sizeof(*u))) == NULL)
		return;
	if ((key = calloc(2 * kb->nantonyms, sizeof(*key))) == NULL ||
	    (kb->antonym_of = arena_calloc(&kb->arena, kb->nterms + 1,
	    sizeof(*kb->antonym_of))) == NULL) {
		free(key);
		free(u);
		return;
	}
	for (i = 0; i < kb->nterms; i++)
		kb->antonym_of[i] = -1;
	for (i = 0; i < kb->nantonyms; i++) {
		for (k = 0; k < 2; k++) {
			const char *w = kb->antonym_words[2 * i + k];
			char *kk = key[2 * i + k];

			kb_normalize(kb, w, strlen(w), 0, u);
			t[k] = u->n == 1 && u->term[0] != NULL ?
			    strmap_get(&kb->vocab, u->term[0]) : -1;
			if (u->n != 1) {
				errlist_add(errs, "lexicon.json: "
				    "$.antonyms[%zu][%zu]: the search reads "
				    "'%s' as %zu words%s", i, k, w, u->n,
				    u->n == 0 ? " (a stopword)" : "");
				continue;
			}
			(void)snprintf(kk, TEXT_TOKEN_MAX, "%s",
			    u->term[0] != NULL ? u->term[0] : u->raw[0]);
			for (j = 0; j < 2 * i + k; j++)
				if (key[j][0] != '\0' &&
				    strcmp(key[j], kk) == 0)
					break;
			if (j == 2 * i + k)
				continue;
			if (j == 2 * i)
				errlist_add(errs, "lexicon.json: "
				    "$.antonyms[%zu][1]: the search reads "
				    "'%s' and '%s' as one word ('%s'): a "
				    "word is not its own antonym", i,
				    kb->antonym_words[2 * i], w, kk);
			else
				errlist_add(errs, "lexicon.json: "
				    "$.antonyms[%zu][%zu]: the search reads "
				    "'%s' as '%s', already in $.antonyms[%zu] "
				    "(a word has one antonym)", i, k, w, kk,
				    j / 2);
			t[k] = -1;
		}
		if (t[0] < 0 || t[1] < 0 || t[0] == t[1])
			continue;
		kb->antonym_of[t[0]] = t[1];
		kb->antonym_of[t[1]] = t[0];
	}
	free(key);
	free(u);
}

/*
 * kb->domain_term from kb->domain_words (lexicon "domains"), once the
 * index and the normalizer are ready: each word read as a question's
 * (stemmed, its synonym group's term).  A word is refused, with its path
 * (lexicon.json: $.domains.words[i]), when the search drops it or reads
 * it as several terms, when it names a subject (a subject is no field of
 * work), when no claim says it (a domain no claim holds cannot be
 * matched) or when it reads as an earlier entry's term.  Out of memory,
 * no domain is read.
 */
void
kb_domains_build(struct kb *kb, struct errlist *errs)
{
	struct kb_query *u;
	int32_t t;
	size_t i;

	if (kb->ndomain_words == 0 || (u = malloc(sizeof(*u))) == NULL)
		return;
	if ((kb->domain_term = arena_calloc(&kb->arena, kb->nterms + 1,
	    sizeof(*kb->domain_term))) == NULL) {
		free(u);
		return;
	}
	for (i = 0; i < kb->ndomain_words; i++) {
		const char *w = kb->domain_words[i];

		kb_normalize(kb, w, strlen(w), 0, u);
		if (u->n != 1) {
			errlist_add(errs, "lexicon.json: $.domains.words[%zu]: "
			    "the search reads '%s' as %zu words%s", i, w, u->n,
			    u->n == 0 ? " (a stopword)" : "");
			continue;
		}
		if (u->subject[0] >= 0) {
			errlist_add(errs, "lexicon.json: $.domains.words[%zu]: "
			    "'%s' names a subject, not a field of work", i, w);
			continue;
		}
		t = u->term[0] != NULL ? strmap_get(&kb->vocab, u->term[0]) :
		    -1;
		if (t < 0 || kb->terms[t].npost == 0) {
			errlist_add(errs, "lexicon.json: $.domains.words[%zu]: "
			    "no claim says '%s'", i, w);
			continue;
		}
		if (kb->domain_term[t]) {
			errlist_add(errs, "lexicon.json: $.domains.words[%zu]: "
			    "the search reads '%s' as '%s', already listed", i,
			    w, u->term[0]);
			continue;
		}
		kb->domain_term[t] = 1;
	}
	free(u);
}

/*
 * Read one sense word w as the search reads a question's (kb_normalize():
 * stemmed, its synonym group's term) into out; path names it in errs.
 * Returns 0, or -1 (reported) when the search drops it (a stopword) or
 * reads it as several terms.
 */
static int
normalize_sense_term(struct kb *kb, struct kb_query *u, const char *w,
    const char *path, char *out, struct errlist *errs)
{
	kb_normalize(kb, w, strlen(w), 0, u);
	if (u->n != 1) {
		errlist_add(errs, "lexicon.json: %s: the search reads '%s' as "
		    "%zu words%s", path, w, u->n, u->n == 0 ?
		    " (a stopword)" : "");
		return -1;
	}
	(void)snprintf(out, TEXT_TOKEN_MAX, "%s", u->term[0] != NULL ?
	    u->term[0] : u->raw[0]);
	return 0;
}

/*
 * Each lexicon sense's words as search terms (term, near_terms,
 * reads_term), once the index and the normalizer are ready; then
 * kb_normalize() applies them (senses_built).  A sense that cannot work
 * is added to errs with its path (lexicon.json: $.senses[i]...): a word
 * the search drops or reads as several terms, a near word read as the
 * word itself, a reading that is the word itself.  Out of memory, no
 * sense is read.
 */
void
kb_senses_build(struct kb *kb, struct errlist *errs)
{
	struct kb_query *u;
	struct kb_sense *sn;
	char p[64];
	size_t i, k;
	int bad;

	if (kb->nsenses == 0 || (u = malloc(sizeof(*u))) == NULL)
		return;
	for (i = 0; i < kb->nsenses; i++) {
		sn = &kb->senses[i];
		if ((sn->near_terms = arena_calloc(&kb->arena, sn->nnear + 1,
		    sizeof(*sn->near_terms))) == NULL) {
			free(u);
			return;
		}
		(void)snprintf(p, sizeof(p), "$.senses[%zu].word", i);
		bad = normalize_sense_term(kb, u, sn->word, p, sn->term, errs);
		if (sn->reads != NULL) {
			(void)snprintf(p, sizeof(p), "$.senses[%zu].reads", i);
			bad |= normalize_sense_term(kb, u, sn->reads, p, sn->reads_term,
			    errs);
			if (bad == 0 && strcmp(sn->reads_term, sn->term) == 0) {
				errlist_add(errs, "lexicon.json: "
				    "$.senses[%zu].reads: the search reads "
				    "'%s' as the word itself ('%s')", i,
				    sn->reads, sn->term);
				bad = -1;
			}
		}
		for (k = 0; k < sn->nnear; k++) {
			(void)snprintf(p, sizeof(p), "$.senses[%zu].near[%zu]",
			    i, k);
			if (normalize_sense_term(kb, u, sn->near[k], p,
			    sn->near_terms[k], errs) == -1)
				bad = -1;
			else if (sn->term[0] != '\0' &&
			    strcmp(sn->near_terms[k], sn->term) == 0) {
				errlist_add(errs, "lexicon.json: %s: the "
				    "search reads '%s' as the word itself "
				    "('%s')", p, sn->near[k], sn->term);
				bad = -1;
			}
		}
		if (bad)
			sn->term[0] = '\0';	/* never matches a term */
	}
	kb->senses_built = 1;
	free(u);
	index_senses(kb);
	if (kb->sense_next != NULL)
		index_ask_senses(kb);
}

/*
 * Claim c's ask postings less one use of term (none when the claim's
 * fields hold it: index_ask() left it out), a posting whose uses reach
 * nothing removed.  The term's index, or -1 when nothing changed.
 * Bounded by the term's postings.
 */
static int32_t
index_ask_unuse(struct kb *kb, const char *term, uint32_t c)
{
	int32_t t = strmap_get(&kb->vocab, term);
	struct kb_term *kt;
	size_t i;

	if (t < 0)
		return -1;
	kt = &kb->terms[t];
	for (i = 0; i < kt->napost && kt->apost[i].claim != c; i++)
		;
	if (i == kt->napost)
		return -1;
	if ((kt->apost[i].tf -= 1) > 0)
		return t;
	(void)memmove(&kt->apost[i], &kt->apost[i + 1],
	    (kt->napost - i - 1) * sizeof(kt->apost[0]));
	kt->napost--;
	return t;
}

/*
 * The claims' asks read with the lexicon senses, as the same words are
 * read in a question: index_ask() runs before the senses can be read
 * (they need the finished index), so an ask's word in its other sense
 * was indexed in the sense the claim is not about ("how fast can juniors
 * onboard onto go" made Go's hiring claim an answer to "is go fast
 * enough?").  Each ask is read again, terms before and after the senses
 * marked "asks" (kb_sense.in_asks: a meaning split, not a framing word
 * the asks' other uses rely on) compared as multisets: a term blanked
 * gives back one use; then the idf and BM25 of those terms again.
 * Load time only; bounded by the asks and TEXT_MAX_TOKENS per ask.
 */
static void
index_ask_senses(struct kb *kb)
{
	static const size_t none = (size_t)-1;
	struct text_tokens tt;
	char (*before)[TEXT_TOKEN_MAX];
	int32_t info[TEXT_MAX_TOKENS], t;
	unsigned char used[TEXT_MAX_TOKENS], *changed;
	size_t c, a, i, j, n;

	if ((before = malloc(TEXT_MAX_TOKENS * sizeof(*before))) == NULL)
		return;
	if ((changed = calloc(kb->nterms + 1, 1)) == NULL) {
		free(before);
		return;
	}
	for (c = 0; c < kb->nclaims; c++) {
		const struct kb_claim *cl = &kb->claims[c];

		for (a = 0; a < cl->nasks; a++) {
			text_tokenize(kb->stemmer, cl->asks[a],
			    strlen(cl->asks[a]), TEXT_STEM, &tt);
			normalize_terms(kb, &tt, 1, TEXT_STEM);
			n = tt.n;
			for (i = 0; i < n; i++) {
				(void)memcpy(before[i], tt.tok[i],
				    sizeof(before[0]));
				info[i] = word_info(kb, 0, tt.tok[i]);
				used[i] = 0;
			}
			normalize_senses(kb, &tt, info, 1);
			for (j = 0; j < tt.n; j++) {
				size_t at = none;

				for (i = 0; i < n && at == none; i++)
					if (!used[i] &&
					    strcmp(before[i], tt.tok[j]) == 0)
						at = i;
				if (at != none)
					used[at] = 1;
			}
			for (i = 0; i < n; i++) {
				if (!used[i] && (t = index_ask_unuse(kb,
				    before[i], (uint32_t)c)) >= 0)
					changed[t] = 1;
			}
		}
	}
	free(before);
	/* only the terms that lost a use: a term added after the index
	 * (a choice's) keeps the weights it was given */
	for (i = 0; i < kb->nterms; i++) {
		double df;

		if (!changed[i])
			continue;
		df = (double)(kb->terms[i].npost > 0 ?
		    kb->terms[i].npost : kb->terms[i].napost);

		kb->terms[i].idf = log(1.0 + ((double)kb->nclaims - df +
		    0.5) / (df + 0.5));
		index_bm25(kb, &kb->terms[i]);
	}
	free(changed);
}

/*
 * kb->sense_first and kb->sense_next from the senses' terms (a sense
 * whose term is "" never matches and is left out); out of memory,
 * sense_next stays NULL and normalize_senses() tries every sense.
 */
static void
index_senses(struct kb *kb)
{
	int32_t *next, s, v;
	size_t i;

	if ((next = arena_calloc(&kb->arena, kb->nsenses,
	    sizeof(*next))) == NULL ||
	    strmap_init(&kb->sense_first, 2 * kb->nsenses) == -1)
		return;
	/* last to first: each sense goes before the ones after it */
	for (i = kb->nsenses; i-- > 0; ) {
		s = (int32_t)i;
		next[i] = -1;
		if (kb->senses[i].term[0] == '\0')
			continue;
		if ((v = strmap_get(&kb->sense_first,
		    kb->senses[i].term)) >= 0)
			next[i] = v;
		if (strmap_put(&kb->sense_first, kb->senses[i].term, s) ==
		    -1) {
			strmap_free(&kb->sense_first);
			return;
		}
	}
	kb->sense_next = next;
}

/*
 * Whether sense sn applies to token i of tt: one of its near terms at
 * most sn->within terms before or after it, in the same sentence.
 */
static int
normalize_sense_near(const struct kb_sense *sn, const struct text_tokens *tt,
    size_t i)
{
	size_t j, k, lo, hi;

	lo = i > sn->within ? i - sn->within : 0;
	hi = i + sn->within < tt->n ? i + sn->within : tt->n - 1;
	/* the same sentence: a comma does not part a word from what it is
	 * said of ("on memory, how big is the gap") */
	for (j = i; j > lo && !(tt->brk[j] & TEXT_BRK_SENTENCE); j--)
		;
	lo = j;
	for (j = i + 1; j <= hi && !(tt->brk[j] & TEXT_BRK_SENTENCE); j++)
		;
	hi = j - 1;
	for (j = lo; j <= hi; j++)
		for (k = 0; j != i && k < sn->nnear; k++)
			if (strcmp(tt->tok[j], sn->near_terms[k]) == 0)
				return 1;
	return 0;
}

/*
 * Apply the lexicon senses to tt, a question's terms as the search reads
 * them (info[] in step): a sense's word with one of its near terms at
 * most `within` terms before or after it, in the same sentence (no
 * sentence mark between), is blanked (a common word whose other sense the
 * question does not ask: "gap" beside "jobs" asks how many jobs, not the
 * performance gap) or rewritten to the sense's reading, then a common
 * word and no name (its proper marks cleared).  Near terms are read as
 * the message says them, before any sense is applied.  asks_only: only
 * the senses marked "asks" (kb_sense.in_asks), for index_ask_senses().
 */
static void
normalize_senses(const struct kb *kb, struct text_tokens *tt, int32_t *info,
    int asks_only)
{
	unsigned char drop[TEXT_MAX_TOKENS];
	const struct kb_sense *hit[TEXT_MAX_TOKENS];
	size_t i, s, n = 0;
	int32_t v;

	for (i = 0; i < tt->n; i++) {
		hit[i] = NULL;
		/* the senses of the token's term alone, in order */
		if (kb->sense_next != NULL) {
			for (v = strmap_get(&kb->sense_first, tt->tok[i]);
			    v >= 0 && hit[i] == NULL; v = kb->sense_next[v])
				if (normalize_sense_near(&kb->senses[v], tt, i))
					hit[i] = &kb->senses[v];
			continue;
		}
		for (s = 0; s < kb->nsenses && hit[i] == NULL; s++) {
			const struct kb_sense *sn = &kb->senses[s];

			if (sn->term[0] != '\0' &&
			    strcmp(tt->tok[i], sn->term) == 0 &&
			    normalize_sense_near(sn, tt, i))
				hit[i] = sn;
		}
	}
	for (i = 0; i < tt->n; i++) {
		/* asks_only: only the senses that hold in the asks
		 * (index_ask_senses()) */
		if (asks_only && hit[i] != NULL && !hit[i]->in_asks)
			hit[i] = NULL;
		drop[i] = hit[i] != NULL && hit[i]->reads_term[0] == '\0';
		if (hit[i] != NULL && !drop[i]) {
			(void)strcpy(tt->tok[i], hit[i]->reads_term);
			info[i] = word_info(kb, 0, tt->tok[i]);
			/* a word read in a sense is a common word, not the
			 * name read_unknown_words() took it for in a name's
			 * slot ("which is leaner on ram": "less") */
			tt->proper[i] = 0;
		}
	}
	for (i = 0; i < tt->n; i++) {
		if (drop[i]) {
			/* a clause mark before a blanked word stays */
			if (i + 1 < tt->n)
				tt->brk[i + 1] |= tt->brk[i];
			continue;
		}
		if (n != i) {
			(void)memcpy(tt->tok[n], tt->tok[i], sizeof(tt->tok[0]));
			tt->proper[n] = tt->proper[i];
			tt->fixed[n] = tt->fixed[i];
			tt->brk[n] = tt->brk[i];
			tt->aside[n] = tt->aside[i];
			tt->exact[n] = tt->exact[i];
			tt->span[n] = tt->span[i];
			info[n] = info[i];
		}
		n++;
	}
	tt->n = n;
}

/* Whether claim is in postings post (n of them, in claim order). */
static int
posting_has(const struct kb_posting *post, size_t n, uint32_t claim)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (post[mid].claim == claim)
			return 1;
		if (post[mid].claim < claim)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

/* Whether claim's fields (its text, figures, topics, source) use kt. */
static int
term_in_claim(const struct kb_term *kt, uint32_t claim)
{
	return posting_has(kt->post, kt->npost, claim);
}

/* Whether claim's fields or its asks use kt: what the gate counts held. */
static int
term_held(const struct kb_term *kt, uint32_t claim)
{
	return term_in_claim(kt, claim) ||
	    posting_has(kt->apost, kt->napost, claim);
}

/*
 * Whether the best hit outweighs the question's words the article never
 * uses, nweighty of them: two matched words per unknown word do, and so
 * does a hit holding every known term (coverage >= COVERED_ALL) with two
 * or more matched words and at least as many as unknown words.  nwords
 * counts the user's words behind the matched terms: a phrase of the
 * lexicon read as one term ("garbage collector" as "gc", "stop the world"
 * as "latency") is as many words as it is long.  The idf
 * mass of the matched terms does not decide it: a specific known word
 * ("tokio", df 2) next to a filler ("land") and one ("version", df 4)
 * next to what the question hinges on ("latest") weigh the same, so one
 * matched term never outweighs one unknown word, unless it is specific:
 * nspecific counts the hit's terms that at most SPECIFIC_DF claims use
 * ("gofmt", "tiobe", "generics"), and one of them, in a hit holding
 * every known term, outweighs one unknown word ("whats the deal with
 * gofmt", "where does go land on tiobe").  That such an unknown word is
 * not what the question asks about is read before (kb_normalize(): a
 * word in a name slot, "does zig have generics", vetoes).  The rule of
 * two or more matched words wants one of them in the hit's own words
 * (nown of nwords): words it holds through its asks alone are a user's
 * words for what it says ("writing", "smart" of "smart thermostats"),
 * which a question on another topic shares by chance ("is writing tax
 * calculators in rust smart").
 */
static int
unknown_outweighed(size_t nwords, size_t nweighty, double coverage,
    size_t nspecific, size_t nown)
{
	if (nwords >= 2 * nweighty)
		return 1;
	if (coverage >= COVERED_ALL && nspecific >= nweighty)
		return 1;
	return coverage >= COVERED_ALL && nwords >= 2 && nwords >= nweighty &&
	    nown >= 1;
}

/*
 * Whether claim's own words (not its asks) hold exactly one of the
 * question's terms and that one at least COMMON_DF claims use: the
 * article's common wording ("win", "job"), no topic of its own.
 */
static int
holds_only_common(const struct kb_term *const *uniq, size_t nuniq,
    const struct kb_claim *c)
{
	size_t j, n = 0, common = 0;

	for (j = 0; j < nuniq; j++)
		if (term_in_claim(uniq[j], (uint32_t)c->index)) {
			n++;
			common += uniq[j]->npost >= COMMON_DF;
		}
	return n == 1 && common == 1;
}

/*
 * Whether every one of the question's terms that claim holds (its own
 * words or its asks) is common wording: a term at least WORDING_DF claims
 * use ("language", "use"), or one at most SPECIFIC_DF claims say that
 * at least WORDING_DF claims' asks use ("write": how questions are
 * worded, not what the article is about), and claim holds every
 * known term of the question.  None held is not "only common".
 */
static int
holds_only_common_held(const struct kb_term *const *uniq, size_t nuniq,
    const struct kb_claim *c)
{
	size_t j, n = 0;

	for (j = 0; j < nuniq; j++) {
		/* a term another claim is asked with ("hft") is a topic
		 * the article has, not one it lacks */
		if (!term_held(uniq[j], (uint32_t)c->index))
			return 0;
		if (uniq[j]->npost < WORDING_DF &&
		    (uniq[j]->npost > SPECIFIC_DF ||
		    uniq[j]->napost < WORDING_DF))
			return 0;
		n++;
	}
	return n > 0;
}

/*
 * Whether an unknown word weighs in the coverage gate: a word of one or
 * two letters (the "y" of "y'know") and a one-letter abbreviation ("w/",
 * "w/o", one token by text_tokenize()) do not; a number ("11", "2030")
 * always does.
 */
static int
unknown_weighs(const char *raw)
{
	size_t i, n = strlen(raw);

	for (i = 0; i < n; i++)
		if (raw[i] >= '0' && raw[i] <= '9')
			return 1;
	return n > UNKNOWN_SHORT && strchr(raw, '/') == NULL;
}

/*
 * Is word i of q a question's form rather than what it asks about?  Right
 * next to a subject's name (stopwords and fillers are gone from a search
 * query), a negation is the form of a yes/no question about it ("isn't
 * rust faster?", "go doesn't ..., right?"): as a term it finds claims that
 * happen to say "not" instead of the fact asked about.  Elsewhere it is
 * kept ("no clue about our latency", a claim's "months, not hours" read
 * for a why).
 */
static int
question_form(const struct kb_query *q, size_t i)
{
	return q->negation[i] && ((i > 0 && q->subject[i - 1] >= 0) ||
	    (i + 1 < q->n && q->subject[i + 1] >= 0));
}

/*
 * Does claim c say (in its own words, not its asks) a specific term of
 * uniq[0..n) (one at most SPECIFIC_DF claims use), while claim best says
 * none of them: what best shares with the question is only common words
 * or its asks' wording?
 */
static int
holds_specific(const struct kb_term *const *uniq, size_t n,
    const struct kb_claim *best, const struct kb_claim *c)
{
	size_t j;
	int any = 0;

	for (j = 0; j < n; j++) {
		if (uniq[j]->npost == 0 || uniq[j]->npost > SPECIFIC_DF)
			continue;
		if (term_in_claim(uniq[j], (uint32_t)best->index))
			return 0;
		if (term_in_claim(uniq[j], (uint32_t)c->index))
			any = 1;
	}
	return any;
}

/*
 * Does claim c say (in its own words) every one of the n names the
 * question asks about (names)?  The best claim must (kb_search_query()):
 * one put first in place of the best that lacks a name is declined.
 */
static int
holds_names(const struct kb_term *const *names, size_t n,
    const struct kb_claim *c)
{
	size_t j;

	for (j = 0; j < n; j++)
		if (!term_in_claim(names[j], (uint32_t)c->index))
			return 0;
	return 1;
}

/*
 * Does claim (its index) hold, in its fields or its asks, one of the n
 * question terms uniq that kb->domain_term marks a domain's?  With claim
 * UINT32_MAX: is one of them a domain's at all?
 */
static int
search_domain_held(const struct kb *kb, const struct kb_term *const *uniq,
    size_t n, uint32_t claim)
{
	size_t j;

	if (kb->domain_term == NULL)
		return 0;
	for (j = 0; j < n; j++)
		if (kb->domain_term[uniq[j] - kb->terms] &&
		    (claim == UINT32_MAX || term_held(uniq[j], claim)))
			return 1;
	return 0;
}

static int
hit_cmp(const void *a, const void *b)
{
	const struct kb_hit *x = a, *y = b;

	if (x->score != y->score)
		return x->score > y->score ? -1 : 1;
	return x->claim->index < y->claim->index ? -1 : 1;
}

/*
 * Order the hits of a covered question by their rank (kb_hit.rank: the
 * score with the questions' common wording weighed as common), best
 * first, keeping the order of equal ranks.  Which claims are hits, and
 * whether the question is covered, stay the score's: only their order
 * changes, and only to a first hit that holds every name the question
 * asks about (names, n), as the first the score chose does.
 */
static void
search_rank(struct kb_result *res, const struct kb_term *const *names,
    size_t n)
{
	struct kb_hit h;
	size_t i, j, x;

	for (x = 1; x < res->nhits; x++) {
		h = res->hits[x];
		for (j = x; j > 0 && h.rank > res->hits[j - 1].rank; j--)
			;
		for (i = 0; j == 0 && i < n; i++)
			if (!term_in_claim(names[i], (uint32_t)
			    h.claim->index))
				j = 1;
		if (j == x)
			continue;
		(void)memmove(&res->hits[j + 1], &res->hits[j], (x - j) *
		    sizeof(res->hits[0]));
		res->hits[j] = h;
	}
	res->coverage = res->hits[0].coverage;
}

/*
 * Whether kt is one of the question's arguments (what it is about: a
 * name, a thing, a place) rather than its wording: the verbs and common
 * words that many claims' asks use ("use", "come", "choose", "work")
 * are how users phrase questions (ASKED_COMMON asks or more), not what
 * a claim must hold.
 */
static int
search_argument(const struct kb_term *kt)
{
	return kt->npost > 0 && kt->napost < ASKED_COMMON;
}

/*
 * Move hit x of res (0 < x < res->nhits) to the first place, the hits
 * before it one down, and take its coverage as the result's: the
 * reorderings below change which claim leads, never which are hits.
 */
static void
search_promote(struct kb_result *res, size_t x)
{
	struct kb_hit h = res->hits[x];

	(void)memmove(&res->hits[1], &res->hits[0], x * sizeof(res->hits[0]));
	res->hits[0] = h;
	res->coverage = h.coverage;
}

/*
 * Put first, in a covered question's hits, the best one that answers the
 * relation the question asks (kb_hit.intent: a reason, an amount, a
 * time...) when the first does not: the relation decides before the
 * words' weight.  It must be among the first RELATION_REACH, ranked at
 * least RELATION_NEAR of the first's rank, hold COVERED_MIN of the
 * question, every name (names, n) and every argument term of the
 * question (uniq, nuniq: search_argument()) the first holds, and be on
 * a subject named (subj_named, when one is); not when the relation is
 * the last question's (q->intent_kept: "so the database is the
 * culprit?" after "is rust faster?").  An incidental verb the
 * first holds and it lacks ("what made docker pick go": "pick") does
 * not keep it second.
 */
static void
search_relation(const struct kb *kb, const struct kb_query *q,
    struct kb_result *res, const struct kb_term *const *uniq, size_t nuniq,
    const struct kb_term *const *names, size_t n, unsigned subj_named)
{
	const struct kb_hit *best = &res->hits[0];
	size_t x, j, reach;
	uint32_t c;

	if (res->nhits < 2 || best->intent || q->intent_kept)
		return;
	reach = res->nhits < RELATION_REACH ? res->nhits : RELATION_REACH;
	for (x = 1; x < reach; x++) {
		const struct kb_hit *hx = &res->hits[x];

		if (!hx->intent || hx->coverage < COVERED_MIN ||
		    hx->rank < RELATION_NEAR * best->rank)
			continue;
		c = (uint32_t)hx->claim->index;
		if (subj_named != 0 && (kb->subject_bits[hx->claim->subject -
		    kb->subjects] & subj_named) == 0)
			continue;
		for (j = 0; j < n; j++)
			if (!term_in_claim(names[j], c))
				break;
		if (j < n)
			continue;
		for (j = 0; j < nuniq; j++)
			if (search_argument(uniq[j]) && term_held(uniq[j],
			    (uint32_t)best->claim->index) &&
			    !term_held(uniq[j], c))
				break;
		if (j < nuniq)
			continue;
		search_promote(res, x);
		return;
	}
}

/*
 * Put first, in a covered question's hits, the best one that says every
 * rare name the question writes (a term the claims write as a name,
 * kb_term.entity, written as such and in at most ENTITY_FEW claims) when
 * the first lacks one: few claims hold such a name, so it is what the
 * question is about, and it outweighs a word many could be asked with
 * ("why did discord switch?": Discord's rewrite, not the claim on the
 * JVM-to-Go transition that "switch" reaches); not another language
 * (kb->crossing_names), and not when the first is asked with the name
 * ("amazon" for AWS).  The hit must be among
 * the first RELATION_REACH, hold COVERED_LOW of the question and lack
 * at most one word the first holds ("of microsoft's 188k lines, how many
 * in azure": the lines, not the Azure CTO).  Which claims are hits, and
 * whether the question is covered, do not change.  Bounded by nuniq and
 * RELATION_REACH.
 */
static void
search_entity(const struct kb *kb, const struct kb_query *q,
    struct kb_result *res, const struct kb_term *const *uniq, size_t nuniq)
{
	const struct kb_term *rare[TEXT_MAX_TOKENS];
	size_t nrare = 0, i, j, x, reach, nlack;
	int32_t t;

	for (i = 0; i < q->n; i++) {
		const struct kb_term *kt;

		if (q->subject[i] >= 0 || !q->exact[i] || q->term[i] == NULL ||
		    (t = strmap_get(&kb->vocab, q->term[i])) < 0)
			continue;
		kt = &kb->terms[t];
		if (!kt->entity || kt->npost == 0 || kt->npost > ENTITY_FEW)
			continue;
		/* another language ("should i learn c# instead") is a
		 * side of a comparison, not what a claim is about */
		for (j = 0; j < kb->phrases.ncrossing_names; j++)
			if (kb->phrases.crossing_names[j][0] == q->raw[i][0] &&
			    strcmp(kb->phrases.crossing_names[j],
			    q->raw[i]) == 0)
				break;
		if (j < kb->phrases.ncrossing_names)
			continue;
		for (j = 0; j < nrare && rare[j] != kt; j++)
			;
		if (j == nrare)
			rare[nrare++] = kt;
	}
	if (nrare == 0 || res->nhits < 2)
		return;
	/* the first says them, or is asked with them ("amazon" for AWS) */
	for (j = 0; j < nrare; j++)
		if (!term_held(rare[j], (uint32_t)res->hits[0].claim->index))
			break;
	if (j == nrare)
		return;
	reach = res->nhits < RELATION_REACH ? res->nhits : RELATION_REACH;
	for (x = 1; x < reach; x++) {
		if (res->hits[x].coverage < COVERED_LOW ||
		    !holds_names(rare, nrare, res->hits[x].claim))
			continue;
		for (j = 0, nlack = 0; j < nuniq; j++)
			if (term_held(uniq[j], (uint32_t)
			    res->hits[0].claim->index) && !term_held(uniq[j],
			    (uint32_t)res->hits[x].claim->index))
				nlack++;
		if (nlack > 1)
			continue;
		search_promote(res, x);
		return;
	}
}

/*
 * Is word w, as the query wrote it, a language's name of
 * phrases.reading.crossing_names ("java", "csharp", "python")?  The
 * callers pass only words that name no subject.
 */
static int
search_crossing_name(const struct kb *kb, const char *w)
{
	size_t j;

	/* the first byte turns most names away without a call of strcmp()
	 * (a thousand words a run, sixteen names each) */
	for (j = 0; j < kb->phrases.ncrossing_names; j++)
		if (kb->phrases.crossing_names[j][0] == w[0] &&
		    strcmp(kb->phrases.crossing_names[j], w) == 0)
			return 1;
	return 0;
}

/*
 * Is claim c on none of the subjects named (bit set subj_named, 0 when
 * none is; their terms snames, n) and silent on them in its own words?
 * Another language beside the one asked is the asker's background
 * ("coming from c#, how long till rust clicks"): it is evidence for a
 * claim that speaks of the language asked, not for one on the other
 * language that happens to name it (Go's "from Java, Python, TypeScript
 * or C#"); a claim on Go that also says where Rust fits for Java
 * developers still speaks of Rust.  Bounded by n.
 */
static int
search_off_subject(const struct kb *kb, uint32_t c, unsigned subj_named,
    const struct kb_term *const *snames, size_t n)
{
	const struct kb_claim *cl = &kb->claims[c];
	size_t j;

	if (subj_named == 0 || (kb->subject_bits[cl->subject -
	    kb->subjects] & subj_named) != 0)
		return 0;
	for (j = 0; j < n; j++)
		if (term_in_claim(snames[j], c))
			return 0;
	return 1;
}

/*
 * Does a claim that speaks of the language asked (not
 * search_off_subject()) hold term kt, in its words or its asks?  Bounded
 * by kt's postings.
 */
static int
search_cross_held(const struct kb *kb, const struct kb_term *kt,
    unsigned subj_named, const struct kb_term *const *snames, size_t n)
{
	size_t i;

	for (i = 0; i < kt->npost; i++)
		if (!search_off_subject(kb, kt->post[i].claim, subj_named,
		    snames, n))
			return 1;
	for (i = 0; i < kt->napost; i++)
		if (!search_off_subject(kb, kt->apost[i].claim, subj_named,
		    snames, n))
			return 1;
	return 0;
}

/*
 * Does claim c compare a subject with another language than the ones
 * asked: its own words name a crossing name that is no subject ("JVM",
 * read as "java") and not every subject the question names (snames, n)?
 * "memory footprint: go vs rust?" asks about both; the claims on Go's
 * footprint against the JVM answer another comparison, the benchmark
 * naming Rust and Go answers this one.  A crossing name is found in the
 * vocabulary as written (the names are lower-case words the normalizer
 * keeps as they are); one that is not is skipped.  Bounded by the
 * crossing names and n.
 */
static int
search_other_comparison(const struct kb *kb, const struct kb_term *const
    *snames, size_t n, uint32_t c)
{
	size_t j;
	int32_t t;

	for (j = 0; j < n; j++)
		if (!term_in_claim(snames[j], c))
			break;
	if (j == n)
		return 0;
	for (j = 0; j < kb->phrases.ncrossing_names; j++) {
		t = strmap_get(&kb->vocab, kb->phrases.crossing_names[j]);
		if (t >= 0 && kb->terms[t].subject == 0 &&
		    term_in_claim(&kb->terms[t], c))
			return 1;
	}
	return 0;
}

/*
 * Put first, in a covered question naming every subject (snames, n >=
 * 2) and no other language, the best of the first RELATION_REACH hits
 * that names them all in its own words and compares with no other
 * language, when the first compares one of them with another language
 * (search_other_comparison(): "memory footprint: go vs rust?" finds Go's
 * footprint against the JVM first, by "footprint"; the benchmark that
 * sets Rust against Go answers).  The hit must hold as much of the
 * question as the first: a comparison of the two on something else is
 * no better answer.  Which claims are hits, and whether the question is
 * covered, do not change.  Bounded by RELATION_REACH.
 */
static void
search_both(const struct kb *kb, struct kb_result *res,
    const struct kb_term *const *snames, size_t n)
{
	size_t x, j, reach;
	uint32_t c;

	if (res->nhits < 2 || !search_other_comparison(kb, snames, n,
	    (uint32_t)res->hits[0].claim->index))
		return;
	reach = res->nhits < RELATION_REACH ? res->nhits : RELATION_REACH;
	for (x = 1; x < reach; x++) {
		c = (uint32_t)res->hits[x].claim->index;
		if (res->hits[x].coverage + COVER_EPS <
		    res->hits[0].coverage ||
		    search_other_comparison(kb, snames, n, c))
			continue;
		for (j = 0; j < n && term_in_claim(snames[j], c); j++)
			;
		if (j < n)
			continue;
		search_promote(res, x);
		return;
	}
}

/*
 * How claim c's own text writes the name whose term is stem (a
 * vocabulary string, lower case): 0 never, 1 only right before a word
 * of lexicon describers ("Kubernetes operator development": the name
 * only says which operators), 2 at least once otherwise ("Kubernetes,
 * Docker, Terraform"; "the Windows kernel", a kernel being part of
 * Windows, is not a describer).  A word is the name when the stem
 * begins it and at most NAME_TAIL letters follow ("kubernet" of
 * "Kubernetes"); a describer may take a plural "s".  One pass over the
 * text, each word against at most kb->ndescribers describers.
 */
#define NAME_TAIL	2
static int
search_name_written(const struct kb *kb, const char *stem, uint32_t c)
{
	const char *p = kb->claims[c].text, *w, *n;
	size_t slen = strlen(stem), wl, nl, d, dl;
	int seen = 0;

	while (*p != '\0') {
		while (*p != '\0' && !isalnum((unsigned char)*p))
			p++;
		for (w = p; isalnum((unsigned char)*p); p++)
			;
		wl = (size_t)(p - w);
		if (wl < slen || wl > slen + NAME_TAIL ||
		    strncasecmp(w, stem, slen) != 0)
			continue;
		for (n = p; *n == ' '; n++)
			;
		for (nl = 0; isalpha((unsigned char)n[nl]); nl++)
			;
		for (d = 0; d < kb->ndescribers; d++) {
			dl = strlen(kb->describers[d]);
			if (nl >= dl && nl <= dl + 1 && n != p &&
			    strncasecmp(n, kb->describers[d], dl) == 0 &&
			    (nl == dl || n[dl] == 's'))
				break;
		}
		if (d == kb->ndescribers)
			return 2;
		seen = 1;
	}
	return seen;
}

/*
 * Put first, in a covered question that writes a rare name (an entity
 * term, not a subject: names, n) and no domain word (lexicon
 * domains.words), the best of the first RELATION_REACH hits whose text
 * writes every such name as itself, when the first's text writes one
 * only before a describer (lexicon describers) or not at all, and says
 * a domain word: "what language is kubernetes written in" asks what
 * Kubernetes is written in, not in what its operators are
 * (search_name_written()).  The hit must hold as much of the question
 * as the first.  Which claims are hits, and whether the question is
 * covered, do not change.  Bounded by n and RELATION_REACH.
 */
static void
search_described(const struct kb *kb, struct kb_result *res,
    const struct kb_term *const *names, size_t n)
{
	size_t x, j, reach;
	uint32_t c, c0;

	if (res->nhits < 2 || kb->domain_term == NULL ||
	    kb->ndescribers == 0)
		return;
	c0 = (uint32_t)res->hits[0].claim->index;
	for (j = 0; j < n; j++)
		if (search_name_written(kb, names[j]->term, c0) != 2)
			break;
	if (j == n)
		return;
	for (j = 0; j < kb->nterms; j++)
		if (kb->domain_term[j] && term_in_claim(&kb->terms[j], c0))
			break;
	if (j == kb->nterms)
		return;
	reach = res->nhits < RELATION_REACH ? res->nhits : RELATION_REACH;
	for (x = 1; x < reach; x++) {
		c = (uint32_t)res->hits[x].claim->index;
		if (res->hits[x].coverage + COVER_EPS < res->hits[0].coverage)
			continue;
		for (j = 0; j < n; j++)
			if (search_name_written(kb, names[j]->term, c) != 2)
				break;
		if (j < n)
			continue;
		search_promote(res, x);
		return;
	}
}

/*
 * Rank claims for a normalized query; fill res with the best k (at most
 * KB_MAX_HITS).  Returns the number of hits.
 */
size_t
kb_search_query(const struct kb *kb, const struct kb_query *q, size_t k,
    struct kb_result *res)
{
	double idf_unknown = log(1.0 + ((double)kb->nclaims + 0.5) / 0.5);
	double *score, *cover, *rank, known = 0, unknown = 0, den;
	int *nmatch, *nasked, unknown_proper = 0, all, moved = 0, domained;
	size_t nslot = 0;	/* unknown words in a name's slot */
	uint32_t *touched;
	size_t ntouched = 0, nc = kb->nclaims + 1, x, nscan;
	const struct kb_term *names[TEXT_MAX_TOKENS];
	size_t nnames = 0;
	unsigned subj_named = 0;	/* bit set of subjects named */
	const struct kb_term *uniq[TEXT_MAX_TOKENS];
	unsigned char uniq_exact[TEXT_MAX_TOKENS];	/* written as such */
	unsigned char uniq_span[TEXT_MAX_TOKENS];	/* words, at most */
	unsigned char uniq_proper[TEXT_MAX_TOKENS];	/* read as a name */
	/* the terms only asks use, as written: known where they are asked */
	const struct kb_term *asked[TEXT_MAX_TOKENS];
	const char *asked_raw[TEXT_MAX_TOKENS];
	size_t nasked_terms = 0;
	const char *unk[TEXT_MAX_TOKENS];	/* distinct unknown words */
	/* another language's name, no subject: "coming from c#" */
	unsigned char uniq_cross[TEXT_MAX_TOKENS];
	/* a background no claim on the asked language holds (below) */
	unsigned char uniq_bg[TEXT_MAX_TOKENS];
	/* the terms of the subjects named, for search_other_comparison() */
	const struct kb_term *snames[TEXT_MAX_TOKENS];
	size_t nsnames = 0;
	int other_lang = 0;	/* the question names another language */
	/* the names written as such, no language: search_described() */
	const struct kb_term *rare[TEXT_MAX_TOKENS];
	size_t nrare = 0;
	size_t nuniq = 0, nunk = 0, nweighty = 0, nnever = 0, i, j, c;
	struct kb_hit h;

	memset(res, 0, sizeof(*res));
	if (k > KB_MAX_HITS)
		k = KB_MAX_HITS;
	for (i = 0; i < q->n; i++) {
		int32_t t;

		if (q->subject[i] < 0)
			continue;
		subj_named |= 1u << q->subject[i];
		if (q->term[i] == NULL || (t = strmap_get(&kb->vocab,
		    q->term[i])) < 0)
			continue;
		for (j = 0; j < nsnames && snames[j] != &kb->terms[t]; j++)
			;
		if (j == nsnames)
			snames[nsnames++] = &kb->terms[t];
	}

	/* Content terms: each distinct term once; subjects are not content. */
	for (i = 0; i < q->n; i++) {
		const struct kb_term *kt = NULL;
		int32_t t;
		int bg = 0;

		if (q->subject[i] >= 0)
			continue;
		if (question_form(q, i))
			continue;
		if (q->term[i] != NULL &&
		    (t = strmap_get(&kb->vocab, q->term[i])) >= 0)
			kt = &kb->terms[t];
		if (kt != NULL) {
			for (j = 0; j < nuniq; j++)
				if (uniq[j] == kt)
					break;
			if (j < nuniq) {
				uniq_cross[j] |= search_crossing_name(kb,
				    q->raw[i]);
				uniq_exact[j] |= q->exact[i];
				uniq_proper[j] |= q->proper[i] != 0;
				if (q->span[i] > uniq_span[j])
					uniq_span[j] = q->span[i];
				continue;
			}
			uniq_cross[nuniq] = (unsigned char)
			    search_crossing_name(kb, q->raw[i]);
			other_lang |= uniq_cross[nuniq];
			/*
			 * Another language no claim on the asked one holds
			 * ("How long does Rust take to learn for C#
			 * developers?"): the asker's background, which the
			 * claims on Rust do not hold and the claims on Go
			 * may not answer with (search_off_subject()).  It
			 * weighs nothing in the coverage and vetoes nothing
			 * as a specific word would: the rest of the question
			 * is answered and the answer says what the article
			 * has nothing on, as for "Kotlin"
			 */
			bg = uniq_cross[nuniq] && !search_cross_held(kb, kt,
			    subj_named, snames, nsnames);
			uniq_bg[nuniq] = (unsigned char)bg;
			if (kt->entity && !uniq_cross[nuniq])
				rare[nrare++] = kt;
			uniq_exact[nuniq] = q->exact[i];
			uniq_proper[nuniq] = q->proper[i] != 0;
			uniq_span[nuniq] = q->span[i] > 1 ? q->span[i] : 1;
			uniq[nuniq++] = kt;
		}
		if (kt == NULL || !term_known(kt)) {
			/* an unknown word counts once, however often it is
			 * written ("tbh ... tbh") */
			for (j = 0; j < nunk; j++)
				if (strcmp(unk[j], q->raw[i]) == 0)
					break;
			if (j < nunk)
				continue;
			unk[nunk++] = q->raw[i];
			res->nterms++;
			res->nunknown++;
			unknown += idf_unknown;
			if (unknown_weighs(q->raw[i]))
				nweighty++;
			/* no claim's words nor asks: a topic of its own */
			if (unknown_weighs(q->raw[i]) || (q->proper[i] &
			    PROPER_SLOT))
				nnever++;
			if (q->proper[i] & ~PROPER_SLOT)
				unknown_proper = 1;
			else if (q->proper[i] & PROPER_SLOT)
				nslot++;
		} else if (kt->npost == 0) {
			/*
			 * Only asks use it ("earn"): known to the claims
			 * asked with it, weighed as theirs in their
			 * coverage; to the best claim without it, it is a
			 * word the article never uses (below).  A name must
			 * be in the claim's own words: asks never hold one.
			 */
			res->nterms++;
			asked[nasked_terms] = kt;
			asked_raw[nasked_terms++] = q->raw[i];
			if (q->proper[i])
				names[nnames++] = kt;
		} else {
			res->nterms++;
			if (!bg)
				known += kt->idf;
			/* a name must be in the claim's own words */
			if (q->proper[i])
				names[nnames++] = kt;
		}
	}
	for (i = 0; i < q->nfixes && i < 4; i++)
		(void)strcpy(res->corrected[res->ncorrected++], q->fixes[i]);

	/* one block: score and cover per claim, then nmatch, then the
	 * claims some term reached, in the order reached; the kb's, zero
	 * again when done (only what a term reached is set) */
	if ((score = kb->search_scratch) == NULL && (score = calloc(nc,
	    SEARCH_SCRATCH)) == NULL)
		goto out;
	cover = score + nc;
	rank = cover + nc;
	nmatch = (int *)(rank + nc);
	nasked = nmatch + nc;
	touched = (uint32_t *)(nasked + nc);

	for (j = 0; j < nuniq; j++) {
		const struct kb_term *kt = uniq[j];

		for (i = 0; i < kt->npost; i++) {
			const struct kb_posting *p = &kt->post[i];

			if (uniq_cross[j] && search_off_subject(kb,
			    p->claim, subj_named, snames, nsnames))
				continue;
			score[p->claim] += p->bm25;
			rank[p->claim] += p->rank;
			cover[p->claim] += kt->idf;
			if (nmatch[p->claim]++ == 0)
				touched[ntouched++] = p->claim;
		}
		/*
		 * The claims that hold the term only in their asks (a
		 * user's word for what the claim says: "earn" for
		 * "salary"): held in full for the gate, scored at W_ASK, so
		 * that a claim saying the word in its text ranks above one
		 * that is only asked with it.
		 */
		for (i = 0; i < kt->napost && !uniq_proper[j]; i++) {
			const struct kb_posting *p = &kt->apost[i];

			if (uniq_cross[j] && search_off_subject(kb,
			    p->claim, subj_named, snames, nsnames))
				continue;
			score[p->claim] += p->bm25;
			rank[p->claim] += p->rank;
			cover[p->claim] += kt->idf;
			nasked[p->claim]++;
			if (nmatch[p->claim]++ == 0)
				touched[ntouched++] = p->claim;
		}
	}
	/*
	 * A question that names only subjects ("rust?") ranks every claim
	 * by subject; otherwise only the claims a term reached score above
	 * 0 (an idf is positive).  hit_cmp() is a total order, so the order
	 * they are offered in does not change the best k.
	 */
	all = nuniq == 0 && subj_named != 0;
	nscan = all ? kb->nclaims : ntouched;
	/* "which of the two makes sense for firmware?": a question of a
	 * lexicon domains intent naming a domain wants a claim holding it */
	domained = q->intent > 0 && (kb->domain_intents &
	    (1u << (q->intent - 1))) != 0 && search_domain_held(kb, uniq,
	    nuniq, UINT32_MAX);
	for (x = 0; x < nscan; x++) {
		const struct kb_claim *cl;
		unsigned subj_claim;
		double s, r;

		c = all ? x : touched[x];
		cl = &kb->claims[c];
		s = score[c];

		if (nuniq == 0 && subj_named != 0)
			s = 0.01;
		if (s <= 0)
			continue;
		/* the k full and not every boost below would lift this one
		 * to the last of them: hit_cmp() turns it away below, and
		 * its claim need not be read (most claims a term reached) */
		if (res->nhits == k && k > 0 && s * SEARCH_BOOST_MAX <
		    res->hits[k - 1].score)
			continue;
		h.intent = q->intent > 0 && (cl->answers &
		    (1u << (q->intent - 1))) != 0;
		r = nuniq == 0 ? s : rank[c];
		if (h.intent) {
			s *= BOOST_INTENT;
			r *= BOOST_INTENT;
		}
		if (domained && !search_domain_held(kb, uniq, nuniq,
		    (uint32_t)c)) {
			s *= DAMP_DOMAIN;
			r *= DAMP_DOMAIN;
		}
		if (subj_named != 0) {
			subj_claim = kb->subject_bits[cl->subject -
			    kb->subjects];
			if (subj_claim == subj_named) {
				s *= BOOST_SUBJECT;
				r *= BOOST_SUBJECT;
			} else if ((subj_claim & subj_named) == 0) {
				s *= DAMP_SUBJECT;
				r *= DAMP_SUBJECT;
			}
		}
		h.claim = cl;
		h.score = s;
		h.rank = r;
		/*
		 * Keep the best k in order, by insertion: hit_cmp() is a
		 * total order (of score and claim alone), so this is the
		 * head of a full sort of every hit, without sorting them
		 * all; a claim that does not make the k is turned away
		 * before its coverage is worked out.
		 */
		if (res->nhits == k && (k == 0 ||
		    hit_cmp(&h, &res->hits[k - 1]) > 0))
			continue;
		h.nmatched = (size_t)nmatch[c];
		h.nasked = (size_t)nasked[c];
		/* the terms only asks use count where they are asked */
		for (j = 0, den = known; j < nasked_terms; j++)
			if (posting_has(asked[j]->apost, asked[j]->napost,
			    (uint32_t)c))
				den += asked[j]->idf;
		h.coverage = den > 0 ? cover[c] / den :
		    (subj_named ? 1.0 : 0.0);
		j = res->nhits < k ? res->nhits++ : k - 1;
		for (; j > 0 && hit_cmp(&h, &res->hits[j - 1]) < 0; j--)
			res->hits[j] = res->hits[j - 1];
		res->hits[j] = h;
	}
	/* a term only asks use, which the best claim is not asked with, is
	 * to it a word the article never uses */
	for (j = 0; j < nasked_terms && res->nhits > 0; j++)
		if (!posting_has(asked[j]->apost, asked[j]->napost, (uint32_t)
		    res->hits[0].claim->index)) {
			res->nunknown++;
			unknown += idf_unknown;
			/* a word that many claims' asks use ("keep", "use")
			 * is the questions' common wording, no name or
			 * specific the best claim would have to hold */
			if (unknown_weighs(asked_raw[j]) &&
			    asked[j]->napost < ASKED_COMMON)
				nweighty++;
		}
	res->unknown_share = known + unknown > 0 ? unknown / (known + unknown) :
	    0;
	if (res->nhits > 0) {
		res->coverage = res->hits[0].coverage;
		if (res->nterms == 0)
			res->covered = subj_named != 0;
		else if (res->nunknown == 0) {
			/*
			 * Every word is known: one known word the best
			 * claim lacks ("where is go on the redmonk chart":
			 * "chart", used by other claims) does not veto it
			 * when the claim still holds COVERED_LOW of the
			 * question's weight; two or more do, and so does
			 * a specific one (at most SPECIFIC_DF claims use
			 * it, written as they write it: not "placing" for
			 * "place"): what only those claims say is asked,
			 * and the best claim is not one of them.  Words the
			 * article never uses are weighed below instead.
			 */
			int lacks_specific = 0;

			for (j = 0; j < nuniq; j++)
				if (uniq_exact[j] && uniq[j]->npost > 0 &&
				    uniq[j]->npost <= SPECIFIC_DF && !uniq_bg[j] &&
				    !term_held(uniq[j], (uint32_t)
				    res->hits[0].claim->index))
					lacks_specific = 1;
			res->covered = res->coverage >= COVERED_MIN ||
			    (res->coverage >= COVERED_LOW &&
			    res->hits[0].nmatched >= 1 &&
			    res->nterms - res->hits[0].nmatched <= 1 &&
			    !lacks_specific);
			/*
			 * The best claim lacks such a term and is short of
			 * COVERED_MIN: a lower hit that holds COVERED_MIN
			 * answers instead ("so the language isn't the
			 * bottleneck?": the claim on the bottleneck, not
			 * one that shares "not" and "language").
			 */
			/*
			 * Covered, but by shared common words ("is there an
			 * auto formatter everyone uses in golang": "uses",
			 * "everyone" find a claim on hiring by its asks): a
			 * lower hit that says a specific term ("gofmt") when
			 * the best says none, and holds COVERED_LOW of the
			 * weight, is what the question hinges on, and
			 * answers instead; not one that lacks a name the
			 * best one says ("has google put money into rust
			 * work with existing c++ code": a summary saying
			 * "existing" lacks Google, and would be declined).
			 */
			for (x = 1; lacks_specific && res->covered &&
			    x < res->nhits; x++) {
				const struct kb_claim *cx = res->hits[x].claim;

				/* not a claim on another subject than named */
				if (res->hits[x].coverage < COVERED_LOW ||
				    (subj_named != 0 && (kb->subject_bits[
				    cx->subject - kb->subjects] &
				    subj_named) == 0) ||
				    !holds_specific(uniq, nuniq,
				    res->hits[0].claim, res->hits[x].claim) ||
				    !holds_names(names, nnames, cx))
					continue;
				search_promote(res, x);
				moved = 1;
				break;
			}
			for (x = 1; lacks_specific && !res->covered &&
			    x < res->nhits; x++)
				if (res->hits[x].coverage >= COVERED_MIN) {
					search_promote(res, x);
					res->covered = 1;
					moved = 1;
				}
		} else {
			size_t nspecific = 0, nwords = 0, nown = 0;

			for (j = 0; j < nuniq; j++) {
				if (!term_held(uniq[j], (uint32_t)
				    res->hits[0].claim->index))
					continue;
				nwords += uniq_span[j];
				if (term_in_claim(uniq[j], (uint32_t)
				    res->hits[0].claim->index))
					nown += uniq_span[j];
				if (uniq_exact[j] && uniq[j]->npost > 0 &&
				    uniq[j]->npost <= SPECIFIC_DF && !uniq_bg[j] &&
				    term_in_claim(uniq[j], (uint32_t)
				    res->hits[0].claim->index))
					nspecific++;
			}
			/* a word in a name's slot weighs twice, and only
			 * matched words outweigh it */
			res->covered = res->coverage >= COVERED_MIN &&
			    (nslot > 0 ? nwords >= 2 * (nweighty + nslot) :
			    unknown_outweighed(nwords, nweighty,
			    res->coverage, nspecific, nown)) &&
			    !unknown_proper;
			/*
			 * No subject named, at most two words held and the
			 * claim's own words hold one of them, a common one
			 * (more held words say what is asked, "does the
			 * author declare a winner"): the word the article never
			 * uses is what is asked about, the held one the
			 * article's wording ("who won the election": "won"
			 * is the verdict's word, the election the topic).
			 */
			if (subj_named == 0 && nweighty > 0 &&
			    nwords <= 2 && holds_only_common(uniq, nuniq,
			    res->hits[0].claim))
				res->covered = 0;
			/*
			 * A word no claim nor ask uses and at most two terms
			 * held, all of them common wording
			 * (the article's or the questions'): they and the
			 * subjects are all the claim shares with the
			 * question, the word the article never uses is its
			 * topic ("how do i write a lexer in rust", "blender
			 * is coded in which language").
			 */
			if (nnever > 0 && nuniq <= 2 &&
			    holds_only_common_held(uniq, nuniq,
			    res->hits[0].claim))
				res->covered = 0;
		}
		/* a name the question asks about must be in the answer */
		for (i = 0; i < nnames && res->covered; i++)
			if (!term_in_claim(names[i],
			    (uint32_t)res->hits[0].claim->index))
				res->covered = 0;
		if (res->covered && !moved) {
			search_rank(res, names, nnames);
			search_relation(kb, q, res, uniq, nuniq, names,
			    nnames, subj_named);
		}
		if (res->covered)
			search_entity(kb, q, res, uniq, nuniq);
		if (res->covered && nsnames >= 2 && !other_lang)
			search_both(kb, res, snames, nsnames);
		if (res->covered && nrare > 0 && !search_domain_held(kb, uniq,
		    nuniq, UINT32_MAX))
			search_described(kb, res, rare, nrare);
	}
	for (x = 0; x < ntouched; x++) {
		score[touched[x]] = cover[touched[x]] = rank[touched[x]] = 0;
		nmatch[touched[x]] = nasked[touched[x]] = 0;
	}
out:
	if (score != kb->search_scratch)
		free(score);
	return res->nhits;
}

/*
 * The share of the IDF weight of q's content terms (the terms the
 * article uses; subjects are not content) that claim c holds: 1 when
 * it has every one, 0 when q has none.  Used to find the comparison
 * table's row on a question (dialogue_ask.c).
 */
static double
claim_coverage(const struct kb *kb, const struct kb_query *q,
    const struct kb_claim *c, int opposed, int arguments)
{
	const struct kb_term *seen[TEXT_MAX_TOKENS];
	double known = 0, have = 0;
	size_t i, j, nseen = 0;
	int32_t t;

	for (i = 0; i < q->n; i++) {
		const struct kb_term *kt;

		if (q->subject[i] >= 0 || q->term[i] == NULL ||
		    question_form(q, i) ||
		    (t = strmap_get(&kb->vocab, q->term[i])) < 0 ||
		    kb->terms[t].npost == 0)
			continue;
		kt = &kb->terms[t];
		if (arguments && !search_argument(kt))
			continue;
		for (j = 0; j < nseen && seen[j] != kt; j++)
			;
		if (j < nseen)
			continue;
		seen[nseen++] = kt;
		known += kt->idf;
		if (term_in_claim(kt, (uint32_t)c->index) || (arguments &&
		    term_held(kt, (uint32_t)c->index)) || (opposed &&
		    kb->antonym_of != NULL && kb->antonym_of[t] >= 0 &&
		    term_in_claim(&kb->terms[kb->antonym_of[t]],
		    (uint32_t)c->index)))
			have += kt->idf;
	}
	if (arguments && known == 0)
		return -1;
	return known > 0 ? have / known : 0;
}

double
kb_claim_coverage(const struct kb *kb, const struct kb_query *q,
    const struct kb_claim *c)
{
	return claim_coverage(kb, q, c, 0, 0);
}

/*
 * kb_claim_coverage(), with a term the claim lacks held when it says the
 * term's antonym (kb->antonym_of): "which is kinder to newcomers?" is
 * answered by the table row on how much harder one is.
 */
double
kb_claim_coverage_opposed(const struct kb *kb, const struct kb_query *q,
    const struct kb_claim *c)
{
	return claim_coverage(kb, q, c, 1, 0);
}

/*
 * The share of the IDF weight of q's argument terms (what it is about,
 * not its wording: search_argument()) that claim c holds in its fields
 * or its asks, a term also by its antonym (in its fields) when opposed;
 * -1 when q has no argument term.  A swap of
 * the first claim compares these, so that a verb the better-typed claim
 * lacks ("code in", "comes to") does not keep it second.
 */
double
kb_claim_arguments(const struct kb *kb, const struct kb_query *q,
    const struct kb_claim *c, int opposed)
{
	return claim_coverage(kb, q, c, opposed, 1);
}

/*
 * Does claim c's fields or asks use term (a kb->vocab string, as
 * q->term holds it)?  0 for NULL or a term not in the vocabulary.
 */
int
kb_term_held(const struct kb *kb, const char *term, const struct kb_claim *c)
{
	int32_t t;

	if (term == NULL || (t = strmap_get(&kb->vocab, term)) < 0)
		return 0;
	return term_held(&kb->terms[t], (uint32_t)c->index);
}

/*
 * Does claim c's own fields (not its asks) use term (a kb->vocab
 * string, as q->term holds it)?  0 for NULL or a term not in the
 * vocabulary.
 */
int
kb_term_said(const struct kb *kb, const char *term, const struct kb_claim *c)
{
	int32_t t;

	if (term == NULL || (t = strmap_get(&kb->vocab, term)) < 0)
		return 0;
	return term_in_claim(&kb->terms[t], (uint32_t)c->index);
}

/* Search for text (len bytes); see kb_search_query(). */
size_t
kb_search(const struct kb *kb, const char *text, size_t k,
    struct kb_result *res)
{
	struct kb_query q;

	kb_normalize(kb, text, strlen(text), 0, &q);
	q.intent = kb_intent_of(kb, text, strlen(text));
	return kb_search_query(kb, &q, k, res);
}
