/* SPDX-License-Identifier: ISC */
/*
 * arena.c: bump allocation in chunks; see arena.h.
 *
 * Under AddressSanitizer every allocation gets a chunk of its own, sized
 * exactly, so that a write past the end of an array lands in malloc's red
 * zone and is reported, instead of silently in the next allocation of a
 * shared chunk.  Plain builds keep the 64 KiB chunks.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"

#define ARENA_ALIGN	16

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define ARENA_ASAN	1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) || defined(ARENA_ASAN)
#define ARENA_CHUNK	0		/* one chunk per allocation */
#else
#define ARENA_CHUNK	(64 * 1024)
#endif

struct arena_chunk {
	struct arena_chunk	*next;
	size_t			 size;
	size_t			 used;
	unsigned char		 data[];
};

/* limit bounds the bytes handed out (0: no bound). */
void
arena_init(struct arena *a, size_t limit)
{
	memset(a, 0, sizeof(*a));
	a->limit = limit;
}

/*
 * Return n bytes aligned for any type, or NULL when memory (or the
 * arena's limit) runs out; the failure is remembered in a->failed.
 */
void *
arena_alloc(struct arena *a, size_t n)
{
	struct arena_chunk *c = a->head;
	size_t off;

	if (n == 0)
		n = 1;
	if (n > SIZE_MAX / 2 || (a->limit != 0 && a->total + n > a->limit)) {
		a->failed = 1;
		return NULL;
	}
	off = c ? (c->used + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1) : 0;
	if (c == NULL || off + n > c->size) {
		size_t size = n > ARENA_CHUNK ? n : ARENA_CHUNK;

		if ((c = malloc(sizeof(*c) + size)) == NULL) {
			a->failed = 1;
			return NULL;
		}
		c->next = a->head;
		c->size = size;
		c->used = 0;
		a->head = c;
		off = 0;
	}
	c->used = off + n;
	a->total += n;
	return c->data + off;
}

void *
arena_calloc(struct arena *a, size_t nmemb, size_t size)
{
	void *p;

	if (size != 0 && nmemb > SIZE_MAX / size) {
		a->failed = 1;
		return NULL;
	}
	if ((p = arena_alloc(a, nmemb * size)) != NULL)
		memset(p, 0, nmemb * size);
	return p;
}

char *
arena_strndup(struct arena *a, const char *s, size_t len)
{
	char *p = arena_alloc(a, len + 1);

	if (p != NULL) {
		memcpy(p, s, len);
		p[len] = '\0';
	}
	return p;
}

char *
arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

void
arena_free(struct arena *a)
{
	struct arena_chunk *c, *next;

	for (c = a->head; c != NULL; c = next) {
		next = c->next;
		free(c);
	}
	memset(a, 0, sizeof(*a));
}
