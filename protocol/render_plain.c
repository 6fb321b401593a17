/* SPDX-License-Identifier: ISC */
/*
 * render_plain.c: an engine event as plain text, for text-only chats:
 * choices numbered, sources in brackets, one idea per line.  The same
 * sentences are the "text" of notices, errors and prompts in the JSON
 * messages (render_json.c), so that both say the same thing.
 *
 * The words that belong to a knowledge base (help, prompts, examples)
 * come from its "phrases"; the sentence frames here name nothing of any
 * article.
 */
#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "render.h"

void
render_buf_init(struct render_buf *b)
{
	b->len = 0;
	b->full = 0;
	b->buf[0] = '\0';
}

/*
 * Does fmt convert nothing but strings and plain integers ("%s", "%d",
 * "%zu": a question's text numbers its choices and its step)?
 */
static int
render_only_s(const char *fmt)
{
	while ((fmt = strchr(fmt, '%')) != NULL) {
		if (fmt[1] == 's' || fmt[1] == 'd')
			fmt += 2;
		else if (fmt[1] == 'z' && fmt[2] == 'u')
			fmt += 3;
		else
			return 0;
	}
	return 1;
}

/* v in decimal, as "%llu" (neg: with a '-'), ending at end; its start. */
static char *
render_number(char *end, unsigned long long v, int neg)
{
	*--end = '\0';
	do {
		*--end = (char)('0' + v % 10);
		v /= 10;
	} while (v != 0);
	if (neg)
		*--end = '-';
	return end;
}

/*
 * A full buffer ends in "..." at its last bytes.  The cut backs up to the
 * start of a UTF-8 sequence, so a text that filled the buffer with
 * multi-byte characters stays valid UTF-8 (the "plain" member is a JSON
 * string, which must be).
 */
static void
render_buf_cut(struct render_buf *b)
{
	size_t at = sizeof(b->buf) - 4;

	while (at > 0 && ((unsigned char)b->buf[at] & 0xC0) == 0x80)
		at--;
	(void)memcpy(b->buf + at, "...", 4);
	b->len = at + 3;
	b->full = 1;
}

/*
 * v as "%.0f%%" prints it, into out (len >= 24): a recommendation's
 * confidence, which was its one vsnprintf() (a tenth of a walk
 * recommendation's plain text, cg_turn.sh).  For v from 0 to 1e15 the
 * digits are made here: v - floor(v) is exact there, and a tie goes to
 * the even integer as glibc's printf rounds it (to nearest, the default
 * mode); anything else (negative, -0, NaN, huge) goes to snprintf().
 */
const char *
render_pct(char *out, size_t len, double v)
{
	double r, f;
	unsigned long long u;
	char num[24], *p;
	size_t n;

	if (!(v >= 0 && v <= 1e15) || signbit(v)) {
		(void)snprintf(out, len, "%.0f%%", v);
		return out;
	}
	r = floor(v);
	f = v - r;
	u = (unsigned long long)r;
	if (f > 0.5 || (f == 0.5 && (u & 1) != 0))
		u++;
	p = render_number(num + sizeof(num), u, 0);
	n = strlen(p);
	if (n + 2 > len) {
		(void)snprintf(out, len, "%.0f%%", v);
		return out;
	}
	memcpy(out, p, n);
	out[n] = '%';
	out[n + 1] = '\0';
	return out;
}

/*
 * render_printf() of a format that converts only strings and plain
 * integers, without vsnprintf() (most of the plain text is made of
 * these): the same bytes, truncated where vsnprintf() truncates.  Returns the length it would
 * have, or -1 (nothing written past the NUL) when it does not fit.
 */
static int
render_strings(struct render_buf *b, const char *fmt, va_list ap)
{
	size_t cap = sizeof(b->buf) - 1, len = b->len, k;
	const char *s;
	char num[24];
	int d;

	while (*fmt != '\0') {
		if (*fmt == '%' && fmt[1] == 'd') {
			d = va_arg(ap, int);
			s = render_number(num + sizeof(num), d < 0 ?
			    0ULL - (unsigned long long)d : (unsigned long long)d,
			    d < 0);
			k = strlen(s);
			fmt += 2;
		} else if (*fmt == '%' && fmt[1] == 'z') {
			s = render_number(num + sizeof(num),
			    (unsigned long long)va_arg(ap, size_t), 0);
			k = strlen(s);
			fmt += 3;
		} else if (*fmt == '%') {
			if ((s = va_arg(ap, const char *)) == NULL)
				s = "(null)";	/* as glibc prints it */
			k = strlen(s);
			fmt += 2;
		} else {
			s = fmt;
			k = strcspn(fmt, "%");
			fmt += k;
		}
		if (k > cap - len) {
			memcpy(b->buf + len, s, cap - len);
			b->buf[cap] = '\0';
			return -1;
		}
		memcpy(b->buf + len, s, k);
		len += k;
	}
	b->buf[len] = '\0';
	return (int)(len - b->len);
}

/* Append to b; past its size the text ends in "..." and stays full. */
void
render_printf(struct render_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (b->full)
		return;
	va_start(ap, fmt);
	if (render_only_s(fmt))
		n = render_strings(b, fmt, ap);
	else
		n = vsnprintf(b->buf + b->len, sizeof(b->buf) - b->len, fmt,
		    ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(b->buf) - b->len) {
		render_buf_cut(b);
		return;
	}
	b->len += (size_t)n;
}

/* The text without its trailing newlines (the "plain" member). */
const char *
render_plain_trim(struct render_buf *b)
{
	while (b->len > 0 && b->buf[b->len - 1] == '\n')
		b->buf[--b->len] = '\0';
	return b->buf;
}

/* The protocol's error code for an engine error (PROTOCOL.md, section 10). */
const char *
render_error_code(enum dlg_error e)
{
	switch (e) {
	case DLG_ERR_UNKNOWN_QUESTION:	return "unknown_question";
	case DLG_ERR_UNKNOWN_CHOICE:
	case DLG_ERR_UNCLEAR_TARGET:
	case DLG_ERR_UNCLEAR_CHOICE:	return "unknown_choice";
	case DLG_ERR_NOT_APPLICABLE:	return "not_applicable";
	case DLG_ERR_NOTHING_TO_UNDO:	return "nothing_to_undo";
	case DLG_ERR_NO_QUESTION:	return "no_question";
	case DLG_ERR_MISSING_TEXT:	return "missing_text";
	case DLG_ERR_BAD_INPUT:		return "bad_input";
	}
	return "internal";
}

