/* SPDX-License-Identifier: ISC */
/*
 * render.c: server messages for a terminal.
 *
 * Most messages are shown as the server's own `plain` rendering, which
 * numbers choices and words commands for text-only chats.  Two are laid
 * out here: an answer, whose claims get compact numbered citations with
 * one line of sources, and a recommendation, framed, with its reasons,
 * caveats and assumptions under headings and its sources at the end.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "advisor.h"

#define MAX_SOURCES	64

struct sources {
	const char	*name[MAX_SOURCES];
	const char	*section[MAX_SOURCES];
	size_t		 n;
};

/* Use bold only on a terminal, and never when NO_COLOR is set. */
int
render_tty(FILE *fp)
{
	return isatty(fileno(fp)) && getenv("NO_COLOR") == NULL;
}

static const char *
str(const json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));

	return s != NULL ? s : "";
}

/*
 * The section of citation c as a reader can find it: a number the
 * article prints ("4.2"); a section known by an id only ("9.table",
 * "intro") is the knowledge base's own name and is not shown (the web
 * page's rule, clients/web/render.js sectionOf()).
 */
static const char *
render_section(const json_t *c)
{
	const char *sec = str(c, "section"), *p = sec;

	for (;;) {
		if (*p < '0' || *p > '9')
			return "";
		while (*p >= '0' && *p <= '9')
			p++;
		if (*p == '\0')
			return sec;
		if (*p++ != '.')
			return "";
	}
}

/* The 1-based number of citation c's source and section, added if new. */
static size_t
source_ref(struct sources *s, const json_t *c)
{
	const char *name = str(c, "source"), *sec = render_section(c);
	size_t i;

	for (i = 0; i < s->n; i++)
		if (strcmp(s->name[i], name) == 0 &&
		    strcmp(s->section[i], sec) == 0)
			return i + 1;
	if (s->n == MAX_SOURCES)
		return 0;
	s->name[s->n] = name;
	s->section[s->n] = sec;
	return ++s->n;
}

static int
cmp_size(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;

	return x < y ? -1 : x > y;
}

/* " [1,2]": the sources of an array of citations, in order. */
static void
print_refs(FILE *fp, struct sources *s, const json_t *cits)
{
	size_t i, n = 0, seen[MAX_SOURCES];
	const json_t *c;

	json_array_foreach(cits, i, c) {
		size_t r = source_ref(s, c), k;

		for (k = 0; k < n && seen[k] != r; k++)
			;
		if (r != 0 && k == n && n < MAX_SOURCES)
			seen[n++] = r;
	}
	qsort(seen, n, sizeof(seen[0]), cmp_size);
	for (i = 0; i < n; i++)
		fprintf(fp, "%s%zu", i == 0 ? " [" : ",", seen[i]);
	if (n > 0)
		fputc(']', fp);
}

static void
print_sources(FILE *fp, const struct sources *s)
{
	size_t i;

	if (s->n == 0)
		return;
	fprintf(fp, "Sources:");
	for (i = 0; i < s->n; i++)
		fprintf(fp, "%s [%zu] %s%s%s", i ? ";" : "", i + 1, s->name[i],
		    *s->section[i] ? " §" : "", s->section[i]);
	fputc('\n', fp);
}

/*
 * What an answer's text says before its first claim, on a line of its
 * own: the direct answer ("In short, for Rust: $145k-$185k (median US
 * salary)."), a comparison's verdict, or what the article has nothing on
 * (PROTOCOL.md 7.3).  The citations list only the claims.
 */
static void
render_answer_lead(FILE *fp, const char *text, const char *first)
{
	const char *at;
	size_t n;

	if (*first == '\0' || (at = strstr(text, first)) == NULL)
		return;
	n = (size_t)(at - text);
	while (n > 0 && (text[n - 1] == ' ' || text[n - 1] == '\n'))
		n--;
	if (n > 0)
		fprintf(fp, "%.*s\n", (int)n, text);
}

