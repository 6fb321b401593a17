/* SPDX-License-Identifier: ISC */
/*
 * kb_typo.c: the vocabularies indexed for typo correction.
 *
 * correct_in() and correct_surface() (kb_index.c) accept a term only when
 * it starts with the word's first letter and its length is within the
 * typo budget of the word's (text_distance() gives up on anything else,
 * and a swap keeps the length).  Scanning every term for that cost about
 * a tenth of a `say` turn.  Here each vocabulary's term numbers are
 * grouped by (first byte, length), in increasing order, so a correction
 * looks at the few buckets that can hold a match.  The callers break ties
 * by the lowest term number, which is the order the scan saw them in, so
 * the result is the scan's.
 *
 * A vocabulary that grows after its index was built keeps its new terms
 * out of the buckets: kb_typo_tail() says where they start, and callers
 * scan them as before.
 */
#include <stdlib.h>
#include <string.h>

#include "kb.h"

#define TYPO_BUCKETS	(256 * TEXT_TOKEN_MAX)

static size_t
typo_key(const char *term)
{
	size_t len = strlen(term);

	if (len >= TEXT_TOKEN_MAX)
		return TYPO_BUCKETS;	/* text_distance() never matches it */
	return (size_t)(unsigned char)term[0] * TEXT_TOKEN_MAX + len;
}

/*
 * Index the n terms term(ctx, i): counting sort by key, stable, so each
 * bucket lists its terms in increasing order.  On failure the index is
 * empty, and callers scan everything (slower, the same answers).
 */
int
kb_typo_build(struct kb_typo *x, size_t n,
    const char *(*term)(const struct kb *, size_t), const struct kb *kb)
{
	uint32_t *start, *ids;
	size_t i, k;

	kb_typo_free(x);
	if (n > UINT32_MAX - 1 ||
	    (start = calloc(TYPO_BUCKETS + 2, sizeof(*start))) == NULL)
		return -1;
	if ((ids = calloc(n + 1, sizeof(*ids))) == NULL) {
		free(start);
		return -1;
	}
	for (i = 0; i < n; i++)
		start[typo_key(term(kb, i)) + 1]++;
	for (k = 1; k < TYPO_BUCKETS + 2; k++)
		start[k] += start[k - 1];
	for (i = 0; i < n; i++)
		ids[start[typo_key(term(kb, i))]++] = (uint32_t)i;
	/* start[k] is now the end of bucket k: shift back to the starts */
	for (k = TYPO_BUCKETS + 1; k > 0; k--)
		start[k] = start[k - 1];
	start[0] = 0;
	x->start = start;
	x->ids = ids;
	x->n = n;
	return 0;
}

/*
 * The terms indexed in x that start with first and are len bytes long,
 * in increasing order; *count of them.
 */
const uint32_t *
kb_typo_bucket(const struct kb_typo *x, unsigned char first, size_t len,
    size_t *count)
{
	size_t k = (size_t)first * TEXT_TOKEN_MAX + len;

	*count = 0;
	if (x->start == NULL || len >= TEXT_TOKEN_MAX)
		return NULL;
	*count = x->start[k + 1] - x->start[k];
	return x->ids + x->start[k];
}

/* The first term number x does not cover (0 when it is not built). */
size_t
kb_typo_tail(const struct kb_typo *x)
{
	return x->start != NULL ? x->n : 0;
}

void
kb_typo_free(struct kb_typo *x)
{
	free(x->start);
	free(x->ids);
	memset(x, 0, sizeof(*x));
}

static const char *
typo_term(const struct kb *kb, size_t i)
{
	return kb->terms[i].term;
}

static const char *
typo_mterm(const struct kb *kb, size_t i)
{
	return kb->mterms[i];
}

static const char *
typo_sterm(const struct kb *kb, size_t i)
{
	return kb->sterms[i];
}

/*
 * Index the search, matching and surface vocabularies of kb, once it is
 * loaded (choices add matching terms after kb_index_build()).  A failure
 * only costs speed.
 */
void
kb_typo_index(struct kb *kb)
{
	(void)kb_typo_build(&kb->typo_terms, kb->nterms, typo_term, kb);
	(void)kb_typo_build(&kb->typo_mterms, kb->nmterms, typo_mterm, kb);
	(void)kb_typo_build(&kb->typo_sterms, kb->nsterms, typo_sterm, kb);
}

void
kb_typo_free_all(struct kb *kb)
{
	kb_typo_free(&kb->typo_terms);
	kb_typo_free(&kb->typo_mterms);
	kb_typo_free(&kb->typo_sterms);
}

/*
 * Start walking, in increasing order, the term numbers below total that
 * can be within reach of a word starting with first: those indexed in x
 * with a length from lo to hi (at most KB_TYPO_SPAN lengths), then every
 * term x does not cover.
 */
void
kb_typo_first(struct kb_typo_iter *it, const struct kb_typo *x, size_t total,
    unsigned char first, size_t lo, size_t hi)
{
	size_t l, nb;

	memset(it, 0, sizeof(*it));
	for (l = lo; l <= hi && it->nb < KB_TYPO_SPAN; l++) {
		const uint32_t *ids = kb_typo_bucket(x, first, l, &nb);

		if (nb == 0)
			continue;
		it->p[it->nb] = ids;
		it->end[it->nb++] = ids + nb;
	}
	it->tail = kb_typo_tail(x);
	if (it->tail > total)
		it->tail = total;
	it->total = total;
}

/* The next term number into *t; 0 when there are no more. */
int
kb_typo_next(struct kb_typo_iter *it, size_t *t)
{
	int b, min = -1;

	for (b = 0; b < it->nb; b++)
		if (it->p[b] < it->end[b] && *it->p[b] < it->tail &&
		    (min < 0 || *it->p[b] < *it->p[min]))
			min = b;
	if (min >= 0) {
		*t = *it->p[min]++;
		return 1;
	}
	if (it->tail < it->total) {
		*t = it->tail++;
		return 1;
	}
	return 0;
}

/*
 * text_distance(a, b, max), without its table when max is 1 (words of 5
 * to 8 letters, most corrections): one edit is one substitution, one
 * adjacent swap, or one letter more or less, which a single pass finds.
 */
int
kb_typo_distance(const char *a, const char *b, int max)
{
	size_t la = strlen(a), lb = strlen(b), i, j;

	if (max != 1)
		return text_distance(a, b, max);
	if (la >= TEXT_TOKEN_MAX || lb >= TEXT_TOKEN_MAX)
		return 2;
	if (la == lb) {
		for (i = 0; i < la && a[i] == b[i]; i++)
			;
		if (i == la)
			return 0;
		if (strcmp(a + i + 1, b + i + 1) == 0)
			return 1;	/* one substitution */
		return i + 1 < la && a[i] == b[i + 1] && a[i + 1] == b[i] &&
		    strcmp(a + i + 2, b + i + 2) == 0 ? 1 : 2;
	}
	if (la + 1 == lb || lb + 1 == la) {
		const char *s = la < lb ? a : b, *l = la < lb ? b : a;

		for (i = 0; s[i] != '\0' && s[i] == l[i]; i++)
			;
		for (j = i; s[j] != '\0' && s[j] == l[j + 1]; j++)
			;
		return s[j] == '\0' ? 1 : 2;	/* one letter more */
	}
	return 2;
}
