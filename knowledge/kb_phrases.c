/* SPDX-License-Identifier: ISC */
/*
 * kb_phrases.c: the commands a user can give, named once for every layer,
 * and kb_squash(), the form in which phrases are compared.  The phrases
 * themselves are the knowledge base's (kb_load_phrases.c loads them).
 *
 * The command names are the protocol's ("what_would_change"); this table
 * is the only list of them.  "start" is not a protocol command (a client
 * says hello), but users may say it ("continue", "hi").
 */
#include <string.h>

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
 * Squashed text sq relaxed into out (outsz bytes, KB_RELAX_MAX for a
 * phrase): spaces dropped and each run of one letter kept once, so that
 * drawn-out and run-together words meet their phrase ("hellooo" and
 * "helo" are "hello", "thankyou" is "thank you").
 */
void
kb_relax(const char *sq, char *out, size_t outsz)
{
	size_t n = 0;

	for (; *sq != '\0' && n + 1 < outsz; sq++)
		if (*sq != ' ' && (n == 0 || out[n - 1] != *sq))
			out[n++] = *sq;
	out[n] = '\0';
}

/*
 * Lowercase text, keep letters, digits and single spaces, drop the rest:
 * "Why?" -> "why", "What would change it?" -> "what would change it".
 * Apostrophes vanish ("don't" -> "dont").  Returns the length written.
 * Letters and digits are those of the C locale, which no program of the
 * project leaves (none calls setlocale()), tested without a call per
 * byte.
 */
size_t
kb_squash(const char *text, size_t len, char *out, size_t outlen)
{
	size_t i, n = 0;
	int space = 0;

	for (i = 0; i < len && n + 1 < outlen; i++) {
		unsigned char c = (unsigned char)text[i];

		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    (c >= 'A' && c <= 'Z') || c == '\'') {
			if (space && n > 0)
				out[n++] = ' ';
			space = 0;
			if (n + 1 < outlen && c != '\'')
				out[n++] = (char)(c >= 'A' && c <= 'Z' ?
				    c + ('a' - 'A') : c);
		} else
			space = 1;
	}
	out[n] = '\0';
	return n;
}

/*
 * What cmd_words packs for a word (kb_load_phrases.c): the verbs' bits,
 * then the objects' KB_NCOMMANDS bits up, then 1 + the command it cues
 * 2 * KB_NCOMMANDS bits up; all of it below bit 31.
 */
_Static_assert(2 * KB_NCOMMANDS + 5 <= 31, "commands fit a strmap value");

/*
 * The commands word w (len bytes, no NUL in them) is a verb, an object
 * or a cue of, as a scan of each command's lists (phrases.verbs, objects,
 * cues) for an entry equal to it would find: one lookup in cmd_words,
 * or that scan when the map was not made.
 */
struct kb_cmd_word
kb_cmd_word(const struct kb_phrases *ph, const char *w, size_t len)
{
	struct kb_cmd_word r = { 0, 0, -1 };
	unsigned mask = (1u << KB_NCOMMANDS) - 1;
	int32_t v;
	size_t c, i;

	if (ph->cmd_words.cap > 0) {
		if ((v = strmap_getn(&ph->cmd_words, w, len)) >= 0) {
			r.verbs = (unsigned)v & mask;
			r.objects = ((unsigned)v >> KB_NCOMMANDS) & mask;
			r.cue = (int)((unsigned)v >> (2 * KB_NCOMMANDS)) - 1;
		}
		return r;
	}
	for (c = 0; c < KB_NCOMMANDS; c++) {
		for (i = 0; i < ph->nverbs[c]; i++)
			if (strncmp(w, ph->verbs[c][i], len) == 0 &&
			    ph->verbs[c][i][len] == '\0')
				r.verbs |= 1u << c;
		for (i = 0; i < ph->nobjects[c]; i++)
			if (strncmp(w, ph->objects[c][i], len) == 0 &&
			    ph->objects[c][i][len] == '\0')
				r.objects |= 1u << c;
		for (i = 0; i < ph->ncues[c] && r.cue < 0; i++)
			if (strncmp(w, ph->cues[c][i], len) == 0 &&
			    ph->cues[c][i][len] == '\0')
				r.cue = (int)c;
	}
	return r;
}

/*
 * The KB_LISTED_* bits of the lists (fillers, first_person, ...) that
 * hold w (len bytes, no NUL in them) as an entry, whole: 0 when
 * none does.  (w, len) is in fillers exactly when match_in_list(w, len,
 * ph->fillers, ph->nfillers) says so, and so on.
 */
unsigned
kb_listed(const struct kb_phrases *ph, const char *w, size_t len)
{
	int32_t v = strmap_getn(&ph->listed, w, len);

	return v < 0 ? 0 : (unsigned)v;
}

/*
 * Is a word of squashed sq (words between single spaces; leading or
 * repeated spaces skipped) an entry of one of the lists of bits
 * (KB_LISTED_*)?  What text_has_word(sq, list, n) says of each list.
 */
int
kb_listed_word(const struct kb_phrases *ph, const char *sq, unsigned bits)
{
	const char *p = sq;
	size_t len;

	while (*p != '\0') {
		for (len = 0; p[len] != '\0' && p[len] != ' '; len++)
			;
		if (kb_listed(ph, p, len) & bits)
			return 1;
		p += len;
		while (*p == ' ')
			p++;
	}
	return 0;
}