const char *
render_notice_name(enum dlg_notice n)
{
	static const char *const names[] = {
		[DLG_NOTICE_WELCOME] = "welcome",
		[DLG_NOTICE_UNDERSTOOD] = "understood",
		[DLG_NOTICE_UNDO] = "undo",
		[DLG_NOTICE_RESTART] = "restart",
		[DLG_NOTICE_CHANGED] = "changed",
		[DLG_NOTICE_SKIPPED] = "skipped",
		[DLG_NOTICE_UNSURE] = "unsure",
		[DLG_NOTICE_NEED_MORE] = "need_more",
		[DLG_NOTICE_SMALL_TALK] = "small_talk",
		[DLG_NOTICE_RULED_OUT] = "ruled_out",
		[DLG_NOTICE_TRUNCATED] = "truncated",
	};

	return (unsigned)n < sizeof(names) / sizeof(names[0]) ? names[n] :
	    "notice";
}

static const struct kb_question *
Q(const struct kb *kb, int q)
{
	return &kb->dialogue.questions[q];
}

/* Whether figure f is worth a source line: a bare year reads as noise. */
static int
plain_figure_shown(const struct kb_figure *f)
{
	return f->unit == NULL || strcmp(f->unit, "year") != 0;
}

/* How many of claim's figures plain_sources() shows. */
static size_t
plain_figures(const struct kb_claim *claim)
{
	size_t j, n = 0;

	for (j = 0; j < claim->nfigures; j++)
		n += plain_figure_shown(&claim->figures[j]) != 0;
	return n;
}

/*
 * A claim's source line with its figures, "  [Stack Overflow Developer
 * Survey 2025]: 72% (admired)\n": the source by its name and up to three
 * of the claim's figures, each with its label (years left out).  A pure
 * function of the claim: render_json_source_line() keeps it per claim of
 * a knowledge base, for kb_format_figure()'s printf of reals is most of
 * a recommendation's plain text.
 */
void
render_plain_source(const struct kb_claim *claim, struct render_buf *b)
{
	size_t j, shown;

	render_printf(b, "  [%s]", claim->source->name);
	for (j = 0, shown = 0; j < claim->nfigures && shown < 3; j++) {
		const struct kb_figure *f = &claim->figures[j];
		char disp[128];

		if (!plain_figure_shown(f))
			continue;
		/* with what it counts, as "In short" says it */
		(void)kb_format_figure(f, disp, sizeof(disp));
		if (f->label != NULL && *f->label != '\0')
			render_printf(b, "%s%s (%s)", shown ? ", " : ": ", disp,
			    f->label);
		else
			render_printf(b, "%s%s", shown ? ", " : ": ", disp);
		shown++;
	}
	render_printf(b, "\n");
}

/*
 * "  [Stack Overflow Developer Survey 2025]: 72% (admired)" lines: a source
 * by its name and the claim's figures (render_plain_source(), kept per
 * claim: render_json_source_line()); a claim without other figures names
 * its section ("  [the article, \"Go wins\"]"), each once.  Claim ids are
 * internal: the plain text (read by people on every text-only
 * integration) never shows them.
 */
static void
plain_sources(const struct kb *kb, struct render_buf *b,
    const struct kb_claim *const *claims, size_t n)
{
	const char *line;
	size_t i, j, len;

	for (i = 0; i < n; i++) {
		/* a source cited twice without figures reads the same twice:
		 * name the section it comes from instead, once */
		if (plain_figures(claims[i]) == 0 &&
		    claims[i]->section != NULL) {
			for (j = 0; j < i; j++)
				if (plain_figures(claims[j]) == 0 &&
				    claims[j]->source == claims[i]->source &&
				    claims[j]->section == claims[i]->section)
					break;
			if (j < i)
				continue;
			render_printf(b, "  [%s, \"%s\"]\n",
			    claims[i]->source->name,
			    claims[i]->section->title);
			continue;
		}
		/* the kept line when it fits whole; else the same printf()s,
		 * which cut the text where they always did */
		if (!b->full && (line = render_json_source_line(kb, claims[i],
		    &len)) != NULL && len < sizeof(b->buf) - b->len) {
			memcpy(b->buf + b->len, line, len + 1);
			b->len += len;
		} else
			render_plain_source(claims[i], b);
	}
}

static void
plain_choices(struct render_buf *b, const struct kb_question *qu)
{
	size_t c;

	for (c = 0; c < qu->nchoices; c++)
		render_printf(b, "  %zu. %s\n", c + 1, qu->choices[c].label);
}

/*
 * "(step 2 of about 9) Question?", the numbered choices, how to answer.
 * A question asked again to change its answer is no step further: it
 * says how many are answered and the answer it has now (e->current; the
 * step counts it among those dealt with).  A brief one (shown with its
 * choices before, unchanged since) is its line and the knowledge base's
 * pointer to the choices (phrases.ask_again), not the menu again.
 */
static void
plain_question(const struct kb *kb, const struct dlg_ev_question *e,
    struct render_buf *b)
{
	const struct kb_question *qu = Q(kb, e->question);
	const char *back = e->resume ? "Back to the walk: " : "";

	if (e->brief && kb->phrases.ask_again != NULL) {
		render_printf(b, "%s(step %d of about %d) %s\n%s", back,
		    e->step, e->of, qu->text, kb->phrases.ask_again);
		return;
	}
	/* "change my team answer" before it was answered: say there was
	 * none to change, then ask it (nu47 F13) */
	if (e->unanswered)
		render_printf(b, "You haven't answered this one yet, so there "
		    "is no answer to change; here it is.\n");
	if (e->current >= 0 && (size_t)e->current < qu->nchoices)
		render_printf(b, "%s(%d answered; your answer now: %s) %s\n",
		    back, e->step - 1, qu->choices[e->current].label,
		    qu->text);
	else
		render_printf(b, "%s(step %d of about %d) %s\n", back,
		    e->step, e->of, qu->text);
	plain_choices(b, qu);
	render_printf(b, "%s", kb->phrases.ask);
}

/*
 * The sentence a comparison leads with: the verdict of table row r, "On
 * raw CPU performance, Rust comes out ahead in the article's comparison
 * table." (in buf, size bytes).
 */
