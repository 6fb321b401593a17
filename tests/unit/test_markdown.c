/* SPDX-License-Identifier: ISC */
/*
 * test_markdown.c: the Markdown rendering of a transcript
 * (protocol/markdown.c) on files that are not what the daemon writes:
 * records lacking fields, and names and texts made of markup.  (The
 * rendering of real conversations is checked with cmark by
 * tests/blackbox/markdown.test.mjs.)
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "transcript.h"

static char *
render(const char *file)
{
	return tr_markdown(file, strlen(file));
}

/* Records without dir, msg, type or time render; nothing dereferences NULL. */
static void
test_missing_fields(void **state)
{
	char *md;

	(void)state;
	md = render("{\"records\":[{},{\"msg\":{\"type\":\"say\",\"text\":\"x\"}},"
	    "{\"dir\":\"client\",\"msg\":{\"type\":\"say\"}},"
	    "{\"dir\":\"client\",\"msg\":{\"type\":\"command\"}},"
	    "{\"dir\":\"server\",\"msg\":{\"type\":\"answer\",\"plain\":7}},"
	    "{\"dir\":7,\"msg\":{\"type\":\"x\"}},"
	    "{\"dir\":\"client\",\"msg\":{\"type\":\"choose\",\"question\":1,"
	    "\"choice\":null}}]}");
	assert_non_null(md);
	assert_non_null(strstr(md, "# Transcript of conversation ?"));
	assert_null(strstr(md, "> x"));	/* the record without dir */
	assert_non_null(strstr(md, "**You** (?): *command*"));
	assert_non_null(strstr(md, "**You** (?): *answered*"));
	free(md);
	assert_null(render("not json"));
	md = render("[1,2]");
	assert_non_null(md);
	free(md);
}

/* A conversation name or a text made of markup stays text. */
static void
test_escaped(void **state)
{
	char *md;

	(void)state;
	md = render("{\"records\":[{\"conversation\":\"x\\n# [a](javascript:b)\"},"
	    "{\"dir\":\"client\",\"time\":\"t\",\"msg\":{\"type\":\"say\","
	    "\"text\":\"a\\rb\\r\\nc\\u2028d\\u001b[1m\\u009b<i>\"}}]}");
	assert_non_null(md);
	assert_non_null(strstr(md, "# Transcript of conversation x # "
	    "\\[a\\](javascript:b)\n"));
	assert_non_null(strstr(md, "> a\n> b\n> c\n> d\xe2\x90\x9b\\[1m"
	    "\xef\xbf\xbd\\<i\\>\n"));
	free(md);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_missing_fields),
		cmocka_unit_test(test_escaped),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
