/* SPDX-License-Identifier: ISC */
/*
 * split.h: cutting text into IRC lines on word boundaries.
 */
#ifndef SPLIT_H
#define SPLIT_H

#include <stddef.h>

#define SPLIT_MAX_LINES	200	/* of one message; the rest is dropped */

struct split {
	char	**lines;
	size_t	 *ends;		/* per line: the offset in text after it */
	size_t	  n, cap;
};

int	split_text(struct split *, const char *, size_t, const char *);
void	split_free(struct split *);

#endif
