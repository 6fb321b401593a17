/* SPDX-License-Identifier: ISC */
/*
 * jsonenc.c: a JSON value as canonical text (jsonenc.h).
 *
 * Byte for byte what jansson 2.14 writes with JSON_COMPACT |
 * JSON_SORT_KEYS | JSON_REAL_PRECISION(10): keys in byte order (shorter
 * first on a common prefix), strings with only '"', '\\' and control
 * characters escaped (\b \f \n \r \t, else \u00XX in upper case), UTF-8
 * as it is, integers in decimal, reals as "%.10g" with ".0" added when
 * that looks like an integer and the exponent's '+' and leading zeros
 * dropped.  tests/unit/test_protocol.c and fuzz_proto compare the two.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonenc.h"

/*
 * The index of the first byte (in memory order) of a word read with
 * memcpy() whose high bit is set in hit (not 0): on a little-endian
 * machine, its lowest set bit over 8.  Undefined elsewhere: the callers
 * then look byte by byte.
 */
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && \
    __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define JSONENC_FIRST_HIT(hit)	((size_t)__builtin_ctzll(hit) / 8)
#endif

struct member {
	const char	*key;
	size_t		 len;
	json_t		*value;
};

static int	put_value(struct strbuf *, const json_t *, int);

/* Frozen values: open addressing on the value's address. */
struct frozen {
	json_t		*j;
	char		*text;
	size_t		 len;
};

static struct frozen	*frozen;
static size_t		 nfrozen, frozen_cap;	/* a power of two */

static size_t
frozen_slot(const json_t *j)
{
	uint64_t x = (uint64_t)(uintptr_t)j;

	x ^= x >> 29;
	x *= 0x9e3779b97f4a7c15ULL;
	return (size_t)(x >> 32) & (frozen_cap - 1);
}

static const struct frozen *
frozen_get(const json_t *j)
{
	size_t i;

	if (nfrozen == 0)
		return NULL;
	for (i = frozen_slot(j); frozen[i].j != NULL;
	    i = (i + 1) & (frozen_cap - 1))
		if (frozen[i].j == j)
			return &frozen[i];
	return NULL;
}

static int
frozen_grow(void)
{
	struct frozen *old = frozen, *f;
	size_t oldcap = frozen_cap, i, k;

	if ((f = calloc(oldcap ? oldcap * 2 : 64, sizeof(*f))) == NULL)
		return -1;
	frozen = f;
	frozen_cap = oldcap ? oldcap * 2 : 64;
	for (i = 0; i < oldcap; i++)
		if (old[i].j != NULL) {
			for (k = frozen_slot(old[i].j); frozen[k].j != NULL;
			    k = (k + 1) & (frozen_cap - 1))
				;
			frozen[k] = old[i];
		}
	free(old);
	return 0;
}

/*
 * Freeze j (an object or array): encode it now, keep a reference and the
 * text, and write that text wherever j is met from now on.  j must not
 * change until jsonenc_thaw(j).  -1 when it cannot be encoded or memory
 * runs out (then j is simply encoded each time).
 */
int
jsonenc_freeze(json_t *j)
{
	size_t len, k;
	char *text;

	if (frozen_get(j) != NULL)
		return 0;
	if ((nfrozen + 1) * 2 > frozen_cap && frozen_grow() == -1)
		return -1;
	if ((text = jsonenc(j, &len)) == NULL)
		return -1;
	for (k = frozen_slot(j); frozen[k].j != NULL;
	    k = (k + 1) & (frozen_cap - 1))
		;
	frozen[k].j = json_incref(j);
	frozen[k].text = text;
	frozen[k].len = len;
	nfrozen++;
	return 0;
}

