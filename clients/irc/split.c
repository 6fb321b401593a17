/* SPDX-License-Identifier: ISC */
/*
 * split.c: text as IRC message lines.
 *
 * An IRC line is at most 512 bytes with its CRLF (RFC 1459 2.3), and what
 * other users receive carries the bridge's own prefix
 * (":nick!user@host PRIVMSG #chan :"), so a line of text must fit in what
 * remains.  Text is cut at line breaks, then at the last space that fits,
 * and a word longer than a line is cut between UTF-8 characters, never
 * inside one.  Control characters (CR, LF, NUL, ...) never reach the wire:
 * they would end the line or forge another command.
 */
#include <stdlib.h>
#include <string.h>

#include "split.h"

/* The longest prefix of s (n bytes) of at most max bytes, ending at a
 * UTF-8 character boundary. */
static size_t
utf8_fit(const char *s, size_t n, size_t max)
{
	size_t k;

	if (n <= max)
		return n;
	k = max;
	while (k > 0 && ((unsigned char)s[k] & 0xc0) == 0x80)
		k--;
	return k > 0 ? k : max;
}

/* Append lead and n bytes of s as a line that ends at offset end of the
 * text.  -1 when full (SPLIT_MAX_LINES) or out of memory. */
static int
push(struct split *sp, const char *lead, const char *s, size_t n, size_t end)
{
	size_t ll = strlen(lead), *e;
	char *line, **v;

	if (sp->n == SPLIT_MAX_LINES)
		return -1;
	if (sp->n == sp->cap) {
		size_t cap = sp->cap ? sp->cap * 2 : 8;

		if ((v = realloc(sp->lines, cap * sizeof(*v))) == NULL)
			return -1;
		sp->lines = v;
		if ((e = realloc(sp->ends, cap * sizeof(*e))) == NULL)
			return -1;
		sp->ends = e;
		sp->cap = cap;
	}
	if ((line = malloc(ll + n + 1)) == NULL)
		return -1;
	memcpy(line, lead, ll);
	memcpy(line + ll, s, n);
	line[ll + n] = '\0';
	sp->ends[sp->n] = end;
	sp->lines[sp->n++] = line;
	return 0;
}

/*
 * Split text into sp->lines, each "lead" followed by at most budget -
 * strlen(lead) bytes of text (budget: the bytes of text a line may carry).
 * Empty lines are left out; sp->ends[k] is the offset in text just after
 * line k's words, where a reply cut short after line k resumes.  Returns the number of lines, or -1 when the
 * budget leaves no room or SPLIT_MAX_LINES would be passed (the lines up
 * to there are kept).
 */
int
split_text(struct split *sp, const char *text, size_t budget, const char *lead)
{
	size_t room, len = strlen(text), i = 0;
	char *clean;

	memset(sp, 0, sizeof(*sp));
	if (budget <= strlen(lead) + 8)
		return -1;
	room = budget - strlen(lead);
	if ((clean = malloc(len + 1)) == NULL)
		return -1;
	/* tabs become spaces; other controls but the line break go */
	for (i = 0; i <= len; i++) {
		unsigned char ch = (unsigned char)text[i];

		clean[i] = ch == '\t' ? ' ' : (ch < 0x20 && ch != '\n' &&
		    ch != '\0') || ch == 0x7f ? ' ' : (char)ch;
	}
	for (i = 0; i < len; ) {
		size_t end = i, n;

		while (end < len && clean[end] != '\n')
			end++;
		while (i < end) {
			while (i < end && clean[i] == ' ')
				i++;
			if (i == end)
				break;
			n = end - i;
			if (n > room) {
				size_t cut = room, fit;

				/* the last space that fits: the word stays whole */
				while (cut > 0 && clean[i + cut] != ' ')
					cut--;
				if (cut == 0)
					cut = utf8_fit(clean + i, n, room);
				fit = cut;
				while (fit > 0 && clean[i + fit - 1] == ' ')
					fit--;
				if (push(sp, lead, clean + i, fit, i + cut) == -1)
					goto full;
				i += cut;
				continue;
			}
			while (n > 0 && clean[i + n - 1] == ' ')
				n--;
			if (push(sp, lead, clean + i, n, end) == -1)
				goto full;
			i = end;
		}
		i = end + 1;
	}
	free(clean);
	return (int)sp->n;
full:
	free(clean);
	return -1;
}

void
split_free(struct split *sp)
{
	size_t i;

	for (i = 0; i < sp->n; i++)
		free(sp->lines[i]);
	free(sp->lines);
	free(sp->ends);
	memset(sp, 0, sizeof(*sp));
}
