/* SPDX-License-Identifier: ISC */
/*
 * jsonflat.h: the usual client message parsed without jansson's lexer.
 *
 * Client messages are nearly always one flat object of short ASCII
 * strings ({"type":"choose","id":"7","question":"q","choice":"c"}), and
 * jansson's character-at-a-time lexer was a seventh of a walk answer.
 * jsonflat_load() parses exactly that shape and builds the tree
 * json_loadb(buf, len, JSON_REJECT_DUPLICATES, ...) would build; for
 * anything else it returns NULL and the caller parses with jansson, so
 * what is refused, and how, stays jansson's.  It can also give the
 * object's canonical bytes (jsonenc()'s), which the daemon hashes and
 * records for every client message, without encoding the tree again.
 */
#ifndef JSONFLAT_H
#define JSONFLAT_H

#include <stddef.h>

#include <jansson.h>

/*
 * A member of a flat object as it is in the text: key and val point into
 * the buffer given (a string's bytes without its quotes, which need no
 * unescaping; an integer's digits), quoted 1 for a string.
 */
struct jsonflat_member {
	const char	*key, *val;
	size_t		 klen, vlen;
	int		 quoted;
};

#define JSONFLAT_MEMBERS	16	/* the most jsonflat_scan() takes */

json_t	*jsonflat_load(const char *, size_t, char **, size_t *);
int	 jsonflat_scan(const char *, size_t, struct jsonflat_member *,
	    size_t *, char **, size_t *);

#endif
