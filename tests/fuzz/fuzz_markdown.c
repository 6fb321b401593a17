/* SPDX-License-Identifier: ISC */
/*
 * fuzz_markdown: libFuzzer target for the Markdown rendering of a
 * transcript file (protocol/markdown.c), which runs on files a client is
 * handed and on files recovered from the journal.  Stateless.
 *
 *	build/fuzz/fuzz_markdown tests/fuzz/corpus-markdown -dict=tests/fuzz/markdown.dict
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "transcript.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *md = tr_markdown((const char *)data, size);
	size_t i, n;

	if (md == NULL)
		return 0;
	/* no control character but tab and newline ever comes out */
	for (i = 0, n = strlen(md); i < n; i++)
		if ((unsigned char)md[i] < 0x20 && md[i] != '\t' &&
		    md[i] != '\n')
			abort();
	free(md);
	return 0;
}
