/* SPDX-License-Identifier: ISC */
/*
 * wrap.c: text laid out for the width of the terminal.
 *
 * advisor chat prints what render.c lays out (numbered choices, cited
 * claims, a framed recommendation); a long line of it would otherwise be
 * cut anywhere by the terminal, in the middle of a word, and lose its
 * indentation.  wrap_write() breaks each line at spaces so that it fits,
 * and starts every continuation under the text of its line: after the
 * indentation and a list marker ("  2. ", "  - ") or a leading label
 * ("Sources: "), so a numbered choice or a citation stays one block.
 * A word wider than the line is put on a line of its own, whole (URLs
 * and source names stay copyable).  Width is counted in characters
 * (UTF-8 sequences), terminal escapes ("\033[1m") count none.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "advisor.h"

#define WRAP_DEFAULT	80
#define WRAP_MIN	20	/* narrower than this: as if this wide */
#define WRAP_MAX	1000

/*
 * The width to wrap at: the terminal's (TIOCGWINSZ on fd), else
 * $COLUMNS, else 80; bounded to WRAP_MIN..WRAP_MAX.
 */
int
wrap_width(int fd)
{
	struct winsize ws;
	const char *env = getenv("COLUMNS");
	long w = 0;
	char *end;

	if (ioctl(fd, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		w = ws.ws_col;
	else if (env != NULL && *env != '\0') {
		w = strtol(env, &end, 10);
		if (*end != '\0')
			w = 0;
	}
	if (w <= 0)
		w = WRAP_DEFAULT;
	if (w < WRAP_MIN)
		w = WRAP_MIN;
	if (w > WRAP_MAX)
		w = WRAP_MAX;
	return (int)w;
}

/* Columns taken by len bytes of s: characters, escapes excluded. */
static size_t
wrap_cols(const char *s, size_t len)
{
	size_t i, n = 0;

	for (i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)s[i];

		if (ch == '\033' && i + 1 < len && s[i + 1] == '[') {
			for (i += 2; i < len && !((s[i] >= '@' && s[i] <= '~'));
			    i++)
				;
			continue;
		}
		if ((ch & 0xc0) != 0x80)
			n++;
	}
	return n;
}

/*
 * Bytes of line (len bytes) that form its hanging indent: leading blanks,
 * then a list marker ("12. ", "3) ", "- ", "* ") or a first word ending
 * in ':' ("Sources: "), with the blanks after it.
 */
static size_t
wrap_hang(const char *line, size_t len)
{
	size_t i = 0, m;

	while (i < len && line[i] == ' ')
		i++;
	m = i;
	while (m < len && line[m] >= '0' && line[m] <= '9')
		m++;
	if (m > i && m + 1 < len && (line[m] == '.' || line[m] == ')') &&
	    line[m + 1] == ' ')
		m += 1;
	else if (i + 1 < len && (line[i] == '-' || line[i] == '*') &&
	    line[i + 1] == ' ')
		m = i + 1;
	else {
		for (m = i; m < len && line[m] != ' '; m++)
			;
		if (!(m > i + 1 && m < len && line[m - 1] == ':'))
			return i;
	}
	while (m < len && line[m] == ' ')
		m++;
	return m < len ? m : i;
}

/* One line (no '\n') of len bytes onto fp, wrapped at width. */
static void
wrap_line(FILE *fp, const char *line, size_t len, size_t width)
{
	size_t hang = wrap_hang(line, len), indent, col, i, ws, we;

	indent = wrap_cols(line, hang);
	if (indent > width / 2)
		indent = width / 2;	/* keep room for the text */
	fwrite(line, 1, hang, fp);
	col = wrap_cols(line, hang);
	for (i = hang; i < len; i = we) {
		/* the blanks before the next word, and the word */
		for (ws = i; ws < len && line[ws] == ' '; ws++)
			;
		for (we = ws; we < len && line[we] != ' '; we++)
			;
		if (we == ws) {		/* trailing blanks */
			fwrite(line + i, 1, len - i, fp);
			break;
		}
		if (col > indent && col + wrap_cols(line + i, we - i) > width) {
			fprintf(fp, "\n%*s", (int)indent, "");
			col = indent;
			i = ws;		/* no blanks at a line's start */
		}
		fwrite(line + i, 1, we - i, fp);
		col += wrap_cols(line + i, we - i);
	}
}

/* Write len bytes of text onto fp with every line wrapped at width. */
void
wrap_write(FILE *fp, const char *text, size_t len, int width)
{
	const char *nl;
	size_t n;

	while (len > 0) {
		nl = memchr(text, '\n', len);
		n = nl != NULL ? (size_t)(nl - text) : len;
		wrap_line(fp, text, n, (size_t)width);
		if (nl == NULL)
			break;
		fputc('\n', fp);
		text += n + 1;
		len -= n + 1;
	}
}