const char *
render_lead(const struct kb *kb, int r, char *buf, size_t size)
{
	const struct kb_table_row *row = &kb->rows[r];
	const char *who = row->verdict, *dim = row->dimension;
	size_t s;
	int lower;

	for (s = 0; s < kb->nsubjects; s++)
		if (strcmp(kb->subjects[s].id, row->verdict) == 0)
			who = kb->subjects[s].name;
	/* "Raw CPU performance" reads "raw CPU performance"; "CPU" stays */
	lower = dim[0] != '\0' && isupper((unsigned char)dim[0]) &&
	    islower((unsigned char)dim[1]);
	(void)snprintf(buf, size, "On %c%s, %s comes out ahead in the "
	    "article's comparison table.", lower ? tolower((unsigned char)
	    dim[0]) : dim[0], dim[0] != '\0' ? dim + 1 : "", who);
	return buf;
}

/*
 * The line of an answer to a message of more questions than it takes
 * (a->parts_over > 0: how many it answered), into buf; NULL when none.
 */
const char *
render_parts_over(const struct kb_answer *a, char *buf, size_t size)
{
	if (a->parts_over <= 0)
		return NULL;
	(void)snprintf(buf, size, "I answer up to %d questions in one "
	    "message: ask the rest after.", a->parts_over);
	return buf;
}

/*
 * What an answer leaves out: "The article has nothing on \"india\";
 * here is only what it does say." (in buf, size bytes).  With
 * a->other_subject, a cited claim of another subject says the words, and
 * what is missing is them for the subject asked: "The article does not
 * have \"tiobe\" for Rust, only for Go; here is what it does say." (Go:
 * the subject of the first cited claim not on the one asked), never as
 * if no claim said them (NEWUSER42 #3).
 */
const char *
render_missing(const struct kb *kb, const struct kb_answer *a, char *buf,
    size_t size)
{
	const struct kb_subject *holder = NULL;
	char words[2 * TEXT_TOKEN_MAX + 16];
	size_t i;

	if (a->nmissing > 1)
		(void)snprintf(words, sizeof(words), "\"%s\" or \"%s\"",
		    a->missing[0], a->missing[1]);
	else
		(void)snprintf(words, sizeof(words), "\"%s\"", a->missing[0]);
	for (i = 0; a->other_subject >= 0 && i < a->nclaims; i++)
		if (a->claims[i]->subject != NULL && a->claims[i]->subject !=
		    &kb->subjects[a->other_subject]) {
			holder = a->claims[i]->subject;
			break;
		}
	/* a topic both are compared on ("unit tests"): the claims after
	 * say something near it, never a comparison of it */
	if (a->uncompared)
		(void)snprintf(buf, size, "The article does not compare them "
		    "on %s; here is only what it does say.", words);
	else if (holder != NULL)
		(void)snprintf(buf, size, "The article does not have %s for "
		    "%s, only for %s; here is what it does say.", words,
		    kb->subjects[a->other_subject].name, holder->name);
	else if (a->other_subject >= 0)
		(void)snprintf(buf, size, "The article has nothing on %s for "
		    "%s; here is only what it does say.", words,
		    kb->subjects[a->other_subject].name);
	else
		(void)snprintf(buf, size, "The article has nothing on %s; "
		    "here is only what it does say.", words);
	return buf;
}

/*
 * An answer about another subject than the one asked about: "The
 * article has nothing on that for Rust; here is only what it says about
 * Go." (in buf, size bytes).
 */
const char *
render_other(const struct kb *kb, const struct kb_answer *a, char *buf,
    size_t size)
{
	(void)snprintf(buf, size, "The article has nothing on that for %s; "
	    "here is only what it says about %s.",
	    kb->subjects[a->other_subject].name, a->claims[0]->subject->name);
	return buf;
}

/*
 * A question comparing the subjects answered by a claim that sets them
 * only against something else (kb_answer.unranked): "The article
 * compares them only with C++; it does not say which of the two is
 * ahead there." (in buf, size bytes), so that the claim is not read as
 * a ranking it does not make.
 */
const char *
render_unranked(const struct kb_answer *a, char *buf, size_t size)
{
	(void)snprintf(buf, size, "The article compares them only with %s; "
	    "it does not say which of the two is ahead there.",
	    a->claims[0]->against);
	return buf;
}

/*
 * The figure that answers a question for a number, first: "In short,
 * for Rust: 2.26-2.8 million developers (developers worldwide)." (in
 * buf, size bytes).
 */
const char *
render_short(const struct kb_answer *a, char *buf, size_t size)
{
	const struct kb_figure *f = &a->claims[0]->figures[a->lead_figure];
	char disp[128];

	(void)kb_format_figure(f, disp, sizeof(disp));
	/* "more than 1 million developers": the claim's bound kept */
	(void)snprintf(buf, size, "In short, for %s: %s%s%s (%s).",
	    a->claims[0]->subject->name, f->qualifier != NULL ?
	    f->qualifier : "", f->qualifier != NULL ? " " : "", disp,
	    f->label);
	return buf;
}

/*
 * The subject a question naming none was read as asking about, when the
 * last question named two (kb_answer.said_subject): "For Rust:" (in buf,
 * size bytes); NULL when none was chosen, or when a lead that follows
 * names the subject itself ("In short, for Rust: ...") or compares both
 * (the table's row), another subject's note leads, or the lead claim is
 * not that subject's own ("does it matter for a crud api?" after which
 * is faster: "it" was the topic, answered for both).
 */
const char *
render_said_subject(const struct kb *kb, const struct kb_answer *a,
    char *buf, size_t size)
{
	if (a->said_subject <= 0 || (size_t)a->said_subject > kb->nsubjects ||
	    a->nclaims == 0 || a->lead_figure >= 0 || a->lead_row >= 0 ||
	    a->other_subject >= 0 ||
	    a->claims[0]->subject != &kb->subjects[a->said_subject - 1])
		return NULL;
	(void)snprintf(buf, size, "For %s:",
	    kb->subjects[a->said_subject - 1].name);
	return buf;
}

/*
 * The line that names the lead claim's source, for a message that asked
 * where what it names comes from (kb_answer.source_asked), into buf
 * (size bytes); NULL when it did not.
 */
