/*
 * kb_phrases.c: the words a knowledge base gives its users: command names
 * and the phrases that say them, help, prompts and examples.
 *
 * The command names are the protocol's ("what_would_change"); this table
 * is the only list of them.  "start" is not a protocol command (a client
 * says hello), but users may say it ("continue", "hi").
 */
#include <ctype.h>
#include <stddef.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "kb.h"

static const struct {
	const char	*name;
	int		 wire;		/* a protocol command */
} commands[KB_NCOMMANDS] = {
	[KB_CMD_START] =	{ "start", 0 },
	[KB_CMD_BACK] =		{ "back", 1 },
	[KB_CMD_CHANGE] =	{ "change", 1 },
	[KB_CMD_RESTART] =	{ "restart", 1 },
	[KB_CMD_WHY] =		{ "why", 1 },
	[KB_CMD_WHAT_IF] =	{ "what_if", 1 },
	[KB_CMD_WHAT_CHANGES] =	{ "what_would_change", 1 },
	[KB_CMD_SUMMARY] =	{ "summary", 1 },
	[KB_CMD_HELP] =		{ "help", 1 },
	[KB_CMD_SKIP] =		{ "skip", 1 },
	[KB_CMD_UNSURE] =	{ "unsure", 1 },
	[KB_CMD_RECOMMEND] =	{ "recommend", 1 },
	[KB_CMD_TABLE] =	{ "table", 1 },
};

const char *
kb_command_name(enum kb_command c)
{
	return (unsigned)c < KB_NCOMMANDS ? commands[c].name : "unknown";
}

/* The command named name, or -1. */
int
kb_command_find(const char *name)
{
	size_t i;

	for (i = 0; i < KB_NCOMMANDS; i++)
		if (strcmp(commands[i].name, name) == 0)
			return (int)i;
	return -1;
}

/* May a client send command c in a "command" message? */
int
kb_command_on_wire(enum kb_command c)
{
	return (unsigned)c < KB_NCOMMANDS && commands[c].wire;
}

/*
 * Lowercase text, keep letters, digits and single spaces, drop the rest:
 * "Why?" -> "why", "What would change it?" -> "what would change it".
 * Apostrophes vanish ("don't" -> "dont").  Returns the length written.
 */
size_t
kb_squash(const char *text, size_t len, char *out, size_t outlen)
{
	size_t i, n = 0;
	int space = 0;

	for (i = 0; i < len && n + 1 < outlen; i++) {
		unsigned char c = (unsigned char)text[i];

		if (isalnum(c) || c == '\'') {
			if (space && n > 0)
				out[n++] = ' ';
			space = 0;
			if (n + 1 < outlen && c != '\'')
				out[n++] = (char)tolower(c);
		} else
			space = 1;
	}
	out[n] = '\0';
	return n;
}

/* ---- loading ---------------------------------------------------------- */

#define PHRASE_MAX	600	/* bytes of a text */
#define SAY_MAX		100	/* bytes of a command phrase */

struct ploader {
	struct kb	*kb;
	const char	*file;
	struct errlist	*errs;
};

static void perr(struct ploader *, const char *, const char *, ...)
    __attribute__((format(printf, 3, 4)));

/* Report "file: path: message", as the rest of the loader does. */
static void
perr(struct ploader *P, const char *path, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	(void)vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	errlist_add(P->errs, "%s: %s: %s", P->file, path, msg);
}

/* A non-empty string of at most max bytes, copied into the kb; or NULL. */
static const char *
phrases_str(struct ploader *P, json_t *v, const char *path, size_t max)
{
	size_t len;

	if (v == NULL)		/* phrases_keys() reports what is required */
		return NULL;
	if (!json_is_string(v)) {
		perr(P, path, "expected a string");
		return NULL;
	}
	len = json_string_length(v);
	if (len == 0 || strspn(json_string_value(v), " \t\r\n") == len) {
		perr(P, path, "empty string");
		return NULL;
	}
	if (len > max || memchr(json_string_value(v), '\0', len) != NULL) {
		perr(P, path, "longer than %zu bytes, or holds a NUL", max);
		return NULL;
	}
	return arena_strndup(&P->kb->arena, json_string_value(v), len);
}

/* Every key of obj is one of allowed[]; every one of required[] is there. */
static int
phrases_keys(struct ploader *P, json_t *obj, const char *path,
    const char *const *allowed, const char *const *required)
{
	const char *key;
	json_t *v;
	size_t i;

	if (!json_is_object(obj)) {
		perr(P, path, "expected an object");
		return -1;
	}
	json_object_foreach(obj, key, v) {
		for (i = 0; allowed[i] != NULL && strcmp(allowed[i], key) != 0;
		    i++)
			;
		if (allowed[i] == NULL)
			perr(P, path, "unknown field '%s'", key);
	}
	for (i = 0; required[i] != NULL; i++)
		if (json_object_get(obj, required[i]) == NULL)
			perr(P, path, "missing field '%s'", required[i]);
	return 0;
}

