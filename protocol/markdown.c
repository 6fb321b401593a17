/*
 * markdown.c: the readable rendering of a transcript file (CommonMark).
 *
 * Every string in a transcript is data, and much of it comes from a
 * client (what it said, the names it chose), so none of it may become
 * markup: a message must not close its quote block and open an advisor
 * turn, nor carry a link, an image, raw HTML or a terminal escape into
 * whatever displays the file.  md_text() writes a string so that a
 * CommonMark renderer shows exactly its characters:
 *
 *  - every ASCII punctuation character is backslash-escaped (CommonMark
 *    6.1 makes any of them literal after a backslash), which leaves no
 *    emphasis, code span, link, image, autolink, raw HTML, entity,
 *    heading, list, fence, table or thematic break to start;
 *  - every line ending form (LF, CR, CR LF; and U+2028, U+2029, which
 *    some viewers break on) ends the line and the next one is quoted
 *    again, so text cannot leave its block quote (in a one-line field a
 *    line ending becomes a space);
 *  - C0 controls but tab become their visible Control Pictures (U+2400 +
 *    code; DEL U+2421), C1 controls and the bidirectional overrides
 *    U+FFFD, so nothing reaches a terminal as an escape sequence and
 *    nothing reorders what is shown.
 *
 * A record lacking a field renders it as "?" (the file may be anyone's:
 * this runs on files a client is given and on files recovered at start).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strbuf.h"
#include "transcript.h"

#define MD_REPLACEMENT	"\xef\xbf\xbd"	/* U+FFFD */

enum md_mode {
	MD_INLINE,	/* one line: line endings become spaces */
	MD_QUOTE	/* a block quote: line endings start a new "> " line */
};

static int
md_is_punct(unsigned char ch)
{
	return (ch >= '!' && ch <= '/') || (ch >= ':' && ch <= '@') ||
	    (ch >= '[' && ch <= '`') || (ch >= '{' && ch <= '~');
}

/* A line break in s's mode. */
static void
md_break(struct strbuf *b, enum md_mode mode)
{
	strbuf_printf(b, "%s", mode == MD_QUOTE ? "\n> " : " ");
}

/*
 * Write len bytes of s (UTF-8, as jansson hands out strings; NUL bytes
 * included) as CommonMark text that renders as those characters.
 */
static void
md_text(struct strbuf *b, const char *s, size_t len, enum md_mode mode)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i, run = 0;	/* bytes before i not yet written */

	for (i = 0; i < len; i++) {
		unsigned char ch = p[i];
		int special = ch < 0x20 || ch == 0x7f || md_is_punct(ch) ||
		    ch == 0xc2 || ch == 0xe2;

		if (!special || ch == '\t') {
			run++;
			continue;
		}
		if (run > 0)
			strbuf_printf(b, "%.*s", (int)run, s + i - run);
		run = 0;
		if (ch == '\r') {
			if (i + 1 < len && p[i + 1] == '\n')
				i++;
			md_break(b, mode);
		} else if (ch == '\n')
			md_break(b, mode);
		else if (ch < 0x20)
			strbuf_printf(b, "\xe2\x90%c", (char)(0x80 + ch));
		else if (ch == 0x7f)
			strbuf_printf(b, "\xe2\x90\xa1");
		else if (md_is_punct(ch))
			strbuf_printf(b, "\\%c", (char)ch);
		else if (ch == 0xc2 && i + 1 < len && p[i + 1] >= 0x80 &&
		    p[i + 1] <= 0x9f) {
			i++;	/* C1 control: U+0080 to U+009F */
			strbuf_printf(b, MD_REPLACEMENT);
		} else if (ch == 0xe2 && i + 2 < len && p[i + 1] == 0x80 &&
		    (p[i + 2] == 0xa8 || p[i + 2] == 0xa9)) {
			i += 2;	/* U+2028 line, U+2029 paragraph separator */
			md_break(b, mode);
		} else if (ch == 0xe2 && i + 2 < len && ((p[i + 1] == 0x80 &&
		    p[i + 2] >= 0xaa && p[i + 2] <= 0xae) || (p[i + 1] ==
		    0x81 && p[i + 2] >= 0xa6 && p[i + 2] <= 0xa9))) {
			i += 2;	/* bidi embeddings, overrides, isolates */
			strbuf_printf(b, MD_REPLACEMENT);
		} else
			run = 1;	/* another character starting 0xc2/0xe2 */
	}
	if (run > 0)
		strbuf_printf(b, "%.*s", (int)run, s + len - run);
}

