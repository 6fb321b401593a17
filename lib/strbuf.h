/* SPDX-License-Identifier: ISC */
/*
 * strbuf.h: a growing string built with printf.
 *
 * The buffer owns its bytes until strbuf_finish() hands them to the caller
 * (who frees them).  A failed allocation frees what was built and makes
 * every later call a no-op, so a caller checks once, at the end: finish
 * returns NULL.
 */
#ifndef STRBUF_H
#define STRBUF_H

#include <stddef.h>

struct strbuf {
	char	*p;		/* NUL-terminated; NULL after a failure */
	size_t	 len;
	size_t	 cap;
	/* bytes before p in its allocation, the caller's (strbuf_init_head());
	 * 0 but for a buffer that becomes part of a larger block */
	size_t	 head;
};

void	 strbuf_init(struct strbuf *, size_t);
void	 strbuf_init_head(struct strbuf *, size_t, size_t);
void	 strbuf_free(struct strbuf *);
void	 strbuf_printf(struct strbuf *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
void	 strbuf_append(struct strbuf *, const char *, size_t);
void	 strbuf_putc(struct strbuf *, char);
int	 strbuf_reserve(struct strbuf *, size_t);
char	*strbuf_finish(struct strbuf *, size_t *);

#endif
