/* SPDX-License-Identifier: ISC */
/*
 * fuzz_markdown: libFuzzer target for the Markdown rendering of a
 * transcript file (protocol/markdown.c), which runs on files a client is
 * handed and on files recovered from the journal.  Stateless.
 *
 * Differential: the daemon renders a live conversation record by record
 * (tr_md_record(), tr_md_message()) rather than parsing its file at the
 * end; both must give tr_markdown()'s bytes for every file it renders.
 *
 *	build/fuzz/fuzz_markdown tests/fuzz/corpus-markdown -dict=tests/fuzz/markdown.dict
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "transcript.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/*
 * The file's records fed one by one; by parts (as the daemon feeds them)
 * when parts is set, else whole.  Aborts when the result differs from md.
 */
static void
fuzz_markdown_incremental(const uint8_t *data, size_t size, const char *md,
    int parts)
{
	json_t *root = json_loadb((const char *)data, size, 0, NULL), *rec;
	struct tr_md *m = tr_md_new();
	const char *dir, *time;
	char *text;
	size_t i;

	if (root == NULL || m == NULL)
		abort();	/* tr_markdown() parsed it; memory is ample */
	json_array_foreach(json_object_get(root, "records"), i, rec) {
		dir = json_string_value(json_object_get(rec, "dir"));
		time = json_string_value(json_object_get(rec, "time"));
		/* by parts only where parts carry the record whole: a time
		 * that is a string without NUL (the daemon's own) */
		if (parts && i > 0 && time != NULL &&
		    strlen(time) == json_string_length(json_object_get(rec,
		    "time"))) {
			if (tr_md_message(m, dir, time,
			    json_object_get(rec, "msg")) == -1)
				abort();
		} else if (tr_md_record(m, rec) == -1)
			abort();
	}
	if ((text = tr_md_text(m)) == NULL || strcmp(text, md) != 0)
		abort();
	free(text);
	tr_md_free(m);
	json_decref(root);
}

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
	fuzz_markdown_incremental(data, size, md, 0);
	fuzz_markdown_incremental(data, size, md, 1);
	free(md);
	return 0;
}
