/* SPDX-License-Identifier: ISC */
/*
 * jsonflat.c: a flat JSON object, parsed fast (jsonflat.h).
 *
 * Taken: whitespace (space, tab, CR, LF), one object, and members whose
 * key is a string and whose value is a string or an integer of 1 to 18
 * digits without a leading zero ("0" itself is taken).  A string is taken when it has no
 * backslash and no control character and is well-formed UTF-8 (the check
 * json_stringn() makes, jsonenc_utf8()).  Anything else (an escape, a
 * sign, a real, true, false, null, a nested value, a repeated key, bytes
 * after the object, a syntax error) is left to jansson: NULL.
 * tests/unit/test_protocol.c and fuzz_proto check the trees against
 * json_loadb()'s, member order included.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "jsonenc.h"
#include "jsonflat.h"

/*
 * The index of the first byte (in memory order) of a word read with
 * memcpy() whose high bit is set in hit (not 0): on a little-endian
 * machine, its lowest set bit over 8.  A borrow of the tests below runs
 * only from a byte they hit to the bytes after it, so that byte is the
 * first one hit.  Undefined elsewhere: scan_string() then looks byte by
 * byte from the word's start.
 */
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && \
    __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define JSONFLAT_FIRST_HIT(hit)	((size_t)__builtin_ctzll(hit) / 8)
#endif

static const unsigned char *
skip_ws(const unsigned char *p, const unsigned char *end)
{
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' ||
	    *p == '\r'))
		p++;
	return p;
}

/*
 * The string at *pp (its opening quote): its bytes in *s and *len, and
 * *pp past the closing quote.  -1 when it is not one this parser takes.
 */
static int
scan_string(const unsigned char **pp, const unsigned char *end,
    const char **s, size_t *len)
{
	const unsigned char *p = *pp, *start;
	int high = 0;

	if (p == end || *p != '"')
		return -1;
	start = ++p;
	/*
	 * Eight bytes at a time while none of them is a quote, a
	 * backslash, a control character or past ASCII (the usual text):
	 * each test sets a byte's high bit (Mycroft's has-zero-byte for
	 * x ^ c, and x - 0x20 for x < 0x20; a false hit only sends those
	 * eight bytes to the loop below, which decides).
	 */
	while (end - p >= 8) {
		uint64_t x, q, b, lo, hit;

		memcpy(&x, p, 8);
		q = x ^ 0x2222222222222222ULL;
		b = x ^ 0x5c5c5c5c5c5c5c5cULL;
		lo = (x - 0x2020202020202020ULL) | x;
		if ((hit = (((q - 0x0101010101010101ULL) & ~q) |
		    ((b - 0x0101010101010101ULL) & ~b) | lo) &
		    0x8080808080808080ULL) != 0) {
#ifdef JSONFLAT_FIRST_HIT
			/* the bytes before the first hit are plain: the
			 * loop below starts at it (most often the closing
			 * quote of a short string) */
			p += JSONFLAT_FIRST_HIT(hit);
#endif
			break;
		}
		p += 8;
	}
	for (; p < end && *p != '"'; p++) {
		if (*p < 0x20 || *p == '\\')
			return -1;
		high |= *p & 0x80;
	}
	if (p == end)
		return -1;
	if (high && !jsonenc_utf8((const char *)start, (size_t)(p - start)))
		return -1;
	*s = (const char *)start;
	*len = (size_t)(p - start);
	*pp = p + 1;
	return 0;
}

/* A member's key and value as they are in the text (a string unquoted). */
#define span	jsonflat_member

#define CANON_MEMBERS	JSONFLAT_MEMBERS /* more: no canonical bytes made here */

/* Keys in jsonenc()'s order: bytes, then the shorter first. */
static int
span_cmp(const struct span *a, const struct span *b)
{
	size_t n = a->klen < b->klen ? a->klen : b->klen;
	int r = memcmp(a->key, b->key, n);

	if (r != 0)
		return r;
	return a->klen < b->klen ? -1 : a->klen > b->klen;
}

