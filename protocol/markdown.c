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
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "strbuf.h"
#include "jsonflat.h"
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

/* Written as it is wherever it stands (md_text()'s fast path). */
static int
md_plain(unsigned char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
	    (ch >= 0x80 && ch != 0xc2 && ch != 0xe2);
}

/* A line break in s's mode. */
static void
md_break(struct strbuf *b, enum md_mode mode)
{
	if (mode == MD_QUOTE)
		strbuf_append(b, "\n> ", 3);
	else
		strbuf_putc(b, ' ');
}

/*
 * Would the blanks at p[i] (opening a quoted line) indent its text four
 * columns or more: four spaces, or a tab among the blanks?
 */
static int
md_indents_code(const unsigned char *p, size_t len, size_t i)
{
	size_t n;

	for (n = 0; i + n < len && (p[i + n] == ' ' || p[i + n] == '\t'); n++)
		if (p[i + n] == '\t' || n + 1 >= 4)
			return 1;
	return 0;
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
		size_t j;

		/*
		 * Letters, and UTF-8 but what may start a control or a line
		 * break (0xc2, 0xe2), are written as they are and leave the
		 * line's start behind; spaces too but where they would indent
		 * a quoted line.  Skip them at once (most of a text).
		 */
		if (md_plain(ch) || (ch == ' ' && !line_start)) {
			int word = 0;	/* a letter: no longer at the start */

			for (j = i; j < len && (md_plain(p[j]) || p[j] == ' ');
			    j++)
				word |= p[j] != ' ';
			run += j - i;
			i = j - 1;
			if (word)
				at_start = 0;
			line_start = after_num = in_num = 0;
			continue;
		}
		int punct = (ch >= '!' && ch <= '/') || (ch >= ':' &&
		    ch <= '@') || (ch >= '[' && ch <= '`') || (ch >= '{' &&
		    ch <= '~');
		int special = ch < 0x20 || ch == 0x7f || ch == 0xc2 ||
		    ch == 0xe2 || (punct && md_needs_escape(p, len, i,
		    at_start, after_num));
		/*
		 * Blanks opening a quoted line are written as they are while
		 * they indent less than four columns (CommonMark 4.4: up to
		 * three are allowed before any block, and readers of the
		 * Markdown see spaces).  Four or more, or a tab, would make
		 * the rest an indented code block: the first blank is then
		 * written as a character reference, which is text.
		 */
		int indent = line_start && (ch == ' ' || ch == '\t') &&
		    md_indents_code(p, len, i);

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
		/* runs hold no NUL (a control: special), so append as %.*s */
		if (run > 0)
			strbuf_append(b, s + i - run, run);
		run = 0;
		if (indent)	/* "&#32;" or "&#9;", as "&#%d;" wrote it */
			strbuf_append(b, ch == ' ' ? "&#32;" : "&#9;",
			    ch == ' ' ? 5 : 4);
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
		else if (ch < 0x80) {
			strbuf_putc(b, '\\');
			strbuf_putc(b, (char)ch);
		}
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
		strbuf_append(b, s + len - run, run);
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

/* A JSON string as one line of text, between curly quotes. */
static void
md_quoted(struct strbuf *b, json_t *v)
{
	strbuf_printf(b, "\xe2\x80\x9c");
	md_text(b, json_string_value(v), json_string_length(v), MD_INLINE);
	strbuf_printf(b, "\xe2\x80\x9d");
}

static void	md_words_find(const struct tr_md *, const char *,
		    const char *, json_t **, json_t **);

/*
 * What the client did: its words quoted; another act in words ("*answered
 * “question”: “choice”*", "*what would change*"): command names read with
 * spaces, questions and choices by their texts (as words has learnt them
 * from the records before), never by id.  time: the record's time (tlen
 * bytes; NULL: it has none).
 */
static void
md_client(struct strbuf *b, const char *time, size_t tlen, json_t *msg,
    const char *type, const struct tr_md *words)
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
	if (time != NULL)
		md_text(b, time, tlen, MD_INLINE);
	else
		strbuf_printf(b, "?");
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
	md_words_find(words, qid, cid, &qtext, &clabel);
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

/*
 * The members of a message that md_server() and md_words_learn() read
 * (any other is never rendered); NULL where absent.  A server message
 * kept for later (tr_md_message()) is kept as these alone, referenced.
 */
struct md_srv {
	json_t		*type, *plain, *message, *question, *text, *choices;
	long long	 seq;	/* json_integer_value() of "seq" */
	const char	*plain_bytes;	/* or plain as bytes (in the
					   arena, md_keep(): a message
					   written straight to bytes,
					   tr_md_server()); or NULL */
	size_t		 plain_len;
};

/* s from msg's members (not referenced). */
static void
md_srv_of(json_t *msg, struct md_srv *s)
{
	s->type = json_object_get(msg, "type");
	s->seq = (long long)json_integer_value(json_object_get(msg, "seq"));
	s->plain = json_object_get(msg, "plain");
	s->message = json_object_get(msg, "message");
	s->question = json_object_get(msg, "question");
	s->text = json_object_get(msg, "text");
	s->choices = json_object_get(msg, "choices");
	s->plain_bytes = NULL;
	s->plain_len = 0;
}

static void
md_srv_incref(struct md_srv *s)
{
	(void)json_incref(s->type);
	(void)json_incref(s->plain);
	(void)json_incref(s->message);
	(void)json_incref(s->question);
	(void)json_incref(s->text);
	(void)json_incref(s->choices);
}

static void
md_srv_decref(struct md_srv *s)
{
	json_decref(s->type);
	json_decref(s->plain);
	json_decref(s->message);
	json_decref(s->question);
	json_decref(s->text);
	json_decref(s->choices);
	s->plain_bytes = NULL;	/* the arena's (md_keep()) */
}

static void
md_server(struct strbuf *b, const struct md_srv *s)
{
	json_t *text = s->plain;

	if (s->plain_bytes == NULL && !json_is_string(text))
		text = s->message;
	strbuf_printf(b, "**Advisor** (");
	if (json_is_string(s->type))
		md_text(b, json_string_value(s->type),
		    json_string_length(s->type), MD_INLINE);
	else
		strbuf_printf(b, "?");
	if (s->plain_bytes == NULL && !json_is_string(text)) {
		/*
		 * Nothing to quote (an integration's "opened"): the event
		 * alone, not a heading with a colon and nothing under it
		 * (nu47 F11)
		 */
		strbuf_printf(b, ", #%lld)\n\n", s->seq);
		return;
	}
	strbuf_printf(b, ", #%lld):\n\n", s->seq);
	if (s->plain_bytes != NULL) {
		/* md_quote() of the string these bytes make */
		strbuf_printf(b, "> ");
		md_text(b, s->plain_bytes, s->plain_len, MD_QUOTE);
		strbuf_printf(b, "\n");
	} else
		md_quote(b, text);
	strbuf_printf(b, "\n");
}

/* ---- the rendering, built record by record ----------------------------- */

/*
 * The words a person saw for each question id, kept as records come: the
 * latest question text, and for each (question, choice) the latest label.
 * Ids compare as C strings (strcmp()).  Either is absent when the
 * transcript offered none: ids are never shown in their place.
 */
struct md_word {
	char	*qid;
	char	*cid;		/* NULL: the question's text */
	json_t	*text;		/* a string */
};

/*
 * A record's dir, kept: "client" and "server" (nearly every one) as
 * constants, anything else copied; md_dir_free() frees only copies.
 */
static const char md_dir_client[] = "client", md_dir_server[] = "server";

static const char *
md_dir_keep(const char *dir)
{
	if (dir == NULL)
		return NULL;
	if (strcmp(dir, md_dir_client) == 0)
		return md_dir_client;
	if (strcmp(dir, md_dir_server) == 0)
		return md_dir_server;
	return strdup(dir);
}

static void
md_dir_free(const char *dir)
{
	if (dir != md_dir_client && dir != md_dir_server)
		free((char *)dir);
}

static int	md_add_parts(struct tr_md *, json_t *, const char *, size_t,
		    const char *, json_t *, const struct md_srv *);

/*
 * A message kept for rendering later (tr_md_message()).  Its time, when
 * it has one, is kept in place (the daemon's times are short), or copied
 * when longer: md_pend_time() gives it.
 */
#define MD_TIME_KEPT	40

struct md_pending {
	const char	*dir;		/* or NULL; see md_dir_keep() */
	char		*time;		/* a copy, or NULL: tkept or none */
	int		 has_time;
	char		 tkept[MD_TIME_KEPT];
	json_t		*msg;		/* a client message; else NULL */
	const char	*bytes;		/* or its canonical bytes, parsed
					   when rendered (in the arena,
					   md_keep()); else NULL */
	size_t		 blen;
	struct md_srv	 srv;		/* any other: what is read of it */
};

/*
 * The messages kept, in chunks that are never moved: 8 entries, then
 * twice the last up to MD_PCHUNK_MAX.  One array doubled by realloc
 * copied a conversation's whole list at each doubling, onto fresh pages
 * (a page fault each); conversations that advance together (a load
 * generator's round robin) doubled in the same few rounds, 800 copies in
 * 50 ms (RESULTS.md, round 44, st44).  A new chunk touches no page until
 * its entries are filled.
 */
#define MD_PCHUNK_MAX	64

struct md_pchunk {
	struct md_pchunk *next;
	size_t		 n, cap;
	struct md_pending e[];
};

/*
 * The bytes the messages kept hold (a client message's canonical bytes, a
 * server message's plain text), copied one after another into chunks
 * that are never moved, all freed when they are rendered (md_flush()):
 * a malloc() and a free() per message cost a third of keeping it
 * (RESULTS.md, round 46b).  A chunk is MD_BCHUNK_MIN bytes, then twice
 * the last up to MD_BCHUNK_MAX, or the size of one larger message.
 */
#define MD_BCHUNK_MIN	2048
#define MD_BCHUNK_MAX	(64 * 1024)

struct md_bchunk {
	struct md_bchunk *next;
	size_t		 len, cap;
	char		 b[];
};

struct tr_md {
	struct strbuf	 b;
	uint64_t	 records;
	struct md_word	*w;
	size_t		 nw, capw;
	struct md_pchunk *phead, *ptail;	/* not rendered yet, in order */
	struct md_bchunk *bhead;	/* the arena, its newest chunk first */
	int		 failed;	/* out of memory: the text is not whole */
};

/*
 * A copy of bytes (len long) in m's arena, valid until md_bytes_drop();
 * NULL when out of memory.
 */
static const char *
md_keep(struct tr_md *m, const char *bytes, size_t len)
{
	struct md_bchunk *k = m->bhead;
	char *at;

	if (k == NULL || k->cap - k->len < len) {
		size_t cap = k == NULL ? MD_BCHUNK_MIN : k->cap * 2 >
		    MD_BCHUNK_MAX ? MD_BCHUNK_MAX : k->cap * 2;

		if (cap < len)
			cap = len;
		if (cap > SIZE_MAX - offsetof(struct md_bchunk, b) ||
		    (k = malloc(offsetof(struct md_bchunk, b) + cap)) == NULL)
			return NULL;
		k->next = m->bhead;
		k->len = 0;
		k->cap = cap;
		m->bhead = k;
	}
	at = k->b + k->len;
	if (len > 0)
		memcpy(at, bytes, len);
	k->len += len;
	return at;
}

/* Free m's arena: no message kept refers to it any more. */
static void
md_bytes_drop(struct tr_md *m)
{
	struct md_bchunk *k;

	while ((k = m->bhead) != NULL) {
		m->bhead = k->next;
		free(k);
	}
}

struct tr_md *
tr_md_new(void)
{
	struct tr_md *m = calloc(1, sizeof(*m));

	if (m == NULL)
		return NULL;
	strbuf_init(&m->b, 16);	/* an idle conversation: its header alone */
	if (m->b.p == NULL) {
		free(m);
		return NULL;
	}
	return m;
}

void
tr_md_free(struct tr_md *m)
{
	struct md_pchunk *k;
	size_t i;

	if (m == NULL)
		return;
	for (i = 0; i < m->nw; i++) {
		free(m->w[i].qid);
		free(m->w[i].cid);
		json_decref(m->w[i].text);
	}
	free(m->w);
	while ((k = m->phead) != NULL) {
		for (i = 0; i < k->n; i++) {
			md_dir_free(k->e[i].dir);
			free(k->e[i].time);
			json_decref(k->e[i].msg);
			md_srv_decref(&k->e[i].srv);
		}
		m->phead = k->next;
		free(k);
	}
	md_bytes_drop(m);
	free(m->b.p);
	free(m);
}

static struct md_word *
md_words_get(const struct tr_md *m, const char *qid, const char *cid)
{
	size_t i;

	for (i = m->nw; i-- > 0; )
		if (strcmp(m->w[i].qid, qid) == 0 && (cid == NULL ?
		    m->w[i].cid == NULL : m->w[i].cid != NULL &&
		    strcmp(m->w[i].cid, cid) == 0))
			return &m->w[i];
	return NULL;
}

static void
md_words_find(const struct tr_md *m, const char *qid, const char *cid,
    json_t **qtext, json_t **clabel)
{
	struct md_word *w;

	*qtext = *clabel = NULL;
	if (qid == NULL)
		return;
	if ((w = md_words_get(m, qid, NULL)) != NULL)
		*qtext = w->text;
	if (cid != NULL && (w = md_words_get(m, qid, cid)) != NULL)
		*clabel = w->text;
}

/*
 * Keep v (a string, referenced: strings are never changed) as the words
 * of (qid, cid); -1 when out of memory.
 */
static int
md_words_set(struct tr_md *m, const char *qid, const char *cid, json_t *v)
{
	struct md_word *w = md_words_get(m, qid, cid), *nw;
	json_t *copy = json_incref(v);

	if (w != NULL) {
		json_decref(w->text);
		w->text = copy;
		return 0;
	}
	if (m->nw == m->capw) {
		size_t cap = m->capw ? m->capw * 2 : 16;

		if ((nw = reallocarray(m->w, cap, sizeof(*nw))) == NULL) {
			json_decref(copy);
			return -1;
		}
		m->w = nw;
		m->capw = cap;
	}
	w = &m->w[m->nw];
	w->qid = strdup(qid);
	w->cid = cid != NULL ? strdup(cid) : NULL;
	w->text = copy;
	if (w->qid == NULL || (cid != NULL && w->cid == NULL)) {
		free(w->qid);
		free(w->cid);
		json_decref(copy);
		return -1;
	}
	m->nw++;
	return 0;
}

/*
 * What a server record (not the header) offers for later client records:
 * the latest record wins, and within a record the first choice with that
 * id and a label (hence backwards).
 */
static int
md_words_learn(struct tr_md *m, const char *dir, const struct md_srv *s)
{
	const char *q = json_string_value(s->question);
	const char *type = json_string_value(s->type);
	json_t *choices = s->choices, *ch, *text;
	const char *id;
	size_t k;

	if (dir == NULL || strcmp(dir, "server") != 0 || q == NULL)
		return 0;
	text = s->text;
	if (type != NULL && strcmp(type, "question") == 0 &&
	    json_is_string(text) && md_words_set(m, q, NULL, text) == -1)
		return -1;
	for (k = json_array_size(choices); k-- > 0; ) {
		ch = json_array_get(choices, k);
		id = json_string_value(json_object_get(ch, "id"));
		if (id != NULL && json_is_string(json_object_get(ch,
		    "label")) && md_words_set(m, q, id, json_object_get(ch,
		    "label")) == -1)
			return -1;
	}
	return 0;
}

/*
 * One more record of a transcript, rendered as tr_markdown() renders it
 * in a file: the header first (record 0), then the messages; time and
 * dir may be NULL (the record lacks them).  -1 when out of memory (m is
 * then to be freed: its text is incomplete).
 */
static int
md_add(struct tr_md *m, json_t *rec, const char *time, size_t tlen,
    const char *dir, json_t *msg)
{
	struct md_srv s;

	md_srv_of(msg, &s);
	return md_add_parts(m, rec, time, tlen, dir, msg, &s);
}

/*
 * md_add(), given what is read of msg as s (msg itself is read only for
 * a client message, and may be NULL for any other).
 */
static int
md_add_parts(struct tr_md *m, json_t *rec, const char *time, size_t tlen,
    const char *dir, json_t *msg, const struct md_srv *s)
{
	const char *type = json_string_value(s->type);

	if (m->b.p == NULL)
		return -1;
	if (m->records++ == 0)
		md_header(&m->b, rec);
	else {
		if (type == NULL || dir == NULL)
			;
		else if (strcmp(dir, "client") == 0)
			md_client(&m->b, time, tlen, msg, type, m);
		else
			md_server(&m->b, s);
		if (md_words_learn(m, dir, s) == -1)
			return -1;
	}
	return m->b.p != NULL ? 0 : -1;
}

static const char *
md_pend_time(const struct md_pending *p)
{
	return p->time != NULL ? p->time : p->has_time ? p->tkept : NULL;
}

/*
 * Render the messages kept (tr_md_message()), in order, and drop them;
 * the first chunk stays for the next ones.
 */
static void
md_flush(struct tr_md *m)
{
	struct md_pchunk *k, *next;
	struct md_pending *p;
	const char *time;
	size_t i;

	for (k = m->phead; k != NULL; k = k->next) {
		for (i = 0; i < k->n; i++) {
			p = &k->e[i];
			time = md_pend_time(p);
			/* as the file's parse would take it (jsonflat.h) */
			if (p->bytes != NULL && !m->failed &&
			    (p->msg = jsonflat_load(p->bytes, p->blen, NULL,
			    NULL)) == NULL && (p->msg = json_loadb(p->bytes,
			    p->blen, 0, NULL)) == NULL)
				m->failed = 1;
			p->bytes = NULL;
			if (!m->failed && (p->msg != NULL ? md_add(m, NULL,
			    time, time != NULL ? strlen(time) : 0, p->dir,
			    p->msg) : md_add_parts(m, NULL, time, time != NULL ?
			    strlen(time) : 0, p->dir, NULL, &p->srv)) == -1)
				m->failed = 1;
			md_dir_free(p->dir);
			free(p->time);
			json_decref(p->msg);
			md_srv_decref(&p->srv);
		}
	}
	md_bytes_drop(m);
	if ((k = m->phead) == NULL)
		return;
	for (k = k->next; k != NULL; k = next) {
		next = k->next;
		free(k);
	}
	m->phead->n = 0;
	m->phead->next = NULL;
	m->ptail = m->phead;
}

/* Add a record given whole (the header first), after those kept. */
int
tr_md_record(struct tr_md *m, json_t *rec)
{
	json_t *time = json_object_get(rec, "time");

	md_flush(m);
	if (m->failed)
		return -1;
	return md_add(m, rec, json_string_value(time),
	    json_string_length(time), json_string_value(json_object_get(rec,
	    "dir")), json_object_get(rec, "msg"));
}


/*
 * Keep a message for the rendering: msg (client; referenced) or srv
 * (server; its references are taken over, and dropped on failure).
 */
static int
md_pend(struct tr_md *m, const char *dir, const char *time, json_t *msg,
    struct md_srv *srv)
{
	struct md_pchunk *k = m->ptail;
	struct md_pending *p;
	size_t tlen;

	if (m->records == 0 || m->failed) {
		md_srv_decref(srv);
		return -1;	/* the header comes first */
	}
	if (k == NULL || k->n == k->cap) {
		size_t cap = k == NULL ? 8 : k->cap * 2 > MD_PCHUNK_MAX ?
		    MD_PCHUNK_MAX : k->cap * 2;

		if ((k = malloc(offsetof(struct md_pchunk, e) +
		    cap * sizeof(k->e[0]))) == NULL) {
			md_srv_decref(srv);
			return -1;
		}
		k->next = NULL;
		k->n = 0;
		k->cap = cap;
		if (m->ptail != NULL)
			m->ptail->next = k;
		else
			m->phead = k;
		m->ptail = k;
	}
	p = &k->e[k->n];
	p->srv = *srv;
	p->msg = json_incref(msg);
	p->bytes = NULL;
	p->dir = md_dir_keep(dir);
	p->has_time = time != NULL;
	p->time = NULL;
	tlen = time != NULL ? strlen(time) : 0;
	if (time != NULL && tlen < sizeof(p->tkept))
		memcpy(p->tkept, time, tlen + 1);
	else if (time != NULL && (p->time = strdup(time)) == NULL)
		p->has_time = -1;	/* no memory */
	if ((dir != NULL && p->dir == NULL) || p->has_time == -1) {
		md_dir_free(p->dir);
		free(p->time);
		json_decref(p->msg);
		md_srv_decref(&p->srv);
		return -1;
	}
	k->n++;
	return 0;
}

/*
 * Add a message record (not the header) given as its parts: what
 * tr_md_record() does with {"dir":dir,"time":time,"msg":msg}, without
 * building it.  It is rendered when the text is asked for (tr_md_text()),
 * so that a turn does not pay for a rendering that only a transcript
 * request or the end needs; meanwhile what the rendering reads of msg is
 * kept by reference (strings are never changed; msg may be).
 */
int
tr_md_message(struct tr_md *m, const char *dir, const char *time,
    json_t *msg)
{
	struct md_srv srv;

	memset(&srv, 0, sizeof(srv));
	if (dir != NULL && strcmp(dir, "client") == 0)
		return md_pend(m, dir, time, msg, &srv); /* read whole */
	md_srv_of(msg, &srv);
	md_srv_incref(&srv);
	return md_pend(m, dir, time, NULL, &srv);
}

/*
 * tr_md_message() of a client message given as its canonical bytes (len
 * long; a copy is kept): it is parsed when rendered, so that a turn
 * whose message was decoded without a tree (proto.h) makes none.  The
 * caller has checked that the file's parse takes these bytes too.
 */
int
tr_md_client_bytes(struct tr_md *m, const char *time, const char *bytes,
    size_t len)
{
	struct md_srv srv;
	const char *copy;

	memset(&srv, 0, sizeof(srv));
	/* md_pend() refuses before the header: nothing is kept then */
	if (m->records == 0 || m->failed ||
	    (copy = md_keep(m, bytes, len)) == NULL)
		return -1;
	if (md_pend(m, "client", time, NULL, &srv) == -1)
		return -1;
	m->ptail->e[m->ptail->n - 1].bytes = copy;
	m->ptail->e[m->ptail->n - 1].blen = len;
	return 0;
}

/*
 * A message type as a JSON string: the types a turn sends, made once and
 * shared (strings are never changed; one thread, the daemon's loop), any
 * other made anew.  A new reference, or NULL.
 */
static json_t *
md_type_string(const char *type)
{
	static const char *const names[] = {
		"answer", "notice", "question", "recommendation"
	};
	static json_t *made[sizeof(names) / sizeof(names[0])];
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(type, names[i]) == 0) {
			if (made[i] == NULL &&
			    (made[i] = json_string_nocheck(names[i])) == NULL)
				return NULL;
			return json_incref(made[i]);
		}
	return json_string_nocheck(type);
}

