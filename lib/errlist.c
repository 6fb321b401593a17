/* SPDX-License-Identifier: ISC */
/*
 * errlist.c: collect error messages so that all of them can be reported.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "errlist.h"

void
errlist_init(struct errlist *el)
{
	memset(el, 0, sizeof(*el));
}

/*
 * Append a formatted message.  Messages longer than 1 KiB are truncated;
 * when the list is full, or memory runs out, the message is only counted.
 */
void
errlist_add(struct errlist *el, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	int n;

	if (el->n >= ERRLIST_MAX) {
		el->dropped++;
		return;
	}
	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n < 0)
		(void)strcpy(buf, "(unformattable error message)");
	if ((el->msgs[el->n] = strdup(buf)) == NULL) {
		el->dropped++;
		return;
	}
	el->n++;
}

size_t
errlist_count(const struct errlist *el)
{
	return el->n + el->dropped;
}

void
errlist_free(struct errlist *el)
{
	size_t i;

	for (i = 0; i < el->n; i++)
		free(el->msgs[i]);
	errlist_init(el);
}