/* Forget a frozen j and drop the reference jsonenc_freeze() took. */
void
jsonenc_thaw(json_t *j)
{
	size_t i, k, home;

	if (nfrozen == 0)
		return;
	for (i = frozen_slot(j); frozen[i].j != j; i = (i + 1) &
	    (frozen_cap - 1))
		if (frozen[i].j == NULL)
			return;
	free(frozen[i].text);
	json_decref(frozen[i].j);
	frozen[i].j = NULL;
	nfrozen--;
	/* linear probing: move back what the hole would hide */
	for (k = (i + 1) & (frozen_cap - 1); frozen[k].j != NULL;
	    k = (k + 1) & (frozen_cap - 1)) {
		home = frozen_slot(frozen[k].j);
		if (((k - home) & (frozen_cap - 1)) >=
		    ((k - i) & (frozen_cap - 1))) {
			frozen[i] = frozen[k];
			frozen[k].j = NULL;
			i = k;
		}
	}
}

static int
member_cmp(const struct member *a, const struct member *b)
{
	size_t n = a->len < b->len ? a->len : b->len;
	int r = memcmp(a->key, b->key, n);

	if (r != 0)
		return r;
	return a->len < b->len ? -1 : a->len > b->len;
}

static int
member_qcmp(const void *a, const void *b)
{
	return member_cmp(a, b);
}

/*
 * The end of the bytes of p from i (len in all) that a string keeps as
 * they are: no control, '"' or '\\'.  Eight at a time while no byte of a
 * word is below 0x20 or equal to either (the borrow tests are exact for
 * "any byte": a word that has one always stops), then byte by byte; most
 * text has no escape at all, and this was most of an encoding's cost.
 * On a little-endian machine the word that stops says where: a borrow
 * runs only from a byte that is hit to the bytes after it, so the lowest
 * high bit set is the first byte to escape (JSONENC_FIRST_HIT), and the
 * byte loop is left for the last bytes of the string (it was a tenth of
 * a walk message's encoding, at every escape and every string's end).
 */
static size_t
jsonenc_plain(const unsigned char *p, size_t i, size_t len)
{
	const uint64_t ones = 0x0101010101010101ULL;
	const uint64_t highs = 0x8080808080808080ULL;
	uint64_t w, q, bs, hit;

	for (; i + 8 <= len; i += 8) {
		memcpy(&w, p + i, 8);
		q = w ^ (ones * '"');
		bs = w ^ (ones * '\\');
		if ((hit = ((w - ones * 0x20) & ~w & highs) |
		    ((q - ones) & ~q & highs) | ((bs - ones) & ~bs & highs)) != 0) {
#ifdef JSONENC_FIRST_HIT
			return i + JSONENC_FIRST_HIT(hit);
#else
			break;
#endif
		}
	}
#ifdef JSONENC_FIRST_HIT
	/*
	 * The last 1 to 7 bytes: the word that ends the string.  Its bytes
	 * before i were looked at already; when none of them is hit (the
	 * first hit is at i or after), none starts a borrow either and the
	 * first hit is exact.  Otherwise (i just past an escape) the loop
	 * below decides.
	 */
	if (i < len && len >= 8) {
		memcpy(&w, p + len - 8, 8);
		q = w ^ (ones * '"');
		bs = w ^ (ones * '\\');
		hit = ((w - ones * 0x20) & ~w & highs) |
		    ((q - ones) & ~q & highs) | ((bs - ones) & ~bs & highs);
		if (hit == 0)
			return len;
		if (len - 8 + JSONENC_FIRST_HIT(hit) >= i)
			return len - 8 + JSONENC_FIRST_HIT(hit);
	}
#endif
	while (i < len && p[i] >= 0x20 && p[i] != '"' && p[i] != '\\')
		i++;
	return i;
}

/*
 * A string's bytes, escaped as jansson escapes them.  Written straight
 * into room made for the whole string, with more made only at an escape:
 * the transcript's content and Markdown, sent as strings, are mostly
 * quotes, and an append per run cost more than the bytes.
 */
