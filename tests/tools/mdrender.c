/* SPDX-License-Identifier: ISC */
/*
 * mdrender: a transcript file (standard input) rendered to Markdown by
 * tr_markdown(), on standard output: the rendering from the file, which
 * tests compare with the one the daemon builds as records are written.
 *
 *	mdrender < transcript.json > transcript.md
 *
 * Exits 1 when the file does not parse (tr_markdown() renders nothing).
 */
#include <stdio.h>
#include <stdlib.h>

#include "strbuf.h"
#include "transcript.h"

int
main(void)
{
	struct strbuf in;
	char buf[65536], *file, *md;
	size_t n, len;

	strbuf_init(&in, sizeof(buf));
	while ((n = fread(buf, 1, sizeof(buf), stdin)) > 0)
		strbuf_append(&in, buf, n);
	if ((file = strbuf_finish(&in, &len)) == NULL || ferror(stdin)) {
		fprintf(stderr, "mdrender: cannot read standard input\n");
		return 2;
	}
	md = tr_markdown(file, len);
	free(file);
	if (md == NULL) {
		fprintf(stderr, "mdrender: not a transcript file\n");
		return 1;
	}
	fputs(md, stdout);
	free(md);
	return fflush(stdout) == 0 ? 0 : 2;
}