const char *
render_source_asked(const struct kb_answer *a, char *buf, size_t size)
{
	if (!a->source_asked || a->nclaims == 0 ||
	    a->claims[0]->source == NULL)
		return NULL;
	(void)snprintf(buf, size, "Source: %s.", a->claims[0]->source->name);
	return buf;
}

/*
 * The line that names the article's sources, for a message that asked
 * for them as a whole (kb_answer.source_list), into buf (size bytes,
 * RENDER_SOURCE_LIST_MAX will do): every source a claim cites but the
 * article's own, in sources.json order, each once; NULL when it did not
 * ask, or the names do not fit (the claims still answer).
 */
const char *
render_source_list(const struct kb *kb, const struct kb_answer *a,
    char *buf, size_t size)
{
	size_t i, n, named = 0;
	int w;

	if (!a->source_list || a->nclaims == 0)
		return NULL;
	w = snprintf(buf, size, "The article draws on these sources: ");
	if (w < 0 || (size_t)w >= size)
		return NULL;
	n = (size_t)w;
	for (i = 0; i < kb->nsources; i++) {
		if (kb->sources[i].own || kb->sources[i].nclaims == 0)
			continue;
		w = snprintf(buf + n, size - n, "%s%s", named > 0 ? "; " : "",
		    kb->sources[i].name);
		if (w < 0 || (size_t)w >= size - n)
			return NULL;
		n += (size_t)w;
		named++;
	}
	if (named == 0 || n + 2 > size)
		return NULL;
	buf[n++] = '.';
	buf[n] = '\0';
	return buf;
}

/*
 * Each claim of an answer with its source, or what the KB says when it
 * does not cover the question.  A comparison leads with its verdict.
 */
static void
plain_answer(const struct kb *kb, const struct kb_answer *a,
    struct render_buf *b)
{
	char lead[256], list[RENDER_SOURCE_LIST_MAX];
	size_t i;

	if (a->nclaims == 0) {
		render_printf(b, "%s", kb->not_covered);
		return;
	}
	if (render_source_list(kb, a, list, sizeof(list)) != NULL)
		render_printf(b, "%s\n", list);
	if (a->parts_over > 0)
		render_printf(b, "%s\n", render_parts_over(a, lead,
		    sizeof(lead)));
	if (a->table_source)
		render_printf(b, "%s\n", RENDER_TABLE_SOURCE);
	if (render_source_asked(a, lead, sizeof(lead)) != NULL)
		render_printf(b, "%s\n%s%s", lead, a->no_method ?
		    RENDER_NO_METHOD : "", a->no_method ? "\n" : "");
	if (a->nmissing > 0)
		render_printf(b, "%s\n", render_missing(kb, a, lead, sizeof(lead)));
	else if (a->other_subject >= 0)
		render_printf(b, "%s\n", render_other(kb, a, lead,
		    sizeof(lead)));
	if (a->unranked)
		render_printf(b, "%s\n", render_unranked(a, lead, sizeof(lead)));
	if (render_said_subject(kb, a, lead, sizeof(lead)) != NULL)
		render_printf(b, "%s\n", lead);
	if (a->lead_figure >= 0 && a->lead_row < 0)
		render_printf(b, "%s\n", render_short(a, lead, sizeof(lead)));
	else if (a->no_figure && a->lead_row < 0 && a->nmissing == 0 &&
	    a->other_subject < 0)
		render_printf(b, "%s\n", RENDER_NO_FIGURE);
	if (a->lead_row >= 0)
		render_printf(b, "%s\n", render_lead(kb, a->lead_row, lead,
		    sizeof(lead)));
	for (i = 0; i < a->nclaims; i++)
		render_printf(b, "%s [%s]\n", a->claims[i]->text,
		    a->claims[i]->source->name);
}

#define PLAIN_QUICK_REASONS	3	/* reasons of a quick verdict shown */

/*
 * A question as the head of "question: answer": without its final
 * question mark, into buf.
 */
static const char *
plain_unask(const char *text, char *buf, size_t bufsz)
{
	size_t n = strlen(text);

	while (n > 0 && (text[n - 1] == '?' || text[n - 1] == ' '))
		n--;
	if (n >= bufsz)
		n = bufsz - 1;
	memcpy(buf, text, n);
	buf[n] = '\0';
	return buf;
}

/*
 * The verdict and confidence, the reasons for it with their sources, the
 * reasons against, caveats, assumptions, and what the user can do next.
 */