/*
 * tr_md_message() of a server message given as its parts (p; nothing of
 * it is kept but new references): the strings become the JSON values
 * md_srv_of() would have found in the message (p->jquestion and p->jtext,
 * when given, are those of question and text, referenced).
 */
int
tr_md_server(struct tr_md *m, const char *time, const struct tr_md_parts *p)
{
	struct md_srv srv;

	memset(&srv, 0, sizeof(srv));
	if (m->records == 0 || m->failed)
		return -1;
	srv.seq = p->seq;
	srv.question = json_incref(p->jquestion);
	srv.text = json_incref(p->jtext);
	if ((p->type != NULL &&
	    (srv.type = md_type_string(p->type)) == NULL) ||
	    (p->plain != NULL && (srv.plain_bytes = md_keep(m, p->plain,
	    p->plain_len)) == NULL) ||
	    (p->question != NULL && srv.question == NULL &&
	    (srv.question = json_string_nocheck(p->question)) == NULL) ||
	    (p->text != NULL && srv.text == NULL &&
	    (srv.text = json_string_nocheck(p->text)) == NULL)) {
		md_srv_decref(&srv);
		return -1;
	}
	if (p->plain != NULL)
		srv.plain_len = p->plain_len;
	srv.choices = json_incref(p->choices);
	return md_pend(m, "server", time, NULL, &srv);
}

