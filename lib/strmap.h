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

struct strmap_slot {
	const char	*key;
	int32_t		 value;
	uint32_t	 len;	/* of key: a probe compares lengths first */
};

struct strmap {
	struct strmap_slot	*slots;
	size_t			 cap;	/* a power of two */
	size_t			 n;
};

int	strmap_init(struct strmap *, size_t);
int	strmap_put(struct strmap *, const char *, int32_t);
int32_t	strmap_get(const struct strmap *, const char *);
int32_t	strmap_getn(const struct strmap *, const char *, size_t);
void	strmap_free(struct strmap *);

#endif