static void
plain_recommendation(const struct kb *kb,
    const struct dlg_ev_recommendation *r, struct render_buf *b)
{
	const struct kb_dialogue *dl = &kb->dialogue;
	const struct kb_outcome *oc = &dl->outcomes[r->outcome];
	/* by basis.assumed: 1 never spoken of, 2 spoken of, not settled */
	static const char *const assumed_heads[] = {
		"Assumed, since you didn't say:",
		"Assumed, since what you said does not settle it:",
	};
	size_t i, q, na;
	int n = 0, more = 0, kind;
	char qbuf[320], pct[32];

	if (r->unchanged) {
		/* asked again with nothing new: one line, not the verdict
		 * again in full (its reasons are one "why?" away) */
		render_printf(b, "Unchanged: %s (confidence %s, %s); "
		    "nothing since the last recommendation changes it.\n",
		    oc->label, dialogue_confidence_label(r->confidence),
		    render_pct(pct, sizeof(pct), r->confidence * 100));
		if (r->quick && r->remaining > 0)
			render_printf(b, "I can refine this with %d more "
			    "question%s; %s\n", r->remaining, r->remaining == 1 ?
			    "" : "s", kb->phrases.refine);
		else
			render_printf(b, "%s\n", kb->phrases.after_verdict);
		return;
	}
	render_printf(b, "%s: %s (confidence %s, %s", r->quick ?
	    "Quick recommendation" : "Recommendation", oc->label,
	    dialogue_confidence_label(r->confidence),
	    render_pct(pct, sizeof(pct), r->confidence * 100));
	if (r->basis.flips > 0)
		render_printf(b, "; %d open question%s could still change it",
		    r->basis.flips, r->basis.flips == 1 ? "" : "s");
	render_printf(b, ")\n");
	if (r->previous >= 0)	/* as the page says it */
		render_printf(b, "Before, the verdict was %s.\n",
		    dl->outcomes[r->previous].label);
	if (oc->summary != NULL)
		render_printf(b, "%s\n", oc->summary);
	render_printf(b, "Why:\n");
	for (i = 0; i < r->basis.nfired; i++) {
		const struct kb_rule *ru = &dl->rules[r->basis.fired[i]];

		if (ru->weights[r->outcome] <= 0)
			continue;
		/* a quick verdict shows its three heaviest reasons */
		if (r->quick && n == PLAIN_QUICK_REASONS) {
			more++;
			continue;
		}
		render_printf(b, "%d. %s\n", ++n, ru->reason);
		plain_sources(kb, b, ru->claims, ru->nclaims < 2 ? ru->nclaims :
		    2);
	}
	if (more > 0)
		render_printf(b, "(%d more reason%s: ask 'why?')\n", more,
		    more == 1 ? "" : "s");
	/* a reason against the verdict says which way it pushes, as "why?"
	 * does ("+1 Rust"): "Against it: You already know Go" beside a Go
	 * verdict read as a reason for Go (nu48) */
	for (i = 0; i < r->basis.nfired; i++) {
		const struct kb_rule *ru = &dl->rules[r->basis.fired[i]];
		size_t o, top = dl->noutcomes;

		if (ru->weights[r->outcome] > 0)
			continue;
		for (o = 0; o < dl->noutcomes; o++)
			if (o != (size_t)r->outcome && ru->weights[o] > 0 &&
			    (top == dl->noutcomes ||
			    ru->weights[o] > ru->weights[top]))
				top = o;
		if (top < dl->noutcomes)
			render_printf(b, "Against it (+%g towards %s): %s\n",
			    ru->weights[top], dl->outcomes[top].label,
			    ru->reason);
		else
			render_printf(b, "Against it: %s\n", ru->reason);
	}
	if (r->ncaveats > 0) {
		render_printf(b, "Keep in mind:\n");
		for (i = 0; i < r->ncaveats; i++)
			render_printf(b, "- %s\n", dl->caveats[r->caveats[i]].
			    text);
	}
	/* "question: assumed answer", one a line: those the message never
	 * spoke of, then those whose topic it named without an answer
	 * ("p99 latency matters a lot"), never "you didn't say" of these */
	for (kind = 1; kind <= 2; kind++)
		for (na = 0, q = 0; q < dl->nquestions; q++)
			if (r->basis.assumed[q] == kind) {
				if (na++ == 0)
					render_printf(b, "%s\n",
					    assumed_heads[kind - 1]);
				render_printf(b, "- %s: %s\n", plain_unask(
				    Q(kb, (int)q)->text, qbuf, sizeof(qbuf)),
				    Q(kb, (int)q)->choices[r->basis.eff[q]].
				    label);
			}
	if (r->quick && r->remaining > 0)
		render_printf(b, "I can refine this with %d more question%s; "
		    "%s\n", r->remaining, r->remaining == 1 ? "" : "s",
		    kb->phrases.refine);
	else
		render_printf(b, "%s\n", kb->phrases.after_verdict);
}

/*
 * A what-if's verdict: "If you said ... to ..., the verdict would be Go
 * (confidence 84%)", then how it compares with now.  The same outcome is
 * "the same verdict as now", never "the same as now": its confidence is
 * the answers' part alone (PROTOCOL.md 7.4) and may differ from the one
 * shown (NEWUSER42 #15: 84% read as the same as 91%).
 */
static void
plain_what_if(const struct kb *kb, const struct dlg_ev_explanation *x,
    const struct dlg_change *ch, struct render_buf *b)
{
	const struct kb_dialogue *dl = &kb->dialogue;

	render_printf(b, "If you said \"%s\" to \"%s\", the verdict would "
	    "be %s (confidence %.0f%%)%s.", Q(kb, x->question)->
	    choices[x->choice].label, Q(kb, x->question)->text,
	    dl->outcomes[ch->outcome].label, ch->confidence * 100,
	    x->outcome != ch->outcome ? (x->outcome >= 0 ? ", a change" : "") :
	    ch->confidence < x->strength - 0.1 ?
	    ", the same verdict as now but less sure" :
	    ", the same verdict as now");
}

/*
 * A what-if on a question the answers skip, read as an added part of the
 * work (x->part): what the article says of that answer (the reasons of
 * the rules it feeds, with their sources), then the verdict with the
 * answer that part makes (ch) and how it compares with now.
 */
static void
plain_what_if_part(const struct kb *kb, const struct dlg_ev_explanation *x,
    const struct dlg_change *ch, struct render_buf *b)
{
	const struct kb_dialogue *dl = &kb->dialogue;
	size_t i;

	render_printf(b, "That would add a part of its own to the work you "
	    "described (\"%s\"). The article on it:\n", Q(kb, x->question)->
	    choices[x->choice].label);
	for (i = 0; i < x->npros; i++) {
		const struct kb_rule *ru = &dl->rules[x->pros[i]];

		render_printf(b, "- %s\n", ru->reason);
		plain_sources(kb, b, ru->claims, ru->nclaims < 3 ?
		    ru->nclaims : 3);
	}
	render_printf(b, "With that part, \"%s\" would be \"%s\": the "
	    "verdict would be %s (confidence %.0f%%)%s.", Q(kb, ch->question)->
	    text, Q(kb, ch->question)->choices[ch->choice].label,
	    dl->outcomes[ch->outcome].label, ch->confidence * 100,
	    x->outcome != ch->outcome ? (x->outcome >= 0 ? ", a change" : "") :
	    ", the same verdict as now");
}

/*
 * The case for the outcome an explanation was asked about ("and rust?",
 * "why not rust then?" after Go), from the user's answers and the
 * article: the rules' reasons, the caveats' texts, each with its
 * sources; or that there is none.  plain_case() follows it with the
 * changes of answers that would make it the verdict, or that none of
 * one or two would.
 */
static void
plain_case_reasons(const struct kb *kb, const struct dlg_ev_explanation *x,
    struct render_buf *b)
{
	const struct kb_dialogue *dl = &kb->dialogue;
	const char *for_ = dl->outcomes[x->asked].label;
	size_t i;

