/* SPDX-License-Identifier: ISC */
/*
 * strmap.c: string to integer map with linear probing; see strmap.h.
 */
#include <stdlib.h>
#include <string.h>

#include "strmap.h"

/* Room for at least n keys at a load factor of one half. */
int
strmap_init(struct strmap *m, size_t n)
{
	size_t cap = 16;

	while (cap < n * 2)
		cap *= 2;
	m->slots = calloc(cap, sizeof(*m->slots));
	m->cap = m->slots ? cap : 0;
	m->n = 0;
	return m->slots ? 0 : -1;
}

static int
strmap_grow(struct strmap *m)
{
	struct strmap old = *m;
	size_t i;

	if (strmap_init(m, old.cap) == -1) {
		*m = old;
		return -1;
	}
	for (i = 0; i < old.cap; i++)
		if (old.slots[i].key != NULL)
			(void)strmap_put(m, old.slots[i].key,
			    old.slots[i].value);
	free(old.slots);
	return 0;
}

/* Insert or replace.  Returns 0, or -1 when memory runs out. */
int
strmap_put(struct strmap *m, const char *key, int32_t value)
{
	size_t i, len = strlen(key);
	uint32_t h;

	if (len > UINT32_MAX)
		return -1;
	if ((m->n + 1) * 2 > m->cap && strmap_grow(m) == -1)
		return -1;
	h = strmap_hash(key, len);
	i = h & (m->cap - 1);
	while (m->slots[i].key != NULL) {
		if (m->slots[i].hash == h && m->slots[i].len == len &&
		    memcmp(m->slots[i].key, key, len) == 0) {
			m->slots[i].value = value;
			return 0;
		}
		i = (i + 1) & (m->cap - 1);
	}
	m->slots[i].key = key;
	m->slots[i].value = value;
	m->slots[i].len = (uint32_t)len;
	m->slots[i].hash = h;
	m->n++;
	return 0;
}

void
strmap_free(struct strmap *m)
{
	free(m->slots);
	memset(m, 0, sizeof(*m));
}
