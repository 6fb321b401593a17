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
#include <jansson.h>

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

/*
 * A transcript without meta renders exactly as before meta was shown
 * (issue 15): these bytes were taken from markdown.c before the change.
 */
static const char nometa_file[] =
	    "{\"records\":[{\"conversation\":\"ops:alice\",\"started\":\"2026-11-3"
	    "0T10:00:00Z\",\"daemon\":\"advisord/0.1.0\",\"protocol\":\"advisor.v"
	    "1\",\"kb\":{\"id\":\"rust-vs-go-2026\",\"hash\":\"ab12\"},\"key_id\":\"012"
	    "3ABCD\",\"integration\":\"ops\"},{\"dir\":\"server\",\"time\":\"2026-11-"
	    "30T10:00:00Z\",\"msg\":{\"type\":\"question\",\"seq\":1,\"question\":\"b"
	    "uilding\",\"text\":\"What are you building?\",\"choices\":[{\"id\":\"o"
	    "s\",\"label\":\"OS components\"}],\"plain\":\"What are you building?"
	    "\\n  1. OS components\"}},{\"dir\":\"client\",\"time\":\"2026-11-30T1"
	    "0:00:01Z\",\"msg\":{\"type\":\"say\",\"id\":\"a\",\"text\":\"I write *kern"
	    "el* drivers\"}},{\"dir\":\"client\",\"time\":\"2026-11-30T10:00:02Z\""
	    ",\"msg\":{\"type\":\"choose\",\"id\":\"b\",\"question\":\"building\",\"choi"
	    "ce\":\"os\"}},{\"dir\":\"server\",\"time\":\"2026-11-30T10:00:02Z\",\"ms"
	    "g\":{\"type\":\"answer\",\"seq\":2,\"plain\":\"Rust it is.\"}}]}";

static void
test_no_meta_unchanged(void **state)
{
	char *md;

	(void)state;
	md = render(nometa_file);
	assert_non_null(md);
	assert_string_equal(md,
	    "# Transcript of conversation ops:alice\n"
	    "\n"
	    "- Started: 2026-11-30T10:00:00Z\n"
	    "- Daemon: advisord/0.1.0, protocol advisor.v1\n"
	    "- Knowledge base: rust-vs-go-2026 (ab12)\n"
	    "- Signing key: 0123ABCD\n"
	    "\n"
	    "This rendering is derived from the signed JSON transcript and is not signed itself.\n"
	    "\n"
	    "**Advisor** (question, #1):\n"
	    "\n"
	    "> What are you building?\n"
	    ">   1\\. OS components\n"
	    "\n"
	    "**You** (2026-11-30T10:00:01Z):\n"
	    "\n"
	    "> I write \\*kernel\\* drivers\n"
	    "\n"
	    "**You** (2026-11-30T10:00:02Z): *answered \xe2\x80\x9c" "What are you building?\xe2\x80\x9d" ": \xe2\x80\x9c" "OS components\xe2\x80\x9d" "*\n"
	    "\n"
	    "**Advisor** (answer, #2):\n"
	    "\n"
	    "> Rust it is.\n"
	    "\n");
	free(md);
}

/*
 * meta says who spoke: the name in bold instead of "You", then platform,
 * user id, channel and locale; the header says who opened it and through
 * which integration.  Every part is text (md_text), none is markup.
 */