static void
put_string(struct strbuf *b, const char *s, size_t len)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *p = (const unsigned char *)s;
	size_t i, run;
	char *o;

	/* the quotes and every byte unescaped; an escape adds up to 5 (a
	 * len so big that this wraps is refused by strbuf_reserve()) */
	if (strbuf_reserve(b, len < SIZE_MAX / 4 ? len + 2 : SIZE_MAX) == -1)
		return;
	o = b->p + b->len;
	*o++ = '"';
	for (i = 0; i < len; ) {
		run = i;
		i = jsonenc_plain(p, i, len);
		memcpy(o, s + run, i - run);
		o += i - run;
		if (i == len)
			break;
		b->len = (size_t)(o - b->p);
		if (b->cap - b->len <= 6 + (len - i - 1) + 1 &&
		    strbuf_reserve(b, 6 + (len - i - 1) + 1) == -1)
			return;
		o = b->p + b->len;
		*o++ = '\\';
		switch (p[i]) {
		case '"':	*o++ = '"'; break;
		case '\\':	*o++ = '\\'; break;
		case '\b':	*o++ = 'b'; break;
		case '\f':	*o++ = 'f'; break;
		case '\n':	*o++ = 'n'; break;
		case '\r':	*o++ = 'r'; break;
		case '\t':	*o++ = 't'; break;
		default:
			*o++ = 'u';
			*o++ = '0';
			*o++ = '0';
			*o++ = hex[p[i] >> 4];
			*o++ = hex[p[i] & 15];
		}
		i++;
	}
	*o++ = '"';
	b->len = (size_t)(o - b->p);
	b->p[b->len] = '\0';
}

static void
put_integer(struct strbuf *b, json_int_t v)
{
	char buf[24], *p = buf + sizeof(buf);
	unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v :
	    (unsigned long long)v;

	do {
		*--p = (char)('0' + u % 10);
		u /= 10;
	} while (u != 0);
	if (v < 0)
		*--p = '-';
	strbuf_append(b, p, (size_t)(buf + sizeof(buf) - p));
}

/*
 * v when it is k/1000 for an integer k, 0 < |v| < 1e7 (a score, a
 * weight, a confidence): the decimal written by hand, which is what
 * "%.10g" prints of it (k has at most 10 digits, and v, the double
 * nearest k/1000, is within far less than the 10th digit of it; |v| >=
 * 0.001 and < 1e7 is written without an exponent), then ".0" when it has
 * no point, as jansson adds.  -1 for any other v (and for zeros, whose
 * sign "%g" keeps).  test_put_real_matches_jansson compares.
 */
static int
put_real_short(struct strbuf *b, double v)
{
	char buf[32], *p = buf + sizeof(buf);
	unsigned long long u, whole;
	unsigned frac;
	long long k;

	if (!(v != 0 && fabs(v) < 1e7))
		return -1;
	k = llround(v * 1000);
	if ((double)k / 1000.0 != v)
		return -1;
	u = k < 0 ? 0ULL - (unsigned long long)k : (unsigned long long)k;
	whole = u / 1000;
	frac = (unsigned)(u % 1000);
	if (frac == 0)
		*--p = '0';
	else {
		int digits = 3;

		while (frac % 10 == 0) {
			frac /= 10;
			digits--;
		}
		while (digits-- > 0) {
			*--p = (char)('0' + frac % 10);
			frac /= 10;
		}
	}
	*--p = '.';
	do {
		*--p = (char)('0' + whole % 10);
		whole /= 10;
	} while (whole != 0);
	if (k < 0)
		*--p = '-';
	strbuf_append(b, p, (size_t)(buf + sizeof(buf) - p));
	return 0;
}

/*
 * jansson's jsonp_dtostr() at precision 10, in the "C" locale; -1 for an
 * infinity or a NaN, which JSON cannot write (json_real() refuses them;
 * "%g" would give "inf").
 */