/* A field of j as one line of text; "?" when it is not a string. */
static void
md_field(struct strbuf *b, json_t *j, const char *key)
{
	json_t *v = json_object_get(j, key);

	if (json_is_string(v))
		md_text(b, json_string_value(v), json_string_length(v),
		    MD_INLINE);
	else
		strbuf_printf(b, "?");
}

/* A string as a block quote; nothing when it is not a string. */
static void
md_quote(struct strbuf *b, json_t *v)
{
	if (!json_is_string(v))
		return;
	strbuf_printf(b, "> ");
	md_text(b, json_string_value(v), json_string_length(v), MD_QUOTE);
	strbuf_printf(b, "\n");
}

static void
md_header(struct strbuf *b, json_t *rec)
{
	json_t *kb = json_object_get(rec, "kb");

	strbuf_printf(b, "# Transcript of conversation ");
	md_field(b, rec, "conversation");
	strbuf_printf(b, "\n\n- Started: ");
	md_field(b, rec, "started");
	strbuf_printf(b, "\n- Daemon: ");
	md_field(b, rec, "daemon");
	strbuf_printf(b, ", protocol ");
	md_field(b, rec, "protocol");
	strbuf_printf(b, "\n- Knowledge base: ");
	md_field(b, kb, "id");
	strbuf_printf(b, " (");
	md_field(b, kb, "hash");
	strbuf_printf(b, ")\n- Signing key: ");
	md_field(b, rec, "key_id");
	strbuf_printf(b, "\n\nThis rendering is derived from the signed JSON "
	    "transcript and is not signed itself.\n\n");
}

/* What the client did, its words quoted. */
static void
md_client(struct strbuf *b, json_t *rec, json_t *msg, const char *type)
{
	strbuf_printf(b, "**You** (");
	md_field(b, rec, "time");
	strbuf_printf(b, ")");
	if (strcmp(type, "say") == 0) {
		strbuf_printf(b, ":\n\n");
		md_quote(b, json_object_get(msg, "text"));
	} else {
		strbuf_printf(b, ": *");
		md_field(b, msg, strcmp(type, "command") == 0 ? "command" :
		    "type");
		if (json_object_get(msg, "question") != NULL) {
			strbuf_printf(b, " ");
			md_field(b, msg, "question");
		}
		if (json_object_get(msg, "choice") != NULL) {
			strbuf_printf(b, " = ");
			md_field(b, msg, "choice");
		}
		strbuf_printf(b, "*\n");
	}
	strbuf_printf(b, "\n");
}

static void
md_server(struct strbuf *b, json_t *msg)
{
	json_t *text = json_object_get(msg, "plain");

	if (!json_is_string(text))
		text = json_object_get(msg, "message");
	strbuf_printf(b, "**Advisor** (");
	md_field(b, msg, "type");
	strbuf_printf(b, ", #%lld):\n\n", (long long)json_integer_value(
	    json_object_get(msg, "seq")));
	md_quote(b, text);
	strbuf_printf(b, "\n");
}

/*
 * A Markdown rendering for people, derived from the file (not signed):
 * the header, then each turn, the user's words and the advisor's plain
 * text.  Returns malloc'd text, or NULL when the file does not parse.
 */
char *
tr_markdown(const char *content, size_t len)
{
	struct strbuf b;
	json_t *root = json_loadb(content, len, 0, NULL), *rec;
	size_t i;

	if (root == NULL)
		return NULL;
	strbuf_init(&b, 4096);
	json_array_foreach(json_object_get(root, "records"), i, rec) {
		json_t *msg = json_object_get(rec, "msg");
		const char *type = json_string_value(json_object_get(msg,
		    "type"));
		const char *dir = json_string_value(json_object_get(rec,
		    "dir"));

		if (i == 0)
			md_header(&b, rec);
		else if (type == NULL || dir == NULL)
			continue;
		else if (strcmp(dir, "client") == 0)
			md_client(&b, rec, msg, type);
		else
			md_server(&b, msg);
	}
	json_decref(root);
	return strbuf_finish(&b, NULL);
}