	if (x->npros + x->ncases == 0)
		render_printf(b, "Nothing you told me points to %s, and the "
		    "article makes no case for it in your situation.\n", for_);
	else
		render_printf(b, "The case for %s here:\n", for_);
	for (i = 0; i < x->npros; i++) {
		const struct kb_rule *ru = &dl->rules[x->pros[i]];

		render_printf(b, "- %s\n", ru->reason);
		plain_sources(kb, b, ru->claims, ru->nclaims < 2 ?
		    ru->nclaims : 2);
	}
	for (i = 0; i < x->ncases; i++) {
		const struct kb_caveat *cv = &dl->caveats[x->cases[i]];

		render_printf(b, "- %s\n", cv->text);
		plain_sources(kb, b, cv->claims, cv->nclaims < 2 ?
		    cv->nclaims : 2);
	}
}

static void
plain_case(const struct kb *kb, const struct dlg_ev_explanation *x,
    struct render_buf *b)
{
	const struct kb_dialogue *dl = &kb->dialogue;
	const char *for_ = dl->outcomes[x->asked].label;
	const struct dlg_change *ch;
	size_t i;

	plain_case_reasons(kb, x, b);
	if (x->nchanges == 0) {
		render_printf(b, "No change of one or two answers would make "
		    "it %s; the verdict stays %s.\n", for_,
		    dl->outcomes[x->outcome].label);
		return;
	}
	render_printf(b, "It would be %s if%s:\n", for_, x->pairs ?
	    " two answers changed" : " one answer changed");
	for (i = 0; i < x->nchanges; i++) {
		ch = &x->changes[i];
		render_printf(b, "- %s -> \"%s\"", Q(kb, ch->question)->text,
		    Q(kb, ch->question)->choices[ch->choice].label);
		if (ch->question2 >= 0)
			render_printf(b, " and %s -> \"%s\"",
			    Q(kb, ch->question2)->text,
			    Q(kb, ch->question2)->choices[ch->choice2].label);
		render_printf(b, " (confidence %.0f%%)\n",
		    ch->confidence * 100);
	}
}

/*
 * Why a question is asked, how the verdict came about (every rule with
 * its weights), what would change it, or one what-if.
 */
static void
plain_explanation(const struct kb *kb, const struct dlg_ev_explanation *x,
    struct render_buf *b)
{
	const struct kb_dialogue *dl = &kb->dialogue;
	const struct dlg_change *ch = &x->changes[0];
	size_t i, k;

	switch (x->topic) {
	case DLG_TOPIC_WHY_QUESTION:
		render_printf(b, "Why I ask \"%s\": %s\n", Q(kb, x->question)->
		    text, Q(kb, x->question)->why);
		for (i = 0; i < x->nrules; i++)
			/* a rule's reason says "your ...": conditional here,
			 * the question may not be answered yet */
			render_printf(b, "- If that is your case: %s\n",
			    dl->rules[x->rules[i]].reason);
		break;
	case DLG_TOPIC_WHY_VERDICT:
		if (x->asked >= 0)
			plain_case_reasons(kb, x, b);
		render_printf(b, "How I got to %s:\n",
		    dl->outcomes[x->outcome].label);
		for (i = 0; i < x->basis.nfired; i++) {
			const struct kb_rule *ru = &dl->rules[x->basis.fired[i]];

			for (k = 0; k < dl->noutcomes; k++)
				if (ru->weights[k] != 0)
					render_printf(b, "%+g %s: %s\n",
					    ru->weights[k],
					    dl->outcomes[k].label, ru->reason);
			plain_sources(kb, b, ru->claims, ru->nclaims < 2 ?
			    ru->nclaims : 2);
		}
		/* ";" between totals: a label may hold a comma ("Both, by
		 * layer 0, Go 11" read as a list of four) */
		render_printf(b, "Totals:");
		for (i = 0; i < dl->noutcomes; i++)
			render_printf(b, " %s %g%s", dl->outcomes[i].label,
			    x->basis.scores[i], i + 1 < dl->noutcomes ? ";" :
			    "\n");
		break;
	case DLG_TOPIC_WHAT_WOULD_CHANGE:
		if (x->asked >= 0) {
			plain_case(kb, x, b);
			break;
		}
		if (x->nchanges == 0)
			render_printf(b, "No change of one or two answers would "
			    "change the verdict (%s).\n",
			    dl->outcomes[x->outcome].label);
		else
			render_printf(b, "The verdict (%s) would change if%s:\n",
			    dl->outcomes[x->outcome].label, x->pairs ?
			    " two answers changed" : " one answer changed");
		for (i = 0; i < x->nchanges; i++) {
			ch = &x->changes[i];
			render_printf(b, "- %s -> \"%s\"", Q(kb, ch->question)->
			    text, Q(kb, ch->question)->choices[ch->choice].
			    label);
			if (ch->question2 >= 0)
				render_printf(b, " and %s -> \"%s\"",
				    Q(kb, ch->question2)->text,
				    Q(kb, ch->question2)->choices[ch->choice2].
				    label);
			render_printf(b, ": %s (confidence %.0f%%)\n",
			    dl->outcomes[ch->outcome].label,
			    ch->confidence * 100);
		}
		break;
	case DLG_TOPIC_WHAT_IF:
		if (x->part)
			plain_what_if_part(kb, x, ch, b);
		else if (!ch->applies)
			render_printf(b, "\"%s\" does not apply given your other "
			    "answers, so \"%s\" would change nothing.",
			    Q(kb, x->question)->text, Q(kb, x->question)->
			    choices[x->choice].label);
		else if (ch->outcome < 0)
			render_printf(b, "If you said \"%s\", nothing would "
			    "point one way or the other yet.", Q(kb,
			    x->question)->choices[x->choice].label);
		else
			plain_what_if(kb, x, ch, b);
		break;
	}
}

/* One sentence per notice; "understood" lists the answers read. */
static void
plain_notice(const struct kb *kb, const struct dlg_ev_notice *no,
    struct render_buf *b)
{
	const struct kb_dialogue *dl = &kb->dialogue;
	size_t q, n;

