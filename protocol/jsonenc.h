/* SPDX-License-Identifier: ISC */
/*
 * jsonenc.h: the canonical bytes of a JSON value, fast.
 *
 * The same bytes as jansson's json_dumps() with JSON_COMPACT |
 * JSON_SORT_KEYS | JSON_REAL_PRECISION(10) (the wire format and the
 * transcript's records, PROTOCOL.md), without its per-container loop
 * check (a hash table keyed by a printed pointer) and per-chunk callback,
 * which made it most of the cost of a turn.  Cycles cannot be built with
 * the json_*_new setters we use; a depth bound catches them anyway.
 *
 * A value that never changes and is sent many times (a claim's citation)
 * can be frozen: its text is kept, and written as it is wherever the value
 * appears.  One thread only (the daemon's loop).
 */
#ifndef JSONENC_H
#define JSONENC_H

#include <stddef.h>

#include <jansson.h>

#include "strbuf.h"

#define JSONENC_MAX_DEPTH	64

int	 jsonenc_append(struct strbuf *, const json_t *);
char	*jsonenc(const json_t *, size_t *);
int	 jsonenc_freeze(json_t *);
void	 jsonenc_thaw(json_t *);
int	 jsonenc_utf8(const char *, size_t);
int	 jsonenc_printable(const char *, size_t *);
json_t	*jsonenc_stringn(const char *, size_t);
void	 jsonenc_put_string(struct strbuf *, const char *, size_t);
void	 jsonenc_put_integer(struct strbuf *, long long);
int	 jsonenc_put_real(struct strbuf *, double);

#endif