/*
 * The rendering so far, as tr_markdown() makes it (malloc'd), or NULL
 * (out of memory, now or before).  The messages kept are rendered now.
 */
char *
tr_md_text(struct tr_md *m)
{
	md_flush(m);
	return !m->failed && m->b.p != NULL ? strndup(m->b.p, m->b.len) :
	    NULL;
}

/*
 * tr_md_text() without the copy, for a rendering that ends here (the
 * final transcript): the text is handed over; m holds none after (free
 * it).  The copy of a long conversation's Markdown cost the loop tens of
 * ms.
 */
char *
tr_md_take(struct tr_md *m)
{
	md_flush(m);
	if (m->failed || m->b.p == NULL)
		return NULL;
	return strbuf_finish(&m->b, NULL);
}

/*
 * A Markdown rendering for people, derived from the file (not signed):
 * the header, then each turn, the user's words and the advisor's plain
 * text.  Returns malloc'd text, or NULL when the file does not parse.
 * Its records go one by one through the rendering a live conversation
 * builds (tr_md_record()), so that both say the same.
 */
char *
tr_markdown(const char *content, size_t len)
{
	json_t *root = json_loadb(content, len, 0, NULL), *rec;
	struct tr_md *m;
	char *text = NULL;
	size_t i;

	if (root == NULL)
		return NULL;
	if ((m = tr_md_new()) != NULL) {
		json_array_foreach(json_object_get(root, "records"), i, rec)
			if (tr_md_record(m, rec) == -1)
				break;
		if (i == json_array_size(json_object_get(root, "records")))
			text = strbuf_finish(&m->b, NULL);
		tr_md_free(m);
	}
	json_decref(root);
	return text;
}
