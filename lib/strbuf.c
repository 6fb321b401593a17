/* SPDX-License-Identifier: ISC */
/*
 * strbuf.c: a growing string built with printf (strbuf.h).
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strbuf.h"

/* Start an empty buffer of cap bytes (at least 16). */
void
strbuf_init(struct strbuf *b, size_t cap)
{
	b->cap = cap < 16 ? 16 : cap;
	b->len = 0;
	b->head = 0;
	if ((b->p = malloc(b->cap)) != NULL)
		b->p[0] = '\0';
}

/*
 * strbuf_init() of a buffer whose allocation begins head bytes before
 * its text (head < 4096), for a caller that makes the whole block, text
 * included, into something of its own without copying the text
 * (conn_msg_of_buf()).  Freed by strbuf_free(), never strbuf_finish().
 */
void
strbuf_init_head(struct strbuf *b, size_t cap, size_t head)
{
	char *q;

	b->cap = cap < 16 ? 16 : cap;
	b->len = 0;
	b->head = head;
	if (head >= 4096 || b->cap > SIZE_MAX / 4 ||
	    (q = malloc(head + b->cap)) == NULL) {
		b->p = NULL;
		return;
	}
	b->p = q + head;
	b->p[0] = '\0';
}

/* Free b's bytes (either kind of buffer); b is empty after. */
void
strbuf_free(struct strbuf *b)
{
	if (b->p != NULL)
		free(b->p - b->head);
	b->p = NULL;
	b->len = b->cap = 0;
}

/* Append; on a failed allocation the buffer is released and stays empty. */
void
strbuf_printf(struct strbuf *b, const char *fmt, ...)
{
	va_list ap;
	size_t cap;
	char *q;
	int n;

	/* no conversion: the text as it is, without vsnprintf() */
	if (strchr(fmt, '%') == NULL) {
		strbuf_append(b, fmt, strlen(fmt));
		return;
	}
	while (b->p != NULL) {
		va_start(ap, fmt);
		n = vsnprintf(b->p + b->len, b->cap - b->len, fmt, ap);
		va_end(ap);
		if (n < 0)
			return;		/* an encoding error: nothing added */
		if ((size_t)n < b->cap - b->len) {
			b->len += (size_t)n;
			return;
		}
		cap = b->cap * 2 + (size_t)n;
		if ((q = realloc(b->p - b->head, b->head + cap)) == NULL) {
			free(b->p - b->head);
			b->p = NULL;
			b->len = 0;
			return;
		}
		b->p = q + b->head;
		b->cap = cap;
	}
}

/*
 * The string built, now the caller's, with its length in *lenp (if not
 * NULL); NULL when an allocation failed along the way.
 */
char *
strbuf_finish(struct strbuf *b, size_t *lenp)
{
	char *p = b->p;

	if (lenp != NULL)
		*lenp = p != NULL ? b->len : 0;
	b->p = NULL;
	b->len = b->cap = 0;
	return p;
}

/*
 * Make room for n more bytes and the NUL; 0, or -1 with b failed (also
 * when n or the buffer is past a quarter of the address space: the new
 * size would wrap, and no text of ours is that long).  A caller writing
 * there itself moves len and writes the NUL.
 */
int
strbuf_reserve(struct strbuf *b, size_t n)
{
	size_t cap;
	char *q;

	if (b->p == NULL)
		return -1;
	if (b->cap - b->len > n)
		return 0;
	cap = b->cap * 2 + n;
	if (n > SIZE_MAX / 4 || b->cap > SIZE_MAX / 4 ||
	    (q = realloc(b->p - b->head, b->head + cap)) == NULL) {
		free(b->p - b->head);
		b->p = NULL;
		b->len = 0;
		return -1;
	}
	b->p = q + b->head;
	b->cap = cap;
	return 0;
}

/* Append len bytes of s; on a failed allocation, as strbuf_printf(). */
void
strbuf_append(struct strbuf *b, const char *s, size_t len)
{
	if (strbuf_reserve(b, len) == -1)
		return;
	memcpy(b->p + b->len, s, len);
	b->len += len;
	b->p[b->len] = '\0';
}

void
strbuf_putc(struct strbuf *b, char c)
{
	if (strbuf_reserve(b, 1) == -1)
		return;
	b->p[b->len++] = c;
	b->p[b->len] = '\0';
}
