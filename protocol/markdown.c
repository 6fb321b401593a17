/* SPDX-License-Identifier: ISC */
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
 *  - the characters that start inline markup are backslash-escaped
 *    everywhere (\ ` * _ [ ] < > & ~ | @; CommonMark 6.1 makes any ASCII
 *    punctuation literal after a backslash): no emphasis, code span, link,
 *    image, autolink, raw HTML, entity, table or e-mail autolink can start;
 *    so are those that start a block at the start of a line (# - + = and
 *    the "." or ")" after a number), and the ":" of "://" and the "." of
 *    "www." (GitHub's extended autolinks).  Other punctuation (? , . ' ( )
 *    and so on) stays as it is, for people reading the file raw;
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
 *
 * Who spoke (PROTOCOL.md 5.9): a say carrying meta is headed by the
 * speaker's display name (else user id) in bold instead of "You", then
 * platform, user id, channel and locale; an open's meta, in the header,
 * is "Opened by" with the owning integration.  A transcript without meta
 * renders as it did before meta existed, byte for byte.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "strbuf.h"
#include "transcript.h"

#define MD_REPLACEMENT	"\xef\xbf\xbd"	/* U+FFFD */

enum md_mode {
	MD_INLINE,	/* one line: line endings become spaces */
	MD_QUOTE	/* a block quote: line endings start a new "> " line */
};

/* Starts inline markup wherever it is. */
static int
md_is_inline(unsigned char ch)
{
	return ch != '\0' && strchr("\\`*_[]<>&~|@", ch) != NULL;
}

/* Starts a block at the start of a line. */
static int
md_is_block(unsigned char ch)
{
	return ch == '#' || ch == '-' || ch == '+' || ch == '=';
}

/*
 * Does the ASCII punctuation p[i] need a backslash?  at_start: only
 * blanks precede it on its line; after_num: only blanks and then digits.
 */