	switch (no->notice) {
	case DLG_NOTICE_WELCOME:
		render_printf(b, "%s", dl->intro ? dl->intro :
		    dl->central_question);
		break;
	case DLG_NOTICE_UNDERSTOOD:
		render_printf(b, "Here is what I understood:\n");
		for (q = 0; q < dl->nquestions; q++)
			if (no->found[q] >= 0)
				render_printf(b, "- %s %s\n", Q(kb, (int)q)->text,
				    Q(kb, (int)q)->choices[no->found[q]].label);
		for (q = 0; q < dl->nquestions; q++)
			if (no->ambiguous[q] == 2)
				render_printf(b, "(Your words fit two answers to "
				    "\"%s\"; both lead to the same verdict, so I "
				    "took \"%s\".)\n", Q(kb, (int)q)->text,
				    Q(kb, (int)q)->choices[no->found[q]].label);
			else if (no->ambiguous[q] == 3)
				render_printf(b, "(You changed your mind within "
				    "the message, so for \"%s\" I kept what you "
				    "said last.)\n", Q(kb, (int)q)->text);
			else if (no->ambiguous[q] == 5)
				render_printf(b, "(You corrected your last "
				    "answer to \"%s\", so I took the new one.)\n",
				    Q(kb, (int)q)->text);
			else if (no->ambiguous[q] == 4)
				render_printf(b, "(You ruled that out, so for "
				    "\"%s\" I read it as a requirement, not as "
				    "\"it doesn't matter\".)\n",
				    Q(kb, (int)q)->text);
			else if (no->ambiguous[q])
				render_printf(b, "(I couldn't tell your answer to "
				    "\"%s\"; I'll ask.)\n", Q(kb, (int)q)->text);
		/* a fact relayed from someone on the user's side (rl50) */
		if (no->source > 0 && (size_t)no->source <=
		    kb->phrases.nrelay_roles)
			render_printf(b, "(from your %s)\n",
			    kb->phrases.relay_roles[no->source - 1]);
		break;
	case DLG_NOTICE_UNDO:
		if (no->question < 0) {
			/* a restart undone: the answers it wiped, back */
			render_printf(b, "Undone. Your answers are back:");
			for (q = 0; q < dl->nquestions; q++)
				if (no->found[q] >= 0)
					render_printf(b, "\n- %s %s",
					    Q(kb, (int)q)->text, Q(kb, (int)q)->
					    choices[no->found[q]].label);
			break;
		}
		/* one description's answers undo together: name each */
		for (q = 0, n = 0; q < dl->nquestions; q++)
			if (no->ambiguous[q] && (int)q != no->question)
				render_printf(b, "%s\"%s\"", n++ == 0 ?
				    "Undone: your answers to " : ", ",
				    Q(kb, (int)q)->text);
		render_printf(b, n == 0 ? "Undone: your answer to \"%s\"." :
		    " and \"%s\".", Q(kb, no->question)->text);
		if (no->choice >= 0)
			render_printf(b, " Back to: %s.",
			    Q(kb, no->question)->choices[no->choice].label);
		break;
	case DLG_NOTICE_RESTART:
		render_printf(b, "Starting again. %s", dl->central_question);
		break;
	case DLG_NOTICE_CHANGED:
		render_printf(b, "Changed: %s -> %s.", Q(kb, no->question)->text,
		    Q(kb, no->question)->choices[no->choice].label);
		break;
	case DLG_NOTICE_SKIPPED:
	case DLG_NOTICE_UNSURE:
		render_printf(b, "%s", no->assumes ? "Fine, I'll assume the "
		    "usual case for that." : "Fine, I'll leave that out.");
		break;
	case DLG_NOTICE_NEED_MORE:
		render_printf(b, "%s", no->need == DLG_NEED_RECOMMEND ?
		    kb->phrases.need_more : no->need == DLG_NEED_WHY ?
		    "There is no verdict yet: nothing you told me points one "
		    "way or the other." : no->need == DLG_NEED_CHANGED ?
		    "There is no verdict yet, so none has changed; "
		    "what I know so far:" : "There is no verdict to change yet.");
		break;
	case DLG_NOTICE_RULED_OUT:
		/* what was ruled out, and that the answer is not its
		 * opposite: the KB names no choice for "not X" here */
		render_printf(b, "Noted: not \"%s\".",
		    Q(kb, no->question)->choices[no->choice].label);
		if (no->current >= 0)
			render_printf(b, " Your answer to \"%s\" stays: %s.",
			    Q(kb, no->question)->text,
			    Q(kb, no->question)->choices[no->current].label);
		else
			render_printf(b, " That doesn't say what it is, so "
			    "\"%s\" stays open.", Q(kb, no->question)->text);
		break;
	case DLG_NOTICE_SMALL_TALK:
		render_printf(b, "%s", kb->phrases.small_talk[no->talk].reply);
		break;
	case DLG_NOTICE_TRUNCATED:
		/* what follows answers the start alone: say where it ends */
		render_printf(b, "Your message is long: I read only its first "
		    "%d words. Send the rest in another message.", no->words);
		break;
	}
}

/* How a question was dealt with, as summaries say it. */
const char *
render_how(int how)
{
	switch (how) {
	case DLG_ASKED:		return "answered";
	case DLG_DESCRIBED:	return "described";
	case DLG_NOT_SURE:	return "not sure";
	case DLG_SKIPPED:	return "skipped";
	}
	return "unanswered";
}

/*
 * The answers so far; questions no longer relevant are marked, or left
 * out when unanswered.
 */
static void
plain_summary(const struct kb *kb, const struct dlg_ev_summary *s,
    struct render_buf *b)
{
	size_t q;

	render_printf(b, "Your answers so far:\n");
	for (q = 0; q < kb->dialogue.nquestions; q++) {
		const struct kb_question *qu = Q(kb, (int)q);

		if (!s->relevant[q] && s->answer[q] < 0)
			continue;
		render_printf(b, "- %s %s%s\n", qu->text, s->answer[q] >= 0 ?
		    qu->choices[s->answer[q]].label : render_how(s->how[q]),
		    s->relevant[q] ? "" : " (no longer relevant)");
	}
}

static void
plain_help(const struct kb *kb, struct render_buf *b)
{
	const struct kb_phrases *ph = &kb->phrases;
	size_t i;

	render_printf(b, "%s\n%s\n", kb->dialogue.central_question, ph->help);
	for (i = 0; i < ph->nhelp_lines; i++)
		render_printf(b, "- %s: %s\n", ph->help_lines[i].command,
		    ph->help_lines[i].text);
}

/*
 * The comparison table, a row at a time: its dimension and verdict on a
 * line, then each column's cell on a line of its own, indented, so that
 * a terminal, IRC or Slack shows rows apart (NEWUSER42 #10: one line a
 * row ran on as a paragraph once wrapped).
 */
