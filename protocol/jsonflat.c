/* SPDX-License-Identifier: ISC */
/*
 * jsonflat.c: a flat JSON object, parsed fast (jsonflat.h).
 *
 * Taken: whitespace (space, tab, CR, LF), one object, and members whose
 * key is a string and whose value is a string or an integer of 0 to 18
 * digits without a leading zero.  A string is taken when it has no
 * backslash and no control character and is well-formed UTF-8 (the check
 * json_stringn() makes, jsonenc_utf8()).  Anything else (an escape, a
 * sign, a real, true, false, null, a nested value, a repeated key, bytes
 * after the object, a syntax error) is left to jansson: NULL.
 * tests/unit/test_protocol.c and fuzz_proto check the trees against
 * json_loadb()'s, member order included.
 */
#include <string.h>

#include "jsonenc.h"
#include "jsonflat.h"

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

/* The value at *pp: a string or a small non-negative integer; or NULL. */
static json_t *
scan_value(const unsigned char **pp, const unsigned char *end)
{
	const unsigned char *p = *pp;
	json_int_t v = 0;
	const char *s;
	size_t len, n;

	if (p < end && *p == '"') {
		if (scan_string(pp, end, &s, &len) == -1)
			return NULL;
		return json_stringn_nocheck(s, len);
	}
	for (n = 0; p < end && *p >= '0' && *p <= '9'; p++)
		n++;
	/* none, a leading zero, or near the integer's range: jansson's */
	if (n == 0 || n > 18 || (n > 1 && (*pp)[0] == '0'))
		return NULL;
	for (p = *pp; n > 0; n--, p++)
		v = v * 10 + (*p - '0');
	*pp = p;
	return json_integer(v);
}

/*
 * buf (len bytes, not NUL-terminated) as json_loadb() with
 * JSON_REJECT_DUPLICATES would give it, when it is a flat object of
 * strings and small integers (see above); NULL otherwise, or when memory
 * runs out.  A new reference.
 */
json_t *
jsonflat_load(const char *buf, size_t len)
{
	const unsigned char *p = (const unsigned char *)buf, *end = p + len;
	const char *key;
	size_t klen;
	json_t *o, *v;

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
			if (scan_string(&p, end, &key, &klen) == -1)
				goto fail;
			p = skip_ws(p, end);
			if (p == end || *p != ':')
				goto fail;
			p = skip_ws(p + 1, end);
			if ((v = scan_value(&p, end)) == NULL)
				goto fail;
			if (json_object_getn(o, key, klen) != NULL) {
				json_decref(v);
				goto fail;
			}
			/* the value is taken even when this fails */
			if (json_object_setn_new_nocheck(o, key, klen, v) == -1)
				goto fail;
			p = skip_ws(p, end);
			if (p < end && *p == ',') {
				p = skip_ws(p + 1, end);
				continue;
			}
			if (p < end && *p == '}') {
				p++;
				break;
			}
			goto fail;
		}
	if (skip_ws(p, end) != end)
		goto fail;
	return o;
fail:
	json_decref(o);
	return NULL;
}