/*
 * The canonical bytes of the object of n members m (sorted here): as
 * jsonenc() writes it, since nothing taken needs an escape and an
 * integer taken is written as it was.  malloc'd; NULL when out of
 * memory.
 */
static char *
canon_bytes(struct span *m, size_t n, size_t *lenp)
{
	struct span t;
	size_t i, k, len = 2;
	char *out, *o;

	for (i = 1; i < n; i++) {
		t = m[i];
		for (k = i; k > 0 && span_cmp(&m[k - 1], &t) > 0; k--)
			m[k] = m[k - 1];
		m[k] = t;
	}
	for (i = 0; i < n; i++)
		len += m[i].klen + m[i].vlen + 4 + (m[i].quoted ? 2 : 0);
	if ((o = out = malloc(len + 1)) == NULL)
		return NULL;
	*o++ = '{';
	for (i = 0; i < n; i++) {
		if (i > 0)
			*o++ = ',';
		*o++ = '"';
		memcpy(o, m[i].key, m[i].klen);
		o += m[i].klen;
		*o++ = '"';
		*o++ = ':';
		if (m[i].quoted)
			*o++ = '"';
		memcpy(o, m[i].val, m[i].vlen);
		o += m[i].vlen;
		if (m[i].quoted)
			*o++ = '"';
	}
	*o++ = '}';
	*o = '\0';
	*lenp = (size_t)(o - out);
	return out;
}

/*
 * A member's key at *pp: its string, then ':' with white space either
 * side; *pp at the value after them.  -1 when they are not there (the
 * key on scan_string()'s terms).
 */
static int
scan_key(const unsigned char **pp, const unsigned char *end,
    const char **key, size_t *klen)
{
	const unsigned char *p;

	if (scan_string(pp, end, key, klen) == -1)
		return -1;
	p = skip_ws(*pp, end);
	if (p == end || *p != ':')
		return -1;
	*pp = skip_ws(p + 1, end);
	return 0;
}

/*
 * What follows a member's value at *pp: 1 for ',' (*pp at the next
 * member), 0 for the object's '}' (*pp past it), -1 for anything else.
 */
static int
scan_separator(const unsigned char **pp, const unsigned char *end)
{
	const unsigned char *p = skip_ws(*pp, end);

	if (p < end && *p == ',') {
		*pp = skip_ws(p + 1, end);
		return 1;
	}
	if (p < end && *p == '}') {
		*pp = p + 1;
		return 0;
	}
	return -1;
}

/* The value at *pp: a string or a small non-negative integer; or NULL. */
static json_t *
scan_value(const unsigned char **pp, const unsigned char *end,
    struct span *sp)
{
	const unsigned char *p = *pp;
	json_int_t v = 0;
	const char *s;
	size_t len, n;

	if (p < end && *p == '"') {
		if (scan_string(pp, end, &s, &len) == -1)
			return NULL;
		sp->val = s;
		sp->vlen = len;
		sp->quoted = 1;
		return json_stringn_nocheck(s, len);
	}
	for (n = 0; p < end && *p >= '0' && *p <= '9'; p++)
		n++;
	/* none, a leading zero, or near the integer's range: jansson's */
	if (n == 0 || n > 18 || (n > 1 && (*pp)[0] == '0'))
		return NULL;
	sp->val = (const char *)*pp;
	sp->vlen = n;
	sp->quoted = 0;
	for (p = *pp; n > 0; n--, p++)
		v = v * 10 + (*p - '0');
	*pp = p;
	return json_integer(v);
}

/*
 * buf (len bytes, not NUL-terminated) as json_loadb() with
 * JSON_REJECT_DUPLICATES would give it, when it is a flat object of
 * strings and small integers (see above); NULL otherwise, or when memory
 * runs out.  A new reference.  With canon not NULL, *canon gets the
 * object's canonical bytes (malloc'd, *canon_len long), or NULL when
 * they were not made (out of memory, or more than CANON_MEMBERS).
 */