static void
plain_table(const struct kb *kb, struct render_buf *b)
{
	size_t i, j;

	for (i = 0; i < kb->nrows; i++) {
		const struct kb_table_row *r = &kb->rows[i];
		const struct kb_subject *vs = kb_subject(kb, r->verdict);

		render_printf(b, "%s (verdict: %s)\n", r->dimension,
		    vs ? vs->name : r->verdict);
		for (j = 0; j < kb->ncolumns; j++)
			render_printf(b, "  %s: %s\n", kb->columns[j]->name,
			    r->cells[j]);
	}
}

/*
 * The retry prompt fallback, or, when the message named work the advisor
 * could not place and the KB says how (phrases.retry.unplaced), that
 * sentence with the work where {words} stands: the user hears what was
 * not understood, not only that something was not.
 */
static void
plain_retry(const struct kb_phrases *ph,
    const struct dlg_ev_not_understood *nu, const char *fallback,
    struct render_buf *b)
{
	const char *at;

	if (nu->unplaced[0] == '\0' || ph->retry_unplaced == NULL ||
	    (at = strstr(ph->retry_unplaced, "{words}")) == NULL) {
		render_printf(b, "%s\n", fallback);
		return;
	}
	render_printf(b, "%.*s%s%s\n", (int)(at - ph->retry_unplaced),
	    ph->retry_unplaced, nu->unplaced, at + strlen("{words}"));
}

/*
 * Which of two choices was meant; or the KB's retry prompt (with the
 * choices when a question is pending), and more help from the second miss.
 */
static void
plain_not_understood(const struct kb *kb,
    const struct dlg_ev_not_understood *nu, struct render_buf *b)
{
	const struct kb_phrases *ph = &kb->phrases;

	if (nu->question >= 0 && nu->cand1 >= 0 && nu->cand2 >= 0)
		render_printf(b, "Did you mean \"%s\" or \"%s\"? Reply with its "
		    "number.\n", Q(kb, nu->question)->choices[nu->cand1].label,
		    Q(kb, nu->question)->choices[nu->cand2].label);
	else if (nu->question >= 0 && nu->number >= 0) {
		render_printf(b, "There is no choice %ld here: reply with a "
		    "number from 1 to %zu, or in your own words.\n", nu->number,
		    Q(kb, nu->question)->nchoices);
		plain_choices(b, Q(kb, nu->question));
	} else if (nu->question >= 0 && nu->number == DLG_NUMBER_OTHER) {
		/* "-1", "2.5": no choice is numbered so */
		render_printf(b, "There is no such choice here: reply with a "
		    "number from 1 to %zu, or in your own words.\n",
		    Q(kb, nu->question)->nchoices);
		plain_choices(b, Q(kb, nu->question));
	} else if (nu->number != -1)
		/* "option 2" once the walk asks nothing */
		render_printf(b, "No question is waiting for a choice now: ask "
		    "me anything about the article, or say 'restart'.\n");
 else if (nu->question >= 0) {
		plain_retry(ph, nu, ph->retry_choose, b);
		plain_choices(b, Q(kb, nu->question));
	} else
		render_printf(b, "%s\n", ph->retry_free);
	if (nu->misses >= 2)
		render_printf(b, "%s\n", ph->retry_more);
}

/* An engine error as a sentence naming what was wrong. */
static void
plain_error(const struct kb *kb, const struct dlg_ev_error *e,
    struct render_buf *b)
{
	switch (e->error) {
	case DLG_ERR_UNKNOWN_QUESTION:
		render_printf(b, "There is no question '%s'.", e->question_id ?
		    e->question_id : "");
		break;
	case DLG_ERR_UNKNOWN_CHOICE:
		render_printf(b, "\"%s\" has no choice '%s'.",
		    Q(kb, e->question)->text, e->choice_id ? e->choice_id : "");
		break;
	case DLG_ERR_UNCLEAR_TARGET:
		render_printf(b, "%s", kb->phrases.unclear_target);
		break;
	case DLG_ERR_UNCLEAR_CHOICE:
		render_printf(b, "Which answer to \"%s\"? %s",
		    Q(kb, e->question)->text, kb->phrases.unclear_choice);
		break;
	case DLG_ERR_NOT_APPLICABLE:
		render_printf(b, "\"%s\" does not apply given your other "
		    "answers.", Q(kb, e->question)->text);
		break;
	case DLG_ERR_NOTHING_TO_UNDO:
		render_printf(b, "There is nothing to undo.");
		break;
	case DLG_ERR_NO_QUESTION:
		render_printf(b, "There is no question to %s, so no answer "
		    "was changed. To change an answer, tell me the new one.",
		    e->kind == DLG_SKIP ? "skip" : "be unsure about");
		break;
	case DLG_ERR_MISSING_TEXT:
		render_printf(b, "There is no text.");
		break;
	case DLG_ERR_BAD_INPUT:
		render_printf(b, "Unknown input.");
		break;
	}
}

/*
 * Write event ev (of knowledge base kb) into b, which is reset first, as
 * plain text with its trailing newlines; render_plain_trim() gives the
 * "plain" member.  Returns b's text.
 */
const char *
render_plain(const struct kb *kb, const struct dlg_event *ev,
    struct render_buf *b)
{
	render_buf_init(b);
	switch (ev->type) {
	case DLG_EV_QUESTION:
		plain_question(kb, &ev->u.question, b);
		break;
	case DLG_EV_ANSWER:
		plain_answer(kb, &ev->u.answer, b);
		break;
	case DLG_EV_RECOMMENDATION:
		plain_recommendation(kb, &ev->u.recommendation, b);
		break;
	case DLG_EV_EXPLANATION:
		plain_explanation(kb, &ev->u.explanation, b);
		break;
	case DLG_EV_NOTICE:
		plain_notice(kb, &ev->u.notice, b);
		break;
	case DLG_EV_SUMMARY:
		plain_summary(kb, &ev->u.summary, b);
		break;
	case DLG_EV_HELP:
		plain_help(kb, b);
		break;
	case DLG_EV_TABLE:
		plain_table(kb, b);
		break;
	case DLG_EV_NOT_UNDERSTOOD:
		plain_not_understood(kb, &ev->u.not_understood, b);
		break;
	case DLG_EV_ERROR:
		plain_error(kb, &ev->u.error, b);
		break;
	}
	return b->buf;
}