static int
put_real(struct strbuf *b, double v)
{
	char buf[64], *e, *from;
	int n;

	if (!isfinite(v))
		return -1;
	if (put_real_short(b, v) == 0)
		return 0;
	n = snprintf(buf, sizeof(buf) - 3, "%.10g", v);

	if (n < 0 || (size_t)n >= sizeof(buf) - 3)
		return -1;
	if (strchr(buf, '.') == NULL && strchr(buf, 'e') == NULL) {
		buf[n++] = '.';
		buf[n++] = '0';
		buf[n] = '\0';
	}
	if ((e = strchr(buf, 'e')) != NULL) {
		e++;
		from = e + 1;
		if (*e == '-')
			e++;
		while (*from == '0')
			from++;
		if (from != e) {
			memmove(e, from, (size_t)(buf + n - from) + 1);
			n -= (int)(from - e);
		}
	}
	strbuf_append(b, buf, (size_t)n);
	return 0;
}

static int
put_object(struct strbuf *b, const json_t *j, int depth)
{
	struct member small[32], *m = small, t;
	size_t n = json_object_size(j), i, k;
	void *it;
	int rc = 0;

	if (n > sizeof(small) / sizeof(small[0]) &&
	    (m = calloc(n, sizeof(*m))) == NULL)
		return -1;
	for (i = 0, it = json_object_iter((json_t *)j); it != NULL && i < n;
	    it = json_object_iter_next((json_t *)j, it), i++) {
		m[i].key = json_object_iter_key(it);
		m[i].len = json_object_iter_key_len(it);
		m[i].value = json_object_iter_value(it);
	}
	n = i;
	if (n > 16)
		qsort(m, n, sizeof(*m), member_qcmp);
	else
		for (i = 1; i < n; i++) {
			t = m[i];
			for (k = i; k > 0 && member_cmp(&m[k - 1], &t) > 0; k--)
				m[k] = m[k - 1];
			m[k] = t;
		}
	strbuf_putc(b, '{');
	for (i = 0; i < n && rc == 0; i++) {
		if (i > 0)
			strbuf_putc(b, ',');
		put_string(b, m[i].key, m[i].len);
		strbuf_putc(b, ':');
		rc = put_value(b, m[i].value, depth + 1);
	}
	strbuf_putc(b, '}');
	if (m != small)
		free(m);
	return rc;
}

/* Append j's canonical text to b; -1 when too deep or not a value. */
static int
put_value(struct strbuf *b, const json_t *j, int depth)
{
	const struct frozen *f;
	size_t i, n;

	if (j == NULL || depth > JSONENC_MAX_DEPTH)
		return -1;
	switch (json_typeof(j)) {
	case JSON_NULL:
		strbuf_append(b, "null", 4);
		return 0;
	case JSON_TRUE:
		strbuf_append(b, "true", 4);
		return 0;
	case JSON_FALSE:
		strbuf_append(b, "false", 5);
		return 0;
	case JSON_INTEGER:
		put_integer(b, json_integer_value(j));
		return 0;
	case JSON_REAL:
		return put_real(b, json_real_value(j));
	case JSON_STRING:
		put_string(b, json_string_value(j), json_string_length(j));
		return 0;
	case JSON_ARRAY:
		if ((f = frozen_get(j)) != NULL) {
			strbuf_append(b, f->text, f->len);
			return 0;
		}
		strbuf_putc(b, '[');
		n = json_array_size(j);
		for (i = 0; i < n; i++) {
			if (i > 0)
				strbuf_putc(b, ',');
			if (put_value(b, json_array_get(j, i), depth + 1) == -1)
				return -1;
		}
		strbuf_putc(b, ']');
		return 0;
	case JSON_OBJECT:
		if ((f = frozen_get(j)) != NULL) {
			strbuf_append(b, f->text, f->len);
			return 0;
		}
		return put_object(b, j, depth);
	}
	return -1;
}

/*
 * Append the canonical text of j (an object or an array, as json_dumps()
 * requires without JSON_ENCODE_ANY) to b.  -1 on anything else, on a
 * depth over JSONENC_MAX_DEPTH, or when b has failed.
 */