static void
test_meta_shown(void **state)
{
	char *md;

	(void)state;
	md = render("{\"records\":[{\"conversation\":\"slack:T1:C1:U1\","
	    "\"integration\":\"webhook:slack\",\"meta\":{\"platform\":"
	    "\"slack\",\"user\":\"U0G9QF9C6\",\"name\":\"Zo\u00eb M\u00fcller\","
	    "\"channel\":\"C0G9QF9GZ\",\"locale\":\"de-DE\"}},"
	    "{\"dir\":\"client\",\"time\":\"t1\",\"msg\":{\"type\":\"say\","
	    "\"text\":\"hi\",\"meta\":{\"platform\":\"slack\",\"user\":"
	    "\"U0G9QF9C6\",\"name\":\"Zo\u00eb M\u00fcller\",\"channel\":"
	    "\"C0G9QF9GZ\",\"locale\":\"de-DE\"}}},"
	    "{\"dir\":\"client\",\"time\":\"t2\",\"msg\":{\"type\":\"say\","
	    "\"text\":\"yo\",\"meta\":{\"platform\":\"irc\",\"user\":"
	    "\"bob\",\"channel\":\"#rust\"}}},"
	    "{\"dir\":\"client\",\"time\":\"t3\",\"msg\":{\"type\":\"say\","
	    "\"text\":\"x\",\"meta\":{\"name\":\"**[a](javascript:b)**\","
	    "\"user\":7}}},"
	    "{\"dir\":\"client\",\"time\":\"t4\",\"msg\":{\"type\":\"say\","
	    "\"text\":\"z\",\"meta\":{}}}]}");
	assert_non_null(md);
	assert_non_null(strstr(md, "\n- Opened by: **Zo\xc3\xab M\xc3\xbcller** "
	    "(slack, user U0G9QF9C6, in C0G9QF9GZ, de-DE), through webhook:slack\n"));
	assert_non_null(strstr(md, "\n**Zo\xc3\xab M\xc3\xbcller** (slack, user "
	    "U0G9QF9C6, in C0G9QF9GZ, de-DE; t1):\n\n> hi\n"));
	/* no name: the user id is who spoke */
	assert_non_null(strstr(md, "\n**bob** (irc, in #rust; t2):\n\n> yo\n"));
	/* markup in a name stays text; a member of the wrong type is left out */
	assert_non_null(strstr(md, "\n**\\*\\*\\[a\\](javascript:b)\\*\\*** "
	    "(t3):\n"));
	/* meta with nothing in it: as without */
	assert_non_null(strstr(md, "\n**You** (t4):\n\n> z\n"));
	free(md);
}

/*
 * A long conversation rendered as it goes (tr_md_message(), the text
 * asked for half-way, as a transcript request does) reads as the file's
 * rendering: every message once, in order, past the first few hundred.
 */
static void
test_kept_in_order(void **state)
{
	json_t *recs = json_array(), *file, *rec, *msg;
	struct tr_md *m;
	char *whole, *mid, *text, *dump;
	char t[32], s[32];
	int i;

	(void)state;
	assert_non_null(recs);
	assert_non_null(m = tr_md_new());
	rec = json_pack("{s:s}", "conversation", "long");
	assert_int_equal(tr_md_record(m, rec), 0);
	assert_int_equal(json_array_append_new(recs, rec), 0);
	for (i = 0; i < 300; i++) {
		snprintf(t, sizeof(t), "t%d", i);
		snprintf(s, sizeof(s), "said %d", i);
		msg = i % 2 == 0 ? json_pack("{s:s,s:s}", "type", "say", "text",
		    s) : json_pack("{s:s,s:s}", "type", "answer", "plain", s);
		assert_non_null(msg);
		assert_int_equal(tr_md_message(m, i % 2 == 0 ? "client" :
		    "server", t, msg), 0);
		rec = json_pack("{s:s,s:s,s:o}", "dir", i % 2 == 0 ? "client" :
		    "server", "time", t, "msg", msg);
		assert_non_null(rec);
		assert_int_equal(json_array_append_new(recs, rec), 0);
		if (i == 150) {
			assert_non_null(mid = tr_md_text(m));
			assert_non_null(strstr(mid, "said 150"));
			assert_null(strstr(mid, "said 151"));
			free(mid);
		}
	}
	assert_non_null(text = tr_md_text(m));
	assert_non_null(file = json_pack("{s:o}", "records", recs));
	assert_non_null(dump = json_dumps(file, 0));
	assert_non_null(whole = render(dump));
	assert_string_equal(text, whole);
	assert_non_null(strstr(text, "said 299"));
	free(whole);
	free(dump);
	free(text);
	json_decref(file);
	tr_md_free(m);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_missing_fields),
		cmocka_unit_test(test_escaped),
		cmocka_unit_test(test_no_meta_unchanged),
		cmocka_unit_test(test_meta_shown),
		cmocka_unit_test(test_kept_in_order),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