static void
render_answer(FILE *fp, const json_t *m)
{
	const json_t *cits = json_object_get(m, "citations"), *c;
	struct sources s;
	size_t i;

	if (!json_is_true(json_object_get(m, "covered")) ||
	    json_array_size(cits) == 0) {
		fprintf(fp, "%s\n", str(m, "plain"));
		return;
	}
	render_answer_lead(fp, str(m, "text"),
	    str(json_array_get(cits, 0), "text"));
	memset(&s, 0, sizeof(s));
	json_array_foreach(cits, i, c) {
		fprintf(fp, "%s [%zu]\n", str(c, "text"), source_ref(&s, c));
	}
	print_sources(fp, &s);
}

/* Does reason x weigh for verdict (its weights: {"rust": 6})? */
static int
render_reason_for(const json_t *x, const char *verdict)
{
	return json_number_value(json_object_get(json_object_get(x,
	    "weights"), verdict)) > 0;
}

static void
render_recommendation(FILE *fp, const json_t *m, int tty, int width)
{
	static const char rule0[] = "----------------------------------------"
	    "----------------------------";
	char rule[sizeof(rule0)];
	const json_t *list, *x;
	struct sources s;
	size_t i, n;
	json_int_t remaining = json_integer_value(json_object_get(m,
	    "remaining"));

	/* the frame: as wide as the terminal allows, 68 at most */
	(void)snprintf(rule, sizeof(rule), "%.*s", width > 0 &&
	    (size_t)width < sizeof(rule0) ? width : (int)sizeof(rule0) - 1,
	    rule0);
	memset(&s, 0, sizeof(s));
	fprintf(fp, "%s\n  %s%s: %s%s   (confidence %s, %.0f%%)\n", rule,
	    tty ? "\033[1m" : "", json_is_true(json_object_get(m, "quick")) ?
	    "Quick recommendation" : "Recommendation", str(m, "label"),
	    tty ? "\033[0m" : "", str(m, "confidence_label"),
	    json_number_value(json_object_get(m, "confidence")) * 100);
	if (*str(m, "summary"))
		fprintf(fp, "  %s\n", str(m, "summary"));
	fprintf(fp, "%s\n", rule);
	/* the reasons for the verdict, then those against it (PROTOCOL
	 * 7.1: a rule's weights; the server lists those against last) */
	list = json_object_get(m, "reasons");
	n = 0;
	json_array_foreach(list, i, x) {
		if (!render_reason_for(x, str(m, "verdict")))
			continue;
		if (n == 0)
			fprintf(fp, "Why:\n");
		fprintf(fp, "  %zu. %s", ++n, str(x, "text"));
		print_refs(fp, &s, json_object_get(x, "citations"));
		fputc('\n', fp);
	}
	n = 0;
	json_array_foreach(list, i, x) {
		if (render_reason_for(x, str(m, "verdict")))
			continue;
		if (n++ == 0)
			fprintf(fp, "Against it:\n");
		fprintf(fp, "  - %s", str(x, "text"));
		print_refs(fp, &s, json_object_get(x, "citations"));
		fputc('\n', fp);
	}
	list = json_object_get(m, "caveats");
	if (json_array_size(list) > 0)
		fprintf(fp, "Keep in mind:\n");
	json_array_foreach(list, i, x) {
		fprintf(fp, "  - %s", str(x, "text"));
		print_refs(fp, &s, json_object_get(x, "citations"));
		fputc('\n', fp);
	}
	/* those the message spoke of ("spoken") were said, just not
	 * settled: never "you didn't say" of them */
	list = json_object_get(m, "assumptions");
	n = 0;
	json_array_foreach(list, i, x)
		if (!json_is_true(json_object_get(x, "spoken")))
			fprintf(fp, "%s  - %s %s\n", n++ == 0 ? "Assumed, "
			    "since you didn't say:\n" : "", str(x, "text"),
			    str(x, "label"));
	n = 0;
	json_array_foreach(list, i, x)
		if (json_is_true(json_object_get(x, "spoken")))
			fprintf(fp, "%s  - %s %s\n", n++ == 0 ? "Assumed, "
			    "since what you said does not settle it:\n" : "",
			    str(x, "text"), str(x, "label"));
	print_sources(fp, &s);
	if (remaining > 0)
		fprintf(fp, "(%lld more question%s could refine this; answer "
		    "the next one, or ask 'why?' or 'what would change it?')\n",
		    (long long)remaining, remaining == 1 ? "" : "s");
}