int
jsonenc_append(struct strbuf *b, const json_t *j)
{
	if (!json_is_object(j) && !json_is_array(j))
		return -1;
	if (put_value(b, j, 0) == -1)
		return -1;
	return b->p == NULL ? -1 : 0;
}

/*
 * Pieces of a canonical text, for a message written member by member
 * (render_json_bytes()): a string of len bytes (valid UTF-8: the caller
 * has checked, jsonenc_utf8()) quoted and escaped as put_value() would,
 * and an integer.  A failed allocation shows in b (b->p NULL).
 */
void
jsonenc_put_string(struct strbuf *b, const char *s, size_t len)
{
	put_string(b, s, len);
}

void
jsonenc_put_integer(struct strbuf *b, long long v)
{
	put_integer(b, (json_int_t)v);
}

/* A real as put_value() writes it; -1 (nothing written) unless finite. */
int
jsonenc_put_real(struct strbuf *b, double v)
{
	return put_real(b, v);
}

/*
 * 1 when s holds printable ASCII only (0x20-0x7e: the protocol's names and
 * ids pass as such), so it needs no UTF-8 check; its length in *lenp (if
 * not NULL).  0 for anything else.
 */
int
jsonenc_printable(const char *s, size_t *lenp)
{
	const char *p;

	for (p = s; *p >= 0x20 && *p <= 0x7e; p++)
		;
	if (lenp != NULL)
		*lenp = (size_t)(p - s);
	return *p == '\0';
}

/* The canonical text of j, malloc'd, its length in *lenp (if not NULL). */
char *
jsonenc(const json_t *j, size_t *lenp)
{
	struct strbuf b;

	strbuf_init(&b, 512);
	if (jsonenc_append(&b, j) == -1) {
		free(strbuf_finish(&b, NULL));
		return NULL;
	}
	return strbuf_finish(&b, lenp);
}

/*
 * Is s (len bytes) well-formed UTF-8, as json_stringn() checks it
 * (Unicode 3.9, table 3-7: no overlong forms, no surrogates, nothing past
 * U+10FFFF; NUL bytes allowed)?  Eight ASCII bytes at a time: the
 * transcript's content and Markdown, made strings whole, are long and
 * mostly ASCII, and jansson's check took a sixth of a conversation.
 * fuzz_proto checks it against json_stringn().
 */
int
jsonenc_utf8(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	uint64_t w;
	unsigned char c, lo, hi;

	while (i < len) {
		for (; i + 8 <= len; i += 8) {
			memcpy(&w, p + i, 8);
			if (w & 0x8080808080808080ULL)
				break;
		}
		if (i == len)
			break;
		if ((c = p[i]) < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf) {
			if (i + 1 >= len || (p[i + 1] & 0xc0) != 0x80)
				return 0;
			i += 2;
		} else if (c >= 0xe0 && c <= 0xef) {
			lo = c == 0xe0 ? 0xa0 : 0x80;
			hi = c == 0xed ? 0x9f : 0xbf;
			if (i + 2 >= len || p[i + 1] < lo || p[i + 1] > hi ||
			    (p[i + 2] & 0xc0) != 0x80)
				return 0;
			i += 3;
		} else if (c >= 0xf0 && c <= 0xf4) {
			lo = c == 0xf0 ? 0x90 : 0x80;
			hi = c == 0xf4 ? 0x8f : 0xbf;
			if (i + 3 >= len || p[i + 1] < lo || p[i + 1] > hi ||
			    (p[i + 2] & 0xc0) != 0x80 ||
			    (p[i + 3] & 0xc0) != 0x80)
				return 0;
			i += 4;
		} else
			return 0;
	}
	return 1;
}

/* json_stringn(s, len), checked by jsonenc_utf8(): NULL when not UTF-8. */
json_t *
jsonenc_stringn(const char *s, size_t len)
{
	return jsonenc_utf8(s, len) ? json_stringn_nocheck(s, len) : NULL;
}