json_t *
jsonflat_load(const char *buf, size_t len, char **canon, size_t *canon_len)
{
	const unsigned char *p = (const unsigned char *)buf, *end = p + len;
	struct span m[CANON_MEMBERS], dummy;
	const char *key;
	size_t klen, n = 0;
	json_t *o, *v;
	int sep;

	if (canon != NULL)
		*canon = NULL;

	p = skip_ws(p, end);
	if (p == end || *p != '{')
		return NULL;
	if ((o = json_object()) == NULL)
		return NULL;
	p = skip_ws(p + 1, end);
	if (p < end && *p == '}')
		p++;
	else
		for (;;) {
			if (scan_key(&p, end, &key, &klen) == -1)
				goto fail;
			if ((v = scan_value(&p, end, n < CANON_MEMBERS ?
			    &m[n] : &dummy)) == NULL)
				goto fail;
			if (n < CANON_MEMBERS) {
				m[n].key = key;
				m[n].klen = klen;
			}
			n++;
			if (json_object_getn(o, key, klen) != NULL) {
				json_decref(v);
				goto fail;
			}
			/* the value is taken even when this fails */
			if (json_object_setn_new_nocheck(o, key, klen, v) == -1)
				goto fail;
			if ((sep = scan_separator(&p, end)) == -1)
				goto fail;
			if (sep == 0)
				break;
		}
	if (skip_ws(p, end) != end)
		goto fail;
	if (canon != NULL && n <= CANON_MEMBERS)
		*canon = canon_bytes(m, n, canon_len);
	return o;
fail:
	json_decref(o);
	return NULL;
}

/*
 * What jsonflat_load() takes, without a tree: buf (len bytes) as its
 * members, in the text's order, into m (JSONFLAT_MEMBERS at most; *n
 * of them), and the object's canonical bytes (malloc'd, *canon_len
 * long) into *canon.  0, or -1 when buf is not such an object, has more
 * members than that, repeats a key, or memory ran out (nothing to free
 * then).  The members point into buf.
 */
int
jsonflat_scan(const char *buf, size_t len, struct jsonflat_member *m,
    size_t *n, char **canon, size_t *canon_len)
{
	const unsigned char *p = (const unsigned char *)buf, *end = p + len;
	struct span sorted[CANON_MEMBERS];
	const unsigned char *q;
	size_t i, k = 0;
	int sep;

	*n = 0;
	*canon = NULL;
	p = skip_ws(p, end);
	if (p == end || *p != '{')
		return -1;
	p = skip_ws(p + 1, end);
	if (p < end && *p == '}')
		p++;
	else
		for (;;) {
			if (k == CANON_MEMBERS ||
			    scan_key(&p, end, &m[k].key, &m[k].klen) == -1)
				return -1;
			if (p < end && *p == '"') {
				if (scan_string(&p, end, &m[k].val,
				    &m[k].vlen) == -1)
					return -1;
				m[k].quoted = 1;
			} else {
				/* scan_value()'s integers */
				for (q = p; q < end && *q >= '0' && *q <= '9';
				    q++)
					;
				if (q == p || q - p > 18 ||
				    (q - p > 1 && *p == '0'))
					return -1;
				m[k].val = (const char *)p;
				m[k].vlen = (size_t)(q - p);
				m[k].quoted = 0;
				p = q;
			}
			for (i = 0; i < k; i++)
				if (m[i].klen == m[k].klen && memcmp(m[i].key,
				    m[k].key, m[k].klen) == 0)
					return -1;
			k++;
			if ((sep = scan_separator(&p, end)) == -1)
				return -1;
			if (sep == 0)
				break;
		}
	if (skip_ws(p, end) != end)
		return -1;
	memcpy(sorted, m, k * sizeof(*m));
	if ((*canon = canon_bytes(sorted, k, canon_len)) == NULL)
		return -1;
	*n = k;
	return 0;
}