/*
 * Drop, in place, what a terminal would act on: C0 controls but '\n' and
 * '\t', DEL, and C1 controls (U+0080 to U+009F, 0xc2 0x80..0x9f in UTF-8).
 * A server's text must not move the cursor, retitle the window or
 * rewrite what was shown before.
 */
void
render_strip(char *s)
{
	unsigned char *r = (unsigned char *)s, *w = r;

	for (; *r != '\0'; r++) {
		if (*r == 0xc2 && r[1] >= 0x80 && r[1] <= 0x9f) {
			r++;
			continue;
		}
		if ((*r < 0x20 && *r != '\n' && *r != '\t') || *r == 0x7f)
			continue;
		*w++ = *r;
	}
	*w = '\0';
}

/* Strip every string in j (render_strip); 0, or -1 when out of memory. */
static int
render_clean(json_t *j)
{
	const char *k;
	json_t *v;
	size_t i;
	void *tmp;

	if (json_is_string(j)) {
		char *t = strdup(json_string_value(j));
		int rc;

		if (t == NULL)
			return -1;
		render_strip(t);
		rc = strlen(t) == json_string_length(j) ? 0 :
		    json_string_set(j, t);
		free(t);
		return rc;
	}
	json_array_foreach(j, i, v)
		if (render_clean(v) == -1)
			return -1;
	json_object_foreach_safe(j, tmp, k, v)
		if (render_clean(v) == -1)
			return -1;
	return 0;
}

/*
 * A copy of server message m with its strings stripped (render_strip):
 * what may be shown on a terminal.  NULL when out of memory.
 */
json_t *
render_safe(const json_t *m)
{
	json_t *c = json_deep_copy(m);

	if (c != NULL && render_clean(c) == -1) {
		json_decref(c);
		c = NULL;
	}
	return c;
}

/*
 * Lay server message m out on fp for a terminal width columns wide (0:
 * any), its control characters dropped; tty: bold headings.
 */
static void
render_layout(FILE *fp, const json_t *m0, int tty, int width)
{
	json_t *m = render_safe(m0);
	const char *type = str(m, "type");

	if (strcmp(type, "answer") == 0)
		render_answer(fp, m);
	else if (strcmp(type, "recommendation") == 0)
		render_recommendation(fp, m, tty, width);
	else if (json_is_string(json_object_get(m, "plain")))
		fprintf(fp, "%s\n", str(m, "plain"));
	else if (strcmp(type, "error") == 0)
		fprintf(fp, "! %s (%s)\n", str(m, "message"), str(m, "code"));
	json_decref(m);	/* welcome, opened, transcript...: not for people */
}

/* Show server message m on fp, its control characters dropped; tty: bold
 * headings. */
void
render_message(FILE *fp, const json_t *m, int tty)
{
	render_layout(fp, m, tty, 0);
	(void)fflush(fp);
}

/*
 * render_message(), its lines wrapped at width columns (wrap.c), as
 * advisor chat shows it on a terminal.
 */
void
render_message_wrapped(FILE *fp, const json_t *m, int tty, int width)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *mem;

	if ((mem = open_memstream(&buf, &len)) == NULL) {
		render_message(fp, m, tty);	/* out of memory: unwrapped */
		return;
	}
	render_layout(mem, m, tty, width);
	if (fclose(mem) == 0)
		wrap_write(fp, buf, len, width);
	free(buf);
	(void)fflush(fp);
}