/*
 * An array of command phrases at path, squashed into *out.  A phrase that
 * squashes to nothing, or that another command already says, is refused:
 * the engine could never hear it, or would hear the wrong command.
 */
static size_t
phrases_says(struct ploader *P, json_t *arr, const char *path, int cmd,
    int check_dups, const char ***out)
{
	struct kb_phrases *ph = &P->kb->phrases;
	char p[256], sq[SAY_MAX + 1];
	size_t i, n = 0, c, k;
	json_t *v;

	if (!json_is_array(arr) || json_array_size(arr) == 0 ||
	    json_array_size(arr) > KB_MAX_SAYS) {
		perr(P, path, "expected an array of 1 to %d phrases",
		    KB_MAX_SAYS);
		return 0;
	}
	if ((*out = arena_calloc(&P->kb->arena, json_array_size(arr),
	    sizeof(**out))) == NULL)
		return 0;
	json_array_foreach(arr, i, v) {
		const char *s;

		(void)snprintf(p, sizeof(p), "%s[%zu]", path, i);
		if ((s = phrases_str(P, v, p, SAY_MAX)) == NULL)
			continue;
		if (kb_squash(s, strlen(s), sq, sizeof(sq)) == 0) {
			perr(P, p, "'%s' has no letters or digits", s);
			continue;
		}
		for (c = 0; check_dups && c < KB_NCOMMANDS; c++)
			for (k = 0; (int)c != cmd && k < ph->nsays[c]; k++)
				if (strcmp(ph->says[c][k], sq) == 0)
					perr(P, p, "'%s' already says '%s'", s,
					    commands[c].name);
		for (k = 0; k < n; k++)
			if (strcmp((*out)[k], sq) == 0)
				perr(P, p, "'%s' is listed twice", s);
		(*out)[n++] = arena_strdup(&P->kb->arena, sq);
		if (check_dups && cmd >= 0)
			ph->nsays[cmd] = n;	/* seen by the next checks */
	}
	return n;
}

/* "commands" and "prefixes": objects keyed by command name. */
static void
phrases_commands(struct ploader *P, json_t *obj, const char *path,
    int prefixes)
{
	struct kb_phrases *ph = &P->kb->phrases;
	const char *key;
	char p[256];
	json_t *v;
	int c;

	if (obj == NULL)
		return;
	if (!json_is_object(obj)) {
		perr(P, path, "expected an object");
		return;
	}
	json_object_foreach(obj, key, v) {
		(void)snprintf(p, sizeof(p), "%s.%s", path, key);
		c = kb_command_find(key);
		if (c < 0 || (prefixes && c != KB_CMD_WHAT_IF &&
		    c != KB_CMD_CHANGE)) {
			perr(P, p, prefixes ? "unknown command '%s' (prefixes "
			    "are for what_if and change)" : "unknown command "
			    "'%s'", key);
			continue;
		}
		if (prefixes)
			ph->nprefixes[c] = phrases_says(P, v, p, c, 0,
			    &ph->prefixes[c]);
		else
			ph->nsays[c] = phrases_says(P, v, p, c, 1,
			    &ph->says[c]);
	}
}

/*
 * "help": the text before the list, and the lines of the list (at most
 * KB_MAX_HELP), each a command as shown and what it does.
 */
static void
phrases_help(struct ploader *P, json_t *obj, const char *path)
{
	static const char *const allowed[] = { "text", "commands", NULL };
	static const char *const line_keys[] = { "command", "text", NULL };
	struct kb_phrases *ph = &P->kb->phrases;
	json_t *arr, *v;
	char p[256];
	size_t i;

	if (phrases_keys(P, obj, path, allowed, allowed) == -1)
		return;
	(void)snprintf(p, sizeof(p), "%s.text", path);
	ph->help = phrases_str(P, json_object_get(obj, "text"), p,
	    PHRASE_MAX);
	(void)snprintf(p, sizeof(p), "%s.commands", path);
	arr = json_object_get(obj, "commands");
	if (arr == NULL)
		return;
	if (!json_is_array(arr) || json_array_size(arr) > KB_MAX_HELP) {
		perr(P, p, "expected an array of at most %d lines",
		    KB_MAX_HELP);
		return;
	}
	if ((ph->help_lines = arena_calloc(&P->kb->arena,
	    json_array_size(arr) + 1, sizeof(*ph->help_lines))) == NULL)
		return;
	json_array_foreach(arr, i, v) {
		struct kb_help_line *hl = &ph->help_lines[ph->nhelp_lines];

		(void)snprintf(p, sizeof(p), "%s.commands[%zu]", path, i);
		if (phrases_keys(P, v, p, line_keys, line_keys) == -1)
			continue;
		(void)snprintf(p, sizeof(p), "%s.commands[%zu].command", path,
		    i);
		hl->command = phrases_str(P, json_object_get(v, "command"), p,
		    SAY_MAX);
		(void)snprintf(p, sizeof(p), "%s.commands[%zu].text", path, i);
		hl->text = phrases_str(P, json_object_get(v, "text"), p,
		    PHRASE_MAX);
		if (hl->command != NULL && hl->text != NULL)
			ph->nhelp_lines++;
	}
}

