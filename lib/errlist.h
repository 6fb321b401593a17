/* SPDX-License-Identifier: ISC */
/*
 * errlist.h: a bounded list of error messages.
 *
 * Loaders and validators in this project report every error they find, not
 * just the first, so that a user fixes a file in one pass.  An errlist
 * collects formatted messages up to ERRLIST_MAX; past that it counts what it
 * dropped.  It owns its strings; errlist_free() releases them.  It never
 * prints: showing the messages is the caller's business (msgs[0..n-1],
 * then "dropped" more), so that the layers below the daemon do no I/O.
 */
#ifndef ERRLIST_H
#define ERRLIST_H

#include <stddef.h>

#define ERRLIST_MAX	200

struct errlist {
	char	*msgs[ERRLIST_MAX];
	size_t	 n;		/* messages kept */
	size_t	 dropped;	/* messages beyond ERRLIST_MAX */
};

void	errlist_init(struct errlist *);
void	errlist_add(struct errlist *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
size_t	errlist_count(const struct errlist *);
void	errlist_free(struct errlist *);

#endif
