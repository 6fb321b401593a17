/* SPDX-License-Identifier: ISC */
/*
 * strmap.h: a map from strings to small integers (open addressing).
 *
 * Keys are borrowed: the caller keeps them alive as long as the map (in
 * the knowledge base they live in its arena).  Values are non-negative;
 * strmap_get() returns -1 for a missing key.
 */
#ifndef STRMAP_H
#define STRMAP_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct strmap_slot {
	const char	*key;
	int32_t		 value;
	uint32_t	 len;	/* of key: a probe compares lengths first */
	uint32_t	 hash;	/* of key: then hashes, before the bytes */
};

struct strmap {
	struct strmap_slot	*slots;
	size_t			 cap;	/* a power of two */
	size_t			 n;
};

int	strmap_init(struct strmap *, size_t);
int	strmap_put(struct strmap *, const char *, int32_t);
void	strmap_free(struct strmap *);

/*
 * Lookups are inline (the engine makes some 800 a message, most of them
 * misses of short words), as is the hash.  A word at a time: 8-byte blocks, then the last 1 to 7 bytes read as
 * two overlapping 4-byte loads (or three single bytes), the length mixed
 * in; the final mix spreads the high bits into the low ones, which pick
 * the slot (maps of up to 2^32 slots).  Reads no byte outside s[0..len).
 */
static inline uint32_t
strmap_hash(const char *s, size_t len)
{
	const uint64_t k = 0x9e3779b97f4a7c15ULL;
	uint64_t h = (uint64_t)len * k, w, a32, b32;
	uint32_t a, b;

	for (; len >= 8; s += 8, len -= 8) {
		memcpy(&w, s, 8);
		h = (h ^ w) * k;
		h ^= h >> 31;
	}
	if (len >= 4) {
		memcpy(&a, s, 4);
		memcpy(&b, s + len - 4, 4);
		a32 = a;
		b32 = b;
		w = a32 << 32 | b32;
	} else if (len > 0)
		w = (uint64_t)(unsigned char)s[0] << 16 |
		    (uint64_t)(unsigned char)s[len / 2] << 8 |
		    (unsigned char)s[len - 1];
	else
		w = 0;
	h = (h ^ w) * k;
	h ^= h >> 32;
	h *= 0xd6e8feb86659fd93ULL;
	h ^= h >> 32;
	return (uint32_t)h;
}

/*
 * strmap_getn() of a key whose strmap_hash() h the caller has computed:
 * one word looked up in several maps is hashed once.
 */
static inline int32_t
strmap_getnh(const struct strmap *m, const char *key, size_t len, uint32_t h)
{
	const struct strmap_slot *sl;
	size_t i, mask = m->cap - 1;

	if (m->cap == 0)
		return -1;
	for (i = h & mask; (sl = &m->slots[i])->key != NULL;
	    i = (i + 1) & mask)
		if (sl->hash == h && sl->len == len &&
		    memcmp(sl->key, key, len) == 0)
			return sl->value;
	return -1;
}

/* Look up the first len bytes of key (which need not be terminated). */
static inline int32_t
strmap_getn(const struct strmap *m, const char *key, size_t len)
{
	if (m->cap == 0)
		return -1;
	return strmap_getnh(m, key, len, strmap_hash(key, len));
}

/* Look up the terminated string key. */
static inline int32_t
strmap_get(const struct strmap *m, const char *key)
{
	return strmap_getn(m, key, strlen(key));
}

#endif