/*
 * "reading": the words that tell how to read free text: the user speaking
 * of themselves, a question rather than a statement, a choice by number.
 */
static void
phrases_reading(struct ploader *P, json_t *obj)
{
	static const char *const keys[] = { "first_person", "question_starts",
	    "number_words", NULL };
	struct kb_phrases *ph = &P->kb->phrases;

	if (obj == NULL || phrases_keys(P, obj, "$.phrases.reading", keys,
	    keys) == -1)
		return;
	if (json_object_get(obj, "first_person") != NULL)
		ph->nfirst_person = phrases_says(P, json_object_get(obj,
		    "first_person"), "$.phrases.reading.first_person", -1, 0,
		    &ph->first_person);
	if (json_object_get(obj, "question_starts") != NULL)
		ph->nquestion_starts = phrases_says(P, json_object_get(obj,
		    "question_starts"), "$.phrases.reading.question_starts", -1,
		    0, &ph->question_starts);
	if (json_object_get(obj, "number_words") != NULL)
		ph->nnumber_words = phrases_says(P, json_object_get(obj,
		    "number_words"), "$.phrases.reading.number_words", -1, 0,
		    &ph->number_words);
}

/*
 * Load the "phrases" object of dialogue.json (obj; NULL when absent) into
 * kb->phrases, every problem reported to errs as "file: path: message".
 * Returns 0, or -1 when something was wrong.
 */
int
kb_phrases_load(struct kb *kb, json_t *obj, const char *file,
    struct errlist *errs)
{
	static const char *const allowed[] = { "commands", "prefixes", "help",
	    "ask", "retry", "need_more", "unclear_target", "unclear_choice",
	    "refine", "after_verdict", "reading", NULL };
	static const char *const required[] = { "commands", "help", "ask",
	    "retry", "need_more", "unclear_target", "unclear_choice",
	    "refine", "after_verdict", "reading", NULL };
	static const struct {
		const char	*key;
		size_t		 off;
	} texts[] = {
		{ "ask", offsetof(struct kb_phrases, ask) },
		{ "need_more", offsetof(struct kb_phrases, need_more) },
		{ "unclear_target", offsetof(struct kb_phrases,
		    unclear_target) },
		{ "unclear_choice", offsetof(struct kb_phrases,
		    unclear_choice) },
		{ "refine", offsetof(struct kb_phrases, refine) },
		{ "after_verdict", offsetof(struct kb_phrases, after_verdict) },
	};
	char p[64];
	size_t i;
	static const char *const retry[] = { "choose", "free", "more", NULL };
	struct kb_phrases *ph = &kb->phrases;
	struct ploader P = { kb, file, errs };
	size_t before = errlist_count(errs);
	json_t *r;

	memset(ph, 0, sizeof(*ph));
	if (obj == NULL) {
		perr(&P, "$", "missing field 'phrases'");
		return -1;
	}
	if (phrases_keys(&P, obj, "$.phrases", allowed, required) == -1)
		return -1;
	phrases_commands(&P, json_object_get(obj, "commands"),
	    "$.phrases.commands", 0);
	phrases_commands(&P, json_object_get(obj, "prefixes"),
	    "$.phrases.prefixes", 1);
	if (json_object_get(obj, "help") != NULL)
		phrases_help(&P, json_object_get(obj, "help"),
		    "$.phrases.help");
	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		(void)snprintf(p, sizeof(p), "$.phrases.%s", texts[i].key);
		*(const char **)((char *)ph + texts[i].off) = phrases_str(&P,
		    json_object_get(obj, texts[i].key), p, PHRASE_MAX);
	}
	phrases_reading(&P, json_object_get(obj, "reading"));
	r = json_object_get(obj, "retry");
	if (r != NULL && phrases_keys(&P, r, "$.phrases.retry", retry,
	    retry) == 0) {
		ph->retry_choose = phrases_str(&P, json_object_get(r, "choose"),
		    "$.phrases.retry.choose", PHRASE_MAX);
		ph->retry_free = phrases_str(&P, json_object_get(r, "free"),
		    "$.phrases.retry.free", PHRASE_MAX);
		ph->retry_more = phrases_str(&P, json_object_get(r, "more"),
		    "$.phrases.retry.more", PHRASE_MAX);
	}
	return errlist_count(errs) == before ? 0 : -1;
}
