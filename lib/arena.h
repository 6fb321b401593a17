/* SPDX-License-Identifier: ISC */
/*
 * arena.h: a bump allocator for data that lives and dies together.
 *
 * A loaded knowledge base is read-only and freed as a whole, so all of its
 * strings and arrays come from one arena: no per-object frees, no leaks on
 * error paths.  arena_free() releases everything at once.
 */
#ifndef ARENA_H
#define ARENA_H

#include <stddef.h>

struct arena_chunk;

struct arena {
	struct arena_chunk	*head;
	size_t			 total;		/* bytes handed out */
	size_t			 limit;		/* 0: none */
	int			 failed;	/* an allocation failed */
};

void	 arena_init(struct arena *, size_t);
void	*arena_alloc(struct arena *, size_t);
void	*arena_calloc(struct arena *, size_t, size_t);
char	*arena_strdup(struct arena *, const char *);
char	*arena_strndup(struct arena *, const char *, size_t);
void	 arena_free(struct arena *);

#endif
