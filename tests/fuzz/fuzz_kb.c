/* SPDX-License-Identifier: ISC */
/*
 * fuzz_kb: libFuzzer target for the knowledge base loader (knowledge/
 * kb_load*.c): every file of a knowledge base, from JSON parsing through
 * field tables, references, the lexicon and the search index.
 *
 * One input holds all the files of one knowledge base, each after a
 * separator line naming it:
 *
 *	--- kb.json
 *	{ "id": ... }
 *	--- claims.json
 *	{ "claims": [ ... ] }
 *
 * A file runs from the line after its separator to the next separator (its
 * last newline included) or the end of the input; a file with no separator
 * is missing.  JSON has no line starting "--- ", so any knowledge base packs
 * this way (tests/fuzz/corpus_kb holds the article's and the test ones).
 * Each input is loaded and freed on its own: nothing carries over.  Build
 * with `make fuzz-build`; run as
 *
 *	build/fuzz/fuzz_kb tests/fuzz/corpus_kb -dict=tests/fuzz/kb.dict
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "kb.h"

int LLVMFuzzerInitialize(int *, char ***);
int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

struct input {
	const char	*data;
	size_t		 size;
};

/* Does the line at p (of n bytes left) separate file "name"? */
static int
is_separator(const char *p, size_t n, const char *name)
{
	size_t len = strlen(name);

	return n >= 4 + len + 1 && memcmp(p, "--- ", 4) == 0 &&
	    memcmp(p + 4, name, len) == 0 && p[4 + len] == '\n';
}

/* The kb_reader: the file's section of the input, or "missing". */
static const char *
input_read(void *arg, const char *file, size_t max, size_t *lenp, char *why,
    size_t whylen)
{
	const struct input *in = arg;
	const char *p = in->data, *end = in->data + in->size, *start, *q;

	(void)max;
	for (; p < end; p = q + 1) {
		if ((q = memchr(p, '\n', (size_t)(end - p))) == NULL)
			break;
		if (!is_separator(p, (size_t)(end - p), file))
			continue;
		start = q + 1;
		for (q = start; q < end; q++)
			if ((q == start || q[-1] == '\n') && end - q >= 4 &&
			    memcmp(q, "--- ", 4) == 0)
				break;
		*lenp = (size_t)(q - start);
		return start;
	}
	(void)snprintf(why, whylen, "missing from the input");
	return NULL;
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	json_object_seed(1);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct input in = { (const char *)data, size };
	struct kb_reader rd = { "fuzz", input_read, &in };
	struct errlist el;
	struct kb *kb;

	errlist_init(&el);
	kb = kb_load(&rd, &el);
	/* a kb, or the reasons why not: never both, never neither */
	if ((kb == NULL) == (errlist_count(&el) == 0))
		__builtin_trap();
	kb_free(kb);
	errlist_free(&el);
	return 0;
}