static int
md_needs_escape(const unsigned char *p, size_t len, size_t i, int at_start,
    int after_num)
{
	unsigned char ch = p[i];

	if (md_is_inline(ch) || (at_start && md_is_block(ch)))
		return 1;
	if (after_num && (ch == '.' || ch == ')'))
		return 1;	/* "12." or "3)" opening a line: a list */
	if (ch == ':' && i + 2 < len && p[i + 1] == '/' && p[i + 2] == '/')
		return 1;
	if (ch == '.' && i >= 3 && strncasecmp((const char *)p + i - 3,
	    "www", 3) == 0 && (i == 3 || !isalnum(p[i - 4])))
		return 1;
	return 0;
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
	int at_start = mode == MD_QUOTE, after_num = 0, in_num = 0;
	int line_start = mode == MD_QUOTE;	/* i opens a quoted line */

	for (i = 0; i < len; i++) {
		unsigned char ch = p[i];
		int punct = (ch >= '!' && ch <= '/') || (ch >= ':' &&
		    ch <= '@') || (ch >= '[' && ch <= '`') || (ch >= '{' &&
		    ch <= '~');
		int special = ch < 0x20 || ch == 0x7f || ch == 0xc2 ||
		    ch == 0xe2 || (punct && md_needs_escape(p, len, i,
		    at_start, after_num));
		/*
		 * A blank opening a quoted line is written as a character
		 * reference: four columns of indentation would make the
		 * rest an indented code block, and a reference is text.
		 */
		int indent = line_start && (ch == ' ' || ch == '\t');

		line_start = 0;

		/* where the next character stands on its line */
		if (ch >= '0' && ch <= '9') {
			if (at_start)
				in_num = 1;
			after_num = in_num;
			at_start = 0;
		} else if (ch == ' ' || ch == '\t') {
			after_num = in_num = 0;
		} else if (ch != '\r' && ch != '\n' && !(ch == 0xe2 &&
		    i + 2 < len && p[i + 1] == 0x80 && (p[i + 2] == 0xa8 ||
		    p[i + 2] == 0xa9)))
			at_start = after_num = in_num = 0;
		if (!indent && (!special || ch == '\t')) {
			run++;
			continue;
		}
		if (run > 0)
			strbuf_printf(b, "%.*s", (int)run, s + i - run);
		run = 0;
		if (indent)
			strbuf_printf(b, "&#%d;", ch);
		else if (ch == '\r') {
			if (i + 1 < len && p[i + 1] == '\n')
				i++;
			md_break(b, mode);
			at_start = line_start = mode == MD_QUOTE;
		} else if (ch == '\n') {
			md_break(b, mode);
			at_start = line_start = mode == MD_QUOTE;
		} else if (ch < 0x20)
			strbuf_printf(b, "\xe2\x90%c", (char)(0x80 + ch));
		else if (ch == 0x7f)
			strbuf_printf(b, "\xe2\x90\xa1");
		else if (ch < 0x80)
			strbuf_printf(b, "\\%c", (char)ch);
		else if (ch == 0xc2 && i + 1 < len && p[i + 1] >= 0x80 &&
		    p[i + 1] <= 0x9f) {
			i++;	/* C1 control: U+0080 to U+009F */
			strbuf_printf(b, MD_REPLACEMENT);
		} else if (ch == 0xe2 && i + 2 < len && p[i + 1] == 0x80 &&
		    (p[i + 2] == 0xa8 || p[i + 2] == 0xa9)) {
			i += 2;	/* U+2028 line, U+2029 paragraph separator */
			md_break(b, mode);
			at_start = line_start = mode == MD_QUOTE;
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

/* A member of meta, or NULL when absent or not a non-empty string. */
static json_t *
md_meta_str(json_t *meta, const char *key)
{
	json_t *v = json_object_get(meta, key);

	return json_is_string(v) && json_string_length(v) > 0 ? v : NULL;
}

/* Does meta say anything md_who() shows? */
static int
md_meta_any(json_t *meta)
{
	static const char *const keys[] = { "platform", "user", "name",
	    "channel", "locale" };
	size_t i;

	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (md_meta_str(meta, keys[i]) != NULL)
			return 1;
	return 0;
}

/*
 * Write who meta says spoke, "**WHO**", and where, " (platform, user ID,
 * in CHANNEL, LOCALE" (the caller closes the parenthesis).  Returns 2
 * when a parenthesis was opened, 1 when there was nothing to put in it,
 * 0 when meta says nothing (and nothing was written).
 */
static int
md_who(struct strbuf *b, json_t *meta)
{
	json_t *platform = md_meta_str(meta, "platform");
	json_t *user = md_meta_str(meta, "user");
	json_t *name = md_meta_str(meta, "name");
	json_t *channel = md_meta_str(meta, "channel");
	json_t *locale = md_meta_str(meta, "locale");
	const char *sep = "";

	if (!md_meta_any(meta))
		return 0;
	strbuf_printf(b, "**");
	if (name != NULL || user != NULL)
		md_text(b, json_string_value(name ? name : user),
		    json_string_length(name ? name : user), MD_INLINE);
	else
		strbuf_printf(b, "You");
	strbuf_printf(b, "**");
	if (!platform && !(name && user) && !channel && !locale)
		return 1;
	strbuf_printf(b, " (");
	if (platform != NULL) {
		md_text(b, json_string_value(platform),
		    json_string_length(platform), MD_INLINE);
		sep = ", ";
	}
	if (name != NULL && user != NULL) {
		strbuf_printf(b, "%suser ", sep);
		md_text(b, json_string_value(user), json_string_length(user),
		    MD_INLINE);
		sep = ", ";
	}
	if (channel != NULL) {
		strbuf_printf(b, "%sin ", sep);
		md_text(b, json_string_value(channel),
		    json_string_length(channel), MD_INLINE);
		sep = ", ";
	}
	if (locale != NULL) {
		strbuf_printf(b, "%s", sep);
		md_text(b, json_string_value(locale),
		    json_string_length(locale), MD_INLINE);
	}
	return 2;
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
	/* who opened it, only when the open said (PROTOCOL.md 5.9) */
	if (md_meta_any(json_object_get(rec, "meta"))) {
		strbuf_printf(b, "\n- Opened by: ");
		if (md_who(b, json_object_get(rec, "meta")) == 2)
			strbuf_printf(b, ")");
		if (json_is_string(json_object_get(rec, "integration"))) {
			strbuf_printf(b, ", through ");
			md_field(b, rec, "integration");
		}
	}
	strbuf_printf(b, "\n\nThis rendering is derived from the signed JSON "
	    "transcript and is not signed itself.\n\n");
}

/*
 * The words a person saw for question qid and its choice cid (may be
 * NULL): the question's text and the choice's label, from the latest
 * server messages before record upto that offered them.  Either is NULL
 * when the transcript holds none: ids are never shown in their place.
 */
static void
md_choice_words(json_t *records, size_t upto, const char *qid,
    const char *cid, json_t **qtext, json_t **clabel)
{
	size_t i = upto, k;
	json_t *msg, *ch;

	*qtext = *clabel = NULL;
	while (qid != NULL && i-- > 1 &&
	    (*qtext == NULL || (cid != NULL && *clabel == NULL))) {
		const char *dir, *q, *type, *id;

		dir = json_string_value(json_object_get(json_array_get(records,
		    i), "dir"));
		msg = json_object_get(json_array_get(records, i), "msg");
		q = json_string_value(json_object_get(msg, "question"));
		type = json_string_value(json_object_get(msg, "type"));
		if (dir == NULL || strcmp(dir, "server") != 0 || q == NULL ||
		    strcmp(q, qid) != 0)
			continue;
		if (*qtext == NULL && type != NULL &&
		    strcmp(type, "question") == 0 &&
		    json_is_string(json_object_get(msg, "text")))
			*qtext = json_object_get(msg, "text");
		if (cid == NULL || *clabel != NULL)
			continue;
		json_array_foreach(json_object_get(msg, "choices"), k, ch) {
			id = json_string_value(json_object_get(ch, "id"));
			if (id != NULL && strcmp(id, cid) == 0 &&
			    json_is_string(json_object_get(ch, "label"))) {
				*clabel = json_object_get(ch, "label");
				break;
			}
		}
	}
}

/* A JSON string as one line of text, between curly quotes. */
static void
md_quoted(struct strbuf *b, json_t *v)
{
	strbuf_printf(b, "\xe2\x80\x9c");
	md_text(b, json_string_value(v), json_string_length(v), MD_INLINE);
	strbuf_printf(b, "\xe2\x80\x9d");
}

/*
 * What the client did: its words quoted; another act in words ("*answered
 * “question”: “choice”*", "*what would change*"): command names read with
 * spaces, questions and choices by their texts, never by id.
 */
static void
md_client(struct strbuf *b, json_t *rec, json_t *msg, const char *type,
    json_t *records, size_t at)
{
	const char *verb = type, *qid, *cid;
	json_t *qtext, *clabel;
	char v[64];
	size_t i;

	switch (md_who(b, json_object_get(msg, "meta"))) {
	case 2:
		strbuf_printf(b, "; ");		/* who spoke, where: meta */
		break;
	case 1:
		strbuf_printf(b, " (");
		break;
	default:
		strbuf_printf(b, "**You** (");
	}
	md_field(b, rec, "time");
	strbuf_printf(b, ")");
	if (strcmp(type, "say") == 0) {
		strbuf_printf(b, ":\n\n");
		md_quote(b, json_object_get(msg, "text"));
		strbuf_printf(b, "\n");
		return;
	}
	if (strcmp(type, "command") == 0 &&
	    json_string_value(json_object_get(msg, "command")) != NULL)
		verb = json_string_value(json_object_get(msg, "command"));
	else if (strcmp(type, "choose") == 0)
		verb = "answered";
	for (i = 0; verb[i] != '\0' && i < sizeof(v) - 1; i++)
		v[i] = verb[i] == '_' ? ' ' : verb[i];
	v[i] = '\0';
	qid = json_string_value(json_object_get(msg, "question"));
	cid = json_string_value(json_object_get(msg, "choice"));
	md_choice_words(records, at, qid, cid, &qtext, &clabel);
	strbuf_printf(b, ": *");
	md_text(b, v, strlen(v), MD_INLINE);
	if (qid != NULL) {
		strbuf_printf(b, " ");
		if (qtext != NULL)
			md_quoted(b, qtext);
		else
			strbuf_printf(b, "a question");
	}
	if (cid != NULL) {
		strbuf_printf(b, ": ");
		if (clabel != NULL)
			md_quoted(b, clabel);
		else
			strbuf_printf(b, "an answer");
	}
	strbuf_printf(b, "*\n\n");
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
			md_client(&b, rec, msg, type, json_object_get(root,
			    "records"), i);
		else
			md_server(&b, msg);
	}
	json_decref(root);
	return strbuf_finish(&b, NULL);
}
